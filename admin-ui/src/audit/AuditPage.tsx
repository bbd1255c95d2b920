// The audit log: who changed what and when, filtered, paged (the page kept in the URL), and exported
// as CSV.
import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { download } from '../api/download';
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { AuditFilter } from '../gql/graphql';
import { useViewer } from '../auth/viewer';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { Pager, useUrlPages } from '../ui/Pager';

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

/** The scalar fields of a recorded object; a nested `association` is read in place, a `move` in words. */
function describe(value: Record<string, unknown>): string[] {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object') parts.push(`${k}: ${String(v)}`);
    else if (Array.isArray(v)) continue;
    else if (k === 'move') {
      const m = v as Record<string, unknown>;
      parts.unshift(`moved from ${String(m.from ?? '?')} to ${String(m.to ?? '?')} on ${String(m.on ?? '?')}`);
    } else {
      const inner = describe(v as Record<string, unknown>);
      parts.push(...(k === 'association' ? inner : inner.map((p) => `${k}.${p}`)));
    }
  }
  return parts;
}

/** A short, readable summary of a change recorded as JSON. */
export function summary(before: string | null | undefined, after: string | null | undefined): string {
  const show = (text: string | null | undefined) => {
    if (!text) return '';
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return describe(value as Record<string, unknown>).join(', ');
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

/** The actions the server records, for the Action filter. */
export const AUDIT_ACTIONS = [
  'professional.create',
  'professional.update',
  'certification.add',
  'certification.remove',
  'professional.associate',
  'association.end',
  'professional.move',
  'bulk.associate',
  'specialization.record',
  'specialization.renew',
  'specialization.end',
  'user.create',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.clear_login_throttle',
  'webhook.create',
  'webhook.update',
  'webhook.pause',
  'webhook.resume',
  'webhook.delete',
] as const;

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
  // A partner admin sees only its own partner's events: its field shows its own PartnerID, whatever
  // the URL says.
  const ownPartner = viewer.role === 'PARTNER_ADMIN' ? viewer.partnerId ?? '' : null;
  const fromParams = (p: URLSearchParams) => {
    const v = {} as Record<Field, string>;
    for (const f of FIELDS) v[f] = p.get(f) ?? '';
    if (ownPartner !== null) v.partnerId = ownPartner;
    return v;
  };
  const [form, setForm] = useState<Record<Field, string>>(() => fromParams(params));
  useEffect(() => setForm(fromParams(params)), [params]); // eslint-disable-line react-hooks/exhaustive-deps
  const pages = useUrlPages(params, setParams, PAGE_SIZE);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  // The same filter for the list and the export: days in the form, instants for the server.
  const raw: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v) raw[f] = v;
  }
  if (ownPartner !== null) raw.partnerId = ownPartner || undefined;
  // From after To matches nothing: said, not asked.
  const badRange = Boolean(raw.from && raw.to && raw.from > raw.to);
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
  const { data, error, loading, refetch } = useApiQuery(
    AuditEventsQuery,
    { filter, first: pages.size, after: pages.after },
    { skip: badRange },
  );

  /** New filters: the first page, with the page size kept. */
  function filtersToUrl(values: Record<Field, string>) {
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      if (f === 'partnerId' && ownPartner !== null) continue;
      if (values[f].trim()) next.set(f, values[f].trim());
    }
    const size = params.get('size');
    if (size) next.set('size', size);
    setParams(next);
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    filtersToUrl(form);
  }

  function clear() {
    const empty = {} as Record<Field, string>;
    for (const f of FIELDS) empty[f] = '';
    setForm(fromParams(new URLSearchParams()));
    filtersToUrl(empty);
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
            {f === 'action' ? (
              <select value={form.action} onChange={(e) => setForm((v) => ({ ...v, action: e.target.value }))}>
                <option value="">Any</option>
                {form.action && !(AUDIT_ACTIONS as readonly string[]).includes(form.action) && (
                  <option value={form.action}>{form.action}</option>
                )}
                {AUDIT_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type={f === 'from' || f === 'to' ? 'date' : 'text'}
                value={form[f]}
                disabled={f === 'partnerId' && ownPartner !== null}
                onChange={(e) => setForm((v) => ({ ...v, [f]: e.target.value }))}
              />
            )}
          </label>
        ))}
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
          <button type="button" className="button button-secondary" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      {badRange && (
        <div className="alert alert-error" role="alert" data-testid="bad-range">
          <p>
            From ({raw.from}) is after To ({raw.to}): no event can match. Choose a From day on or before the To day.
          </p>
        </div>
      )}
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && <Loading label="Loading the audit log…" />}
      {connection && !badRange && (
        <div className="card card-flush">
          <p className="table-caption">
            {connection.totalCount === 0
              ? '0 events'
              : `Showing ${pages.offset + 1}–${pages.offset + connection.nodes.length} of ${connection.totalCount} events`}
          </p>
          {connection.nodes.length > 0 && (
            <TableScroll label="Audit events">
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
            </TableScroll>
          )}
          <Pager pages={pages} pageInfo={connection.pageInfo} loading={loading} />
        </div>
      )}
    </section>
  );
}
