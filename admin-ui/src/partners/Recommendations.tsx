// The selected designation's recommendations: the path to 70 (the fewest actions found that meet the
// requirements, or why there is none) and every action found, best first. "Apply in the simulator"
// previews an action's or the path's changes with `simulateScore`, which writes nothing.
import { useId, useState } from 'react';
import { useApiQuery } from '../api/use-api';
import type {
  AssociationType,
  DesignationCode,
  RecommendationFieldsFragment as Recommendation,
  ScoreChangeInput,
  UsageMeasure,
} from '../gql/graphql';
import { ImpactTable } from '../professionals/ImpactTable';
import { SimulateScore } from '../professionals/operations';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { DESIGNATION_LABELS, METRIC_LABELS, monthLabel, points, quantity } from '../ui/format';
import { COST_LABELS, PartnerRecommendationsQuery, PathShortfallQuery, changeInput, costSummary } from './recommendation-operations';
import { THRESHOLD } from './ScoreCard';

/** Recommendations shown before "Show all". */
export const FIRST_SHOWN = 10;

const BLOCKED_TITLE =
  'The metric is below the minimum every metric needs, so requirements cannot be met without raising it.';

const ASSOCIATION_LABELS: Record<AssociationType, string> = {
  CPOR: 'CPOR',
  DPOR: 'DPOR',
  PAL: 'PAL',
  CSP_T1: 'CSP direct bill',
  CSP_T2: 'CSP indirect reseller',
};

/** One change in words, for the list of what a simulation applies. */
export function describeChange(c: ScoreChangeInput): string {
  const on = c.date ? ` on ${c.date}` : '';
  switch (c.kind) {
    case 'ASSOCIATE_PROFESSIONAL':
      return `${c.professionalId} joins the partner${on}`;
    case 'END_PROFESSIONAL_ASSOCIATION':
      return `${c.professionalId} leaves the partner${on}`;
    case 'ADD_CERTIFICATION':
      return `${c.professionalId} earns ${c.certification}${on}${c.expiresOn ? `, valid until ${c.expiresOn}` : ''}`;
    case 'REMOVE_CERTIFICATION':
      return `${c.professionalId} loses ${c.certification}${c.date ? ` earned on ${c.date}` : ''}`;
    case 'ADD_CUSTOMER_ASSOCIATION':
      return `${c.associationType ? ASSOCIATION_LABELS[c.associationType] : 'A'} association with tenant ${c.tenantId}${
        c.workload ? ` for ${c.workload}` : ''
      }${c.date ? ` from ${c.date}` : ''}`;
    case 'END_CUSTOMER_ASSOCIATION':
      return `${c.associationType ? ASSOCIATION_LABELS[c.associationType] : 'The'} associations with tenant ${c.tenantId} end${on}`;
    case 'ADD_USAGE':
      return `Tenant ${c.tenantId}'s ${c.workload ?? 'usage'} grows by ${usage(c.measure, c.amount)}${
        c.date ? ` in ${monthLabel(c.date.slice(0, 7))}` : ''
      }`;
  }
}

const MEASURE_LABELS: Record<UsageMeasure, string> = {
  PAID_SEATS: 'paid seats',
  PROTECTED_USERS: 'protected users',
  ACTIVE_USERS: 'active users',
  ACR_USD: 'of Azure consumed revenue',
  REVENUE_USD: 'of billed revenue',
  PROFILES: 'unified customer profiles',
};

/** An amount of a usage measure: `120 paid seats`, `$1,500 of Azure consumed revenue`. */
function usage(measure: UsageMeasure | null | undefined, amount: number | null | undefined): string {
  const n = amount ?? 0;
  if (!measure) return quantity(n);
  const money = measure === 'ACR_USD' || measure === 'REVENUE_USD';
  return `${money ? '$' : ''}${quantity(n)} ${MEASURE_LABELS[measure]}`;
}

