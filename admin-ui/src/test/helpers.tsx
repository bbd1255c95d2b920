// Test helpers: a router, a signed-in viewer and a real urql client (with an empty cache) around a
// component, and a fake /graphql that answers by operation name, as the server would: with the
// `__typename`s urql asks for, so the client's cache and its refetch after writes work as in the app.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from '@testing-library/react';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
  buildSchema,
  getNamedType,
  isCompositeType,
  isObjectType,
  parse,
} from 'graphql';
import { type ReactElement, type ReactNode, useState } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Provider } from 'urql';
import { vi } from 'vitest';
import { createApiClient } from '../api/urql';
import { type Viewer, ViewerProvider } from '../auth/viewer';
import { ToastProvider } from '../ui/Toasts';

export const ADMIN: Viewer = { label: 'admin@example.com', role: 'ADMIN', partnerId: null };
export const ANALYST: Viewer = { label: 'analyst@example.com', role: 'ANALYST', partnerId: null };
export const PARTNER_ADMIN: Viewer = { label: 'pa@example.com', role: 'PARTNER_ADMIN', partnerId: 'P001' };

type Handler = (variables: Record<string, unknown>) => unknown;

let schema: GraphQLSchema | undefined;
function apiSchema(): GraphQLSchema {
  // The committed SDL, beside admin-ui/ (vitest runs in admin-ui/, as codegen does).
  schema ??= buildSchema(readFileSync(resolve(process.cwd(), '../api/schema.graphql'), 'utf8'));
  return schema;
}

/**
 * `data` as the server answers `query`: every object below the root carries its `__typename` (taken
 * from the schema; an object of an interface type keeps the one the fake gave it, if any).
 */
export function withTypenames(query: string, data: unknown): unknown {
  const document: DocumentNode = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  if (!operation || operation.kind !== 'OperationDefinition' || data == null) return data;
  const s = apiSchema();
  const root = operation.operation === 'mutation' ? s.getMutationType() : s.getQueryType();
  const copy = JSON.parse(JSON.stringify(data)) as unknown;
  const walk = (type: GraphQLCompositeType, set: SelectionSetNode, value: unknown, isRoot: boolean) => {
    if (value == null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(type, set, item, isRoot);
      return;
    }
    const object = value as Record<string, unknown>;
    if (!isRoot && isObjectType(type) && object.__typename === undefined) object.__typename = type.name;
    const named = typeof object.__typename === 'string' ? s.getType(object.__typename) : undefined;
    const concrete = named && isCompositeType(named) ? named : type;
    for (const selection of set.selections) {
      if (selection.kind === 'Field') {
        if (!selection.selectionSet) continue;
        const field = 'getFields' in concrete ? concrete.getFields()[selection.name.value] : undefined;
        const fieldType = field ? getNamedType(field.type) : undefined;
        if (!fieldType || !isCompositeType(fieldType)) continue;
        walk(fieldType, selection.selectionSet, object[selection.alias?.value ?? selection.name.value], false);
      } else {
        const fragment = selection.kind === 'FragmentSpread' ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const on = fragment.typeCondition ? s.getType(fragment.typeCondition.name.value) : concrete;
        walk(on && isCompositeType(on) ? on : concrete, fragment.selectionSet, object, isRoot);
      }
    }
  };
  if (root) walk(root, operation.selectionSet, copy, true);
  return copy;
}

/** A JSON answer, as the server's /auth endpoints give. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export interface FakeCall {
  /** The operation's name, or the path of an /auth request. */
  operation: string;
  variables: Record<string, unknown>;
  /** The request's `Authorization` header (undefined without one). */
  authorization?: string | undefined;
}

export interface FakeOptions {
  /** The answers of the /auth endpoints (`/auth/refresh`, `/auth/login`, `/auth/logout`), by path. */
  auth?: Record<string, (body: Record<string, unknown>) => Response | Promise<Response>>;
  /** Which bearer tokens the API takes (default: any, and none): the others get `UNAUTHENTICATED`. */
  accepts?: (authorization: string | null) => boolean;
}

/**
 * Stubs fetch: each operation name answers with `{ data: handler(variables) }`; a refused token with
 * the API's `UNAUTHENTICATED` error; /auth requests with `options.auth`.
 */
export function fakeGraphql(handlers: Record<string, Handler>, options: FakeOptions = {}) {
  const calls: FakeCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const authorization = new Headers(init.headers).get('Authorization') ?? undefined;
      if (url.startsWith('/auth/')) {
        const body = JSON.parse(String(init.body ?? '{}')) as Record<string, unknown>;
        calls.push({ operation: url, variables: body, authorization });
        const answer = options.auth?.[url];
        if (!answer) throw new Error(`no fake for ${url}`);
        return answer(body);
      }
      const body = JSON.parse(String(init.body)) as { query: string; variables: Record<string, unknown> };
      const operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '';
      calls.push({ operation, variables: body.variables, authorization });
      if (options.accepts && !options.accepts(authorization ?? null)) {
        return json(401, {
          data: null,
          errors: [{ message: 'authentication required or invalid', extensions: { code: 'UNAUTHENTICATED' } }],
        });
      }
      const handler = handlers[operation];
      if (!handler) throw new Error(`no fake for ${operation}`);
      return json(200, { data: withTypenames(body.query, handler(body.variables)) });
    }),
  );
  return calls;
}

/** A urql client of its own (an empty cache) for what it wraps, as each signed-in session has. */
export function TestApi({ children }: { children: ReactNode }) {
  const [client] = useState(createApiClient);
  return <Provider value={client}>{children}</Provider>;
}

/** Renders `element` at `path` (matched by `pattern`) for `viewer`, with the shell's toasts. */
export function renderAt(element: ReactElement, { viewer = ADMIN, path = '/', pattern = '*' } = {}) {
  return render(
    <TestApi>
      <MemoryRouter initialEntries={[path]}>
        <ViewerProvider value={viewer}>
          <ToastProvider>
            <Routes>
              <Route path={pattern} element={element} />
            </Routes>
          </ToastProvider>
        </ViewerProvider>
      </MemoryRouter>
    </TestApi>,
  );
}
