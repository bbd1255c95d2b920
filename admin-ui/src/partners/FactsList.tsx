// The facts behind a metric: which customers, professionals or services counted, which did not, and why.
import { useState } from 'react';
import type { FactKind, FactOutcome } from '../gql/graphql';
import { humanize, outcomeTone, quantity } from '../ui/format';
import { TableScroll } from '../ui/TableScroll';

/** One fact as the API gives it. */
export interface FactView {
  kind: FactKind;
  subject: string;
  outcome: FactOutcome;
  detail: string;
  numbers: readonly { name: string; value: number }[];
}

const FIRST = 25;

/** The facts of a metric or designation as a table, the first 25 and all of them on request. */
export function FactsTable({ facts, label }: { facts: readonly FactView[]; label: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? facts : facts.slice(0, FIRST);
  return (
    <>
      <TableScroll label={`Facts: ${label}`}>
        <table className="table table-compact facts-table" aria-label={`Facts: ${label}`}>
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
                <td className="facts-detail">{f.detail}</td>
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
      </TableScroll>
      {facts.length > FIRST && (
        <button type="button" className="button button-link" onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${FIRST}` : `Show all ${facts.length} facts`}
        </button>
      )}
    </>
  );
}

/** How many facts, and how many counted: the label of the control that shows them. */
export function FactsCount({ facts }: { facts: readonly FactView[] }) {
  const counted = facts.filter((f) => outcomeTone(f.outcome) === 'good').length;
  return (
    <>
      {facts.length} {facts.length === 1 ? 'fact' : 'facts'}
      <span className="muted"> · {counted} counted</span>
    </>
  );
}

/** An expandable list of facts (native `<details>`, so it opens with the keyboard too). */
export function FactsList({ facts, label }: { facts: readonly FactView[]; label: string }) {
  if (facts.length === 0) return <span className="muted">No facts</span>;
  return (
    <details className="facts">
      <summary>
        <FactsCount facts={facts} />
      </summary>
      <FactsTable facts={facts} label={label} />
    </details>
  );
}
