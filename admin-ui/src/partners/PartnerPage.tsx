// A partner's page: a card per designation (flagged when at risk), the selected designation's metric
// breakdown, facts, score history and forecast with the points it loses, the partner's standing, the
// selected designation's recommendations and path to 70 (previewed in the simulator), the
// specializations granted to it; and the professionals and customers tabs.
import { Link, NavLink, useParams, useSearchParams } from 'react-router-dom';
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { DesignationCode } from '../gql/graphql';
import { ProfessionalsTab } from '../professionals/ProfessionalsTab';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { AfterDataNotice, InvalidMonth, isMonth } from '../ui/months';
import { CustomersTab } from './CustomersTab';
import { DESIGNATIONS, DESIGNATION_LABELS, monthLabel, points } from '../ui/format';
import { FactsList } from './FactsList';
import { ForecastLosses } from './ForecastLosses';
import { MetricTable } from './MetricTable';
import { Recommendations } from './Recommendations';
import { ScoreCard } from './ScoreCard';
import { ScoreChart } from './ScoreChart';
import { SpecializationGrants } from './SpecializationGrants';
import { SpecializationProgress } from './SpecializationProgress';
import { StandingPanel } from './StandingPanel';

export const PartnerOverviewQuery = graphql(`
  query PartnerOverview($partnerId: String!, $asOf: Month, $ruleSet: String) {
    latestMonth
    ruleSets {
      code
      name
      effectiveFrom
      effectiveTo
    }
    partner(partnerId: $partnerId) {
      partnerId
      name
      country
      anniversaryDate
      capabilityScores(asOf: $asOf, ruleSet: $ruleSet) {
        designationCode
        asOf
        ruleSet
        total
        meetsRequirements
        pointsToThreshold
        track
      }
      standing(asOf: $asOf) {
        asOf
        microsoftCloudBadge
        designations {
          designation
          attained
          attainedMonth
          windowStart
          windowEnd
          enrollment
          enrollmentWindowStart
          enrollmentWindowEnd
          enrolledUntil
          enrollmentDetail
        }
        specializations {
          code
          name
          held
          prerequisiteMet
          benefitsGranted
          detail
        }
        benefits {
          code
          productGroup
          description
          quantity
          unit
          source
        }
      }
      specializationGrants(activeOnly: false) {
        code
        grantedOn
        expiresOn
        validation
        version
        active
        specialization {
          name
        }
      }
    }
  }
`);

// Risk is about the latest month with data under the rules in force, whatever month or what-if the page
// shows, and costs a forecast of every designation: its own single-partner query, asked once per partner
// rather than with every change of month or rule set. Never asked in lists.
export const PartnerRiskQuery = graphql(`
  query PartnerRisk($partnerId: String!) {
    partner(partnerId: $partnerId) {
      partnerId
      standing {
        asOf
        designations {
          designation
          atRisk
          firstMonthAtRisk
        }
      }
    }
  }
`);

export const DesignationDetailQuery = graphql(`
  query DesignationDetail(
    $partnerId: String!
    $designation: DesignationCode!
    $asOf: Month
    $ruleSet: String
    $withForecast: Boolean!
  ) {
    partner(partnerId: $partnerId) {
      partnerId
      capabilityScore(designation: $designation, asOf: $asOf, ruleSet: $ruleSet) {
        designationCode
        asOf
        ruleSet
        total
        meetsRequirements
        pointsToThreshold
        track
        metrics {
          metric
          category
          points
          maxPoints
          value
          target
          pointsMissing
          minimumPoints
          options {
            option
            points
            value
            target
            chosen
          }
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
      scoreHistory(designation: $designation, asOf: $asOf, months: 6, ruleSet: $ruleSet) {
        asOf
        ruleSet
        total
        meetsRequirements
      }
      forecast(designation: $designation) @include(if: $withForecast) {
        asOf
        ruleSet
        total
        meetsRequirements
        metrics {
          metric
          points
          facts {
            subject
            outcome
            detail
          }
        }
      }
    }
  }
`);

/** The sections of a partner's page, each at its own address. */
export type PartnerTab = 'scores' | 'professionals' | 'customers';

/** The parameters every section of the page shares (a section's own filters and paging stay behind). */
const PAGE_PARAMS = ['asOf', 'ruleSet', 'designation'] as const;

function isDesignation(v: string | null): v is DesignationCode {
  return v != null && (DESIGNATIONS as readonly string[]).includes(v);
}

