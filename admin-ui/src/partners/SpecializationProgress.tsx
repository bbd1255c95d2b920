// Progress toward each specialization's requirements at the month, under the rule set in force: every
// requirement's value against its target, whether it is met and how, and the validation Microsoft asks
// for besides (customer references or an audit) beside the grant's own validation and expiry.
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { SpecializationProgressQuery } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';

export const SpecializationProgressQueryDocument = graphql(`
  query SpecializationProgress($partnerId: String!, $asOf: Month) {
    partner(partnerId: $partnerId) {
      partnerId
      specializationProgress(asOf: $asOf) {
        code
        ruleSet
        met
        validationRequired
        customerReferencesRequired
        validatedBy
        validUntil
        requirements {
          label
          value
          target
          met
          detail
          options {
            label
            value
            target
            met
            detail
          }
        }
      }
    }
  }
`);

type Progress = NonNullable<SpecializationProgressQuery['partner']>['specializationProgress'][number];
type Requirement = Progress['requirements'][number];

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function Met({ met }: { met: boolean }) {
  return met ? <span className="badge badge-good badge-inline">Met</span> : <span className="badge badge-warn badge-inline">Not met</span>;
}

function RequirementRow({ r, nested = false }: { r: Pick<Requirement, 'label' | 'value' | 'target' | 'met' | 'detail'> & { options?: Requirement['options'] }; nested?: boolean }) {
  return (
    <li className={nested ? 'requirement requirement-option' : 'requirement'} data-met={r.met}>
      <span>
        {r.label}: <strong>{NUMBER.format(r.value)}</strong> of {NUMBER.format(r.target)}
      </span>
      <Met met={r.met} />
      <div className="muted small">{r.detail}</div>
      {r.options && r.options.length > 0 && (
        <ul className="plain-list" aria-label={`Options of ${r.label}`}>
          {r.options.map((o) => (
            <RequirementRow key={o.label} r={o} nested />
          ))}
        </ul>
      )}
    </li>
  );
}

function validation(p: Progress): string {
  const required =
    p.validationRequired === 'CUSTOMER_REFERENCES'
      ? `${p.customerReferencesRequired ?? ''} customer references`.trim()
      : p.validationRequired === 'AUDIT'
        ? 'an audit'
        : null;
  const held = p.validatedBy
    ? `validated by ${p.validatedBy === 'CUSTOMER_REFERENCES' ? 'customer references' : p.validatedBy.toLowerCase()}${p.validUntil ? ` until ${p.validUntil}` : ''}`
    : 'not granted at this month';
  return required ? `Microsoft also asks for ${required}; ${held}.` : `${held[0]?.toUpperCase() ?? ''}${held.slice(1)}.`;
}

export function SpecializationProgress({
  partnerId,
  asOf,
  names,
}: {
  partnerId: string;
  asOf: string | undefined;
  names: Map<string, string>;
}) {
  const q = useApiQuery(SpecializationProgressQueryDocument, { partnerId, asOf });
  const list = q.data?.partner?.specializationProgress ?? [];
  return (
    <section className="card" aria-labelledby="progress-title">
      <div className="card-header">
        <h2 id="progress-title">Specialization requirements</h2>
        {list[0] && <span className="muted">rule set {list[0].ruleSet}</span>}
      </div>
      <ErrorMessage error={q.error} onRetry={q.refetch} />
      {q.loading && !q.data && <Loading label="Loading requirements…" />}
      {q.data && list.length === 0 && <p className="muted">The rule set in force records no specialization requirements.</p>}
      <ul className="plain-list progress-list" aria-label="Specialization requirements">
        {list.map((p) => (
          <li key={p.code} data-code={p.code}>
            <strong>{names.get(p.code) ?? p.code}</strong> <Met met={p.met} />
            <ul className="plain-list" aria-label={`Requirements of ${names.get(p.code) ?? p.code}`}>
              {p.requirements.map((r) => (
                <RequirementRow key={r.label} r={r} />
              ))}
            </ul>
            <div className="muted small">{validation(p)}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
