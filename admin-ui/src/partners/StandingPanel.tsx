// The partner's standing: the Microsoft Cloud badge, specializations it may hold, benefits it gets.
import type { PartnerOverviewQuery } from '../gql/graphql';

type Standing = NonNullable<PartnerOverviewQuery['partner']>['standing'];

export function StandingPanel({ standing }: { standing: Standing }) {
  const attained = standing.designations.filter((d) => d.attained).length;
  const open = standing.specializations.filter((s) => s.prerequisiteMet);
  return (
    <section className="card" aria-labelledby="standing-title">
      <div className="card-header">
        <h2 id="standing-title">Standing</h2>
        {standing.microsoftCloudBadge ? (
          <span className="badge badge-good">Solutions Partner for Microsoft Cloud</span>
        ) : (
          <span className="badge badge-neutral">{attained} of 6 designations attained</span>
        )}
      </div>
      <div className="standing-grid">
        <div>
          <h3>Specializations open to it</h3>
          {open.length === 0 ? (
            <p className="muted">None: no attained designation admits a specialization.</p>
          ) : (
            <ul className="plain-list">
              {open.map((s) => (
                <li key={s.code}>
                  <strong>{s.name}</strong>
                  {s.held && <span className="badge badge-good badge-inline">Held</span>}
                  <div className="muted small">{s.detail}</div>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Benefits</h3>
          {standing.benefits.length === 0 ? (
            <p className="muted">No benefits yet.</p>
          ) : (
            <details>
              <summary>{standing.benefits.length} benefits</summary>
              <ul className="plain-list">
                {standing.benefits.map((b) => (
                  <li key={`${b.source}-${b.code}`}>
                    <strong>{b.productGroup}</strong>: {b.description}
                    {b.quantity && (
                      <span className="muted">
                        {' '}
                        ({b.quantity}
                        {b.unit ? ` ${b.unit}` : ''})
                      </span>
                    )}
                    <div className="muted small">From {b.source}</div>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>
    </section>
  );
}
