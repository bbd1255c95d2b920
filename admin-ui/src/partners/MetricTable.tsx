// The metric breakdown of one designation: points against the maximum, the counted value against its
// target, the points still missing, and the facts behind each (opened in a row of their own below the
// metric's, across the whole table, so their details read in full lines).
import { Fragment, useId, useState } from 'react';
import type { MetricCode, ScoreCategory } from '../gql/graphql';
import { CATEGORY_LABELS, METRIC_LABELS, points, quantity } from '../ui/format';
import { TableScroll } from '../ui/TableScroll';
import { FactsCount, FactsTable, type FactView } from './FactsList';

const COLUMNS = 8;

/** One metric as the API gives it. */
export interface MetricView {
  metric: MetricCode;
  category: ScoreCategory;
  points: number;
  maxPoints: number;
  value: number;
  target: number;
  pointsMissing: number;
  minimumPoints: number;
  facts: readonly FactView[];
  options?: readonly { option: string; points: number; value: number; target: number; chosen: boolean }[];
}

export function MetricTable({ metrics, caption }: { metrics: readonly MetricView[]; caption: string }) {
  const total = metrics.reduce((s, m) => s + m.points, 0);
  const max = metrics.reduce((s, m) => s + m.maxPoints, 0);
  const id = useId();
  const [open, setOpen] = useState<ReadonlySet<MetricCode>>(new Set());
  const toggle = (metric: MetricCode) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(metric)) next.delete(metric);
      else next.add(metric);
      return next;
    });
  return (
    <TableScroll label={caption}>
    <table className="table metric-table" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Category</th>
          <th scope="col" className="num">
            Value
          </th>
          <th scope="col" className="num">
            Target
          </th>
          <th scope="col" className="num">
            Points
          </th>
          <th scope="col" className="num">
            Max
          </th>
          <th scope="col" className="num">
            Missing
          </th>
          <th scope="col">Facts</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => {
          const belowMinimum = m.points < m.minimumPoints;
          const factsId = `${id}-facts-${m.metric}`;
          const expanded = open.has(m.metric);
          return (
            <Fragment key={m.metric}>
            <tr data-metric={m.metric}>
              <th scope="row">
                {METRIC_LABELS[m.metric]}
                {belowMinimum && (
                  <span className="badge badge-bad badge-inline" title={`At least ${points(m.minimumPoints)} points needed`}>
                    Below minimum {points(m.minimumPoints)}
                  </span>
                )}
                {m.options && m.options.length > 0 && (
                  <div className="options muted">
                    {m.options.map((o) => (
                      <span key={o.option} className={o.chosen ? 'option option-chosen' : 'option'}>
                        {o.option}: {points(o.points)} pts{o.chosen ? ' (used)' : ''}
                      </span>
                    ))}
                  </div>
                )}
              </th>
              <td>{CATEGORY_LABELS[m.category]}</td>
              <td className="num">{quantity(m.value)}</td>
              <td className="num">{quantity(m.target)}</td>
              <td className="num strong">{points(m.points)}</td>
              <td className="num">{points(m.maxPoints)}</td>
              <td className={m.pointsMissing > 0 ? 'num missing' : 'num'}>{points(m.pointsMissing)}</td>
              <td>
                {m.facts.length === 0 ? (
                  <span className="muted">No facts</span>
                ) : (
                  <button
                    type="button"
                    className="button button-link facts-toggle"
                    aria-expanded={expanded}
                    aria-controls={factsId}
                    onClick={() => toggle(m.metric)}
                  >
                    <FactsCount facts={m.facts} />
                  </button>
                )}
              </td>
            </tr>
            {expanded && (
              <tr id={factsId} className="facts-row">
                <td colSpan={COLUMNS}>
                  <FactsTable facts={m.facts} label={METRIC_LABELS[m.metric]} />
                </td>
              </tr>
            )}
            </Fragment>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={4}>
            Total
          </th>
          <td className="num strong">{points(total)}</td>
          <td className="num">{points(max)}</td>
          <td className="num">{points(Math.max(0, max - total))}</td>
          <td />
        </tr>
      </tfoot>
    </table>
    </TableScroll>
  );
}
