// The payload parts every mutation shares, selected once: field problems (`UserErrorFields`) and how
// each designation's score moves (`ScoreImpactFields`). Documents spread them; their generated types
// (`UserErrorFieldsFragment`, `ScoreImpactFieldsFragment` in ../gql/graphql) are the shapes the pages use.
import { graphql } from '../gql';

export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);

export const ScoreImpactFields = graphql(`
  fragment ScoreImpactFields on ScoreImpact {
    partnerId
    designation
    before
    after
    delta
    meetsBefore
    meetsAfter
    metrics {
      metric
      before
      after
    }
  }
`);
