// The facts behind a metric: which customers, professionals or services counted, which did not, and why.
import { useState } from 'react';
import type { FactKind, FactOutcome } from '../gql/graphql';
import { humanize, outcomeTone, quantity } from '../ui/format';

/** One fact as the API gives it. */
export interface FactView {
  kind: FactKind;
  subject: string;
  outcome: FactOutcome;
  detail: string;
  numbers: readonly { name: string; value: number }[];
}

const FIRST = 25;

/** An expandable list of facts (native `<details>`, so it opens with the keyboard too). */
export function FactsList({ facts, label }: { facts: readonly FactView[]; label: string }) {
  const [all, setAll] = useState(false);
  if (facts.length === 0) return <span className="muted">No facts</span>;
  const counted = facts.filter((f) => outcomeTone(f.outcome) === 'good').length;
  const shown = all ? facts : facts.slice(0, FIRST);
  return (
    <details className="facts">
      <summary>
        {facts.length} {facts.length === 1 ? 'fact' : 'facts'}
        <span className="muted"> · {counted} counted</span>
      </summary>
      <table className="table table-compact" aria-label={`Facts: ${label}`}>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Subject</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
            <th scope="col">Numbers</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f, i) => (
            <tr key={`${f.kind}-${f.subject}-${i}`}>
              <td>{humanize(f.kind)}</td>
              <td className="mono">{f.subject}</td>
              <td>
                <span className={`badge badge-${outcomeTone(f.outcome)}`}>{humanize(f.outcome)}</span>
              </td>
              <td>{f.detail}</td>
              <td>
                {f.numbers.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <dl className="numbers">
                    {f.numbers.map((n) => (
                      <div key={n.name}>
                        <dt>{n.name.replace(/_/g, ' ')}</dt>
                        <dd>{quantity(n.value)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {facts.length > FIRST && (
        <button type="button" className="button button-link" onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${FIRST}` : `Show all ${facts.length} facts`}
        </button>
      )}
    </details>
  );
}
