// The specializations Microsoft granted the partner: every grant with its period, validation and what
// it does for the partner's standing; administrators record a grant, renew one to a later last day or
// end it earlier. Each write sends the version the page was loaded with and shows how the standing
// moves (held, benefits granted within the group's stacking cap).
import { type FormEvent, useRef, useState } from 'react';
import { isStaleError, isStaleVersion } from '../api/client';
import { useApi } from '../api/use-api';
import { useViewer } from '../auth/viewer';
import { graphql } from '../gql';
import type {
  PartnerOverviewQuery,
  SpecializationImpactFieldsFragment as Impact,
  SpecializationValidation,
  UserErrorFieldsFragment as UserError,
} from '../gql/graphql';
import { UserErrors } from '../professionals/ImpactTable';
import { ErrorMessage, Loading, Notice } from '../ui/Feedback';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { TableScroll } from '../ui/TableScroll';
import { DateAfterData, defaultDay } from '../ui/months';

type Overview = NonNullable<PartnerOverviewQuery['partner']>;
type Grant = Overview['specializationGrants'][number];
type Standing = Overview['standing']['specializations'][number];

export const SpecializationImpactFields = graphql(`
  fragment SpecializationImpactFields on SpecializationImpact {
    code
    heldBefore
    heldAfter
    benefitsBefore
    benefitsAfter
    detail
  }
`);

export const RecordSpecialization = graphql(`
  mutation RecordSpecialization($input: RecordSpecializationInput!) {
    recordSpecialization(input: $input) {
      userErrors {
        ...UserErrorFields
      }
      standingImpact {
        ...SpecializationImpactFields
      }
    }
  }
`);

export const RenewSpecialization = graphql(`
  mutation RenewSpecialization($input: SpecializationEndInput!) {
    renewSpecialization(input: $input) {
      userErrors {
        ...UserErrorFields
      }
      standingImpact {
        ...SpecializationImpactFields
      }
    }
  }
`);

export const EndSpecialization = graphql(`
  mutation EndSpecialization($input: SpecializationEndInput!) {
    endSpecialization(input: $input) {
      userErrors {
        ...UserErrorFields
      }
      standingImpact {
        ...SpecializationImpactFields
      }
    }
  }
`);

const VALIDATIONS: Record<SpecializationValidation, string> = {
  AUDIT: 'Audit',
  CUSTOMER_REFERENCES: 'Customer references',
  NONE: 'None recorded',
};

/** What a grant does for the partner at the page's month, from its standing. */
function standingOf(s: Standing | undefined, grant: Grant): { label: string; tone: string } {
  if (!s || !s.held) return { label: grant.active ? 'Not held at this month' : 'Not in force', tone: 'neutral' };
  if (s.benefitsGranted) return { label: 'Held · benefits granted', tone: 'good' };
  if (s.prerequisiteMet) return { label: 'Held · over the stacking cap', tone: 'warn' };
  return { label: 'Held · prerequisite not attained', tone: 'bad' };
}

/** How the standing moved, one line per specialization. */
export function StandingImpact({ impact, names }: { impact: readonly Impact[]; names: Map<string, string> }) {
  if (impact.length === 0) return <p className="muted">No specialization's standing changes.</p>;
  const state = (held: boolean, granted: boolean) => (granted ? 'benefits granted' : held ? 'held, no benefits' : 'not held');
  return (
    <ul className="plain-list" aria-label="Standing impact">
      {impact.map((i) => (
        <li key={i.code} data-code={i.code}>
          <strong>{names.get(i.code) ?? i.code}</strong>: {state(i.heldBefore, i.benefitsBefore)} →{' '}
          {state(i.heldAfter, i.benefitsAfter)}
          <div className="muted small">{i.detail}</div>
        </li>
      ))}
    </ul>
  );
}

