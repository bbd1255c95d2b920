// The last months' totals of one designation as an SVG bar chart, with the 70-point threshold.
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
const PAD = { top: 18, right: 60, bottom: 28, left: 36 };

export function ScoreChart({ history, title }: { history: readonly HistoryPoint[]; title: string }) {
  if (history.length === 0) return <p className="muted">No score history for these months.</p>;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + innerH - (Math.max(0, Math.min(100, v)) / 100) * innerH;
  const slot = innerW / history.length;
  const barW = Math.min(48, slot * 0.6);
  const summary = history.map((h) => `${monthLabel(h.asOf)}: ${points(h.total)}`).join(', ');
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
        <text className="chart-threshold-label" x={W - PAD.right + 6} y={y(THRESHOLD) + 4} textAnchor="start">
          70 needed
        </text>
        {history.map((h, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          return (
            <g key={h.asOf} data-month={h.asOf}>
              <rect
                className={h.meetsRequirements ? 'chart-bar chart-bar-met' : 'chart-bar'}
                x={x}
                y={y(h.total)}
                width={barW}
                height={Math.max(0, PAD.top + innerH - y(h.total))}
                rx="3"
              />
              <text className="chart-value" x={x + barW / 2} y={y(h.total) - 4} textAnchor="middle">
                {points(h.total)}
              </text>
              <text className="chart-axis" x={x + barW / 2} y={H - 8} textAnchor="middle">
                {monthLabel(h.asOf)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
