// The audit log: who changed what and when, filtered, paged, and exported as CSV.
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { download } from '../api/client';
import { useQuery } from '../api/hooks';
import { graphql } from '../gql';
import type { AuditFilter } from '../gql/graphql';
import { useViewer } from '../auth/viewer';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { Pager, useCursorPages } from '../ui/Pager';

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        occurredAt
        actor
        action
        entityType
        entityKey
        partnerId
        professionalId
        before
        after
        scoreImpact
      }
    }
  }
`);

/** The day after `YYYY-MM-DD`: the filter's "to" day is inclusive, the server's `to` exclusive. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A short, readable summary of a change recorded as JSON. */
function summary(before: string | null | undefined, after: string | null | undefined): string {
  const show = (text: string | null | undefined) => {
    if (!text) return '';
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object') {
        return Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== null && typeof v !== 'object')
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join(', ');
      }
      return String(value);
    } catch {
      return text;
    }
  };
  const b = show(before);
  const a = show(after);
  if (b && a) return `${b} → ${a}`;
  return a || b;
}

const FIELDS = ['partnerId', 'professionalId', 'actor', 'action', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];
const LABELS: Record<Field, string> = {
  partnerId: 'PartnerID',
  professionalId: 'Professional ID',
  actor: 'Changed by',
  action: 'Action',
  from: 'From',
  to: 'To',
};
const PAGE_SIZE = 50;

export function AuditPage() {
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<Record<Field, string>>(() => {
    const v = {} as Record<Field, string>;
    for (const f of FIELDS) v[f] = params.get(f) ?? (f === 'partnerId' && viewer.role === 'PARTNER_ADMIN' ? viewer.partnerId ?? '' : '');
    return v;
  });
  const pages = useCursorPages();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  // The same filter for the list and the export: days in the form, instants for the server.
  const raw: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v) raw[f] = v;
  }
  if (viewer.role === 'PARTNER_ADMIN' && viewer.partnerId) raw.partnerId = viewer.partnerId;
  const exportParams: Record<string, string> = { ...raw } as Record<string, string>;
  if (raw.to) exportParams.to = nextDay(raw.to);
  const filter: AuditFilter = {
    partnerId: raw.partnerId,
    professionalId: raw.professionalId,
    actor: raw.actor,
    action: raw.action,
    from: raw.from ? `${raw.from}T00:00:00Z` : undefined,
    to: raw.to ? `${nextDay(raw.to)}T00:00:00Z` : undefined,
  };
  const { data, error, loading, refetch } = useQuery(AuditEventsQuery, {
    filter,
    first: PAGE_SIZE,
    after: pages.after,
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FIELDS) if (form[f].trim()) next.set(f, form[f].trim());
    pages.reset();
    setParams(next);
  }

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      const query = new URLSearchParams(exportParams).toString();
      await download(`/export/audit${query ? `?${query}` : ''}`, 'audit-log.csv');
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  }

  const connection = data?.auditEvents;
  return (
    <section aria-labelledby="audit-title">
      <div className="page-header">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="muted">Every change to professionals, associations and users, newest first.</p>
        </div>
        <button type="button" className="button button-secondary" onClick={exportCsv} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <ErrorMessage error={exportError} />
      <form className="filters card" onSubmit={apply} aria-label="Filter the audit log">
        {FIELDS.map((f) => (
          <label key={f} className="field">
            <span>{LABELS[f]}</span>
            <input
              type={f === 'from' || f === 'to' ? 'date' : 'text'}
              value={form[f]}
              disabled={f === 'partnerId' && viewer.role === 'PARTNER_ADMIN'}
              onChange={(e) => setForm((v) => ({ ...v, [f]: e.target.value }))}
            />
          </label>
        ))}
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
        </div>
      </form>
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && <Loading label="Loading the audit log…" />}
      {connection && (
        <div className="card card-flush">
          <p className="table-caption">{connection.totalCount} events</p>
          {connection.nodes.length > 0 && (
            <table className="table" aria-label="Audit events">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Professional</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {connection.nodes.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td className="nowrap">{e.occurredAt.replace('T', ' ').slice(0, 19)}</td>
                    <td>{e.actor}</td>
                    <td>
                      <span className="badge badge-neutral">{e.action}</span>
                    </td>
                    <td className="mono">{e.partnerId ?? '—'}</td>
                    <td className="mono">{e.professionalId ?? '—'}</td>
                    <td className="small">
                      <div className="muted">
                        {e.entityType} <span className="mono">{e.entityKey}</span>
                      </div>
                      {summary(e.before, e.after)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager pages={pages} pageInfo={connection.pageInfo} loading={loading} />
        </div>
      )}
    </section>
  );
}
