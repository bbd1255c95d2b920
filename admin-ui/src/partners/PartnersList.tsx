// The partner list: search, filters, ordering and cursor paging (cursor, rows before, page size), all
// kept in the URL so a reload, the back button or a shared link returns to the same page. Each row
// shows the six designations' scores at the list's month as compact badges; the column headers order
// the list (by the API, which pages it); "Export CSV" fetches every page of the filtered list.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { useApi, useApiQuery } from '../api/use-api';
import { useViewer } from '../auth/viewer';
import { graphql } from '../gql';
import type { DesignationCode, PartnerFilterInput, PartnerOrderBy } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { AfterDataNotice, InvalidMonth, isMonth } from '../ui/months';
import { Pager, dropPaging, useUrlPages } from '../ui/Pager';
import { DESIGNATIONS, DESIGNATION_LABELS, points } from '../ui/format';
import './partners-list.css';
import { EXPORT_CAP, type CsvPartner, downloadCsv, partnersCsv } from './partners-csv';

export const PartnersQuery = graphql(`
  query Partners(
    $first: Int
    $after: String
    $filter: PartnerFilterInput
    $orderBy: PartnerOrderBy!
    $asOf: Month
  ) {
    latestMonth
    partners(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        partnerId
        name
        country
        anniversaryDate
        capabilityScores(asOf: $asOf) {
          designationCode
          total
          meetsRequirements
          pointsToThreshold
        }
      }
    }
  }
`);

/**
 * A page of the CSV export: 100 partners of the same filter and order with their six scores. Its
 * cost is about 100 × (4 + 6 × 4) ≈ 2,900, far below the server's limit of 100,000.
 */
export const PartnersExportQuery = graphql(`
  query PartnersExport($after: String, $filter: PartnerFilterInput, $orderBy: PartnerOrderBy!, $asOf: Month) {
    partners(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        partnerId
        name
        country
        capabilityScores(asOf: $asOf) {
          designationCode
          total
          meetsRequirements
        }
      }
    }
  }
`);

/** Short names of the designations on the badges (the full name is the badge's accessible name). */
export const DESIGNATION_SHORT: Record<DesignationCode, string> = {
  BUSINESS_APPLICATIONS: 'BA',
  DATA_AI_AZURE: 'Data',
  DIGITAL_APP_INNOVATION_AZURE: 'Apps',
  INFRASTRUCTURE_AZURE: 'Infra',
  MODERN_WORK: 'MW',
  SECURITY: 'Sec',
};

