import type { TypedDocumentNode } from '@urql/core';
import { act, render, screen, waitFor } from '@testing-library/react';
import { parse } from 'graphql';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGraphql, TestApi } from '../test/helpers';
import { type Api, useApi, useApiQuery } from './use-api';

afterEach(() => vi.unstubAllGlobals());

type Users = { users: { totalCount: number; nodes: { id: string; email: string }[] } };
const UsersDoc = parse('query Users { users { totalCount nodes { id email } } }') as TypedDocumentNode<Users, Record<string, never>>;
type Partner = { partner: { partnerId: string; name: string } | null };
const PartnerDoc = parse('query PartnerName($partnerId: String!) { partner(partnerId: $partnerId) { partnerId name } }') as TypedDocumentNode<
  Partner,
  { partnerId: string }
>;
const CreateUserDoc = parse(
  'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { userErrors { message } } }',
) as TypedDocumentNode<unknown, { input: { email: string; role: 'ANALYST'; password: string } }>;
const EndDoc = parse(
  'mutation EndAssociation($input: EndAssociationInput!) { endAssociation(input: $input) { userErrors { message } } }',
) as TypedDocumentNode<unknown, { input: { associationId: string; removedOn: string; version: number } }>;
const BulkDoc = parse(
  'mutation BulkAssociate($input: BulkAssociateInput!) { bulkAssociate(input: $input) { applied userErrors { message } } }',
) as TypedDocumentNode<unknown, { input: { partnerId: string; rows: unknown[]; dryRun: boolean } }>;

let api: Api | undefined;
function Views({ partner = true }: { partner?: boolean }) {
  api = useApi();
  const users = useApiQuery(UsersDoc, {});
  const p = useApiQuery(PartnerDoc, { partnerId: 'P1' }, { skip: !partner });
  return (
    <>
      <p data-testid="users">{users.data ? `${users.data.users.totalCount} users` : 'no users'}</p>
      <p data-testid="partner">{p.data?.partner?.name ?? 'no partner'}</p>
    </>
  );
}

function fakes() {
  let userCount = 1;
  let name = 'Contoso';
  const calls = fakeGraphql({
    Users: () => ({ users: { totalCount: userCount, nodes: [] } }),
    PartnerName: () => ({ partner: { partnerId: 'P1', name } }),
    CreateUser: () => {
      userCount += 1;
      return { createUser: { userErrors: [] } };
    },
    EndAssociation: () => {
      name = 'Contoso (changed)';
      return { endAssociation: { userErrors: [] } };
    },
    BulkAssociate: () => ({ bulkAssociate: { applied: 0, userErrors: [] } }),
  });
  const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
  return { calls, count };
}

describe('the urql client', () => {
  it('refetches the views on screen that a write makes stale, and only those', async () => {
    const { count } = fakes();
    render(<Views />, { wrapper: TestApi });
    expect(await screen.findByText('1 users')).toBeInTheDocument();
    expect(await screen.findByText('Contoso')).toBeInTheDocument();

    await act(() => api!.mutate(CreateUserDoc, { input: { email: 'new@example.com', role: 'ANALYST', password: 'x'.repeat(12) } }));
    expect(await screen.findByText('2 users')).toBeInTheDocument();
    // A user's creation changes no partner data: the partner is not asked for again.
    expect(count('PartnerName')).toBe(1);

    await act(() => api!.mutate(EndDoc, { input: { associationId: 'A1', removedOn: '2024-06-30', version: 1 } }));
    expect(await screen.findByText('Contoso (changed)')).toBeInTheDocument();
    expect(count('PartnerName')).toBe(2);
  });

  it('refetches nothing after a refused write, so the refusal stays next to what it is about', async () => {
    let refuse = true;
    let name = 'Contoso';
    const calls = fakeGraphql({
      Users: () => ({ users: { totalCount: 1, nodes: [] } }),
      PartnerName: () => ({ partner: { partnerId: 'P1', name } }),
      EndAssociation: () => {
        if (refuse) {
          return { endAssociation: { userErrors: [{ message: 'someone else changed this record' }] } };
        }
        name = 'Contoso (changed)';
        return { endAssociation: { userErrors: [] } };
      },
    });
    const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
    render(<Views />, { wrapper: TestApi });
    expect(await screen.findByText('Contoso')).toBeInTheDocument();
    await act(() => api!.mutate(EndDoc, { input: { associationId: 'A1', removedOn: '2024-06-30', version: 1 } }));
    // Give a refetch the time it would take; none comes.
    await new Promise((r) => setTimeout(r, 50));
    expect(count('PartnerName')).toBe(1);
    refuse = false;
    await act(() => api!.mutate(EndDoc, { input: { associationId: 'A1', removedOn: '2024-06-30', version: 2 } }));
    expect(await screen.findByText('Contoso (changed)')).toBeInTheDocument();
    expect(count('PartnerName')).toBe(2);
  });

  it('refetches nothing after a dry run, which writes nothing', async () => {
    const { count } = fakes();
    render(<Views />, { wrapper: TestApi });
    expect(await screen.findByText('Contoso')).toBeInTheDocument();
    await act(() => api!.mutate(BulkDoc, { input: { partnerId: 'P1', rows: [], dryRun: true } }));
    await act(() => api!.mutate(BulkDoc, { input: { partnerId: 'P1', rows: [], dryRun: false } }));
    await waitFor(() => expect(count('PartnerName')).toBe(2));
  });

  it('asks once for a query two views show, and shows a view again from the cache while it refreshes', async () => {
    const { count } = fakes();
    function Twice() {
      const [shown, setShown] = useState(true);
      return (
        <>
          <button type="button" onClick={() => setShown((s) => !s)}>
            toggle
          </button>
          {shown && <Views partner={false} />}
          {shown && <Views partner={false} />}
        </>
      );
    }
    render(<Twice />, { wrapper: TestApi });
    await waitFor(() => expect(screen.getAllByText('1 users')).toHaveLength(2));
    expect(count('Users')).toBe(1);

    await act(async () => screen.getByRole('button', { name: 'toggle' }).click());
    expect(screen.queryByText('1 users')).toBeNull();
    await act(async () => screen.getByRole('button', { name: 'toggle' }).click());
    // At once from the cache, then refreshed from the server (changes by others show too).
    expect(screen.getAllByText('1 users')).toHaveLength(2);
    await waitFor(() => expect(count('Users')).toBe(2));
  });
});
