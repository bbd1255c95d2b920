// Users (administrators only): create, disable (after a confirmation, never oneself), enable, reset a
// password.
import '../forms.css';
import { type FormEvent, useRef, useState } from 'react';
import { useApi, useApiQuery } from '../api/use-api';
import type { Role, UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { graphql } from '../gql';
import { ROLE_LABELS, canManageUsers, useViewer } from '../auth/viewer';
import { UserErrors } from '../professionals/ImpactTable';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { TableScroll } from '../ui/TableScroll';
import { throwIfRefused, type Undo, useToast } from '../ui/Toasts';
import { Pager, useCursorPages } from '../ui/Pager';

export const UsersQuery = graphql(`
  query Users($first: Int, $after: String) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        email
        role
        partnerId
        disabled
        createdAt
      }
    }
  }
`);

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const DisableUser = graphql(`
  mutation DisableUser($email: String!) {
    disableUser(email: $email) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const EnableUser = graphql(`
  mutation EnableUser($email: String!) {
    enableUser(email: $email) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const ResetPassword = graphql(`
  mutation ResetPassword($email: String!, $password: String!) {
    resetPassword(email: $email, password: $password) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const ROLES: Role[] = ['ADMIN', 'PARTNER_ADMIN', 'ANALYST'];
const PAGE_SIZE = 50;

export function UsersPage() {
  const viewer = useViewer();
  if (!canManageUsers(viewer)) {
    return (
      <section className="card empty-state" role="alert">
        <h1>Users</h1>
        <p>Only administrators manage users.</p>
      </section>
    );
  }
  return <Users />;
}

function Users() {
  const viewer = useViewer();
  const pages = useCursorPages();
  const { data, error, loading, refetch } = useApiQuery(UsersQuery, { first: PAGE_SIZE, after: pages.after });
  const [form, setForm] = useState({ email: '', role: 'ANALYST' as Role, partnerId: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const toast = useToast();
  const api = useApi();

  // An administrator is never offered to disable itself (it would lock itself out).
  const isSelf = (email: string) => email.toLowerCase() === viewer.label.toLowerCase();

  /** Runs a change; on success a toast says `done` (with `undo` when it can be taken back). */
  async function act(run: () => Promise<UserError[]>, done: string, undo?: Undo) {
    setBusy(true);
    setActionError(null);
    setUserErrors([]);
    try {
      const errors = await run();
      if (errors.length > 0) setUserErrors(errors);
      else toast.show({ message: done, undo });
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const r = await api.mutate(CreateUser, {
        input: {
          email: form.email.trim(),
          role: form.role,
          partnerId: form.role === 'PARTNER_ADMIN' ? form.partnerId.trim() : null,
          password: form.password,
        },
      });
      if (r.createUser.userErrors.length === 0) setForm({ email: '', role: 'ANALYST', partnerId: '', password: '' });
      return r.createUser.userErrors;
    }, `Created ${form.email.trim()}.`);
  }

  return (
    <section aria-labelledby="users-title">
      <div className="page-header">
        <h1 id="users-title">Users</h1>
      </div>
      <UserErrors errors={userErrors} />
      <ErrorMessage error={actionError} />
      <h2 className="section-title">Create a user</h2>
      <form className="card filters" onSubmit={create} aria-label="Create a user">
        <label className="field field-wide">
          <span>E-mail</span>
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        {form.role === 'PARTNER_ADMIN' && (
          <label className="field">
            <span>PartnerID</span>
            <input required value={form.partnerId} onChange={(e) => setForm({ ...form, partnerId: e.target.value })} />
          </label>
        )}
        <label className="field">
          <span>Initial password</span>
          <input
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <div className="filters-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Create user
          </button>
        </div>
      </form>
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && <Loading label="Loading users…" />}
      {data && (
        <div className="card card-flush">
          <TableScroll label="Users">
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Partner</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.users.nodes.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.email}
                    {isSelf(u.email) && <span className="badge badge-neutral"> you</span>}
                  </td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td className="mono">{u.partnerId ?? '—'}</td>
                  <td>{u.disabled ? <span className="badge badge-neutral">Disabled</span> : <span className="badge badge-good">Active</span>}</td>
                  <td>
                    <div className="row-actions">
                    {!u.disabled && !isSelf(u.email) && (
                      <DisableButton
                        email={u.email}
                        disabled={busy}
                        onConfirm={() =>
                          void act(
                            async () => (await api.mutate(DisableUser, { email: u.email })).disableUser.userErrors,
                            `Disabled ${u.email}.`,
                            {
                              run: async () => {
                                throwIfRefused((await api.mutate(EnableUser, { email: u.email })).enableUser.userErrors);
                                return `Undone: ${u.email} is enabled again.`;
                              },
                            },
                          )
                        }
                      />
                    )}
                    {u.disabled && (
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        disabled={busy}
                        aria-label={`Enable ${u.email}`}
                        onClick={() =>
                          void act(
                            async () => (await api.mutate(EnableUser, { email: u.email })).enableUser.userErrors,
                            `Enabled ${u.email}: it may sign in again.`,
                          )
                        }
                      >
                        Enable
                      </button>
                    )}
                    <ResetPasswordButton
                      email={u.email}
                      disabled={busy}
                      onReset={(password) =>
                        void act(
                          async () => (await api.mutate(ResetPassword, { email: u.email, password })).resetPassword.userErrors,
                          `Reset the password of ${u.email}.`,
                        )
                      }
                    />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
          <Pager pages={pages} pageInfo={data.users.pageInfo} loading={loading} />
        </div>
      )}
    </section>
  );
}

/** Disable, with a confirm step: the user can no longer sign in, and its sessions end. */
function DisableButton({ email, disabled, onConfirm }: { email: string; disabled: boolean; onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the confirmation closes and focus goes back to Disable.
  const close = () => {
    focusAfterRender(() => opener.current);
    setOpen(false);
  };
  if (!open) {
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        ref={opener}
        disabled={disabled}
        onClick={() => setOpen(true)}
        aria-label={`Disable ${email}`}
      >
        Disable
      </button>
    );
  }
  return (
    <div className="inline-form" role="group" aria-label={`Confirm disabling ${email}`} onKeyDown={closeOnEscape(close)}>
      <p className="small">
        Disable <strong>{email}</strong>? They can no longer sign in.
      </p>
      <button
        type="button"
        className="button button-small button-danger"
        onClick={() => {
          setOpen(false);
          onConfirm();
        }}
        autoFocus
      >
        Yes, disable
      </button>
      <button type="button" className="button button-small button-ghost" onClick={close}>
        Cancel
      </button>
    </div>
  );
}

function ResetPasswordButton({
  email,
  disabled,
  onReset,
}: {
  email: string;
  disabled: boolean;
  onReset: (password: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the form closes and focus goes back to the button that opened it.
  const close = () => {
    focusAfterRender(() => opener.current);
    setOpen(false);
  };
  if (!open) {
    return (
      <button type="button" className="button button-small button-secondary" ref={opener} disabled={disabled} onClick={() => setOpen(true)}>
        Reset password
      </button>
    );
  }
  return (
    <form
      className="inline-form"
      onKeyDown={closeOnEscape(close)}
      onSubmit={(e) => {
        e.preventDefault();
        onReset(password);
        setOpen(false);
        setPassword('');
      }}
    >
      <label className="field">
        <span>New password for {email}</span>
        <input type="password" required minLength={12} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      </label>
      <button type="submit" className="button button-small button-primary">
        Set
      </button>
      <button type="button" className="button button-small button-ghost" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
