// The association mutations and the score-impact preview.
import { graphql } from '../gql';
import type { BulkAction } from '../gql/graphql';

export const CreateProfessional = graphql(`
  mutation CreateProfessional($input: CreateProfessionalInput!) {
    createProfessional(input: $input) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const AddCertification = graphql(`
  mutation AddCertification($input: AddCertificationInput!) {
    addCertification(input: $input) {
      certification {
        code
        earnedOn
        version
      }
      userErrors {
        ...UserErrorFields
      }
      scoreImpact {
        ...ScoreImpactFields
      }
    }
  }
`);

/**
 * What every association write answers: the association written (the new one of a move; its id and
 * version let it be ended again), the field problems and the score impact.
 */
export const AssociationPayloadFields = graphql(`
  fragment AssociationPayloadFields on AssociationPayload {
    association {
      id
      version
      associatedOn
      removedOn
    }
    userErrors {
      ...UserErrorFields
    }
    scoreImpact {
      ...ScoreImpactFields
    }
  }
`);

export const AssociateProfessional = graphql(`
  mutation AssociateProfessional($input: AssociateProfessionalInput!) {
    associateProfessional(input: $input) {
      ...AssociationPayloadFields
    }
  }
`);

export const EndAssociation = graphql(`
  mutation EndAssociation($input: EndAssociationInput!) {
    endAssociation(input: $input) {
      ...AssociationPayloadFields
    }
  }
`);

export const MoveProfessional = graphql(`
  mutation MoveProfessional($input: MoveProfessionalInput!) {
    moveProfessional(input: $input) {
      ...AssociationPayloadFields
    }
  }
`);

export const MovePartners = graphql(`
  query MovePartners($from: String!, $to: String!) {
    from: partner(partnerId: $from) {
      partnerId
      name
    }
    to: partner(partnerId: $to) {
      partnerId
      name
    }
  }
`);

export const BulkAssociate = graphql(`
  mutation BulkAssociate($input: BulkAssociateInput!) {
    bulkAssociate(input: $input) {
      applied
      dryRun
      rows {
        line
        professionalId
        action
        outcome
        message
        code
      }
      userErrors {
        ...UserErrorFields
      }
      scoreImpact {
        ...ScoreImpactFields
      }
    }
  }
`);

export const SimulateScore = graphql(`
  query SimulateScore($partnerId: String!, $changes: [ScoreChangeInput!]!, $asOf: Month) {
    simulateScore(partnerId: $partnerId, changes: $changes, asOf: $asOf) {
      ...ScoreImpactFields
    }
  }
`);

/** One row of a bulk upload, with its line in the file. */
export interface BulkRow {
  professionalId: string;
  action: BulkAction;
  date: string;
  line: number;
}

/** Parses bulk-upload CSV text: `professional_id,action,date` with an optional header line. */
export function parseBulkCsv(text: string): { rows: BulkRow[]; errors: string[] } {
  const rows: BulkRow[] = [];
  const errors: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(',').map((c) => c.trim());
    if (index === 0 && cells[0]?.toLowerCase() === 'professional_id') return;
    const [professionalId = '', actionRaw = '', date = ''] = cells;
    const action = actionRaw.toUpperCase();
    const where = `line ${index + 1}`;
    if (!professionalId) errors.push(`${where}: the professional id is empty`);
    else if (action !== 'ASSOCIATE' && action !== 'END') errors.push(`${where}: action must be ASSOCIATE or END`);
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push(`${where}: the date must be YYYY-MM-DD`);
    else rows.push({ professionalId, action, date, line: index + 1 });
  });
  return { rows, errors };
}
