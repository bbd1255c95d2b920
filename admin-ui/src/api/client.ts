// The admin UI's errors (the API's codes and what a person is told) and its navigation helpers (the
// sign-in page's `next`). GraphQL operations go through the urql client of ./urql.ts, the session
// and its token are ./session.ts, downloads ./download.ts; components never call `fetch` themselves.
import type { CombinedError } from '@urql/core';

/** The stable `extensions.code` values of the API, plus NETWORK for a request that never got an answer. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'QUERY_TOO_COMPLEX'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK';

const KNOWN: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
  'NETWORK',
];

/** What a person is told for each code: what happened and what to do next. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again to continue.',
  FORBIDDEN: 'You do not have permission to do this.',
  NOT_FOUND: 'This item does not exist, or it is not yours to see.',
  BAD_USER_INPUT: 'Some of the values entered are not valid.',
  QUERY_TOO_COMPLEX: 'This request asks for too much at once. Narrow the filters or show fewer rows.',
  CONFLICT:
    'Someone else changed this record after you opened it. Nothing was saved: reload to see their change, then try again.',
  RATE_LIMITED: 'Too many attempts. Wait a minute, then try again.',
  INTERNAL: 'The server failed to answer. Try again; if it keeps failing, tell your administrator.',
  NETWORK: 'The server could not be reached. Check your connection and try again.',
};

/** One error of a GraphQL response. */
export interface GraphQLErrorItem {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** A request that failed, with the API's stable code. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The server's own message (safe to show: it never carries internals). */
  readonly serverMessage: string;
  readonly errors: readonly GraphQLErrorItem[];
  /** For RATE_LIMITED: the seconds to wait (the answer's `Retry-After`), when given. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, serverMessage: string, errors: readonly GraphQLErrorItem[] = [], retryAfter?: number) {
    super(`${code}: ${serverMessage}`);
    this.name = 'ApiError';
    this.code = code;
    this.serverMessage = serverMessage;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
}

/** The code of an answer: its own when it is one of the API's, else the HTTP status's. */
export function toCode(raw: unknown, status: number): ErrorCode {
  if (typeof raw === 'string' && (KNOWN as readonly string[]).includes(raw)) {
    return raw as ErrorCode;
  }
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 400 && status < 500) return 'BAD_USER_INPUT';
  return 'INTERNAL';
}

/** Whether a field path (of a user error or an error's extensions) names a record's `version`. */
function namesVersion(field: unknown): boolean {
  return Array.isArray(field) ? field[field.length - 1] === 'version' : field === 'version';
}

/**
 * Whether a `CONFLICT` is a stale version (someone else changed the record since it was read), the only
 * conflict that deserves "someone else changed this". Other conflicts (an id or e-mail already taken,
 * an overlapping period) carry the API's own reason.
 */
export function isStaleVersion(error: { code?: string | null; field?: readonly string[] | null }): boolean {
  return error.code === 'CONFLICT' && namesVersion(error.field);
}

/** Whether a failed request is a stale version (see `isStaleVersion`). */
export function isStaleError(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.code === 'CONFLICT' &&
    (namesVersion(error.errors[0]?.extensions?.field) ||
      !error.serverMessage ||
      /changed by someone else|\bversion\b/i.test(error.serverMessage))
  );
}

/**
 * The sentence to show for an error. Input and not-found errors keep the server's own words (they name
 * the field or the id), and so does a conflict that is not a stale version;
 * the other codes get a fixed message, so a person always knows what to do next.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'CONFLICT' && !isStaleError(error)) return `Nothing was saved: ${error.serverMessage}`;
    if ((error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND') && error.serverMessage) {
      return `${ERROR_MESSAGES[error.code]} (${error.serverMessage})`;
    }
    return ERROR_MESSAGES[error.code];
  }
  return ERROR_MESSAGES.INTERNAL;
}

// ---------------------------------------------------------------------------------------------------
// Navigation

/** The path (inside /admin) the UI is served under; the router uses the same. */
export const BASENAME = '/admin';

/** The current location inside the app (without the /admin prefix), to come back to after sign-in. */
export function currentPath(): string {
  const { pathname, search, hash } = window.location;
  const inside = pathname.startsWith(BASENAME) ? pathname.slice(BASENAME.length) : pathname;
  return `${inside || '/'}${search}${hash}`;
}

/** The sign-in path that returns to `next` afterwards. */
export function signInPath(next: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  if (next && next !== '/' && !next.startsWith('/sign-in')) params.set('next', next);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return query ? `/sign-in?${query}` : '/sign-in';
}

/** Only paths inside the app are followed after sign-in, never another site. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

type Navigate = (path: string) => void;
let navigate: Navigate = (path) => {
  window.location.assign(`${BASENAME}${path}`);
};

/** The router registers its navigate function, so the redirect to sign-in keeps the app state. */
export function setNavigator(fn: Navigate): () => void {
  const previous = navigate;
  navigate = fn;
  return () => {
    navigate = previous;
  };
}

/** Goes to `path` inside the app (the router's navigation once it has registered). */
export function navigateTo(path: string): void {
  navigate(path);
}

// ---------------------------------------------------------------------------------------------------
// Requests (GraphQL goes through urql: ./urql.ts; the session and its token: ./session.ts)

/**
 * The `ApiError` of a failed urql operation: the first GraphQL error's `extensions.code` (or the HTTP
 * status when it has none), NETWORK for a request that never got an answer.
 */
export function toApiError(error: CombinedError): ApiError {
  const errors: GraphQLErrorItem[] = error.graphQLErrors.map((e) => ({
    message: e.message,
    ...(e.path ? { path: e.path } : {}),
    extensions: e.extensions as GraphQLErrorItem['extensions'],
  }));
  const status = (error.response as Response | undefined)?.status;
  const first = errors[0];
  if (first) return new ApiError(toCode(first.extensions?.code, status ?? 200), first.message, errors);
  if (status === undefined) return new ApiError('NETWORK', 'no answer from the server');
  const statusText = (error.response as Response).statusText;
  return new ApiError(toCode(undefined, status >= 200 && status < 300 ? 500 : status), statusText || error.message);
}
