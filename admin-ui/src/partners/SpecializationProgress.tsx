// The specializations, grouped by the designation they need: in each group those held or granted
// first, with their standing and their progress toward the requirements at the month (under the rule
// set in force: every requirement's value against its target, whether it is met and how, and the
// validation Microsoft asks for besides, beside the grant's own validation and expiry); the others
// of the group behind a disclosure with their count.
import { useId } from 'react';
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { DesignationCode, SpecializationProgressQuery } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { DESIGNATION_LABELS } from '../ui/format';
import {
  type GrantView,
  type GroupItem,
  type SpecializationGroup,
  type StandingView,
  groupSpecializations,
  requirementsMet,
} from './specialization-groups';
import './specializations.css';

export const SpecializationProgressQueryDocument = graphql(`
  query SpecializationProgress($partnerId: String!, $asOf: Month) {
    specializations {
      code
      name
      prerequisites
    }
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
  standing,
  grants,
  attained,
}: {
  partnerId: string;
  asOf: string | undefined;
  /** Each specialization's standing at the month. */
  standing: readonly StandingView[];
  /** The partner's grants (every period). */
  grants: readonly GrantView[];
  /** The designations the partner attained at the month. */
  attained: ReadonlySet<DesignationCode>;
}) {
  const q = useApiQuery(SpecializationProgressQueryDocument, { partnerId, asOf });
  const list = q.data?.partner?.specializationProgress ?? [];
  const groups = groupSpecializations({
    catalogue: q.data?.specializations ?? [],
    standing,
    grants,
    progress: list,
    attained,
  });
  const items = groups.flatMap((g) => [...g.shown, ...g.rest]);
  const held = items.filter((i) => i.standing?.held).length;
  const open = items.filter((i) => !i.standing?.held && i.standing?.prerequisiteMet).length;
  return (
    <section className="card specializations" aria-labelledby="progress-title">
      <div className="card-header">
        <h2 id="progress-title">Specializations</h2>
        {list[0] && <span className="muted">rule set {list[0].ruleSet}</span>}
      </div>
      <ErrorMessage error={q.error} onRetry={q.refetch} />
      {q.loading && !q.data && <Loading label="Loading requirements…" />}
      {items.length > 0 && (
        <p className="muted small" data-testid="specialization-counts">
          {held} held · {open} may be held · {items.length - held - open} wait for a designation
        </p>
      )}
      {q.data && list.length === 0 && <p className="muted">The rule set in force records no specialization requirements.</p>}
      <div className="specialization-groups">
        {groups.map((g) => (
          <Group key={g.designation ?? 'other'} group={g} />
        ))}
      </div>
    </section>
  );
}

type Item = GroupItem<Progress>;

function Group({ group: g }: { group: SpecializationGroup<Progress> }) {
  const id = useId();
  const label = g.designation ? DESIGNATION_LABELS[g.designation] : 'Other';
  const n = g.rest.length;
  const more = g.shown.length > 0 ? ' more' : '';
  const noun = n === 1 ? 'specialization' : 'specializations';
  const rest = g.attained
    ? `${n}${more} ${noun} may be held`
    : g.designation
      ? `${n}${more} ${noun} ${n === 1 ? 'needs' : 'need'} ${label} attained`
      : `${n}${more} ${noun}`;
  return (
    <section className="specialization-group" aria-labelledby={`${id}-title`} data-designation={g.designation ?? 'OTHER'}>
      <h3 id={`${id}-title`}>
        {label}
        {g.designation && (
          <span className={`badge badge-inline ${g.attained ? 'badge-good' : 'badge-neutral'}`}>
            {g.attained ? 'Attained' : 'Not attained'}
          </span>
        )}
      </h3>
      {g.shown.length > 0 ? (
        <ul className="plain-list progress-list" aria-label={`Held or granted: ${label}`}>
          {g.shown.map((i) => (
            <SpecializationItem key={i.code} item={i} />
          ))}
        </ul>
      ) : (
        <p className="muted small">None held or granted.</p>
      )}
      {n > 0 && (
        <details className="specialization-rest">
          <summary>{rest}</summary>
          <ul className="plain-list progress-list" aria-label={`Other specializations: ${label}`}>
            {g.rest.map((i) => (
              <SpecializationItem key={i.code} item={i} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Where a specialization stands: held (with or without its benefits), granted, open, or waiting. */
function status(i: Item): { label: string; tone: string } {
  const s = i.standing;
  if (s?.held) {
    if (s.benefitsGranted) return { label: 'Held · benefits granted', tone: 'good' };
    if (s.prerequisiteMet) return { label: 'Held · over the stacking cap', tone: 'warn' };
    return { label: 'Held · prerequisite not attained', tone: 'bad' };
  }
  if (i.grant) return { label: 'Granted · not held at this month', tone: 'neutral' };
  if (s?.prerequisiteMet) return { label: 'May be held', tone: 'neutral' };
  return { label: 'Prerequisite not attained', tone: 'neutral' };
}

function SpecializationItem({ item: i }: { item: Item }) {
  const st = status(i);
  const progress = i.progress;
  const count = progress ? requirementsMet(progress) : null;
  return (
    <li data-code={i.code} className="specialization-item">
      <div className="specialization-line">
        <strong>{i.name}</strong>
        <span className={`badge badge-inline badge-${st.tone}`}>{st.label}</span>
        {progress && count && (
          <span className={`badge badge-inline ${progress.met ? 'badge-good' : 'badge-warn'}`} data-testid="requirements-met">
            {count.met} of {count.total} requirements met
          </span>
        )}
      </div>
      {i.alternatives.length > 0 && (
        <div className="muted small">Also admitted by {i.alternatives.map((d) => DESIGNATION_LABELS[d]).join(', ')}</div>
      )}
      {i.standing?.held && <div className="muted small">{i.standing.detail}</div>}
      {progress && (
        <>
          <ul className="plain-list" aria-label={`Requirements of ${i.name}`}>
            {progress.requirements.map((r) => (
              <RequirementRow key={r.label} r={r} />
            ))}
          </ul>
          <div className="muted small">{validation(progress)}</div>
        </>
      )}
    </li>
  );
}
