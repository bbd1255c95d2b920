// The browser session of the admin UI (and of the GraphiQL page): the access token, kept in this
// page's memory only, and the server's session behind it, kept in the `partnergraph_session` cookie
// (HttpOnly, `Path=/auth`: no script ever reads it).
//
// - Start-up (`startSession`) asks `POST /auth/refresh` for a token, so a new tab or a reload is
//   signed in while the browser's session lasts.
// - The token is renewed shortly before it expires, and when the API refuses it (`renewSession`,
//   called by urql's authExchange, which then retries the refused operation once).
// - Tabs share one session: a refresh runs under the `partnergraph-refresh` Web Lock (the cookie
//   rotates, so two tabs must not refresh with the same one at once), and every new token, sign-in
//   and sign-out is told to the other tabs on the `partnergraph-session` BroadcastChannel.
// - A session that is really over (expired, revoked, password reset, user disabled) while a page is
//   open does not leave the page: the status becomes `ended`, the app asks for the password again
//   over the page, and what waited for a token goes on after the sign-in.
import { ApiError, navigateTo, toCode } from './client';

export type SessionStatus = 'starting' | 'signed-in' | 'ended' | 'signed-out';

/** Why there is no session, for the sign-in page: `signed-out` by the user (here or in another tab). */
export type EndReason = 'expired' | 'signed-out' | undefined;

export interface SessionState {
  readonly status: SessionStatus;
  readonly token: string | null;
  /** When the token expires, in Unix seconds (null: unknown). */
  readonly expiresAt: number | null;
  /** The signed-in user: the token's `sub` (kept while `ended`, to know whether the same user came back). */
  readonly user: string | null;
  /** The e-mail the user signed in with (or the viewer's), to fill in when asking again. */
  readonly email: string | null;
  readonly reason: EndReason;
  /** Bumped when the user changes (a sign-out, a sign-in as someone else): what was cached is dropped. */
  readonly generation: number;
}

/** The lock under which a tab refreshes. */
export const REFRESH_LOCK = 'partnergraph-refresh';
/** The channel on which tabs share sign-ins, tokens and sign-outs. */
export const SESSION_CHANNEL = 'partnergraph-session';
/** How long before its expiry a token is renewed. */
export const RENEW_BEFORE_MS = 60_000;
/** A token expiring sooner than this is renewed before a request is sent with it. */
const EXPIRING_MS = 10_000;
/** After a renewal that got no answer, when to try again (while the token still lasts). */
const RETRY_MS = 15_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

type Message =
  | { type: 'token'; accessToken: string; expiresAt: number; email: string | null }
  | { type: 'signed-out' };

const INITIAL: SessionState = {
  status: 'signed-out',
  token: null,
  expiresAt: null,
  user: null,
  email: null,
  reason: undefined,
  generation: 0,
};

let state: SessionState = INITIAL;
const listeners = new Set<() => void>();
let started: Promise<void> | null = null;
let renewing: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let channel: BroadcastChannel | null = null;
/** What waits for the user to sign in again (the operations held by the auth exchange). */
let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

function update(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
  if (state.status === 'signed-in') {
    const ready = waiters;
    waiters = [];
    ready.forEach((w) => w.resolve());
  } else if (state.status === 'signed-out') {
    const gone = waiters;
    waiters = [];
    gone.forEach((w) => w.reject(new ApiError('UNAUTHENTICATED', 'signed out')));
  }
}

/** The `sub` of an access token (read, not verified: the server verifies it). */
function subject(token: string): string | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' || typeof sub === 'number' ? String(sub) : null;
  } catch {
    return null;
  }
}

function sameUser(user: string | null, email: string | null): boolean {
  if (user !== null && state.user !== null) return user === state.user;
  if (email !== null && state.email !== null) return email.toLowerCase() === state.email.toLowerCase();
  return true;
}

