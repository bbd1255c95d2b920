// The webhook documents: the list, one webhook's delivery log, and the changes (register, pause or
// resume, delete, send a test event, retry a delivery). The secret is asked for by `createWebhook`
// alone: the server returns it once.
import { graphql } from '../gql';

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    description
    eventKinds
    partner {
      partnerId
      name
    }
    minPointsChange
    paused
    createdBy
    createdAt
    deliveryCounts {
      pending
      delivered
      failed
    }
  }
`);

export const WebhookDeliveryFields = graphql(`
  fragment WebhookDeliveryFields on WebhookDelivery {
    id
    status
    attempts
    nextAttemptAt
    lastAttemptAt
    lastStatusCode
    lastError
    deliveredAt
    createdAt
    event {
      id
      kind
      partner {
        partnerId
        name
      }
      designation
      month
      before {
        total
        meetsRequirements
      }
      after {
        total
        meetsRequirements
      }
      pointsChange
      occurredAt
    }
  }
`);

export const WebhooksQuery = graphql(`
  query Webhooks($first: Int, $after: String) {
    webhooks(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...WebhookFields
      }
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $first: Int, $after: String, $status: WebhookDeliveryStatus) {
    webhook(id: $id) {
      id
      paused
      deliveryCounts {
        pending
        delivered
        failed
      }
      deliveries(first: $first, after: $after, status: $status) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...WebhookDeliveryFields
        }
      }
    }
  }
`);

export const CreateWebhook = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
      secret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateWebhook = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const DeleteWebhook = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      webhook {
        id
        url
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const SendTestWebhookEvent = graphql(`
  mutation SendTestWebhookEvent($id: ID!) {
    sendTestWebhookEvent(id: $id) {
      delivery {
        ...WebhookDeliveryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RedeliverWebhookDelivery = graphql(`
  mutation RedeliverWebhookDelivery($id: ID!) {
    redeliverWebhookDelivery(id: $id) {
      delivery {
        ...WebhookDeliveryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
