// Words of the webhook pages: event kinds and delivery statuses.
import type { ScoreEventKind, WebhookDeliveryStatus } from '../gql/graphql';

/** The kinds a webhook may subscribe to (`TEST` is sent on request only). */
export const EVENT_KINDS: readonly ScoreEventKind[] = ['DESIGNATION_MET', 'DESIGNATION_LOST', 'SCORE_CHANGED', 'AT_RISK'];

export const EVENT_KIND_LABELS: Record<ScoreEventKind, string> = {
  DESIGNATION_MET: 'Designation met',
  DESIGNATION_LOST: 'Designation lost',
  SCORE_CHANGED: 'Score changed',
  AT_RISK: 'At risk',
  TEST: 'Test event',
};

export const EVENT_KIND_HELP =
  'Events are raised by each score refresh: requirements newly met or lost, the total moving, or a designation forecast to be lost.';

export const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED'];

export const DELIVERY_STATUS_LABELS: Record<WebhookDeliveryStatus, string> = {
  PENDING: 'Pending',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
};

export const DELIVERY_STATUS_TONES: Record<WebhookDeliveryStatus, 'good' | 'warn' | 'bad'> = {
  PENDING: 'warn',
  DELIVERED: 'good',
  FAILED: 'bad',
};