/** Reads the session; `subscribe` tells of each change (for `useSyncExternalStore`). */
export const session = {
  token: (): string | null => state.token,
  status: (): SessionStatus => state.status,
  email: (): string | null => state.email,
  endReason: (): EndReason => state.reason,
  generation: (): number => state.generation,
  snapshot: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Whether the token expires within a few seconds (a request is better sent with a new one). */
  expiresSoon(now = Date.now()): boolean {
    return state.expiresAt !== null && state.expiresAt * 1000 - now < EXPIRING_MS;
  },
  /** Takes a token (the answer of a sign-in or a refresh; tests), signed in from now on. */
  set(token: string, expiresAt: number | null = null, email: string | null = null): void {
    adopt(token, expiresAt, email);
  },
  /** The e-mail of the viewer, once known (a tab signed in by refresh learns it so). */
  rememberEmail(email: string): void {
    if (state.email !== email) update({ email });
  },
};

/** Takes a new token: the same user's goes on, another user's starts afresh on the start page. */
function adopt(token: string, expiresAt: number | null, email: string | null): void {
  connect();
  const user = subject(token);
  const was = state.status;
  const switched = (was === 'signed-in' || was === 'ended') && !sameUser(user, email);
  const fresh = switched || was === 'signed-out';
  update({
    status: 'signed-in',
    token,
    expiresAt,
    user: user ?? (fresh ? null : state.user),
    email: email ?? (fresh ? null : state.email),
    reason: undefined,
    generation: fresh ? state.generation + 1 : state.generation,
  });
  schedule();
  if (switched) navigateTo('/');
}

function schedule(): void {
  clearTimeout(timer);
  timer = undefined;
  if (state.status !== 'signed-in' || state.expiresAt === null) return;
  const due = Math.max(0, state.expiresAt * 1000 - Date.now() - RENEW_BEFORE_MS);
  // A timer cannot wait longer than 2^31 - 1 ms (about 24 days): a longer wait is taken in steps.
  timer = setTimeout(() => {
    timer = undefined;
    if (due > MAX_TIMER_MS) {
      schedule();
      return;
    }
    renewSession().catch(() => {
      // No answer: try again while the token lasts (an ended session shows its dialog instead).
      if (state.status === 'signed-in') timer = setTimeout(() => void renewSession().catch(() => {}), RETRY_MS);
    });
  }, Math.min(due, MAX_TIMER_MS));
}

function broadcast(message: Message): void {
  try {
    channel?.postMessage(message);
  } catch {
    // A tab without BroadcastChannel shares nothing; each tab still refreshes on its own.
  }
}

function onMessage(message: Message): void {
  if (message.type === 'signed-out') {
    if (state.status === 'signed-out') return;
    endLocally();
    return;
  }
  if (message.type === 'token') {
    // An older token than ours (a late message) changes nothing.
    if (state.token && state.expiresAt !== null && message.expiresAt < state.expiresAt) return;
    adopt(message.accessToken, message.expiresAt, message.email);
  }
}

function connect(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(SESSION_CHANNEL);
  channel.onmessage = (event: MessageEvent<Message>) => onMessage(event.data);
}

/** POSTs JSON to an /auth endpoint; resolves to its JSON answer, or rejects with the `ApiError`. */
async function postAuth(path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('NETWORK', 'no answer from the server');
  }
  if (response.status === 204) return null;
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(
      toCode(error?.code, response.status),
      typeof error?.message === 'string' ? error.message : response.statusText,
      [],
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return json;
}

function tokenOf(json: unknown): { accessToken: string; expiresAt: number } {
  const { accessToken, expiresAt } = (json ?? {}) as { accessToken?: unknown; expiresAt?: unknown };
  if (typeof accessToken !== 'string' || !accessToken || typeof expiresAt !== 'number') {
    throw new ApiError('INTERNAL', 'the server answered without a token');
  }
  return { accessToken, expiresAt };
}

/** Runs `task` under the refresh lock, shared by every tab of the origin (when the browser has it). */
function underLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks?.request ? (locks.request(REFRESH_LOCK, task) as Promise<T>) : task();
}

/**
 * Asks for a new token. `true`: signed in (by this refresh, or by another tab's while this one
 * waited for the lock); `false`: the server has no session for this browser. Rejects with a
 * NETWORK error when no answer came.
 */
function refreshShared(): Promise<boolean> {
  const seen = state.token;
  return underLock(async () => {
    if (state.token && state.token !== seen && !session.expiresSoon()) return true;
    try {
      const answer = await postAuth('/auth/refresh', {});
      // 204: this browser has no session (no cookie).
      if (answer === null) return false;
      const { accessToken, expiresAt } = tokenOf(answer);
      adopt(accessToken, expiresAt, null);
      broadcast({ type: 'token', accessToken, expiresAt, email: state.email });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') return false;
      throw e;
    }
  });
}

