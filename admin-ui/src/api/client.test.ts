import type { TypedDocumentNode } from '@urql/core';
import { parse } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ERROR_MESSAGES,
  type ErrorCode,
  errorMessage,
  isStaleError,
  isStaleVersion,
  safeNext,
  setNavigator,
} from './client';
import { session } from './session';
import { createApiClient, settle } from './urql';

const Query = parse('query Viewer { viewer { role } }') as TypedDocumentNode<
  { viewer: { role: string } | null },
  Record<string, never>
>;

/** Runs `Query` through a new urql client of the app, as a page would. */
function request(query = Query): Promise<{ viewer: { role: string } | null }> {
  return settle(createApiClient().query(query, {}));
}

function respond(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('the client', () => {
  let restore: () => void = () => {};
  const navigations: string[] = [];

  beforeEach(() => {
    navigations.length = 0;
    restore = setNavigator((path) => navigations.push(path));
    window.history.replaceState(null, '', '/admin/partners/P007/professionals?asOf=2024-06');
  });

  afterEach(() => {
    restore();
    vi.unstubAllGlobals();
  });

  it('posts JSON to /graphql with the session’s bearer token', async () => {
    session.set('tok-123');
    const fetchMock = respond(200, { data: { viewer: { role: 'ADMIN', __typename: 'Viewer' } } });
    vi.stubGlobal('fetch', fetchMock);
    const data = await request();
    expect(data.viewer?.role).toBe('ADMIN');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Authorization')).toBe('Bearer tok-123');
    expect(init.credentials).toBe('omit');
    const body = JSON.parse(String(init.body)) as { operationName: string; query: string; variables: unknown };
    expect(body.operationName).toBe('Viewer');
    expect(body.query.replace(/\s+/g, ' ').trim()).toBe('query Viewer { viewer { role __typename } }');
    expect(body.variables).toEqual({});
  });

  it.each<[ErrorCode, number]>([
    ['FORBIDDEN', 200],
    ['QUERY_TOO_COMPLEX', 200],
    ['RATE_LIMITED', 200],
    ['INTERNAL', 200],
  ])('turns %s into its own clear message', async (code, status) => {
    vi.stubGlobal('fetch', respond(status, { data: null, errors: [{ message: 'internal words', extensions: { code } }] }));
    const error = await request().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(code);
    expect(errorMessage(error)).toBe(ERROR_MESSAGES[code]);
    expect(navigations).toHaveLength(0);
  });

  it('keeps "someone else changed this record" for a stale version only; another CONFLICT keeps its own reason', async () => {
    vi.stubGlobal(
      'fetch',
      respond(200, {
        data: null,
        errors: [{ message: 'the association was changed by someone else (version 2 is current, you sent 1)', extensions: { code: 'CONFLICT', field: ['input', 'version'] } }],
      }),
    );
    const stale = await request().catch((e: unknown) => e);
    expect(isStaleError(stale)).toBe(true);
    expect(errorMessage(stale)).toBe(ERROR_MESSAGES.CONFLICT);
    vi.stubGlobal(
      'fetch',
      respond(200, { data: null, errors: [{ message: 'a user with this email already exists', extensions: { code: 'CONFLICT' } }] }),
    );
    const taken = await request().catch((e: unknown) => e);
    expect(isStaleError(taken)).toBe(false);
    expect(errorMessage(taken)).toBe('Nothing was saved: a user with this email already exists');
    expect(isStaleVersion({ code: 'CONFLICT', field: ['input', 'version'] })).toBe(true);
    expect(isStaleVersion({ code: 'CONFLICT', field: ['input', 'email'] })).toBe(false);
  });

  it('keeps the server words of a NOT_FOUND error, which name the missing id', async () => {
    vi.stubGlobal(
      'fetch',
      respond(200, { data: null, errors: [{ message: 'no professional with id "NEW1"', extensions: { code: 'NOT_FOUND' } }] }),
    );
    const error = await request().catch((e: unknown) => e);
    expect(errorMessage(error)).toBe(`${ERROR_MESSAGES.NOT_FOUND} (no professional with id "NEW1")`);
  });

  it('keeps the server words of a BAD_USER_INPUT error, which name the field', async () => {
    vi.stubGlobal(
      'fetch',
      respond(200, { data: null, errors: [{ message: 'removedOn: before the association began', extensions: { code: 'BAD_USER_INPUT' } }] }),
    );
    const error = await request().catch((e: unknown) => e);
    expect(errorMessage(error)).toContain('removedOn: before the association began');
  });

  it('a refused connection is a NETWORK error and a status without a code is mapped', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request()).rejects.toMatchObject({ code: 'NETWORK' });
    vi.stubGlobal('fetch', vi.fn(async () => new Response('busy', { status: 429 })));
    await expect(request()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    vi.stubGlobal('fetch', vi.fn(async () => new Response('oops', { status: 502 })));
    await expect(request()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('follows only paths inside the app after sign-in', () => {
    expect(safeNext('/partners/P1')).toBe('/partners/P1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
