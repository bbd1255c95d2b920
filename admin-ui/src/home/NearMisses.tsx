// `/near-misses/:designation?asOf=`: the partners in the caller's scope not meeting a designation's
// requirements with a total of at least 65, as `capabilityScores` lists them (the overview counts the
// same scores), each linking to its partner page with the designation selected.
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { DesignationCode } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { Pager, useCursorPages } from '../ui/Pager';
import { DESIGNATIONS, DESIGNATION_LABELS, monthLabel, points } from '../ui/format';

/** The lowest total of a near miss. */
export const NEAR_MISS_MIN_TOTAL = 65;

export const LatestMonthQuery = graphql(`
  query LatestMonth {
    latestMonth
  }
`);

export const NearMissesQuery = graphql(`
  query NearMisses($asOf: Month!, $designation: DesignationCode!, $minTotal: Float!, $first: Int, $after: String) {
    capabilityScores(
      asOf: $asOf
      designation: $designation
      first: $first
      after: $after
      filter: { meetsRequirements: false, minTotal: $minTotal }
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        total
        pointsToThreshold
        partner {
          partnerId
          name
        }
      }
    }
  }
`);

const PAGE_SIZE = 50;

function isDesignation(v: string | undefined): v is DesignationCode {
  return v != null && (DESIGNATIONS as readonly string[]).includes(v);
}

export function NearMisses() {
  const { designation: param } = useParams();
  const [params] = useSearchParams();
  const designation = isDesignation(param) ? param : undefined;
  const given = params.get('asOf') || undefined;
  const latest = useApiQuery(LatestMonthQuery, {}, { skip: given !== undefined || !designation });
  const asOf = given ?? latest.data?.latestMonth;
  const pages = useCursorPages();
  const list = useApiQuery(
    NearMissesQuery,
    {
      asOf: asOf ?? '',
      designation: designation ?? 'SECURITY',
      minTotal: NEAR_MISS_MIN_TOTAL,
      first: PAGE_SIZE,
      after: pages.after,
    },
    { skip: !designation || !asOf },
  );

  if (!designation) {
    return (
      <section className="card empty-state" role="alert">
        <h1>Unknown designation</h1>
        <p>
          There is no designation <span className="mono">{param}</span>. <Link to="/">Go to the program overview</Link>.
        </p>
      </section>
    );
  }

  const label = DESIGNATION_LABELS[designation];
  const connection = list.data?.capabilityScores;
  const firstIndex = pages.before * PAGE_SIZE;
  const partnerLink = (partnerId: string) => {
    const q = new URLSearchParams({ designation });
    if (given) q.set('asOf', given);
    return `/partners/${encodeURIComponent(partnerId)}?${q.toString()}`;
  };

  return (
    <section aria-labelledby="near-misses-title">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/">Program overview</Link> <span aria-hidden="true">/</span> <span>Near misses</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 id="near-misses-title">{label}: near misses</h1>
          <p className="muted">
            Not meeting requirements with a total of at least {NEAR_MISS_MIN_TOTAL}
            {asOf ? ` · ${monthLabel(asOf)}` : ''}
          </p>
        </div>
      </div>
      <ErrorMessage error={latest.error} onRetry={latest.refetch} />
      <ErrorMessage error={list.error} onRetry={list.refetch} />
      {(latest.loading || list.loading) && <Loading label="Loading the near misses…" />}
      {connection && (
        <div className="card card-flush">
          <p className="table-caption" aria-live="polite" data-testid="near-miss-count">
            {connection.totalCount === 0
              ? `No partner is a near miss for ${label}.`
              : `Showing ${firstIndex + 1}–${firstIndex + connection.nodes.length} of ${connection.totalCount} near misses`}
          </p>
          {connection.nodes.length > 0 && (
            <TableScroll label={`Near misses in ${label}`}>
            <table className="table" aria-label={`Near misses in ${label}`}>
              <thead>
                <tr>
                  <th scope="col">PartnerID</th>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Short of requirements</th>
                </tr>
              </thead>
              <tbody>
                {connection.nodes.map((s) => (
                  <tr key={s.partner.partnerId} data-partner={s.partner.partnerId}>
                    <td className="mono">{s.partner.partnerId}</td>
                    <td>
                      <Link to={partnerLink(s.partner.partnerId)}>{s.partner.name}</Link>
                    </td>
                    <td className="num" data-testid="near-miss-total">
                      {points(s.total)}
                    </td>
                    <td>
                      {s.pointsToThreshold > 0 ? (
                        <span className="badge badge-warn">{points(s.pointsToThreshold)} points missing to 70</span>
                      ) : (
                        <span className="badge badge-warn">A metric below its minimum</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </TableScroll>
          )}
          <Pager pages={pages} pageInfo={connection.pageInfo} loading={list.loading} />
        </div>
      )}
    </section>
  );
}
