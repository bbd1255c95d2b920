// The partner list: search, filters, ordering and cursor paging (cursor, rows before, page size), all
// kept in the URL so a reload, the back button or a shared link returns to the same page.
import { type FormEvent, useEffect, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { useQuery } from '../api/hooks';
import { useViewer } from '../auth/viewer';
import { graphql } from '../gql';
import type { DesignationCode, PartnerFilterInput, PartnerOrderBy } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { AfterDataNotice, InvalidMonth, isMonth } from '../ui/months';
import { Pager, dropPaging, useUrlPages } from '../ui/Pager';
import { DESIGNATIONS, DESIGNATION_LABELS, points } from '../ui/format';

export const PartnersQuery = graphql(`
  query Partners(
    $first: Int
    $after: String
    $filter: PartnerFilterInput
    $orderBy: PartnerOrderBy!
    $designation: DesignationCode!
    $asOf: Month
    $withScore: Boolean!
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
        capabilityScore(designation: $designation, asOf: $asOf) @include(if: $withScore) {
          total
          meetsRequirements
          pointsToThreshold
        }
      }
    }
  }
`);

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
  const { data, error, loading, refetch } = useQuery(
    PartnersQuery,
    {
    first: pages.size,
    after: pages.after,
    filter,
    orderBy,
    designation: designation ?? 'SECURITY',
    asOf,
    withScore: designation !== undefined,
    },
    { skip: badMonth !== undefined },
  );

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
          <p className="table-caption" aria-live="polite">
            {connection.totalCount === 0
              ? 'No partner matches these filters.'
              : `Showing ${firstIndex + 1}–${firstIndex + connection.nodes.length} of ${connection.totalCount} partners`}
          </p>
          {connection.nodes.length > 0 && (
            <TableScroll label="Partners">
            <table className="table" aria-label="Partners">
              <thead>
                <tr>
                  <th scope="col">PartnerID</th>
                  <th scope="col">Name</th>
                  <th scope="col">Country</th>
                  <th scope="col">Anniversary</th>
                  {designation && (
                    <>
                      <th scope="col" className="num">
                        {DESIGNATION_LABELS[designation]} score
                      </th>
                      <th scope="col">Status</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {connection.nodes.map((p) => (
                  <tr key={p.partnerId}>
                    <td className="mono">{p.partnerId}</td>
                    <td>
                      <Link to={`/partners/${encodeURIComponent(p.partnerId)}`}>{p.name}</Link>
                    </td>
                    <td>{p.country}</td>
                    <td>{p.anniversaryDate ?? '—'}</td>
                    {designation && p.capabilityScore && (
                      <>
                        <td className="num">{points(p.capabilityScore.total)}</td>
                        <td>
                          {p.capabilityScore.meetsRequirements ? (
                            <span className="badge badge-good">Meets requirements</span>
                          ) : (
                            <span className="badge badge-warn">
                              {points(p.capabilityScore.pointsToThreshold)} points missing
                            </span>
                          )}
                        </td>
                      </>
                    )}
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
