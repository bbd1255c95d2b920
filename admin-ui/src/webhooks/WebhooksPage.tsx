// Webhooks (administrators: every one; partner admins: their partner's): the receivers score events
// are POSTed to, registered here with their signing secret shown once, paused and resumed, tested,
// deleted, each with its delivery log.
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { useApi, useApiQuery } from '../api/use-api';
import { canManageWebhooks, useViewer } from '../auth/viewer';
import type { UserErrorFieldsFragment as UserError, WebhookFieldsFragment as Webhook } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { instant, points } from '../ui/format';
import { Pager, useCursorPages } from '../ui/Pager';
import { throwIfRefused, useToast } from '../ui/Toasts';
import { DeliveryLog, type FollowSignal } from './DeliveryLog';
import { EVENT_KIND_LABELS } from './labels';
import { DeleteWebhook, SendTestWebhookEvent, UpdateWebhook, WebhooksQuery } from './operations';
import { type Registered, RegisterWebhook, SecretBox } from './RegisterWebhook';

const PAGE_SIZE = 50;

export function WebhooksPage() {
  const viewer = useViewer();
  if (!canManageWebhooks(viewer)) {
    return (
      <section className="card empty-state" role="alert">
        <h1>Webhooks</h1>
        <p>Only administrators and partner administrators manage webhooks.</p>
      </section>
    );
  }
  return <Webhooks />;
}

function Webhooks() {
  const viewer = useViewer();
  const pages = useCursorPages();
  const { data, error, loading, refetch } = useApiQuery(WebhooksQuery, { first: PAGE_SIZE, after: pages.after });
  const [registering, setRegistering] = useState(false);
  const registerButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the form closes and focus goes back to the button that opened it.
  const closeRegister = () => {
    focusAfterRender(() => registerButton.current);
    setRegistering(false);
  };
  const [registered, setRegistered] = useState<Registered | null>(null);
  const toast = useToast();
  // Webhooks as the last change returned them, until the list is loaded again.
  const [changed, setChanged] = useState<Record<string, Webhook>>({});
  useEffect(() => setChanged({}), [data]);

  const connection = data?.webhooks;
  const nodes = connection?.nodes.map((w) => changed[w.id] ?? w) ?? [];
  return (
    <section aria-labelledby="webhooks-title">
      <div className="page-header">
        <div>
          <h1 id="webhooks-title">Webhooks</h1>
          <p className="muted">
            {viewer.role === 'PARTNER_ADMIN'
              ? `Score events of your partner (${viewer.partnerId}), POSTed to your receivers and signed.`
              : 'Score events POSTed to receivers and signed: designations met or lost, scores moving, designations at risk.'}
          </p>
        </div>
        {!registering && (
          <button
            type="button"
            className="button button-primary"
            ref={registerButton}
            onClick={() => setRegistering(true)}
          >
            Register webhook
          </button>
        )}
      </div>
      {registered && (
        <SecretBox
          registered={registered}
          onDismiss={() => {
            setRegistered(null);
            toast.show({ message: `Registered ${registered.webhook.url}.` });
          }}
        />
      )}
      {registering && (
        <div onKeyDown={closeOnEscape(closeRegister)}>
        <RegisterWebhook
          onCancel={closeRegister}
          onRegistered={(r) => {
            setRegistering(false);
            setRegistered(r);
          }}
        />
        </div>
      )}
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && !data && <Loading label="Loading webhooks…" />}
      {connection && (
        <>
          <p className="muted" aria-live="polite">
            {connection.totalCount === 1 ? '1 webhook' : `${connection.totalCount} webhooks`}
          </p>
          {nodes.length === 0 && (
            <div className="card empty-state">
              <p>No webhooks yet. Register one to have score events sent to a receiver.</p>
            </div>
          )}
          <ul className="plain-list webhook-list" aria-label="Webhooks">
            {nodes.map((w) => (
              <li key={w.id}>
                <WebhookCard
                  webhook={w}
                  onChanged={(next) => {
                    setChanged((c) => ({ ...c, [next.id]: next }));
                  }}
                  onDeleted={(url) => {
                    toast.show({ message: `Deleted ${url} and its delivery log.` });
                  }}
                  onCountsChanged={refetch}
                />
              </li>
            ))}
          </ul>
          {(connection.pageInfo.hasNextPage || pages.before > 0) && (
            <Pager pages={pages} pageInfo={connection.pageInfo} loading={loading} />
          )}
        </>
      )}
    </section>
  );
}

