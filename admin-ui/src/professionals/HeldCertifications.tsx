// The certifications a professional holds (or once held): code, name, the day earned and the last day
// valid; for those who may edit, add one from the catalogue and remove one (after a confirmation).
// Each change shows the score impact the API reports for the partner the professional is with.
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { isStaleError, isStaleVersion } from '../api/client';
import { useApi, useApiQuery } from '../api/use-api';
import type { UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { FieldError, splitByField } from '../ui/FieldErrors';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { DateAfterData, defaultDay } from '../ui/months';
import { TableScroll } from '../ui/TableScroll';
import { throwIfRefused, type Undo } from '../ui/Toasts';
import { ImpactTable, UserErrors } from './ImpactTable';
import { AddCertification } from './operations';
import type { ListedProfessional } from './ProfessionalPanel';
import { CertificationCatalogue, RemoveCertification } from './profile-operations';

type Held = ListedProfessional['certifications'][number];

export function HeldCertifications({
  professional,
  partnerId,
  partnerName,
  latestMonth,
  on,
  editable,
  onDone,
}: {
  professional: ListedProfessional;
  partnerId: string;
  partnerName?: string | undefined;
  latestMonth: string;
  on: string;
  editable: boolean;
  /** A change saved: what to say, and how to take it back (a certification just added is removed). */
  onDone: (message: React.ReactNode, undo?: Undo) => void;
}) {
  const names: Record<string, string> = partnerName ? { [partnerId]: partnerName } : {};
  const list = professional.certifications;
  return (
    <div className="held-certifications">
      <h4>Certifications</h4>
      {list.length === 0 ? (
        <p className="muted">No certification recorded.</p>
      ) : (
        <TableScroll label={`Certifications held by ${professional.name}`}>
          <table className="table table-compact" aria-label={`Certifications held by ${professional.name}`}>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Earned</th>
                <th scope="col">Expires</th>
                <th scope="col">On {on}</th>
                {editable && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={`${c.code}-${c.earnedOn}`} data-code={c.code}>
                  <th scope="row" className="mono">
                    {c.code}
                  </th>
                  <td className="cert-name">{c.name}</td>
                  <td className="nowrap">{c.earnedOn}</td>
                  <td className="nowrap">
                    {c.expiresOn ?? <span className="muted">no expiry</span>}
                    {c.retiredOn && <div className="small muted">retired {c.retiredOn}</div>}
                  </td>
                  <td>
                    {c.valid ? (
                      <span className="badge badge-good badge-inline">Valid</span>
                    ) : (
                      <span className="badge badge-neutral badge-inline">Not valid</span>
                    )}
                  </td>
                  {editable && (
                    <td>
                      <RemoveAction
                        certification={c}
                        professional={professional}
                        onDone={(impact) =>
                          onDone(
                            <>
                              <p>
                                {c.code} (earned {c.earnedOn}) removed from {professional.name}.
                              </p>
                              <ImpactTable impact={impact} caption="Score impact" partnerNames={names} />
                            </>,
                          )
                        }
                        onReload={() => onDone('Reloaded the latest data.')}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {editable && (
        <AddCertificationForm
          professional={professional}
          latestMonth={latestMonth}
          onDone={(code, earnedOn, impact, undo) =>
            onDone(
              <>
                <p>
                  {code} (earned {earnedOn}) added to {professional.name}.
                </p>
                <ImpactTable impact={impact} caption="Score impact" partnerNames={names} />
              </>,
              undo,
            )
          }
        />
      )}
    </div>
  );
}

type Impact = Parameters<typeof ImpactTable>[0]['impact'];

/** Remove, with a confirm step; the record is named by code and day earned, and sent with its version. */
function RemoveAction({
  certification: c,
  professional,
  onDone,
  onReload,
}: {
  certification: Held;
  professional: ListedProfessional;
  onDone: (impact: Impact) => void;
  onReload: () => void;
}) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the confirmation closes and focus goes back to Remove.
  const cancel = () => {
    focusAfterRender(() => opener.current);
    setConfirming(false);
    setError(null);
    setUserErrors([]);
  };

  async function remove() {
    setBusy(true);
    setError(null);
    setUserErrors([]);
    try {
      const payload = (
        await api.mutate(RemoveCertification, {
          input: {
            professionalId: professional.professionalId,
            code: c.code,
            earnedOn: c.earnedOn,
            version: c.version,
          },
        })
      ).removeCertification;
      if (payload.userErrors.length > 0) {
        setUserErrors(payload.userErrors);
        return;
      }
      setConfirming(false);
      onDone(payload.scoreImpact);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (!confirming) {
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        ref={opener}
        onClick={() => setConfirming(true)}
        aria-label={`Remove ${c.code} earned ${c.earnedOn}`}
      >
        Remove
      </button>
    );
  }
  const conflict = isStaleError(error) || userErrors.some(isStaleVersion);
  return (
    <div
      className="confirm-remove"
      role="group"
      aria-label={`Confirm removing ${c.code}`}
      onKeyDown={(e) => {
        if (!busy) closeOnEscape(cancel)(e);
      }}
    >
      <span className="small strong">
        Remove {c.code} (earned {c.earnedOn}) from {professional.name}? What it counts for goes with it.
      </span>
      <UserErrors errors={userErrors} />
      <ErrorMessage error={error} />
      {conflict && (
        <button type="button" className="button button-small button-secondary" onClick={onReload}>
          Reload
        </button>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => void remove()}
          disabled={busy}
          autoFocus
        >
          {busy ? 'Removing…' : 'Remove certification'}
        </button>
        <button type="button" className="button button-small button-ghost" onClick={cancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}

const FIELDS = ['code', 'earnedOn', 'expiresOn'] as const;
type Field = (typeof FIELDS)[number];

/** Add a certification: the code chosen from the catalogue (found by code or name), the day earned. */
function AddCertificationForm({
  professional,
  latestMonth,
  onDone,
}: {
  professional: ListedProfessional;
  latestMonth: string;
  onDone: (code: string, earnedOn: string, impact: Impact, undo?: Undo) => void;
}) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the form closes and focus goes back to the button that opened it.
  const close = () => {
    focusAfterRender(() => opener.current);
    setOpen(false);
  };
  if (!open) {
    return (
      <button type="button" className="button button-secondary button-small" ref={opener} onClick={() => setOpen(true)}>
        Add a certification
      </button>
    );
  }
  return (
    <AddForm
      professional={professional}
      latestMonth={latestMonth}
      onCancel={close}
      onDone={(code, earnedOn, impact, undo) => {
        setOpen(false);
        onDone(code, earnedOn, impact, undo);
      }}
    />
  );
}

function AddForm({
  professional,
  latestMonth,
  onCancel,
  onDone,
}: {
  professional: ListedProfessional;
  latestMonth: string;
  onCancel: () => void;
  onDone: (code: string, earnedOn: string, impact: Impact, undo?: Undo) => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const api = useApi();
  const catalogue = useApiQuery(CertificationCatalogue, {});
  const [find, setFind] = useState('');
  const [code, setCode] = useState('');
  const [earnedOn, setEarnedOn] = useState(() => defaultDay(latestMonth));
  const [expiresOn, setExpiresOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const { byField, rest } = splitByField(userErrors, FIELDS);
  const errorId = (f: Field) => `${id}-${f}-error`;

  const all = catalogue.data?.certifications;
  // The catalogue's certifications whose code or name contains what is typed (the chosen one stays).
  const matches = useMemo(() => {
    const term = find.trim().toLowerCase();
    const list = [...(all ?? [])].sort((a, b) => a.code.localeCompare(b.code));
    if (!term) return list;
    return list.filter(
      (c) => c.code === code || c.code.toLowerCase().includes(term) || c.name.toLowerCase().includes(term),
    );
  }, [all, find, code]);

  function show(errors: UserError[]) {
    setUserErrors(errors);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const problems: UserError[] = [];
    if (!code) problems.push({ field: ['input', 'code'], message: 'Choose a certification.', code: 'BAD_USER_INPUT' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(earnedOn)) {
      problems.push({ field: ['input', 'earnedOn'], message: 'Enter the day it was earned.', code: 'BAD_USER_INPUT' });
    }
    if (problems.length > 0) {
      show(problems);
      return;
    }
    setUserErrors([]);
    setBusy(true);
    try {
      const payload = (
        await api.mutate(AddCertification, {
          input: { professionalId: professional.professionalId, code, earnedOn, expiresOn: expiresOn || null },
        })
      ).addCertification;
      if (payload.userErrors.length > 0) {
        show(payload.userErrors);
        return;
      }
      const held = payload.certification;
      const undo: Undo | undefined = held
        ? {
            run: async () => {
              const removed = await api.mutate(RemoveCertification, {
                input: { professionalId: professional.professionalId, code: held.code, earnedOn: held.earnedOn, version: held.version },
              });
              throwIfRefused(removed.removeCertification.userErrors);
              return `Undone: ${held.code} (earned ${held.earnedOn}) removed from ${professional.name}.`;
            },
          }
        : undefined;
      onDone(code, earnedOn, payload.scoreImpact, undo);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const invalid = (f: Field) => (byField[f] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(f) } : {});
  return (
    <form
      ref={formRef}
      className="inline-form add-certification"
      onSubmit={submit}
      onKeyDown={closeOnEscape(onCancel)}
      aria-label="Add a certification"
      noValidate
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-find`}>Find a certification</label>
          <input
            id={`${id}-find`}
            type="search"
            value={find}
            placeholder="Code or name, e.g. SC-200"
            onChange={(e) => {
              setFind(e.target.value);
              // Exactly one match: it is chosen.
              const term = e.target.value.trim().toLowerCase();
              const only = (all ?? []).filter(
                (c) => term && (c.code.toLowerCase().includes(term) || c.name.toLowerCase().includes(term)),
              );
              if (only.length === 1 && only[0]) setCode(only[0].code);
            }}
            aria-controls={`${id}-code`}
            autoFocus
          />
          <small className="muted" aria-live="polite">
            {all ? `${matches.length} of ${all.length} certifications` : ''}
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`}>Certification</label>
          <select id={`${id}-code`} required value={code} onChange={(e) => setCode(e.target.value)} {...invalid('code')}>
            <option value="">{catalogue.loading ? 'Loading…' : 'Choose…'}</option>
            {matches.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} · {c.name}
                {c.retiredOn ? ` (retired ${c.retiredOn})` : ''}
              </option>
            ))}
          </select>
          <FieldError id={errorId('code')} messages={byField.code} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-earned`}>Earned on</label>
          <input
            id={`${id}-earned`}
            type="date"
            required
            value={earnedOn}
            onChange={(e) => setEarnedOn(e.target.value)}
            {...invalid('earnedOn')}
          />
          <FieldError id={errorId('earnedOn')} messages={byField.earnedOn} />
          <DateAfterData day={earnedOn} latestMonth={latestMonth} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-expires`}>Expires on (optional)</label>
          <input
            id={`${id}-expires`}
            type="date"
            value={expiresOn}
            min={earnedOn}
            onChange={(e) => setExpiresOn(e.target.value)}
            {...invalid('expiresOn')}
          />
          <FieldError id={errorId('expiresOn')} messages={byField.expiresOn} />
        </div>
      </div>
      <ErrorMessage error={catalogue.error} onRetry={catalogue.refetch} />
      <UserErrors errors={rest} />
      <ErrorMessage error={error} />
      {busy && <Loading label="Saving…" />}
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          Add certification
        </button>
        <button type="button" className="button button-small button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
