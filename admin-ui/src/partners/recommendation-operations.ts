// What a partner could do next for one designation: the recommended actions and the path to the
// threshold, each with the changes `simulateScore` takes back as they are.
import { graphql } from '../gql';
import type { ActionCost, ScoreChangeFieldsFragment, ScoreChangeInput } from '../gql/graphql';

export const ScoreChangeFields = graphql(`
  fragment ScoreChangeFields on ScoreChange {
    kind
    professionalId
    certification
    date
    expiresOn
    tenantId
    associationType
    workload
    measure
    amount
  }
`);

export const RecommendationFields = graphql(`
  fragment RecommendationFields on Recommendation {
    changes {
      ...ScoreChangeFields
    }
    pointsGained
    metric
    raisesBlockedMetric
    cost
    totalAfter
    meetsAfter
    detail
  }
`);

// Each of the two fields runs its own search of the partner's rows; the shortfall would run the path's
// search a second time, so it is asked only when there is no path (PathShortfall).
export const PartnerRecommendationsQuery = graphql(`
  query PartnerRecommendations($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {
    partner(partnerId: $partnerId) {
      partnerId
      recommendations(designation: $designation, asOf: $asOf) {
        ...RecommendationFields
      }
      pathToThreshold(designation: $designation, asOf: $asOf) {
        changes {
          ...ScoreChangeFields
        }
        totalAfter
        actions {
          ...RecommendationFields
        }
      }
    }
  }
`);

export const PathShortfallQuery = graphql(`
  query PathShortfall($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {
    partner(partnerId: $partnerId) {
      partnerId
      pathToThresholdShortfall(designation: $designation, asOf: $asOf)
    }
  }
`);

/**
 * A change as `simulateScore` takes it: the fields of `ScoreChangeInput` and nothing else, so a
 * `__typename` (or any other field a response carries) is not sent back.
 */
export function changeInput(change: ScoreChangeFieldsFragment): ScoreChangeInput {
  return {
    kind: change.kind,
    professionalId: change.professionalId,
    certification: change.certification,
    date: change.date,
    expiresOn: change.expiresOn,
    tenantId: change.tenantId,
    associationType: change.associationType,
    workload: change.workload,
    measure: change.measure,
    amount: change.amount,
  };
}

export const COST_LABELS: Record<ActionCost, string> = {
  CERTIFICATION_EXAM: 'One certification exam',
  NEW_PROFESSIONAL: 'One new professional',
  CUSTOMER_ASSOCIATION: 'One customer association',
  CUSTOMER_USAGE: 'More usage at one customer',
};

const COST_NOUNS: Record<ActionCost, [string, string]> = {
  CERTIFICATION_EXAM: ['certification exam', 'certification exams'],
  NEW_PROFESSIONAL: ['new professional', 'new professionals'],
  CUSTOMER_ASSOCIATION: ['customer association', 'customer associations'],
  CUSTOMER_USAGE: ['customer usage increase', 'customer usage increases'],
};

const COST_ORDER: readonly ActionCost[] = ['CERTIFICATION_EXAM', 'NEW_PROFESSIONAL', 'CUSTOMER_ASSOCIATION', 'CUSTOMER_USAGE'];

/** What a list of actions costs together: `2 certification exams, 1 new professional`. */
export function costSummary(costs: readonly ActionCost[]): string {
  return COST_ORDER.map((cost) => {
    const n = costs.filter((c) => c === cost).length;
    const [one, many] = COST_NOUNS[cost];
    return n === 0 ? '' : `${n} ${n === 1 ? one : many}`;
  })
    .filter(Boolean)
    .join(', ');
}
