// The start page: where the program stands at the latest month over the partners in the caller's scope
// (the server scopes it: a partner admin sees its own partner). Per designation the partners scored,
// those meeting requirements, the near misses (each count a link to the list of them) and those at
// risk; and the Microsoft Cloud badges.
import { Link } from 'react-router-dom';
import { useApiQuery } from '../api/use-api';
import { useViewer } from '../auth/viewer';
import { graphql } from '../gql';
import type { DesignationCode } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { DESIGNATION_LABELS, monthLabel } from '../ui/format';

export const ProgramOverviewQuery = graphql(`
  query ProgramOverview {
    programSummary {
      asOf
      designations {
        designation
        partners
        meetingRequirements
        nearMiss
      }
    }
  }
`);

// The badges read every partner's qualification window and the at-risk counts every forecast (seconds
// for thousands of partners): each is asked apart, so the counts above show at once and these fill in
// when they are ready.
export const ProgramBadgesQuery = graphql(`
  query ProgramBadges {
    programSummary {
      microsoftCloudBadges
    }
  }
`);

export const ProgramRiskQuery = graphql(`
  query ProgramRisk {
    programSummary {
      designations {
        designation
        atRisk
      }
    }
  }
`);

/** The near misses of a designation at a month: the list the overview's counts link to. */
export function nearMissPath(designation: DesignationCode, asOf: string): string {
  return `/near-misses/${designation}?asOf=${encodeURIComponent(asOf)}`;
}

const NEAR_MISS_TITLE =
  'Not meeting requirements with a total of at least 65: within 5 points of 70, or at 70 or more with a metric below its minimum.';
const AT_RISK_TITLE =
  'Requirements met now but, if nothing new happens, not at the partner’s next anniversary.';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ProgramOverview() {
  const viewer = useViewer();
  const { data, error, loading, refetch } = useApiQuery(ProgramOverviewQuery, {});
  const badges = useApiQuery(ProgramBadgesQuery, {});
  const risk = useApiQuery(ProgramRiskQuery, {});
  const summary = data?.programSummary;
  const badgeCount = badges.data?.programSummary.microsoftCloudBadges;
  const riskLines = risk.data?.programSummary.designations;
  const atRisk = (designation: DesignationCode): string => {
    if (!riskLines) return risk.loading ? '…' : '—';
    return String(riskLines.find((d) => d.designation === designation)?.atRisk ?? '—');
  };
  const own = viewer.role === 'PARTNER_ADMIN' && viewer.partnerId ? viewer.partnerId : null;

  return (
    <section aria-labelledby="overview-title">
      <div className="page-header">
        <div>
          <h1 id="overview-title">Program overview</h1>
          <p className="muted">
            {own ? 'Your partner' : 'The partners you can see'}
            {summary ? ` as of ${monthLabel(summary.asOf)}, the latest month with data` : ''}
          </p>
        </div>
        <div className="page-header-controls">
          {own ? (
            <Link className="button button-secondary" to={`/partners/${encodeURIComponent(own)}`}>
              Open my partner
            </Link>
          ) : (
            <Link className="button button-secondary" to="/partners">
              All partners
            </Link>
          )}
        </div>
      </div>
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && <Loading label="Loading the program overview…" />}
      {summary && (
        <>
          <ErrorMessage error={badges.error} onRetry={badges.refetch} />
          <ErrorMessage error={risk.error} onRetry={risk.refetch} />
          {badges.loading && <Loading label="Counting the Microsoft Cloud badges…" />}
          {badgeCount !== undefined && (
            <p className="card overview-stat" data-testid="cloud-badges">
              <span className="overview-stat-number">{badgeCount}</span>{' '}
              <span>
                {badgeCount === 1 ? 'partner holds' : 'partners hold'} the Microsoft Cloud badge (all six designations
                attained)
              </span>
            </p>
          )}
          <div className="card card-flush">
            <TableScroll label="Designations at a glance">
            <table
              className="table"
              aria-label="Designations at a glance"
              data-testid="program-summary"
              data-standings={riskLines && badgeCount !== undefined ? 'loaded' : 'loading'}
            >
              <thead>
                <tr>
                  <th scope="col">Designation</th>
                  <th scope="col" className="num">
                    Partners
                  </th>
                  <th scope="col" className="num">
                    Meeting requirements
                  </th>
                  <th scope="col" className="num" title={NEAR_MISS_TITLE}>
                    Near misses
                  </th>
                  <th scope="col" className="num" title={AT_RISK_TITLE}>
                    At risk
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.designations.map((d) => (
                  <tr key={d.designation} data-designation={d.designation}>
                    <th scope="row">{DESIGNATION_LABELS[d.designation]}</th>
                    <td className="num" data-testid="partners">
                      {d.partners}
                    </td>
                    <td className="num" data-testid="meeting">
                      {d.meetingRequirements}
                    </td>
                    <td className="num" data-testid="near-miss">
                      <Link
                        to={nearMissPath(d.designation, summary.asOf)}
                        aria-label={`${plural(d.nearMiss, 'near miss', 'near misses')} in ${DESIGNATION_LABELS[d.designation]}`}
                      >
                        {d.nearMiss}
                      </Link>
                    </td>
                    <td className="num" data-testid="at-risk-count">
                      {atRisk(d.designation)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </TableScroll>
          </div>
          <p className="muted small">
            A near miss does not meet requirements with a total of at least 65: within 5 points of 70, or at 70 or
            more with a metric below its minimum. At risk: requirements met now but, if nothing new happens, not at the
            partner&apos;s next anniversary.
          </p>
        </>
      )}
    </section>
  );
}
