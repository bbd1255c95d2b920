// The score impact of a change: each designation's total before and after, and its verdict; a change
// that touches two partners (a move) shows one table per partner, named by PartnerID and name.
import '../forms.css';
import { ERROR_MESSAGES, isStaleVersion } from '../api/client';
import type { ScoreImpactFieldsFragment as ScoreImpact, UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { TableScroll } from '../ui/TableScroll';
import { DESIGNATION_LABELS, METRIC_LABELS, points } from '../ui/format';

function signed(delta: number): string {
  if (Math.abs(delta) < 0.005) return '±0';
  return `${delta > 0 ? '+' : '−'}${points(Math.abs(delta))}`;
}

/**
 * The impact of a change. With rows of more than one partner, one group per partner (in the order of
 * the rows), headed by its PartnerID and its name when `partnerNames` knows it.
 */
export function ImpactTable({
  impact,
  caption,
  partnerNames,
}: {
  impact: readonly ScoreImpact[];
  caption: string;
  partnerNames?: Readonly<Record<string, string>>;
}) {
  const partners = [...new Set(impact.map((i) => i.partnerId))];
  if (partners.length <= 1) return <DesignationTable impact={impact} caption={caption} />;
  return (
    <div className="impact-groups">
      {partners.map((p) => {
        const label = partnerNames?.[p] ? `${p} · ${partnerNames[p]}` : p;
        return (
          <section key={p} className="impact-group" data-partner={p} aria-label={`${caption}: ${label}`}>
            <h4 className="impact-partner">
              Partner <span className="mono">{p}</span>
              {partnerNames?.[p] && <> · {partnerNames[p]}</>}
            </h4>
            <DesignationTable impact={impact.filter((i) => i.partnerId === p)} caption={`${caption} for ${label}`} />
          </section>
        );
      })}
    </div>
  );
}

function DesignationTable({ impact, caption }: { impact: readonly ScoreImpact[]; caption: string }) {
  const moved = impact.filter((i) => Math.abs(i.delta) >= 0.005 || i.meetsBefore !== i.meetsAfter);
  if (moved.length === 0) return <p className="muted">{caption}: no designation's score changes.</p>;
  return (
    <TableScroll label={caption}>
    <table className="table table-compact impact" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Designation</th>
          <th scope="col" className="num">
            Before
          </th>
          <th scope="col" className="num">
            After
          </th>
          <th scope="col" className="num">
            Change
          </th>
          <th scope="col">Requirements</th>
        </tr>
      </thead>
      <tbody>
        {moved.map((i) => (
          <tr key={i.designation} data-designation={i.designation}>
            <th scope="row">
              {DESIGNATION_LABELS[i.designation]}
              {i.metrics && i.metrics.length > 0 && (
                <ul className="plain-list impact-metrics">
                  {i.metrics.map((m) => (
                    <li key={m.metric} data-metric={m.metric}>
                      {METRIC_LABELS[m.metric]}: {points(m.before)} → {points(m.after)}
                    </li>
                  ))}
                </ul>
              )}
            </th>
            <td className="num">{points(i.before)}</td>
            <td className="num strong">{points(i.after)}</td>
            <td className={`num ${i.delta > 0 ? 'delta-up' : i.delta < 0 ? 'delta-down' : ''}`} data-testid="impact-delta">
              {signed(i.delta)}
            </td>
            <td>
              {i.meetsBefore === i.meetsAfter
                ? i.meetsAfter
                  ? 'Still met'
                  : 'Still not met'
                : i.meetsAfter
                  ? 'Now met'
                  : 'No longer met'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableScroll>
  );
}

/**
 * Field problems returned in a payload, in the API's words. Only a stale version (a CONFLICT on
 * `version`) gets the "someone else changed this record" message; another CONFLICT (an id or e-mail
 * already taken) is its own reason.
 */
export function UserErrors({ errors }: { errors: readonly UserError[] }) {
  if (errors.length === 0) return null;
  const stale = errors.some(isStaleVersion);
  const conflict = errors.some((e) => e.code === 'CONFLICT');
  return (
    <div
      className="alert alert-error alert-list"
      role="alert"
      data-code={conflict ? 'CONFLICT' : 'BAD_USER_INPUT'}
      data-stale={stale ? 'true' : undefined}
    >
      <p>{stale ? ERROR_MESSAGES.CONFLICT : 'Nothing was saved:'}</p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.field && e.field.length > 0 && <strong>{e.field.join('.')}: </strong>}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
