// What the GraphiQL page needs besides GraphiQL itself: a fetcher for the same-origin /graphql endpoint,
// signed in with the browser's admin UI session, and the query a new tab starts with. Kept apart from
// main.tsx so it is tested without a browser.
import type { GraphiQLProps } from 'graphiql';
import { freshToken } from '../api/session';

export type Fetcher = GraphiQLProps['fetcher'];

/** The API, on the origin that served the page. */
export const ENDPOINT = '/graphql';

/** Where the fetcher gets the session's token: `force` after the server refused the last one. */
export type TokenSource = (options?: { force?: boolean }) => Promise<string | null>;

function hasAuthorization(headers: Headers): boolean {
  return headers.has('Authorization');
}

/** Whether an answer refuses the token (a 401, or the API's `UNAUTHENTICATED`). */
function refused(status: number, body: unknown): boolean {
  if (status === 401) return true;
  const errors = (body as { errors?: { extensions?: { code?: unknown } }[] } | null)?.errors;
  return Array.isArray(errors) && errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * POSTs each operation as `application/json` (the only body the server accepts) with the headers of
 * GraphiQL's header editor. Without an `Authorization` header there, the admin UI's session in this
 * browser signs the request (its token renewed as it expires, and once more when refused), so a
 * signed-in administrator queries at once and no token is ever pasted or stored. An answer that is
 * not JSON (a proxy error page, a 503 text) is shown as a GraphQL error rather than a parse failure.
 * GraphiQL's own schema query goes as it is: the server does not count introspection against its
 * depth limit.
 */
export function createFetcher(
  endpoint: string = ENDPOINT,
  fetchImpl: typeof fetch = fetch,
  token: TokenSource = freshToken,
): Fetcher {
  return async (params, opts) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(opts?.headers ?? {})) {
      if (value !== undefined && value !== null) headers.set(name, String(value));
    }
    headers.set('Content-Type', 'application/json');
    headers.set('Accept', 'application/json');
    const own = hasAuthorization(headers);
    const send = async (force: boolean): Promise<{ response: Response } | { error: string }> => {
      if (!own) {
        const t = await token(force ? { force } : undefined);
        if (t) headers.set('Authorization', `Bearer ${t}`);
        else headers.delete('Authorization');
      }
      try {
        return {
          response: await fetchImpl(endpoint, {
            method: 'POST',
            headers,
            body: JSON.stringify(params),
            credentials: 'same-origin',
          }),
        };
      } catch (e) {
        return { error: `no answer from ${endpoint}: ${e instanceof Error ? e.message : String(e)}` };
      }
    };
    let sent = await send(false);
    if ('error' in sent) return { errors: [{ message: sent.error }] };
    let body = await readJson(sent.response);
    if (!own && headers.has('Authorization') && refused(sent.response.status, body)) {
      sent = await send(true);
      if ('error' in sent) return { errors: [{ message: sent.error }] };
      body = await readJson(sent.response);
    }
    if (body !== undefined) return body as Record<string, unknown>;
    const { response } = sent;
    const text = (await response.text().catch(() => '')).trim();
    return {
      errors: [{ message: `${endpoint} answered ${response.status}${text ? `: ${text.slice(0, 500)}` : ''}` }],
    };
  };
}

/** The JSON of an answer, or undefined when it is not JSON (its text is then still unread). */
async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

/** The query of a first visit: how to authenticate, and a query anyone may run. */
export const DEFAULT_QUERY = `# partnergraph GraphQL API: POST ${ENDPOINT} on this server.
#
# Most fields need a signed-in caller. Signed in to the
# admin UI in this browser? Its session is used: nothing
# to paste. Otherwise sign in at /admin/ (then run again),
# or put a token in Headers below:
#   {"Authorization": "Bearer <token>"}
# e.g. a service token, or one from
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
