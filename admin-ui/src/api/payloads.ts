// Shapes shared by the edit pages: field problems returned in payloads and score impacts.
import type { DesignationCode, MetricCode } from '../gql/graphql';

/** A problem with one input field, returned in a payload instead of failing the request. */
export interface UserError {
  field?: readonly string[] | null;
  message: string;
  code?: string | null;
}

/** How one designation's score moves with a change. */
export interface ScoreImpact {
  designation: DesignationCode;
  before: number;
  after: number;
  delta: number;
  meetsBefore: boolean;
  meetsAfter: boolean;
  /** The metrics whose points move. */
  metrics?: readonly { metric: MetricCode; before: number; after: number }[];
}
