// What the GraphiQL page needs besides GraphiQL itself: a fetcher for the same-origin /graphql endpoint
// and the headers and query a new tab starts with. Kept apart from main.tsx so it is tested without a
// browser.
import type { GraphiQLProps } from 'graphiql';
import { TOKEN_KEY } from '../api/token-key';

export type Fetcher = GraphiQLProps['fetcher'];

/** The API, on the origin that served the page. */
export const ENDPOINT = '/graphql';

/**
 * POSTs each operation as `application/json` (the only body the server accepts) with the headers of
 * GraphiQL's header editor. An answer that is not JSON (a proxy error page, a 503 text) is shown as a
 * GraphQL error rather than a parse failure. GraphiQL's own schema query goes as it is: the server
 * does not count introspection against its depth limit.
 */
export function createFetcher(endpoint: string = ENDPOINT, fetchImpl: typeof fetch = fetch): Fetcher {
  return async (params, opts) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(opts?.headers ?? {})) {
      if (value !== undefined && value !== null) headers.set(name, String(value));
    }
    headers.set('Content-Type', 'application/json');
    headers.set('Accept', 'application/json');
    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(params),
        credentials: 'same-origin',
      });
    } catch (e) {
      return { errors: [{ message: `no answer from ${endpoint}: ${e instanceof Error ? e.message : String(e)}` }] };
    }
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) {
      try {
        return (await response.json()) as Record<string, unknown>;
      } catch {
        // fall through: report the status
      }
    }
    const text = (await response.text().catch(() => '')).trim();
    return {
      errors: [{ message: `${endpoint} answered ${response.status}${text ? `: ${text.slice(0, 500)}` : ''}` }],
    };
  };
}

/**
 * The header editor's contents for a new tab: the admin UI's session token when this tab has one
 * (sessionStorage, same origin), so a signed-in administrator can query at once; otherwise nothing.
 */
export function defaultHeaders(storage: Pick<Storage, 'getItem'> | undefined = safeSessionStorage()): string {
  let token: string | null = null;
  try {
    token = storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    token = null;
  }
  if (!token) return '';
  return JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
}

function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The query of a first visit: how to authenticate, and a query anyone may run. */
export const DEFAULT_QUERY = `# partnergraph GraphQL API: POST ${ENDPOINT} on this server.
#
# Most fields need a bearer token, in Headers below:
#   {"Authorization": "Bearer <token>"}
# Signed in to the admin UI in this browser tab? It is
# already there. Otherwise get one with
#   mutation {
#     login(email: "you@example.com", password: "…") {
#       token
#     }
#   }
#
# Run with Ctrl-Enter. The catalogue needs no token:

{
  designations {
    code
    name
  }
}
`;