function WebhookCard({
  webhook: w,
  onChanged,
  onDeleted,
  onCountsChanged,
}: {
  webhook: Webhook;
  onChanged: (webhook: Webhook) => void;
  onDeleted: (url: string) => void;
  onCountsChanged: () => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState<'pause' | 'test' | 'delete' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the confirmation closes and focus goes back to Delete.
  const cancelDelete = () => {
    focusAfterRender(() => deleteButton.current);
    setConfirmDelete(false);
  };
  const [logOpen, setLogOpen] = useState(false);
  const [follow, setFollow] = useState<FollowSignal | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const api = useApi();
  const toast = useToast();

  async function act(kind: 'pause' | 'test' | 'delete', run: () => Promise<UserError[]>) {
    setBusy(kind);
    setProblem(null);
    try {
      const errors = await run();
      if (errors.length > 0) setProblem(errors.map((e) => e.message).join(' '));
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const togglePause = () =>
    act('pause', async () => {
      const r = (await api.mutate(UpdateWebhook, { input: { id: w.id, paused: !w.paused } })).updateWebhook;
      const saved = r.webhook;
      if (saved) {
        onChanged(saved);
        toast.show(
          saved.paused
            ? {
                message: `Paused ${saved.url}: no deliveries are queued until it is resumed.`,
                // A webhook just paused can be resumed at once.
                undo: {
                  run: async () => {
                    const resumed = (await api.mutate(UpdateWebhook, { input: { id: saved.id, paused: false } })).updateWebhook;
                    throwIfRefused(resumed.userErrors);
                    if (resumed.webhook) onChanged(resumed.webhook);
                    return `Undone: ${saved.url} is active again.`;
                  },
                },
              }
            : { message: `Resumed ${saved.url}.` },
        );
      }
      return r.userErrors;
    });

  const sendTest = () =>
    act('test', async () => {
      const r = (await api.mutate(SendTestWebhookEvent, { id: w.id })).sendTestWebhookEvent;
      if (r.userErrors.length === 0) {
        setLogOpen(true);
        setFollow({ deliveryId: r.delivery?.id ?? null, at: Date.now() });
        toast.show({
          message: w.paused
            ? 'Test event queued: it is sent once the webhook is resumed.'
            : 'Test event queued: the delivery log below follows it for a few seconds.',
        });
      }
      return r.userErrors;
    });

  const remove = () =>
    act('delete', async () => {
      const r = (await api.mutate(DeleteWebhook, { id: w.id })).deleteWebhook;
      if (r.userErrors.length === 0) onDeleted(w.url);
      return r.userErrors;
    });

  const c = w.deliveryCounts;
  return (
    <article className="card webhook-card" aria-labelledby={`${id}-url`} data-webhook={w.id}>
      <header className="webhook-card-header">
        <div>
          <h2 id={`${id}-url`} className="webhook-url mono">
            {w.url}
          </h2>
          {w.description && <p className="webhook-description">{w.description}</p>}
        </div>
        <span className={`badge ${w.paused ? 'badge-warn' : 'badge-good'}`} data-testid="webhook-state">
          {w.paused ? 'Paused' : 'Active'}
        </span>
      </header>
      <dl className="webhook-facts">
        <div>
          <dt>Partner</dt>
          <dd>
            {w.partner ? (
              <>
                <span className="mono">{w.partner.partnerId}</span> {w.partner.name}
              </>
            ) : (
              'All partners'
            )}
          </dd>
        </div>
        <div className="webhook-kinds">
          <dt>Event kinds</dt>
          <dd>
            <ul className="chips" aria-label="Event kinds">
              {w.eventKinds.map((k) => (
                <li key={k} className="chip" title={EVENT_KIND_LABELS[k]}>
                  {k}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Min points change</dt>
          <dd>{points(w.minPointsChange)}</dd>
        </div>
        <div>
          <dt>Deliveries</dt>
          <dd data-testid="delivery-counts">
            {c.pending} pending · {c.delivered} delivered · {c.failed} failed
          </dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd className="small">
            {instant(w.createdAt)} by {w.createdBy}
          </dd>
        </div>
      </dl>
      <div className="toolbar webhook-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          aria-expanded={logOpen}
          aria-controls={`${id}-log`}
          onClick={() => setLogOpen((o) => !o)}
        >
          {logOpen ? 'Hide delivery log' : 'Show delivery log'}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => void sendTest()} disabled={busy !== null}>
          {busy === 'test' ? 'Sending…' : 'Send test event'}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => void togglePause()} disabled={busy !== null}>
          {busy === 'pause' ? (w.paused ? 'Resuming…' : 'Pausing…') : w.paused ? 'Resume' : 'Pause'}
        </button>
        {confirmDelete ? (
          <div
            className="confirm-inline"
            role="group"
            aria-label={`Confirm deleting ${w.url}`}
            onKeyDown={(e) => {
              if (busy !== 'delete') closeOnEscape(cancelDelete)(e);
            }}
          >
            <span className="small strong">Delete this webhook and its delivery log?</span>
            <button
              type="button"
              className="button button-small button-danger"
              onClick={() => void remove()}
              disabled={busy !== null}
              autoFocus
            >
              {busy === 'delete' ? 'Deleting…' : 'Delete webhook'}
            </button>
            <button type="button" className="button button-small button-ghost" onClick={cancelDelete} disabled={busy === 'delete'}>
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="button button-ghost button-small"
            ref={deleteButton}
            onClick={() => setConfirmDelete(true)}
            disabled={busy !== null}
          >
            Delete
          </button>
        )}
      </div>
      {problem && (
        <p className="alert alert-error small" role="alert">
          {problem}
        </p>
      )}
      <div id={`${id}-log`} hidden={!logOpen}>
        {logOpen && (
          <DeliveryLog
            webhookId={w.id}
            url={w.url}
            paused={w.paused}
            follow={follow}
            counts={w.deliveryCounts}
            onChanged={onCountsChanged}
          />
        )}
      </div>
    </article>
  );
}