/** The message for a partner the server did not return: absent, or outside the caller's scope. */
export function PartnerNotFound({ partnerId }: { partnerId: string }) {
  return (
    <section className="card empty-state" role="alert" data-testid="partner-not-found">
      <h1>Partner not found</h1>
      <p>
        There is no partner <span className="mono">{partnerId}</span>, or it is not yours to see.
      </p>
      <Link to="/">Go to the start page</Link>
    </section>
  );
}

export function PartnerPage({ tab }: { tab: PartnerTab }) {
  const { partnerId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOfParam = params.get('asOf') || undefined;
  // A month that is not YYYY-MM is refused here, with its value, rather than sent to the server.
  const badMonth = asOfParam !== undefined && !isMonth(asOfParam) ? asOfParam : undefined;
  const asOf = badMonth ? undefined : asOfParam;
  const ruleSet = params.get('ruleSet') || undefined;
  const overview = useApiQuery(PartnerOverviewQuery, { partnerId, asOf, ruleSet }, { skip: badMonth !== undefined });
  const partner = overview.data?.partner;

  if (badMonth !== undefined) {
    const latest = new URLSearchParams(params);
    latest.delete('asOf');
    const search = latest.toString();
    return <InvalidMonth value={badMonth} latestHref={`/partners/${encodeURIComponent(partnerId)}${search ? `?${search}` : ''}`} />;
  }

  if (overview.error) return <ErrorMessage error={overview.error} onRetry={overview.refetch} />;
  if (overview.loading && !overview.data) return <Loading label="Loading partner…" />;
  if (!overview.data) return null;
  if (!partner) return <PartnerNotFound partnerId={partnerId} />;

  const base = `/partners/${encodeURIComponent(partner.partnerId)}`;
  const shared = new URLSearchParams();
  for (const name of PAGE_PARAMS) {
    const value = params.get(name);
    if (value) shared.set(name, value);
  }
  const query = shared.toString() ? `?${shared.toString()}` : '';
  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <article aria-labelledby="partner-title">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/partners">Partners</Link> <span aria-hidden="true">/</span> <span>{partner.name}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 id="partner-title">{partner.name}</h1>
          <p className="muted">
            <span className="mono">{partner.partnerId}</span> · {partner.country}
            {partner.anniversaryDate && <> · anniversary {partner.anniversaryDate}</>}
          </p>
        </div>
        <div className="page-header-controls">
          <label className="field field-inline">
            <span>Scores as of</span>
            <input
              type="month"
              value={asOf ?? overview.data.latestMonth}
              max={overview.data.latestMonth}
              onChange={(e) => setParam('asOf', e.target.value || undefined)}
            />
          </label>
          <label className="field field-inline">
            <span>Rule set</span>
            <select
              value={ruleSet ?? ''}
              onChange={(e) => setParam('ruleSet', e.target.value || undefined)}
              data-testid="rule-set"
            >
              <option value="">In force at each month</option>
              {overview.data.ruleSets.map((r) => (
                <option key={r.code} value={r.code} title={r.name}>
                  {r.code} (from {r.effectiveFrom})
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <AfterDataNotice month={asOf} latestMonth={overview.data.latestMonth} />
      {ruleSet && (
        <p className="notice" role="status" data-testid="what-if">
          What-if: the scores below are this partner&apos;s data scored under rule set{' '}
          <strong>{ruleSet}</strong>. Stored scores, the standing and the benefits stay those of the rule set in
          force at each month.
        </p>
      )}
      <nav className="tabs" aria-label="Partner sections">
        <NavLink end to={`${base}${query}`} className="tab">
          Scores
        </NavLink>
        <NavLink to={`${base}/professionals${query}`} className="tab">
          Certified professionals
        </NavLink>
        <NavLink to={`${base}/customers${query}`} className="tab">
          Customers
        </NavLink>
      </nav>
      {overview.loading && <Loading label="Updating…" />}
      {tab === 'scores' ? (
        <ScoresTab
          partnerId={partner.partnerId}
          asOf={asOf}
          latestMonth={overview.data.latestMonth}
          ruleSet={ruleSet}
          scores={partner.capabilityScores}
          standing={partner.standing}
          grants={partner.specializationGrants}
          selected={isDesignation(params.get('designation')) ? (params.get('designation') as DesignationCode) : undefined}
          onSelect={(d) => setParam('designation', d)}
        />
      ) : tab === 'professionals' ? (
        <ProfessionalsTab partnerId={partner.partnerId} asOf={asOf} />
      ) : (
        <CustomersTab
          partnerId={partner.partnerId}
          asOf={asOf}
          ruleSet={ruleSet}
          latestMonth={overview.data.latestMonth}
        />
      )}
    </article>
  );
}

type Overview = NonNullable<import('../gql/graphql').PartnerOverviewQuery['partner']>;

function ScoresTab({
  partnerId,
  asOf,
  latestMonth,
  ruleSet,
  scores,
  standing,
  grants,
  selected,
  onSelect,
}: {
  partnerId: string;
  asOf: string | undefined;
  latestMonth: string;
  ruleSet: string | undefined;
  scores: Overview['capabilityScores'];
  standing: Overview['standing'];
  grants: Overview['specializationGrants'];
  selected: DesignationCode | undefined;
  onSelect: (d: DesignationCode) => void;
}) {
  // By default the designation closest to (or furthest above) the threshold: the one worth looking at.
  const best = [...scores].sort((a, b) => b.total - a.total)[0];
  const designation = selected ?? best?.designationCode ?? 'SECURITY';
  // The forecast and the risk start after the latest month with data: shown when the page shows that
  // month, and the forecast only under the rules in force (a what-if has none).
  const atLatest = !asOf || asOf >= latestMonth;
  const withForecast = atLatest && !ruleSet;
  const detail = useApiQuery(DesignationDetailQuery, { partnerId, designation, asOf, ruleSet, withForecast });
  const score = detail.data?.partner?.capabilityScore;
  const history = detail.data?.partner?.scoreHistory ?? [];
  const forecast = (withForecast && detail.data?.partner?.forecast) || [];
  const attainedBy = new Map(standing.designations.map((d) => [d.designation, d]));
  const risk = useApiQuery(PartnerRiskQuery, { partnerId }, { skip: !atLatest });
  const riskBy = new Map((risk.data?.partner?.standing.designations ?? []).map((d) => [d.designation, d]));

  return (
    <>
      <section aria-labelledby="cards-title">
        <h2 id="cards-title" className="visually-hidden">
          Capability scores
        </h2>
        {atLatest && <ErrorMessage error={risk.error} onRetry={risk.refetch} />}
        <div className="card-grid">
          {scores.map((s) => (
            <ScoreCard
              key={s.designationCode}
              score={s}
              attainedMonth={attainedBy.get(s.designationCode)?.attainedMonth ?? null}
              enrollment={attainedBy.get(s.designationCode)}
              risk={atLatest ? riskBy.get(s.designationCode) : undefined}
              selected={s.designationCode === designation}
              onSelect={() => onSelect(s.designationCode)}
            />
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="detail-title">
        <div className="card-header">
          <h2 id="detail-title">{DESIGNATION_LABELS[designation]}: metric breakdown</h2>
          {score && (
            <span className="muted">
              {monthLabel(score.asOf)} · rule set {score.ruleSet} · total{' '}
              <strong data-testid="detail-total">{points(score.total)}</strong>
            </span>
          )}
        </div>
        <ErrorMessage error={detail.error} onRetry={detail.refetch} />
        {detail.loading && <Loading label="Loading metrics and facts…" />}
        {score && (
          <>
            <MetricTable metrics={score.metrics} caption={`${DESIGNATION_LABELS[designation]} metrics`} />
            {score.facts.length > 0 && (
              <div className="designation-facts">
                <h3>About this designation</h3>
                <FactsList facts={score.facts} label={`${DESIGNATION_LABELS[designation]} designation`} />
              </div>
            )}
          </>
        )}
      </section>

      <div className="two-columns">
        <section className="card" aria-labelledby="history-title">
          <div className="card-header">
            <h2 id="history-title">{forecast.length > 0 ? 'Last 6 months and the forecast' : 'Last 6 months'}</h2>
          </div>
          {score && (
            <ScoreChart
              history={history}
              forecast={forecast}
              title={`${DESIGNATION_LABELS[designation]} score by month`}
            />
          )}
          {score && forecast.length > 0 && <ForecastLosses latest={score} forecast={forecast} />}
        </section>
        <StandingPanel standing={standing} />
      </div>
      <Recommendations
        key={`${designation}-${asOf ?? ''}`}
        partnerId={partnerId}
        designation={designation}
        asOf={asOf}
        ruleSet={ruleSet}
      />
      <SpecializationGrants
        partnerId={partnerId}
        grants={grants}
        standing={standing.specializations}
        latestMonth={latestMonth}
      />
      <SpecializationProgress
        partnerId={partnerId}
        asOf={asOf}
        standing={standing.specializations}
        grants={grants}
        attained={new Set(standing.designations.filter((d) => d.attained).map((d) => d.designation))}
      />
    </>
  );
}
