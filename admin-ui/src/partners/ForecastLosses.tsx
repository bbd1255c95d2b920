// Under the score chart: the points the forecast loses, month by month. For each forecast month whose
// total falls below the month before, the metrics that lose points and the fact that says why.
import type { FactOutcome, MetricCode } from '../gql/graphql';
import { METRIC_LABELS, outcomeTone, points } from '../ui/format';

/** A metric of a scored month, with the facts behind it, as the forecast gives them. */
export interface LossMetricView {
  metric: MetricCode;
  points: number;
  facts: readonly { subject: string; outcome: FactOutcome; detail: string }[];
}

/** A scored month: the latest month with data, or a forecast month. */
export interface LossMonthView {
  asOf: string;
  total: number;
  metrics: readonly LossMetricView[];
}

/** One metric losing points in one month. */
export interface ForecastLoss {
  month: string;
  metric: MetricCode;
  lost: number;
  /** The first fact explaining the loss, if the metric has any. */
  detail: string | null;
}

/**
 * The fact that explains a metric's loss: the first whose subject no longer counts but did the month
 * before (or was not there), else the first that does not count, else the first.
 */
function lossFact(now: LossMetricView, before: LossMetricView | undefined): string | null {
  const bad = now.facts.filter((f) => outcomeTone(f.outcome) === 'bad');
  const wasBad = new Set((before?.facts ?? []).filter((f) => outcomeTone(f.outcome) === 'bad').map((f) => f.subject));
  const fresh = bad.find((f) => !wasBad.has(f.subject));
  return (fresh ?? bad[0] ?? now.facts[0])?.detail ?? null;
}

/**
 * For each forecast month whose total is lower than the previous month's (the first against `latest`,
 * the latest month with data), the metrics that lose points, in the program's order.
 */
export function forecastLosses(latest: LossMonthView | undefined, forecast: readonly LossMonthView[]): ForecastLoss[] {
  const losses: ForecastLoss[] = [];
  let previous = latest;
  for (const month of forecast) {
    if (previous && month.total < previous.total) {
      const before = new Map(previous.metrics.map((m) => [m.metric, m]));
      for (const m of month.metrics) {
        const was = before.get(m.metric);
        const lost = (was?.points ?? 0) - m.points;
        if (lost > 0.004) losses.push({ month: month.asOf, metric: m.metric, lost, detail: lossFact(m, was) });
      }
    }
    previous = month;
  }
  return losses;
}

export function ForecastLosses({ latest, forecast }: { latest: LossMonthView | undefined; forecast: readonly LossMonthView[] }) {
  const losses = forecastLosses(latest, forecast);
  return (
    <div className="forecast-losses" data-testid="forecast-losses">
      <h3>Points at risk if nothing new happens</h3>
      {losses.length === 0 ? (
        <p className="muted small">No points lost in the forecast months.</p>
      ) : (
        <ul className="plain-list" aria-label="Points lost in the forecast">
          {losses.map((l) => (
            <li key={`${l.month}-${l.metric}`} data-month={l.month} data-metric={l.metric}>
              <span className="mono">{l.month}</span>: {METRIC_LABELS[l.metric]} <strong>−{points(l.lost)}</strong>
              {l.detail && <> — {l.detail}</>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
