// One webhook's delivery log, newest first: each delivery's status, attempts, event, the receiver's
// last answer, when it is tried next (so the back-off shows) and when it was delivered. A failed or
// pending delivery can be retried now. The log follows a delivery just queued (a test event, a retry)
// for a little while, and can be refreshed by hand.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { useApi } from '../api/use-api';
import type {
  UserErrorFieldsFragment as UserError,
  WebhookDeliveriesQuery,
  WebhookDeliveryFieldsFragment as Delivery,
  WebhookDeliveryStatus,
} from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { DESIGNATION_LABELS, instant, points, relative } from '../ui/format';
import { DELIVERY_STATUSES, DELIVERY_STATUS_LABELS, DELIVERY_STATUS_TONES, EVENT_KIND_LABELS } from './labels';
import { RedeliverWebhookDelivery, WebhookDeliveriesQuery as DeliveriesQuery } from './operations';

const PAGE_SIZE = 20;
const MAX_PAGE = 100;
/** How often, and how long, a delivery just queued is followed until it leaves PENDING. */
const FOLLOW_EVERY_MS = 2000;
const FOLLOW_FOR_MS = 30_000;

/** A request to follow a delivery: the page bumps `at` for each test event it sends. */
export interface FollowSignal {
  deliveryId: string | null;
  at: number;
}

type Counts = NonNullable<WebhookDeliveriesQuery['webhook']>['deliveryCounts'];

/** When a delivery is tried next, for people: the back-off of a failed attempt shows here. */
export function nextAttemptText(d: Delivery, now: number): string | null {
  if (d.status !== 'PENDING' || !d.nextAttemptAt) return null;
  const when = instant(d.nextAttemptAt);
  const t = new Date(d.nextAttemptAt).getTime();
  const due = t <= now ? 'due now' : relative(d.nextAttemptAt, now);
  return d.attempts === 0 ? `First attempt at ${when} (${due})` : `Retry at ${when} (${due})`;
}

function total(value: number | undefined): string {
  return value === undefined ? '—' : points(value);
}

/** What was sent: the kind, the partner, the designation and the total before → after. */
function EventSummary({ event }: { event: Delivery['event'] }) {
  if (!event) return <span className="muted">The event is no longer stored.</span>;
  return (
    <div className="delivery-event">
      <span className="badge badge-neutral" data-kind={event.kind}>
        {EVENT_KIND_LABELS[event.kind]}
      </span>
      {event.partner && (
        <div>
          <span className="mono">{event.partner.partnerId}</span> {event.partner.name}
        </div>
      )}
      {event.designation && <div>{DESIGNATION_LABELS[event.designation]}</div>}
      {(event.before || event.after) && (
        <div className="nowrap" data-testid="delivery-totals">
          {total(event.before?.total)} → {total(event.after?.total)}
        </div>
      )}
      <div className="muted small mono">{event.id}</div>
    </div>
  );
}