/** A score with at most one decimal: 63.4, 70, 0.5. */
function shortPoints(value: number): string {
  return (Math.round(value * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

type Score = { designationCode: DesignationCode; total: number; meetsRequirements: boolean };

/**
 * The six designations' scores of one partner: each badge shows the short name, the score and ✓ or ✗
 * besides its colour, and is named in full, e.g. "Security: 63.35 points, not met".
 */
export function ScoreBadges({ scores }: { scores: readonly Score[] }) {
  const byCode = new Map(scores.map((s) => [s.designationCode, s]));
  return (
    <span className="score-badges">
      {DESIGNATIONS.map((d) => {
        const s = byCode.get(d);
        const label = s
          ? `${DESIGNATION_LABELS[d]}: ${points(s.total)} points, ${s.meetsRequirements ? 'met' : 'not met'}`
          : `${DESIGNATION_LABELS[d]}: no score`;
        return (
          <span
            key={d}
            role="img"
            aria-label={label}
            title={label}
            data-designation={d}
            className={`badge score-badge ${s ? (s.meetsRequirements ? 'badge-good' : 'badge-warn') : 'badge-neutral'}`}
          >
            {DESIGNATION_SHORT[d]} {s ? shortPoints(s.total) : '—'} {s ? (s.meetsRequirements ? '✓' : '✗') : ''}
          </span>
        );
      })}
    </span>
  );
}

/** How each ordering of the API reads in `aria-sort` (each has one direction). */
const SORT_DIRECTION: Record<PartnerOrderBy, 'ascending' | 'descending'> = {
  NAME: 'ascending',
  PARTNER_ID: 'ascending',
  SCORE: 'descending',
};

/** A column header that orders the list by `order`; `aria-sort` says whether it does now. */
function SortHeader({
  order,
  current,
  onSort,
  className,
  children,
}: {
  order: PartnerOrderBy;
  current: PartnerOrderBy;
  onSort: (order: PartnerOrderBy) => void;
  className?: string;
  children: string;
}) {
  const active = order === current;
  const direction = SORT_DIRECTION[order];
  return (
    <th scope="col" className={className} aria-sort={active ? direction : undefined}>
      <button
        type="button"
        className="button-link sort-button"
        onClick={() => onSort(order)}
      >
        {children}
        <span aria-hidden="true" className={active ? 'sort-icon sort-icon-active' : 'sort-icon'}>
          {direction === 'ascending' ? (active ? ' ▲' : ' △') : active ? ' ▼' : ' ▽'}
        </span>
      </button>
    </th>
  );
}

const PAGE_SIZE = 25;

function isDesignation(v: string | null): v is DesignationCode {
  return v != null && (DESIGNATIONS as readonly string[]).includes(v);
}

function isOrder(v: string | null): v is PartnerOrderBy {
  return v === 'NAME' || v === 'PARTNER_ID' || v === 'SCORE';
}

function num(v: string | null): number | undefined {
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The filters as typed in the form (strings), read from and written to the URL. */
interface FormValues {
  search: string;
  country: string;
  designation: string;
  attained: string;
  minScore: string;
  maxScore: string;
  asOf: string;
  orderBy: string;
}

const FIELDS: (keyof FormValues)[] = [
  'search',
  'country',
  'designation',
  'attained',
  'minScore',
  'maxScore',
  'asOf',
  'orderBy',
];

function fromParams(params: URLSearchParams): FormValues {
  const values = {} as FormValues;
  for (const f of FIELDS) values[f] = params.get(f) ?? '';
  return values;
}

export function PartnersList() {
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<FormValues>(() => fromParams(params));
  // The page (its cursor, the cursors before it, its first row and its size) is in the URL.
  const pages = useUrlPages(params, setParams, PAGE_SIZE);

  useEffect(() => setForm(fromParams(params)), [params]);

  const designationParam = params.get('designation');
  const designation = isDesignation(designationParam) ? designationParam : undefined;
  const orderParam = params.get('orderBy');
  const orderBy: PartnerOrderBy = isOrder(orderParam) && (orderParam !== 'SCORE' || designation) ? orderParam : 'NAME';
  const attained = params.get('attained');
  const asOfParam = params.get('asOf') || undefined;
  const badMonth = asOfParam !== undefined && !isMonth(asOfParam) ? asOfParam : undefined;
  const asOf = badMonth ? undefined : asOfParam;
  const filter: PartnerFilterInput = {
    search: params.get('search') || undefined,
    country: params.get('country')?.toUpperCase() || undefined,
    designation,
    attained: designation && attained ? attained === 'yes' : undefined,
    minScore: designation ? num(params.get('minScore')) : undefined,
    maxScore: designation ? num(params.get('maxScore')) : undefined,
    asOf,
  };
  const { data, error, loading, refetch } = useApiQuery(
    PartnersQuery,
    {
    first: pages.size,
    after: pages.after,
    filter,
    orderBy,
    asOf,
    },
    { skip: badMonth !== undefined },
  );

  const [exporting, setExporting] = useState<{ done: number; of: number } | null>(null);
  const [exportNote, setExportNote] = useState<string>('');
  const [exportError, setExportError] = useState<unknown>(undefined);
  const exportAbort = useRef<AbortController | null>(null);
  const api = useApi();
  useEffect(() => () => exportAbort.current?.abort(), []);

  if (viewer.role === 'PARTNER_ADMIN' && viewer.partnerId) {
    return <Navigate to={`/partners/${encodeURIComponent(viewer.partnerId)}`} replace />;
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      const v = form[f].trim();
      if (v) next.set(f, v);
    }
    const size = params.get('size');
    if (size) next.set('size', size);
    setParams(next);
  }

  function clear() {
    const next = new URLSearchParams();
    const size = params.get('size');
    if (size) next.set('size', size);
    setParams(next);
  }

  /** Orders by a column header: the order goes to the URL, and the list starts again at page 1. */
  function sort(order: PartnerOrderBy) {
    const next = dropPaging(params);
    if (order === 'NAME') next.delete('orderBy');
    else next.set('orderBy', order);
    setParams(next);
  }

  /** Fetches every page of the filtered list (up to `EXPORT_CAP` rows) and offers it as a CSV. */
  async function exportCsv(total: number, month: string | undefined) {
    exportAbort.current?.abort();
    const controller = new AbortController();
    exportAbort.current = controller;
    const of = Math.min(total, EXPORT_CAP);
    setExportError(undefined);
    setExportNote('');
    setExporting({ done: 0, of });
    const rows: CsvPartner[] = [];
    let after: string | undefined;
    try {
      for (;;) {
        const page = await api.query(PartnersExportQuery, { after, filter, orderBy, asOf }, { signal: controller.signal });
        rows.push(...page.partners.nodes);
        setExporting({ done: Math.min(rows.length, of), of });
        const end = page.partners.pageInfo.endCursor;
        if (!page.partners.pageInfo.hasNextPage || !end || rows.length >= EXPORT_CAP) break;
        after = end;
      }
      const kept = rows.slice(0, EXPORT_CAP);
      downloadCsv(partnersCsv(kept), `partners-${month ?? 'latest'}.csv`);
      setExportNote(
        total > EXPORT_CAP
          ? `Exported the first ${kept.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} partners (at most ${EXPORT_CAP.toLocaleString('en-US')}); narrow the filters for the rest.`
          : `Exported ${kept.length.toLocaleString('en-US')} partners.`,
      );
    } catch (e) {
      if (!controller.signal.aborted) setExportError(e);
    } finally {
      if (exportAbort.current === controller) {
        exportAbort.current = null;
        setExporting(null);
      }
    }
  }

  function cancelExport() {
    exportAbort.current?.abort();
    exportAbort.current = null;
    setExporting(null);
    setExportNote('Export cancelled.');
  }

  const set = (field: keyof FormValues) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const connection = data?.partners;
  const firstIndex = pages.offset;
  const withoutMonth = dropPaging(params);
  withoutMonth.delete('asOf');

  return (
    <section aria-labelledby="partners-title">
      <div className="page-header">
        <div>
          <h1 id="partners-title">Partners</h1>
          <p className="muted">
            Scores as of {asOf ?? data?.latestMonth ?? 'the latest month'}
            {designation ? ` · ${DESIGNATION_LABELS[designation]}` : ''}
          </p>
        </div>
      </div>

      <form className="filters card" onSubmit={apply} aria-label="Filter partners">
        <label className="field field-wide">
          <span>Search</span>
          <input type="search" placeholder="Name or PartnerID" value={form.search} onChange={set('search')} />
        </label>
        <label className="field field-narrow">
          <span>Country</span>
          <input
            type="text"
            maxLength={2}
            placeholder="e.g. US"
            value={form.country}
            onChange={set('country')}
            pattern="[A-Za-z]{2}"
            title="Two-letter country code"
          />
        </label>
        <label className="field">
          <span>Designation</span>
          <select value={form.designation} onChange={set('designation')}>
            <option value="">Any</option>
            {DESIGNATIONS.map((d) => (
              <option key={d} value={d}>
                {DESIGNATION_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-narrow">
          <span>Attained</span>
          <select value={form.attained} onChange={set('attained')} disabled={!form.designation}>
            <option value="">Either</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </label>
        <label className="field field-narrow">
          <span>Min score</span>
          <input
            type="number"
            min={0}
            max={100}
            step="any"
            value={form.minScore}
            onChange={set('minScore')}
            disabled={!form.designation}
          />
        </label>
        <label className="field field-narrow">
          <span>Max score</span>
          <input
            type="number"
            min={0}
            max={100}
            step="any"
            value={form.maxScore}
            onChange={set('maxScore')}
            disabled={!form.designation}
          />
        </label>
        <label className="field field-narrow">
          <span>As of</span>
          <input type="month" value={form.asOf} onChange={set('asOf')} max={data?.latestMonth} />
        </label>
        <label className="field field-order">
          <span>Order by</span>
          <select value={form.orderBy} onChange={set('orderBy')}>
            <option value="NAME">Name</option>
            <option value="PARTNER_ID">PartnerID</option>
            <option value="SCORE" disabled={!form.designation}>
              Score (highest first)
            </option>
          </select>
        </label>
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
          <button type="button" className="button button-secondary" onClick={clear}>
            Clear
          </button>
        </div>
      </form>

      {badMonth !== undefined && (
        <InvalidMonth value={badMonth} latestHref={`/partners${withoutMonth.toString() ? `?${withoutMonth.toString()}` : ''}`} />
      )}
      <AfterDataNotice month={asOf} latestMonth={data?.latestMonth} />
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && <Loading label="Loading partners…" />}
      {connection && (
        <div className="card card-flush">
          <div className="table-toolbar">
            <p className="table-caption" aria-live="polite">
              {connection.totalCount === 0
                ? 'No partner matches these filters.'
                : `Showing ${firstIndex + 1}–${firstIndex + connection.nodes.length} of ${connection.totalCount} partners`}
            </p>
            {connection.totalCount > 0 &&
              (exporting ? (
                <button type="button" className="button button-secondary button-small" onClick={cancelExport}>
                  Cancel export
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => void exportCsv(connection.totalCount, asOf ?? data?.latestMonth ?? undefined)}
                >
                  Export CSV
                </button>
              ))}
          </div>
          <p className="export-status" role="status">
            {exporting
              ? `Exporting… ${exporting.done.toLocaleString('en-US')} of ${exporting.of.toLocaleString('en-US')} partners`
              : exportNote}
          </p>
          {exporting && (
            <progress className="export-progress" max={exporting.of || 1} value={exporting.done} aria-label="Export progress" />
          )}
          <ErrorMessage error={exportError} />
          {connection.nodes.length > 0 && (
            <TableScroll label="Partners">
            <table className="table" aria-label="Partners">
              <thead>
                <tr>
                  <SortHeader order="PARTNER_ID" current={orderBy} onSort={sort}>
                    PartnerID
                  </SortHeader>
                  <SortHeader order="NAME" current={orderBy} onSort={sort}>
                    Name
                  </SortHeader>
                  <th scope="col">Country</th>
                  <th scope="col">Anniversary</th>
                  {designation && (
                    <>
                      <SortHeader order="SCORE" current={orderBy} onSort={sort} className="num">
                        {`${DESIGNATION_LABELS[designation]} score`}
                      </SortHeader>
                      <th scope="col">Status</th>
                    </>
                  )}
                  <th scope="col">Scores</th>
                </tr>
              </thead>
              <tbody>
                {connection.nodes.map((p) => {
                  const chosen = designation && p.capabilityScores.find((s) => s.designationCode === designation);
                  return (
                    <tr key={p.partnerId}>
                      <td className="mono">{p.partnerId}</td>
                      <td>
                        <Link to={`/partners/${encodeURIComponent(p.partnerId)}`}>{p.name}</Link>
                      </td>
                      <td>{p.country}</td>
                      <td>{p.anniversaryDate ?? '—'}</td>
                      {designation && (
                        <>
                          <td className="num">{chosen ? points(chosen.total) : '—'}</td>
                          <td>
                            {!chosen ? (
                              '—'
                            ) : chosen.meetsRequirements ? (
                              <span className="badge badge-good">Meets requirements</span>
                            ) : (
                              <span className="badge badge-warn">{points(chosen.pointsToThreshold)} points missing</span>
                            )}
                          </td>
                        </>
                      )}
                      <td>
                        <ScoreBadges scores={p.capabilityScores} />
                      </td>
                    </tr>
                  );
                })}
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
