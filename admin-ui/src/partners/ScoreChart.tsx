// The last months' totals of one designation as an SVG bar chart, with the 70-point threshold and,
// after them, the forecast months (if nothing new happens) as dashed, lighter bars.
// SVG attributes and CSS classes only: the content security policy allows no inline styles.
import { monthLabel, points } from '../ui/format';
import { THRESHOLD } from './ScoreCard';

export interface HistoryPoint {
  asOf: string;
  total: number;
  meetsRequirements: boolean;
}

const W = 560;
const H = 200;
/** Right of the bars: room for the "70 needed" label (about 65 units at 11 px, bold). */
const PAD = { top: 18, right: 76, bottom: 28, left: 36 };
/** Below the bars when month labels take two lines (month, then the year where it changes). */
const PAD_BOTTOM_TWO_LINES = 40;
/** Above the bars with a forecast: room for the "Forecast" label over the values. */
const PAD_TOP_FORECAST = 32;

const describe = (points_: readonly HistoryPoint[]) =>
  points_.map((h) => `${monthLabel(h.asOf)}: ${points(h.total)}`).join(', ');

export function ScoreChart({
  history,
  forecast = [],
  title,
}: {
  history: readonly HistoryPoint[];
  forecast?: readonly HistoryPoint[];
  title: string;
}) {
  if (history.length === 0 && forecast.length === 0) return <p className="muted">No score history for these months.</p>;
  const bars = [...history.map((h) => ({ ...h, forecast: false })), ...forecast.map((h) => ({ ...h, forecast: true }))];
  // Many bars leave no room for "Jun 2024": the month, and the year below it where it changes.
  const compact = bars.length > 6;
  const bottom = compact ? PAD_BOTTOM_TWO_LINES : PAD.bottom;
  const top = forecast.length > 0 ? PAD_TOP_FORECAST : PAD.top;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - top - bottom;
  const y = (v: number) => top + innerH - (Math.max(0, Math.min(100, v)) / 100) * innerH;
  const slot = innerW / bars.length;
  const barW = Math.min(48, slot * 0.6);
  const summary = [
    describe(history),
    forecast.length > 0 ? `Forecast, if nothing new happens: ${describe(forecast)}` : '',
  ]
    .filter(Boolean)
    .join('. ');
  const divider = PAD.left + slot * history.length;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`} className="chart-svg">
        <title>{title}</title>
        {[0, 25, 50, 75, 100].map((t) => (
          <g key={t}>
            <line className="chart-grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="chart-axis" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        <line className="chart-threshold" x1={PAD.left} x2={W - PAD.right} y1={y(THRESHOLD)} y2={y(THRESHOLD)} />
        <text className="chart-threshold-label" x={W - 2} y={y(THRESHOLD) + 4} textAnchor="end">
          70 needed
        </text>
        {forecast.length > 0 && history.length > 0 && (
          <g className="chart-forecast-divider">
            <line x1={divider} x2={divider} y1={top - 22} y2={top + innerH} />
            <text className="chart-forecast-label" x={divider + 4} y={top - 20} textAnchor="start">
              Forecast
            </text>
          </g>
        )}
        {bars.map((h, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          const [year, month] = h.asOf.split('-');
          const showYear = i === 0 || month === '01';
          const cls = `chart-bar${h.meetsRequirements ? ' chart-bar-met' : ''}${h.forecast ? ' chart-bar-forecast' : ''}`;
          return (
            <g key={h.asOf} data-month={h.asOf} data-forecast={h.forecast ? 'true' : undefined}>
              <rect
                className={cls}
                x={x}
                y={y(h.total)}
                width={barW}
                height={Math.max(0, top + innerH - y(h.total))}
                rx="3"
              />
              <text className="chart-value" x={x + barW / 2} y={y(h.total) - 4} textAnchor="middle">
                {points(h.total)}
              </text>
              {compact ? (
                <text className="chart-axis" x={x + barW / 2} y={H - 22} textAnchor="middle">
                  {monthLabel(h.asOf).split(' ')[0]}
                  {showYear && (
                    <tspan x={x + barW / 2} dy="13">
                      {year}
                    </tspan>
                  )}
                </text>
              ) : (
                <text className="chart-axis" x={x + barW / 2} y={H - 8} textAnchor="middle">
                  {monthLabel(h.asOf)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <ul className="chart-legend-list" aria-label="Legend">
          <li>
            <svg className="chart-legend-swatch" viewBox="0 0 16 10" aria-hidden="true">
              <rect className="chart-swatch-met" x="1" y="1" width="14" height="8" rx="2" />
            </svg>
            <span>Requirements met</span>
          </li>
          <li>
            <svg className="chart-legend-swatch" viewBox="0 0 16 10" aria-hidden="true">
              <rect className="chart-swatch-not-met" x="1" y="1" width="14" height="8" rx="2" />
            </svg>
            <span>Requirements not met</span>
          </li>
          <li>
            <svg className="chart-legend-swatch" viewBox="0 0 16 10" aria-hidden="true">
              <line className="chart-threshold" x1="0" x2="16" y1="5" y2="5" />
            </svg>
            <span>{THRESHOLD} points needed</span>
          </li>
          {forecast.length > 0 && (
            <li data-testid="forecast-legend">
              <svg className="chart-legend-swatch" viewBox="0 0 16 10" aria-hidden="true">
                <rect className="chart-bar chart-bar-forecast" x="1" y="1" width="14" height="8" rx="2" />
              </svg>
              <span>
                Dashed bars: forecast, if nothing new happens (usage held flat; certifications and associations ending
                on their recorded dates).
              </span>
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}
