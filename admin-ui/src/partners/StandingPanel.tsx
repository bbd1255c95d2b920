// The partner's standing: the Microsoft Cloud badge, the specializations it holds (and whether their
// benefits are granted) and how many more are open to it (listed by designation under
// Specializations), and the benefits it gets.
import type { PartnerOverviewQuery } from '../gql/graphql';
import './specializations.css';

type Standing = NonNullable<PartnerOverviewQuery['partner']>['standing'];

export function StandingPanel({ standing }: { standing: Standing }) {
  const attained = standing.designations.filter((d) => d.attained).length;
  const held = standing.specializations.filter((s) => s.held);
  const open = standing.specializations.filter((s) => s.prerequisiteMet && !s.held);
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
          <h3>Specializations held</h3>
          {held.length === 0 ? (
            <p className="muted">None at this month.</p>
          ) : (
            <ul className="plain-list" aria-label="Specializations held">
              {held.map((s) => (
                <li key={s.code} data-code={s.code}>
                  <strong>{s.name || s.code}</strong>
                  {s.benefitsGranted ? (
                    <span className="badge badge-good badge-inline">Benefits granted</span>
                  ) : (
                    <span className="badge badge-warn badge-inline">No benefits</span>
                  )}
                  <div className="muted small">{s.detail}</div>
                </li>
              ))}
            </ul>
          )}
          <h3>Open to it</h3>
          {open.length === 0 ? (
            <p className="muted">None: no attained designation admits another specialization.</p>
          ) : (
            <p className="standing-more" data-testid="specializations-open">
              {open.length} {open.length === 1 ? 'specialization' : 'specializations'} may be held:{' '}
              <a href="#progress-title">see them by designation under Specializations</a>.
            </p>
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
