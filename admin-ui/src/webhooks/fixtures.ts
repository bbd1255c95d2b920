// Test data of the webhook pages, shaped as the generated fragments.
import type { WebhookDeliveryFieldsFragment as Delivery, WebhookFieldsFragment as Webhook } from '../gql/graphql';

export function webhook(overrides: Partial<Webhook> = {}): Webhook {
  return {
    id: 'V2ViaG9vazox',
    url: 'https://hooks.example.com/partnergraph',
    description: 'Alerts channel',
    eventKinds: ['DESIGNATION_MET', 'DESIGNATION_LOST', 'SCORE_CHANGED', 'AT_RISK'],
    partner: null,
    minPointsChange: 1,
    paused: false,
    createdBy: 'admin@example.com',
    createdAt: '2026-12-03T10:00:00Z',
    deliveryCounts: { pending: 1, delivered: 5, failed: 2 },
    ...overrides,
  };
}

export function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 'd1',
    status: 'DELIVERED',
    attempts: 1,
    nextAttemptAt: null,
    lastAttemptAt: '2026-12-03T10:00:01Z',
    lastStatusCode: 204,
    lastError: null,
    deliveredAt: '2026-12-03T10:00:01Z',
    createdAt: '2026-12-03T10:00:00Z',
    event: {
      id: 'evt_1',
      kind: 'SCORE_CHANGED',
      partner: { partnerId: 'P001', name: 'Contoso' },
      designation: 'SECURITY',
      month: '2026-11',
      before: { total: 36.68, meetsRequirements: false },
      after: { total: 43.35, meetsRequirements: false },
      pointsChange: 6.67,
      occurredAt: '2026-12-03T10:00:00Z',
    },
    ...overrides,
  };
}
