import { describe, expect, it, vi } from 'vitest';
import { TOKEN_KEY } from '../api/token-key';
import { createFetcher, DEFAULT_QUERY, defaultHeaders, ENDPOINT } from './setup';

function answer(body: string, status: number, type: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': type } });
}

async function call(fetcher: ReturnType<typeof createFetcher>, headers?: Record<string, unknown>) {
  return await fetcher({ query: '{ designations { code } }', operationName: null }, headers ? { headers } : undefined);
}

describe('the GraphiQL fetcher', () => {
  it('POSTs JSON to the same-origin endpoint with the header editor’s headers', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => answer('{"data":{"designations":[]}}', 200, 'application/json'));
    const result = await call(createFetcher(ENDPOINT, fetchImpl), {
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
    const result = await call(createFetcher(ENDPOINT, fetchImpl));
    expect(result).toEqual({ errors: [{ message: '/graphql answered 503: the service is unavailable' }] });
  });

  it('shows a request that got no answer as a GraphQL error', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    const result = await call(createFetcher(ENDPOINT, fetchImpl));
    expect(result).toEqual({ errors: [{ message: 'no answer from /graphql: Failed to fetch' }] });
  });
});

describe('the headers of a new tab', () => {
  it('carry the admin UI’s session token when this tab has one', () => {
    sessionStorage.setItem(TOKEN_KEY, 'tok-123');
    expect(JSON.parse(defaultHeaders())).toEqual({ Authorization: 'Bearer tok-123' });
  });

  it('are empty without a session, or when storage cannot be read', () => {
    expect(defaultHeaders()).toBe('');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(defaultHeaders(broken)).toBe('');
  });
});

describe('the query of a first visit', () => {
  it('explains how to get a token and runs a query that needs none', () => {
    expect(DEFAULT_QUERY).toContain('login(email:');
    expect(DEFAULT_QUERY).toMatch(/^\{\n  designations \{/m);
  });
});
