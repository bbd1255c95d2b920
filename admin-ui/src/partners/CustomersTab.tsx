// A partner's customers: each association (CPOR, PAL, DPOR, CSP) with its tenant, type, workload and
// days, and what the customer counts for at the page's month and why, from the facts of the partner's
// scores (each metric names the customers it counted or not). The ended associations (`ended`) and
// the page are kept in the URL.
import { useSearchParams } from 'react-router-dom';
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { AssociationType } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { monthLabel, outcomeTone, today } from '../ui/format';
import { Pager, dropPaging, useUrlPages } from '../ui/Pager';
import { TableScroll } from '../ui/TableScroll';
import { countSummary, countTitle, countsOf, customerFacts } from './customer-facts';
import './customers.css';

export const CustomersQuery = graphql(`
  query PartnerCustomers($partnerId: String!, $activeOnly: Boolean!, $first: Int, $after: String) {
    partner(partnerId: $partnerId) {
      partnerId
      customerAssociations(activeOnly: $activeOnly, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          associationType
          workload
          startDate
          endDate
          customer {
            id
            tenantId
            tpid
            name
            country
            segment
          }
        }
      }
    }
  }
`);

/** The facts of every designation's score at the month: the customers each metric names. */
export const CustomerFactsQuery = graphql(`
  query PartnerCustomerFacts($partnerId: String!, $asOf: Month, $ruleSet: String) {
    partner(partnerId: $partnerId) {
      partnerId
      capabilityScores(asOf: $asOf, ruleSet: $ruleSet) {
        designationCode
        asOf
        ruleSet
        metrics {
          metric
          category
          facts {
            kind
            subject
            outcome
            detail
            numbers {
              name
              value
            }
          }
        }
      }
    }
  }
`);

export const ASSOCIATION_TYPE_LABELS: Record<AssociationType, string> = {
  CPOR: 'CPOR',
  PAL: 'PAL',
  DPOR: 'DPOR',
  CSP_T1: 'CSP (direct bill)',
  CSP_T2: 'CSP (indirect reseller)',
};

const PAGE_SIZE = 50;

export function CustomersTab({
  partnerId,
  asOf,
  ruleSet,
  latestMonth,
}: {
  partnerId: string;
  asOf: string | undefined;
  ruleSet: string | undefined;
  latestMonth: string;
}) {
  const [params, setParams] = useSearchParams();
  const activeOnly = params.get('ended') !== '1';
  const pages = useUrlPages(params, setParams, PAGE_SIZE);
  const list = useApiQuery(CustomersQuery, { partnerId, activeOnly, first: pages.size, after: pages.after });
  const scores = useApiQuery(CustomerFactsQuery, { partnerId, asOf, ruleSet });
  const connection = list.data?.partner?.customerAssociations;
  const scored = scores.data?.partner?.capabilityScores ?? [];
  const facts = customerFacts(scored);
  const month = scored[0]?.asOf ?? asOf ?? latestMonth;

  const setEnded = (on: boolean) => {
    const next = dropPaging(params);
    if (on) next.set('ended', '1');
    else next.delete('ended');
    setParams(next);
  };

  return (
    <section aria-labelledby="customers-title">
      <div className="section-header">
        <h2 id="customers-title">Customers</h2>
        <div className="toolbar">
          <label className="checkbox">
            <input type="checkbox" checked={!activeOnly} onChange={(e) => setEnded(e.target.checked)} />
            Include ended associations
          </label>
        </div>
      </div>
      <ErrorMessage error={list.error} onRetry={list.refetch} />
      <ErrorMessage error={scores.error} onRetry={scores.refetch} />
      {list.loading && !connection && <Loading label="Loading customers…" />}
      {scores.loading && !scores.data && <Loading label="Loading what each customer counts for…" />}
      {connection && (
        <div className="card card-flush">
          <p className="table-caption" aria-live="polite">
            {connection.totalCount === 0
              ? activeOnly
                ? 'No customer association is in force for this partner.'
                : 'No customer is associated with this partner.'
              : `${connection.totalCount} ${activeOnly ? 'current' : ''} customer associations · what they count for as of ${monthLabel(month)}${scored[0] ? ` (rule set ${scored[0].ruleSet})` : ''}`}
          </p>
          {connection.nodes.length > 0 && (
            <TableScroll label="Customers">
              <table className="table customers-table" aria-label="Customers">
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Association</th>
                    <th scope="col">Start</th>
                    <th scope="col">End</th>
                    <th scope="col">Counts for ({monthLabel(month)})</th>
                  </tr>
                </thead>
                <tbody>
                  {connection.nodes.map((a) => {
                    const c = a.customer;
                    const counts = countsOf(facts, c);
                    const ended = Boolean(a.endDate && a.endDate < today());
                    return (
                      <tr key={a.id} data-tenant={c.tenantId} className={ended ? 'row-ended' : undefined}>
                        <td className="customer-cell">
                          <div className="strong">{c.name}</div>
                          <div className="mono small muted customer-tenant">{c.tenantId}</div>
                          <div className="small muted">
                            {c.country}
                            {c.segment && <> · {c.segment === 'SMB' ? 'SMB' : 'Enterprise'}</>}
                            {c.tpid && c.tpid !== c.tenantId && (
                              <>
                                {' '}
                                · TPID <span className="mono">{c.tpid}</span>
                              </>
                            )}
                          </div>
                        </td>
                        <td>
                          <span className="badge badge-neutral">
                            {a.associationType ? ASSOCIATION_TYPE_LABELS[a.associationType] : 'Unknown type'}
                          </span>
                          <div className="small muted">{a.workload ?? 'all workloads'}</div>
                        </td>
                        <td className="nowrap">{a.startDate}</td>
                        <td className="nowrap">{a.endDate ?? <span className="muted">open</span>}</td>
                        <td>
                          {scores.data === undefined ? (
                            <span className="muted">…</span>
                          ) : counts.length === 0 ? (
                            <span className="muted">No metric names it</span>
                          ) : (
                            <ul className="plain-list small customer-counts" aria-label={`What ${c.name} counts for`}>
                              {counts.map((n, i) => (
                                <li key={i} data-designation={n.designation} data-metric={n.metric} data-outcome={n.outcome}>
                                  <strong>{countTitle(n)}</strong>:{' '}
                                  <span className={`outcome outcome-${outcomeTone(n.outcome)}`}>{countSummary(n)}</span>
                                  <div className="muted">{n.detail}</div>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    );
                  })}
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