/** What `changes` would do, applied together in memory: `simulateScore`, which writes nothing. */
export function SimulatedImpact({
  partnerId,
  asOf,
  changes,
  caption,
}: {
  partnerId: string;
  asOf: string | undefined;
  changes: readonly ScoreChangeInput[];
  caption: string;
}) {
  const simulation = useApiQuery(SimulateScore, { partnerId, changes: [...changes], asOf });
  return (
    <div className="simulation" data-testid="simulation">
      <ErrorMessage error={simulation.error} onRetry={simulation.refetch} />
      {simulation.loading && <Loading label="Simulating…" />}
      {simulation.data && (
        <>
          <ImpactTable impact={simulation.data.simulateScore} caption={caption} />
          <p className="muted small">
            A preview{asOf ? ` as of ${monthLabel(asOf)}` : ''}: nothing is saved.
          </p>
        </>
      )}
      <details className="simulation-changes">
        <summary>
          {changes.length === 1 ? 'The change simulated' : `The ${changes.length} changes simulated together`}
        </summary>
        <ul className="plain-list small">
          {changes.map((c, i) => (
            <li key={i} data-kind={c.kind}>
              {describeChange(c)}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function ApplyButton({ open, onClick, describedBy }: { open: boolean; onClick: () => void; describedBy?: string }) {
  return (
    <button
      type="button"
      className="button button-secondary button-small"
      aria-expanded={open}
      aria-describedby={describedBy}
      onClick={onClick}
    >
      {open ? 'Hide the simulation' : 'Apply in the simulator'}
    </button>
  );
}

function Markers({ r }: { r: Recommendation }) {
  return (
    <>
      {r.raisesBlockedMetric && (
        <span className="badge badge-warn badge-inline" data-testid="raises-blocked" title={BLOCKED_TITLE}>
          Raises a blocked metric
        </span>
      )}
      {r.meetsAfter && <span className="badge badge-good badge-inline">Meets requirements after</span>}
    </>
  );
}

export function Recommendations({
  partnerId,
  designation,
  asOf,
  ruleSet,
}: {
  partnerId: string;
  designation: DesignationCode;
  asOf: string | undefined;
  ruleSet?: string | undefined;
}) {
  const id = useId();
  const label = DESIGNATION_LABELS[designation];
  const found = useApiQuery(PartnerRecommendationsQuery, { partnerId, designation, asOf });
  const partner = found.data?.partner;
  const path = partner?.pathToThreshold;
  const shortfall = useApiQuery(PathShortfallQuery, { partnerId, designation, asOf }, { skip: !partner || path !== null });
  // Which simulation is open: 'path', or the index of a recommendation.
  const [applied, setApplied] = useState<'path' | number | null>(null);
  const [showAll, setShowAll] = useState(false);
  const toggle = (which: 'path' | number) => setApplied((open) => (open === which ? null : which));

  const recommendations = partner?.recommendations ?? [];
  const shown = showAll ? recommendations : recommendations.slice(0, FIRST_SHOWN);

  return (
    <section className="card recommendations" aria-labelledby={`${id}-title`} data-testid="recommendations">
      <div className="card-header">
        <h2 id={`${id}-title`}>{label}: recommendations</h2>
        <span className="muted">
          {asOf ? `As of ${monthLabel(asOf)}` : 'At the latest month'} · scored by the rules in force
        </span>
      </div>
      {ruleSet && (
        <p className="muted small" data-testid="recommendations-rules">
          Found and scored under the rules in force at the month, not under the what-if rule set {ruleSet}.
        </p>
      )}
      <ErrorMessage error={found.error} onRetry={found.refetch} />
      {found.loading && <Loading label="Looking for actions that raise the score…" />}
      {partner && (
        <>
          <section className="path" aria-labelledby={`${id}-path`} data-testid="path">
            <h3 id={`${id}-path`}>Path to {THRESHOLD}</h3>
            {path == null ? (
              <>
                <ErrorMessage error={shortfall.error} onRetry={shortfall.refetch} />
                {shortfall.loading && <Loading label="Finding what stays short…" />}
                {shortfall.data && (
                  <p>
                    No path to {THRESHOLD} found:{' '}
                    <span data-testid="path-shortfall">
                      {shortfall.data.partner?.pathToThresholdShortfall ??
                        'no combination of the actions found meets the requirements.'}
                    </span>
                  </p>
                )}
              </>
            ) : path.actions.length === 0 ? (
              <p data-testid="path-met">
                Requirements are already met: total <strong data-testid="path-total-after">{points(path.totalAfter)}</strong>.
              </p>
            ) : (
              <>
                <p>
                  {path.actions.length === 1 ? 'One action' : `${path.actions.length} actions`} (
                  {costSummary(path.actions.map((a) => a.cost))}) {path.actions.length === 1 ? 'brings' : 'bring'} the total
                  to <strong data-testid="path-total-after">{points(path.totalAfter)}</strong> and{' '}
                  {path.actions.length === 1 ? 'meets' : 'meet'} the requirements.
                </p>
                <ol className="path-actions" aria-label={`Actions of the path to ${THRESHOLD}`}>
                  {path.actions.map((a, i) => (
                    <li key={i} data-metric={a.metric} data-cost={a.cost}>
                      <div>{a.detail}</div>
                      <div className="muted small">
                        <strong className="delta-up">+{points(a.pointsGained)} points</strong> · {METRIC_LABELS[a.metric]} ·{' '}
                        {COST_LABELS[a.cost]} · total after {points(a.totalAfter)}
                        <Markers r={a} />
                      </div>
                    </li>
                  ))}
                </ol>
                <ApplyButton open={applied === 'path'} onClick={() => toggle('path')} />
                {applied === 'path' && (
                  <SimulatedImpact
                    partnerId={partnerId}
                    asOf={asOf}
                    changes={path.changes.map(changeInput)}
                    caption={`Simulated impact of the path to ${THRESHOLD}`}
                  />
                )}
              </>
            )}
          </section>

          <section aria-labelledby={`${id}-list`}>
            <h3 id={`${id}-list`}>Actions, best first</h3>
            {recommendations.length === 0 ? (
              <p className="muted" data-testid="no-recommendations">
                No action found in the partner&apos;s rows would raise this score.
              </p>
            ) : (
              <ol className="plain-list recommendation-list" aria-label={`Recommendations for ${label}`}>
                {shown.map((r, i) => (
                  <li key={i} className="recommendation" data-metric={r.metric} data-cost={r.cost}>
                    <p id={`${id}-r${i}`} className="recommendation-detail">
                      {r.detail}
                    </p>
                    <p className="muted small">
                      <strong className="delta-up" data-testid="points-gained">
                        +{points(r.pointsGained)} points
                      </strong>{' '}
                      · {METRIC_LABELS[r.metric]} · {COST_LABELS[r.cost]} · total after {points(r.totalAfter)}
                      <Markers r={r} />
                    </p>
                    <ApplyButton open={applied === i} onClick={() => toggle(i)} describedBy={`${id}-r${i}`} />
                    {applied === i && (
                      <SimulatedImpact
                        partnerId={partnerId}
                        asOf={asOf}
                        changes={r.changes.map(changeInput)}
                        caption="Simulated impact of this action"
                      />
                    )}
                  </li>
                ))}
              </ol>
            )}
            {recommendations.length > FIRST_SHOWN && (
              <button type="button" className="button button-link" onClick={() => setShowAll((s) => !s)}>
                {showAll ? `Show the first ${FIRST_SHOWN} only` : `Show all ${recommendations.length} actions`}
              </button>
            )}
          </section>
        </>
      )}
    </section>
  );
}