export function DeliveryLog({
  webhookId,
  url,
  paused,
  follow,
  counts: shown,
  onChanged,
  now = Date.now,
}: {
  webhookId: string;
  url: string;
  paused: boolean;
  /** Follow this delivery (just queued by the page) until it is no longer pending. */
  follow?: FollowSignal | undefined;
  /** The counts the page shows: when the log finds others, it calls `onChanged`. */
  counts?: Counts | undefined;
  /** The deliveries moved (the counts differ from the page's): the page loads its counts again. */
  onChanged?: () => void;
  now?: () => number;
}) {
  const id = useId();
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const [items, setItems] = useState<Delivery[]>([]);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [pageInfo, setPageInfo] = useState<{ hasNextPage: boolean; endCursor: string | null }>({
    hasNextPage: false,
    endCursor: null,
  });
  const [loading, setLoading] = useState<'first' | 'more' | 'refresh' | null>('first');
  const [loaded, setLoaded] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  // The deliveries followed, each until when.
  const [followed, setFollowed] = useState<Record<string, number>>({});
  const api = useApi();
  const sequence = useRef(0);
  const alive = useRef(true);
  const state = useRef({ items, pageInfo, status, onChanged, shown });
  state.current = { items, pageInfo, status, onChanged, shown };

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback(
    async (mode: 'first' | 'more' | 'refresh') => {
      const { items: current, pageInfo: info, status: filter } = state.current;
      const seq = ++sequence.current;
      setLoading(mode);
      setError(null);
      try {
        const first = mode === 'refresh' ? Math.min(Math.max(current.length, PAGE_SIZE), MAX_PAGE) : PAGE_SIZE;
        const after = mode === 'more' ? info.endCursor ?? undefined : undefined;
        const data = await api.query(DeliveriesQuery, { id: webhookId, first, after, status: filter || null });
        if (!alive.current || seq !== sequence.current) return;
        const webhook = data.webhook;
        if (!webhook) {
          setMissing(true);
          setItems([]);
          return;
        }
        const nodes = webhook.deliveries.nodes;
        const page = state.current.shown;
        const fresh = webhook.deliveryCounts;
        if (page && (page.pending !== fresh.pending || page.delivered !== fresh.delivered || page.failed !== fresh.failed)) {
          state.current.onChanged?.();
        }
        setItems((old) => (mode === 'more' ? [...old, ...nodes.filter((n) => !old.some((o) => o.id === n.id))] : nodes));
        setPageInfo({
          hasNextPage: webhook.deliveries.pageInfo.hasNextPage,
          endCursor: webhook.deliveries.pageInfo.endCursor ?? null,
        });
        setCounts(webhook.deliveryCounts);
        setMissing(false);
        setLoaded(true);
        setLoadedAt(Date.now());
      } catch (e) {
        if (alive.current && seq === sequence.current) setError(e);
      } finally {
        if (alive.current && seq === sequence.current) setLoading(null);
      }
    },
    [webhookId, api],
  );

  // The first page, again for each filter.
  useEffect(() => {
    void load('first');
  }, [load, status]);

  // A delivery the page just queued: refresh soon, and keep following it.
  const followAt = follow?.at;
  const followId = follow?.deliveryId;
  useEffect(() => {
    if (followAt === undefined) return;
    if (followId) {
      setFollowed((f) => ({ ...f, [followId]: Date.now() + FOLLOW_FOR_MS }));
      return;
    }
    const timer = setTimeout(() => void load('refresh'), FOLLOW_EVERY_MS);
    return () => clearTimeout(timer);
  }, [followAt, followId, load]);

  // While a followed delivery is still pending (or not listed yet), refresh every few seconds.
  useEffect(() => {
    if (loading !== null) return;
    const t = Date.now();
    const open = Object.entries(followed).filter(([deliveryId, until]) => {
      if (until <= t) return false;
      const d = items.find((i) => i.id === deliveryId);
      return !d || d.status === 'PENDING';
    });
    if (open.length !== Object.keys(followed).length) {
      setFollowed(Object.fromEntries(open));
      if (open.length === 0) return;
    }
    if (open.length === 0 || paused) return;
    const timer = setTimeout(() => void load('refresh'), FOLLOW_EVERY_MS);
    return () => clearTimeout(timer);
  }, [followed, items, loading, paused, load]);

  async function retry(d: Delivery) {
    setRetrying(d.id);
    setRowErrors(({ [d.id]: _, ...rest }) => rest);
    try {
      const result = await api.mutate(RedeliverWebhookDelivery, { id: d.id });
      const payload = result.redeliverWebhookDelivery;
      if (payload.userErrors.length > 0) {
        setRowErrors((r) => ({ ...r, [d.id]: messages(payload.userErrors) }));
        return;
      }
      const queued = payload.delivery;
      if (queued) {
        setItems((old) => old.map((o) => (o.id === queued.id ? queued : o)));
        setFollowed((f) => ({ ...f, [queued.id]: Date.now() + FOLLOW_FOR_MS }));
      }
      state.current.onChanged?.();
    } catch (e) {
      setRowErrors((r) => ({ ...r, [d.id]: errorMessage(e) }));
    } finally {
      if (alive.current) setRetrying(null);
    }
  }

  const at = now();
  const following = Object.keys(followed).length > 0;
  return (
    <section className="delivery-log" aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h3 id={`${id}-title`}>Delivery log</h3>
        <div className="toolbar">
          <label className="field field-inline">
            <span>Status</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as WebhookDeliveryStatus | '')}>
              <option value="">All statuses</option>
              {DELIVERY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {DELIVERY_STATUS_LABELS[s]}
                  {counts ? ` (${counts[s === 'PENDING' ? 'pending' : s === 'DELIVERED' ? 'delivered' : 'failed']})` : ''}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => void load('refresh')}
            disabled={loading !== null}
          >
            {loading === 'refresh' ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {paused && (
        <p className="alert alert-info small">Paused: queued deliveries wait until the webhook is resumed.</p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {following ? 'Following the delivery just queued…' : loaded ? `${items.length} deliveries shown.` : ''}
      </p>
      <ErrorMessage error={error} onRetry={() => void load(loaded ? 'refresh' : 'first')} />
      {missing && (
        <p className="alert alert-error" role="alert">
          This webhook no longer exists (it may have been deleted).
        </p>
      )}
      {loading === 'first' && <Loading label="Loading the delivery log…" />}
      {loaded && !missing && items.length === 0 && loading !== 'first' && (
        <p className="muted empty-state">
          {status ? `No ${DELIVERY_STATUS_LABELS[status].toLowerCase()} deliveries.` : 'No deliveries yet: send a test event to check the receiver.'}
        </p>
      )}
      {items.length > 0 && (
        <TableScroll label={`Delivery log of ${url}`}>
          <table className="table table-compact" aria-label={`Delivery log of ${url}`}>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Event</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Delivered</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-status={d.status} data-delivery={d.id}>
                  <td>
                    <span className={`badge badge-${DELIVERY_STATUS_TONES[d.status]}`} data-testid="delivery-status">
                      {DELIVERY_STATUS_LABELS[d.status]}
                    </span>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    <EventSummary event={d.event} />
                  </td>
                  <td className="small">
                    {d.lastAttemptAt ? (
                      <>
                        <div className="nowrap">{instant(d.lastAttemptAt)}</div>
                        {d.lastStatusCode !== null && <div>HTTP {d.lastStatusCode}</div>}
                        {d.lastError && <div className="delivery-error">{d.lastError}</div>}
                      </>
                    ) : (
                      <span className="muted">Not tried yet</span>
                    )}
                  </td>
                  <td className="small" data-testid="next-attempt">
                    {nextAttemptText(d, at) ?? <span className="muted">—</span>}
                  </td>
                  <td className="small nowrap">{d.deliveredAt ? instant(d.deliveredAt) : <span className="muted">—</span>}</td>
                  <td>
                    {(d.status === 'FAILED' || d.status === 'PENDING') && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => void retry(d)}
                        disabled={retrying !== null}
                        aria-label={`Retry now: delivery of ${d.event ? EVENT_KIND_LABELS[d.event.kind] : 'an event'} queued ${instant(d.createdAt)}`}
                      >
                        {retrying === d.id ? 'Retrying…' : 'Retry now'}
                      </button>
                    )}
                    {rowErrors[d.id] && (
                      <p className="field-error" role="alert">
                        {rowErrors[d.id]}
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <div className="delivery-log-footer">
        {pageInfo.hasNextPage && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void load('more')}
            disabled={loading !== null}
          >
            {loading === 'more' ? 'Loading…' : 'Load more'}
          </button>
        )}
        {loadedAt !== null && <span className="muted small">Updated {instant(new Date(loadedAt).toISOString())}</span>}
      </div>
    </section>
  );
}

function messages(errors: readonly UserError[]): string {
  return errors.map((e) => e.message).join(' ');
}
