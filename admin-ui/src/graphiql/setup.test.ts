import { describe, expect, it, vi } from 'vitest';
import { TOKEN_KEY } from '../api/token-key';
import { buildSchema, getIntrospectionQuery, graphqlSync, parse, type IntrospectionQuery, buildClientSchema } from 'graphql';
import { createFetcher, DEFAULT_QUERY, defaultHeaders, ENDPOINT, fitIntrospection, TYPE_REF_DEPTH } from './setup';

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

/** Nesting depth of an operation as the server counts it: fragments spread in place. */
function depth(query: string): number {
  const doc = parse(query);
  const fragments = new Map<string, readonly unknown[]>();
  for (const d of doc.definitions) if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d.selectionSet.selections);
  type Sel = { kind: string; name?: { value: string }; selectionSet?: { selections: readonly Sel[] } };
  const walk = (sels: readonly Sel[]): number =>
    Math.max(
      0,
      ...sels.map((s) => {
        if (s.kind === 'FragmentSpread') return walk((fragments.get(s.name!.value) ?? []) as readonly Sel[]);
        if (s.kind === 'InlineFragment') return walk(s.selectionSet!.selections);
        return 1 + (s.selectionSet ? walk(s.selectionSet.selections) : 0);
      }),
    );
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition');
  return op && op.kind === 'OperationDefinition' ? walk(op.selectionSet.selections as readonly Sel[]) : 0;
}

describe('GraphiQL’s schema query', () => {
  const graphiqlQuery = getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true });

  it('is cut to the server’s depth limit of 12 and keeps everything else', () => {
    expect(depth(graphiqlQuery)).toBeGreaterThan(12);
    const fitted = fitIntrospection(graphiqlQuery);
    expect(depth(fitted)).toBe(12);
    expect(fitted).toContain('includeDeprecated: true');
    expect(fitted.match(/ofType/g)).toHaveLength(TYPE_REF_DEPTH);
    expect(fitted.slice(0, fitted.indexOf('fragment TypeRef'))).toBe(
      graphiqlQuery.slice(0, graphiqlQuery.indexOf('fragment TypeRef')),
    );
  });

  it('still reads every type of a schema like this one', () => {
    const schema = buildSchema('type Query { a: [[String!]!]!, b(x: [Int!]): Int }');
    const result = graphqlSync({ schema, source: fitIntrospection(getIntrospectionQuery()) });
    expect(result.errors).toBeUndefined();
    const rebuilt = buildClientSchema(result.data as unknown as IntrospectionQuery);
    expect(String(rebuilt.getQueryType()?.getFields().a?.type)).toBe('[[String!]!]!');
  });

  it('is rewritten by the fetcher, and other queries are sent as typed', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => answer('{"data":{}}', 200, 'application/json'));
    const fetcher = createFetcher(ENDPOINT, fetchImpl);
    await fetcher({ query: graphiqlQuery, operationName: 'IntrospectionQuery' });
    await fetcher({ query: graphiqlQuery, operationName: 'Mine' });
    const sent = fetchImpl.mock.calls.map(([, init]) => JSON.parse(String(init?.body)).query as string);
    expect(depth(sent[0]!)).toBe(12);
    expect(sent[1]).toBe(graphiqlQuery);
  });

  it('is left alone when it has no TypeRef fragment', () => {
    expect(fitIntrospection('{ __schema { queryType { name } } }')).toBe('{ __schema { queryType { name } } }');
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
