// Test helpers: a router and a signed-in viewer around a component, and a fake /graphql that answers
// by operation name.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { vi } from 'vitest';
import { type Viewer, ViewerProvider } from '../auth/viewer';

export const ADMIN: Viewer = { label: 'admin@example.com', role: 'ADMIN', partnerId: null };
export const ANALYST: Viewer = { label: 'analyst@example.com', role: 'ANALYST', partnerId: null };
export const PARTNER_ADMIN: Viewer = { label: 'pa@example.com', role: 'PARTNER_ADMIN', partnerId: 'P001' };

type Handler = (variables: Record<string, unknown>) => unknown;

/** Stubs fetch: each operation name answers with `{ data: handler(variables) }`. */
export function fakeGraphql(handlers: Record<string, Handler>) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { query: string; variables: Record<string, unknown> };
      const operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '';
      calls.push({ operation, variables: body.variables });
      const handler = handlers[operation];
      if (!handler) throw new Error(`no fake for ${operation}`);
      return new Response(JSON.stringify({ data: handler(body.variables) }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  return calls;
}

/** Renders `element` at `path` (matched by `pattern`) for `viewer`. */
export function renderAt(element: ReactElement, { viewer = ADMIN, path = '/', pattern = '*' } = {}) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <ViewerProvider value={viewer}>
        <Routes>
          <Route path={pattern} element={element} />
        </Routes>
      </ViewerProvider>
    </MemoryRouter>,
  );
}