export function SpecializationGrants({
  partnerId,
  grants,
  standing,
  onChanged,
  latestMonth,
}: {
  partnerId: string;
  grants: readonly Grant[];
  standing: readonly Standing[];
  /** A grant was written (the views it changes are refetched by the client's cache). */
  onChanged?: () => void;
  /** The latest month with data: dates default to its first day. */
  latestMonth?: string | undefined;
}) {
  const viewer = useViewer();
  const admin = viewer.role === 'ADMIN';
  const [done, setDone] = useState<React.ReactNode>(null);
  const byCode = new Map(standing.map((s) => [s.code, s]));
  const names = new Map(standing.map((s) => [s.code, s.name]));
  const heading = useRef<HTMLHeadingElement>(null);
  // After a change (a grant ended, say) focus goes to the section's heading, above the notice.
  const finish = (message: React.ReactNode) => {
    setDone(message);
    heading.current?.focus();
    onChanged?.();
  };
  return (
    <section className="card" aria-labelledby="grants-title">
      <div className="card-header">
        <h2 id="grants-title" ref={heading} tabIndex={-1}>
          Specializations granted
        </h2>
      </div>
      {done && <Notice>{done}</Notice>}
      {grants.length === 0 ? (
        <p className="muted">No specialization has been recorded for this partner.</p>
      ) : (
        <TableScroll label="Specialization grants">
        <table className="table table-compact" aria-label="Specialization grants">
          <thead>
            <tr>
              <th scope="col">Specialization</th>
              <th scope="col">Granted</th>
              <th scope="col">Valid till</th>
              <th scope="col">Validation</th>
              <th scope="col">At this month</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => {
              const s = standingOf(byCode.get(g.code), g);
              return (
                <tr key={`${g.code}-${g.grantedOn}`} data-code={g.code}>
                  <th scope="row">{g.specialization?.name ?? g.code}</th>
                  <td>{g.grantedOn}</td>
                  <td>{g.expiresOn ?? 'no end recorded'}</td>
                  <td>{VALIDATIONS[g.validation]}</td>
                  <td>
                    <span className={`badge badge-${s.tone}`}>{s.label}</span>
                  </td>
                  {admin && (
                    <td>
                      <GrantActions partnerId={partnerId} grant={g} names={names} onDone={finish} latestMonth={latestMonth} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        </TableScroll>
      )}
      {admin && <RecordGrant partnerId={partnerId} standing={standing} names={names} onDone={finish} latestMonth={latestMonth} />}
    </section>
  );
}

function RecordGrant({
  partnerId,
  standing,
  names,
  onDone,
  latestMonth,
}: {
  partnerId: string;
  standing: readonly Standing[];
  names: Map<string, string>;
  onDone: (message: React.ReactNode) => void;
  latestMonth?: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the form closes and focus goes back to the button that opened it.
  const close = () => {
    focusAfterRender(() => opener.current);
    setOpen(false);
  };
  const [code, setCode] = useState('');
  const [grantedOn, setGrantedOn] = useState(() => defaultDay(latestMonth));
  const [expiresOn, setExpiresOn] = useState('');
  const [validation, setValidation] = useState<SpecializationValidation>('NONE');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const api = useApi();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setUserErrors([]);
    try {
      const payload = (
        await api.mutate(RecordSpecialization, {
          input: { partnerId, code, grantedOn, expiresOn: expiresOn || null, validation },
        })
      ).recordSpecialization;
      if (payload.userErrors.length > 0) {
        setUserErrors(payload.userErrors);
        return;
      }
      setOpen(false);
      onDone(
        <>
          <p>
            {names.get(code) ?? code} recorded from {grantedOn}.
          </p>
          <StandingImpact impact={payload.standingImpact} names={names} />
        </>,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button-secondary" ref={opener} onClick={() => setOpen(true)}>
        Record a specialization
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={closeOnEscape(close)} aria-label="Record a specialization">
      <label className="field">
        <span>Specialization</span>
        <select required value={code} onChange={(e) => setCode(e.target.value)} autoFocus>
          <option value="">Choose…</option>
          {/* Those an attained designation admits first, then the others. */}
          {([true, false] as const).map((admitted) => {
            const group = standing.filter((s) => s.prerequisiteMet === admitted).sort((a, b) => a.name.localeCompare(b.name));
            if (group.length === 0) return null;
            return (
              <optgroup key={String(admitted)} label={admitted ? 'Admitted by an attained designation' : 'No attained prerequisite'}>
                {group.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                    {s.prerequisiteMet ? '' : ' (no attained prerequisite)'}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      </label>
      <label className="field">
        <span>Granted on</span>
        <input type="date" required value={grantedOn} onChange={(e) => setGrantedOn(e.target.value)} />
      </label>
      <DateAfterData day={grantedOn} latestMonth={latestMonth} />
      <label className="field">
        <span>Valid till</span>
        <input type="date" value={expiresOn} min={grantedOn} onChange={(e) => setExpiresOn(e.target.value)} />
      </label>
      <label className="field">
        <span>Validation</span>
        <select value={validation} onChange={(e) => setValidation(e.target.value as SpecializationValidation)}>
          {(Object.keys(VALIDATIONS) as SpecializationValidation[]).map((v) => (
            <option key={v} value={v}>
              {VALIDATIONS[v]}
            </option>
          ))}
        </select>
      </label>
      <UserErrors errors={userErrors} />
      <ErrorMessage error={error} />
      {busy && <Loading label="Saving…" />}
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          Record
        </button>
        <button type="button" className="button button-small button-secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function GrantActions({
  partnerId,
  grant,
  names,
  onDone,
  latestMonth,
}: {
  partnerId: string;
  grant: Grant;
  names: Map<string, string>;
  onDone: (message: React.ReactNode) => void;
  latestMonth?: string | undefined;
}) {
  const [mode, setMode] = useState<'renew' | 'end' | null>(null);
  const renewButton = useRef<HTMLButtonElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the form closes and focus goes back to the button that opened it.
  const close = () => {
    const opener = mode === 'renew' ? renewButton : endButton;
    focusAfterRender(() => opener.current);
    setMode(null);
  };
  const [date, setDate] = useState(() => defaultDay(latestMonth));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const api = useApi();
  const name = names.get(grant.code) ?? grant.code;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setUserErrors([]);
    const input = {
      partnerId,
      code: grant.code,
      grantedOn: grant.grantedOn,
      expiresOn: date || null,
      version: grant.version,
    };
    try {
      const payload =
        mode === 'renew'
          ? (await api.mutate(RenewSpecialization, { input })).renewSpecialization
          : (await api.mutate(EndSpecialization, { input })).endSpecialization;
      if (payload.userErrors.length > 0) {
        setUserErrors(payload.userErrors);
        return;
      }
      setMode(null);
      onDone(
        <>
          <p>
            {name}{' '}
            {mode === 'renew' ? (date ? `renewed through ${date}` : 'renewed without an end') : `ends on ${date}`}.
          </p>
          <StandingImpact impact={payload.standingImpact} names={names} />
        </>,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (!mode) {
    return (
      <div className="row-actions">
        <button
          type="button"
          className="button button-small button-secondary"
          ref={renewButton}
          onClick={() => setMode('renew')}
          aria-label={`Renew ${name}`}
        >
          Renew
        </button>
        <button
          type="button"
          className="button button-small button-secondary"
          ref={endButton}
          onClick={() => setMode('end')}
          aria-label={`End ${name}`}
        >
          End
        </button>
      </div>
    );
  }
  const conflict =
    isStaleError(error) || userErrors.some(isStaleVersion);
  return (
    <form
      className="inline-form"
      onSubmit={submit}
      onKeyDown={closeOnEscape(close)}
      aria-label={mode === 'renew' ? `Renew ${name}` : `End ${name}`}
    >
      <label className="field">
        <span>{mode === 'renew' ? 'Valid till (empty: no end)' : 'Last day in force'}</span>
        <input
          type="date"
          required={mode === 'end'}
          value={date}
          min={grant.grantedOn}
          onChange={(e) => setDate(e.target.value)}
          autoFocus
        />
      </label>
      {mode === 'end' && <DateAfterData day={date} latestMonth={latestMonth} />}
      <UserErrors errors={userErrors} />
      <ErrorMessage error={error} />
      {conflict && (
        <button type="button" className="button button-small button-secondary" onClick={() => onDone('Reloaded the latest data.')}>
          Reload
        </button>
      )}
      {busy && <Loading label="Saving…" />}
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          {mode === 'renew' ? 'Renew' : 'End'}
        </button>
        <button type="button" className="button button-small button-secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
