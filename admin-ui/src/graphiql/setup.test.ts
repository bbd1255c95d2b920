import { describe, expect, it, vi } from 'vitest';
import { createFetcher, DEFAULT_QUERY, ENDPOINT, type TokenSource } from './setup';

function answer(body: string, status: number, type: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': type } });
}

/** No admin UI session in this browser. */
const noSession: TokenSource = async () => null;

async function call(fetcher: ReturnType<typeof createFetcher>, headers?: Record<string, unknown>) {
  return await fetcher({ query: '{ designations { code } }', operationName: null }, headers ? { headers } : undefined);
}

describe('the GraphiQL fetcher', () => {
  it('POSTs JSON to the same-origin endpoint with the header editor’s headers', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => answer('{"data":{"designations":[]}}', 200, 'application/json'));
    const result = await call(createFetcher(ENDPOINT, fetchImpl, noSession), {
      Authorization: 'Bearer abc',
      'content-type': 'text/plain',
    });
    expect(result).toEqual({ data: { designations: [] } });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('/graphql');
    expect(init?.method).toBe('POST');
    const headers = new Headers(init?.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Authorization')).toBe('Bearer abc');
    expect(JSON.parse(String(init?.body))).toEqual({ query: '{ designations { code } }', operationName: null });
  });

  it('shows an answer that is not JSON as a GraphQL error', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => answer('the service is unavailable\n', 503, 'text/plain'));
    const result = await call(createFetcher(ENDPOINT, fetchImpl, noSession));
    expect(result).toEqual({ errors: [{ message: '/graphql answered 503: the service is unavailable' }] });
  });

  it('shows a request that got no answer as a GraphQL error', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    const result = await call(createFetcher(ENDPOINT, fetchImpl, noSession));
    expect(result).toEqual({ errors: [{ message: 'no answer from /graphql: Failed to fetch' }] });
  });
});

describe('the session of the admin UI', () => {
  const unauthenticated = () =>
    answer('{"errors":[{"message":"sign in","extensions":{"code":"UNAUTHENTICATED"}}]}', 200, 'application/json');

  it('signs each request with the browser’s admin UI session when the header editor has no token', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => answer('{"data":{"viewer":null}}', 200, 'application/json'));
    const token = vi.fn<TokenSource>(async () => 'session-token');
    await call(createFetcher(ENDPOINT, fetchImpl, token));
    expect(new Headers(fetchImpl.mock.calls[0]![1]?.headers).get('Authorization')).toBe('Bearer session-token');
    expect(token).toHaveBeenCalledWith(undefined);
  });

  it('keeps a token typed in the header editor, and sends none without a session', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => unauthenticated());
    const token = vi.fn<TokenSource>(async () => 'session-token');
    await call(createFetcher(ENDPOINT, fetchImpl, token), { Authorization: 'Bearer pgs_service' });
    expect(new Headers(fetchImpl.mock.calls[0]![1]?.headers).get('Authorization')).toBe('Bearer pgs_service');
    expect(token).not.toHaveBeenCalled();
    expect(fetchImpl).toHaveBeenCalledTimes(1);

    await call(createFetcher(ENDPOINT, fetchImpl, noSession));
    expect(new Headers(fetchImpl.mock.calls[1]![1]?.headers).has('Authorization')).toBe(false);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('renews a refused session token once and sends the request again', async () => {
    const fetchImpl = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(unauthenticated())
      .mockResolvedValueOnce(answer('{"data":{"viewer":{"role":"ADMIN"}}}', 200, 'application/json'));
    const token = vi.fn<TokenSource>(async (options) => (options?.force ? 'renewed' : 'expired'));
    const result = await call(createFetcher(ENDPOINT, fetchImpl, token));
    expect(result).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    expect(token).toHaveBeenLastCalledWith({ force: true });
    expect(new Headers(fetchImpl.mock.calls[1]![1]?.headers).get('Authorization')).toBe('Bearer renewed');
  });
});

describe('the query of a first visit', () => {
  it('explains how to get a token and runs a query that needs none', () => {
    expect(DEFAULT_QUERY).toContain('Its session is used');
    expect(DEFAULT_QUERY).toContain('login(email:');
    expect(DEFAULT_QUERY).toMatch(/^\{\n  designations \{/m);
  });
});
