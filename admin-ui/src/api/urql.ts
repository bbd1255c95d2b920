// The urql client of the admin UI: how operations reach /graphql with the session's token, what is
// cached, and what a write makes stale.
//
// Cache policy: urql's document cache, not a normalised one. The API's scores are computed from
// everything a partner has (one new certification moves several designations, the program overview,
// the near-miss lists and the audit log), so a normalised cache could not update them from a payload
// anyway; what matters is knowing which answers a write makes stale. Each query's answer is cached
// with the `__typename`s it holds; a mutation invalidates the typenames of its own payload and those
// `STALE_AFTER` names for its root field, and urql refetches the queries on screen at once (the others
// when next shown). Queries run `cache-and-network`: a page shown again appears at once from the
// cache and is refreshed from the server, as changes by other people or imports must show too.
import {
  type AnyVariables,
  Client,
  cacheExchange,
  type Exchange,
  fetchExchange,
  makeOperation,
  mapExchange,
  type Operation,
  type OperationResult,
  type OperationResultSource,
} from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { ApiError, toApiError } from './client';
import { renewSession, session } from './session';

/** What every write to a partner's data makes stale: its pages, the lists and totals that count it, the audit log and the webhooks its events go to. */
const PARTNER_DATA = [
  'Partner',
  'PartnerConnection',
  'CapabilityScoreConnection',
  'ProgramSummary',
  'ScoreImpact',
  'AuditEventConnection',
  'WebhookConnection',
  'WebhookDeliveryConnection',
];
const USERS = ['UserConnection', 'AuditEventConnection'];
const WEBHOOKS = ['WebhookConnection', 'Webhook', 'WebhookDeliveryConnection'];

/**
 * The typenames each mutation makes stale besides those in its payload, by root field. A mutation
 * not listed is taken to change partner data (the safe side: its views are refetched).
 */
export const STALE_AFTER: Readonly<Record<string, readonly string[]>> = {
  login: [],
  createUser: USERS,
  disableUser: USERS,
  enableUser: USERS,
  resetPassword: USERS,
  clearLoginThrottle: USERS,
  createWebhook: WEBHOOKS,
  updateWebhook: WEBHOOKS,
  deleteWebhook: WEBHOOKS,
  sendTestWebhookEvent: WEBHOOKS,
  redeliverWebhookDelivery: WEBHOOKS,
};

/**
 * Typenames of queries whose answer may hold no object to take them from (a list that can be empty at
 * the root), so a write still finds them.
 */
const QUERY_TYPENAMES: Readonly<Record<string, readonly string[]>> = {
  simulateScore: ['ScoreImpact'],
};

function rootFields(operation: Operation): string[] {
  const definition = operation.query.definitions.find((d) => d.kind === 'OperationDefinition');
  if (definition?.kind !== 'OperationDefinition') return [];
  return definition.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
}

/** A dry run writes nothing, so it makes nothing stale. */
function isDryRun(operation: Operation): boolean {
  const input = (operation.variables as { input?: { dryRun?: unknown } } | undefined)?.input;
  return input?.dryRun === true;
}

/** Adds to each operation's `additionalTypenames` what it reads (queries) or makes stale (mutations). */
function typenamesOf(operation: Operation): string[] {
  const table = operation.kind === 'mutation' ? STALE_AFTER : QUERY_TYPENAMES;
  if (operation.kind === 'mutation' && isDryRun(operation)) return [];
  return rootFields(operation).flatMap((f) => table[f] ?? (operation.kind === 'mutation' ? PARTNER_DATA : []));
}

const staleAfterWrites: Exchange = mapExchange({
  onOperation(operation) {
    if (operation.kind !== 'mutation' && operation.kind !== 'query') return operation;
    const typenames = typenamesOf(operation);
    if (typenames.length === 0) return operation;
    const additionalTypenames = [...new Set([...(operation.context.additionalTypenames ?? []), ...typenames])];
    return makeOperation(operation.kind, operation, { ...operation.context, additionalTypenames });
  },
});

/**
 * Whether a mutation's answer is a refusal: a GraphQL error, or a payload with `userErrors` (a stale
 * version, a field problem). A refusal wrote nothing.
 */
function refused(result: OperationResult): boolean {
  if (result.error) return true;
  const data = result.data as Record<string, unknown> | null | undefined;
  return Object.values(data ?? {}).some((payload) => {
    const errors = (payload as { userErrors?: unknown } | null)?.userErrors;
    return Array.isArray(errors) && errors.length > 0;
  });
}

/**
 * A refused mutation makes nothing stale: the views stay as they were, so the refusal (a conflict
 * with its Reload, a field's problem) stays on screen next to what it is about. Between the cache and
 * the network, so the cache sees the answer without the operation's typenames (a refused payload
 * holds only its own `…Payload` and `UserError` objects, which no query reads).
 */
const nothingStaleAfterRefusals: Exchange = mapExchange({
  onResult(result) {
    if (result.operation.kind !== 'mutation' || !refused(result)) return result;
    const operation = makeOperation('mutation', result.operation, { ...result.operation.context, additionalTypenames: [] });
    return { ...result, operation };
  },
});

/**
 * The session's token on every operation, renewed before it expires and when the API refuses it
 * (`UNAUTHENTICATED`); the refused operation is then sent once more. While the session is `ended`
 * operations wait for the user to sign in again (./session.ts).
 */
const sessionAuth: Exchange = authExchange(async (utils) => {
  return {
    addAuthToOperation(operation) {
      const token = session.token();
      if (!token || operation.context.anonymous) return operation;
      return utils.appendHeaders(operation, { Authorization: `Bearer ${token}` });
    },
    willAuthError(operation) {
      if (operation.context.anonymous) return false;
      const status = session.status();
      return status === 'starting' || status === 'ended' || (status === 'signed-in' && session.expiresSoon());
    },
    didAuthError(error) {
      return toApiError(error).code === 'UNAUTHENTICATED';
    },
    refreshAuth: renewSession,
  };
});

/** A client with an empty cache. Each signed-in session has its own (see `apiClient`). */
export function createApiClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [staleAfterWrites, cacheExchange, nothingStaleAfterRefusals, sessionAuth, fetchExchange],
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    fetchOptions: { credentials: 'omit' },
  });
}

let current: { client: Client; generation: number } | null = null;

/**
 * The client of the signed-in user. A sign-out, or a sign-in as someone else, starts a new client,
 * so nothing cached for one user is ever shown to the next; a renewed token keeps the cache.
 */
export function apiClient(): Client {
  const generation = session.generation();
  if (!current || current.generation !== generation) current = { client: createApiClient(), generation };
  return current.client;
}

/**
 * Resolves to an operation's data, or rejects with its `ApiError`. An abort of `signal` tears the
 * operation down (its request is cancelled) and rejects with the signal's reason.
 */
export function settle<R>(
  source: OperationResultSource<OperationResult<R, AnyVariables>>,
  signal?: AbortSignal,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let done = false;
    let subscription: { unsubscribe(): void } | undefined;
    const finish = () => {
      done = true;
      signal?.removeEventListener('abort', onAbort);
      // The first answer may arrive while subscribing, before `subscription` is known.
      queueMicrotask(() => subscription?.unsubscribe());
    };
    const onAbort = () => {
      if (done) return;
      finish();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    subscription = source.subscribe((result) => {
      if (done || result.stale) return;
      finish();
      if (result.error) reject(toApiError(result.error));
      else if (result.data == null) reject(new ApiError('INTERNAL', 'no data in the answer'));
      else resolve(result.data);
    });
    if (done) subscription.unsubscribe();
  });
}