/**
 * Picks up the browser's session, once per page: resolves when the status is known (`signed-in` or
 * `signed-out`). A page without an answer from the server starts signed out.
 */
export function startSession(): Promise<void> {
  if (started) return started;
  connect();
  if (state.status === 'signed-in') {
    started = Promise.resolve();
    return started;
  }
  update({ status: 'starting' });
  started = refreshShared().then(
    (ok) => {
      if (!ok && state.status === 'starting') update({ status: 'signed-out' });
    },
    () => {
      if (state.status === 'starting') update({ status: 'signed-out' });
    },
  );
  return started;
}

/** Resolves once start-up knows whether there is a session (at once when it was never started). */
export function sessionReady(): Promise<void> {
  return started ?? Promise.resolve();
}

function waitForSignIn(): Promise<void> {
  return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
}

/**
 * A new token for the signed-in user: silently when the server's session lasts; when it is over,
 * after the user signs in again (the status is `ended` until then). Resolves at once without a
 * session (signed out): the request goes without a token and gets the API's answer.
 */
export function renewSession(): Promise<void> {
  renewing ??= (async () => {
    await sessionReady();
    if (state.status === 'ended') return waitForSignIn();
    if (state.status !== 'signed-in') return;
    if (await refreshShared()) return;
    if (state.status !== 'signed-in') return state.status === 'ended' ? waitForSignIn() : undefined;
    clearTimeout(timer);
    update({ status: 'ended', token: null, expiresAt: null, reason: 'expired' });
    return waitForSignIn();
  })().finally(() => {
    renewing = null;
  });
  return renewing;
}

/**
 * The session's token for a page that never asks the user (GraphiQL): renewed when it is about to
 * expire, or when `force`d (the server refused it); null without a session.
 */
export async function freshToken({ force = false }: { force?: boolean } = {}): Promise<string | null> {
  await sessionReady();
  if (state.status === 'signed-in' && (force || session.expiresSoon())) {
    try {
      if (!(await refreshShared())) {
        clearTimeout(timer);
        update({ status: 'signed-out', token: null, expiresAt: null, reason: 'expired' });
      }
    } catch {
      // No answer: the current token is tried.
    }
  }
  return state.status === 'signed-in' ? state.token : null;
}

/** Signs in with an e-mail and password; every tab of this browser is signed in with it. */
export async function signIn(email: string, password: string): Promise<void> {
  const { accessToken, expiresAt } = tokenOf(await postAuth('/auth/login', { email, password }));
  adopt(accessToken, expiresAt, email);
  broadcast({ type: 'token', accessToken, expiresAt, email });
}

function endLocally(): void {
  clearTimeout(timer);
  timer = undefined;
  update({
    status: 'signed-out',
    token: null,
    expiresAt: null,
    user: null,
    email: null,
    reason: 'signed-out',
    generation: state.generation + 1,
  });
  // To the sign-in page, without the page of the user who left (the next user starts afresh).
  navigateTo('/sign-in');
}

/**
 * Signs out: the server revokes the session and clears its cookie, every tab goes to the sign-in
 * page, and nothing of this user's stays in memory.
 */
export async function signOut(): Promise<void> {
  try {
    await postAuth('/auth/logout', {});
  } catch {
    // Signed out here all the same; the cookie's session ends by itself.
  }
  endLocally();
  broadcast({ type: 'signed-out' });
}

/**
 * `fetch` with the session's token (a download the server makes), renewed and tried once more when
 * the server refuses it.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () => {
    const headers = new Headers(init.headers);
    const token = state.token;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(path, { ...init, headers, credentials: 'omit' });
  };
  if (state.status === 'signed-in' && session.expiresSoon()) await renewSession();
  let response = await send();
  if (response.status === 401 && state.status !== 'signed-out') {
    await renewSession();
    response = await send();
  }
  return response;
}

/** Forgets everything (tests: each starts as a new page would). */
export function resetSession(): void {
  clearTimeout(timer);
  timer = undefined;
  channel?.close();
  channel = null;
  started = null;
  renewing = null;
  waiters = [];
  state = INITIAL;
}
