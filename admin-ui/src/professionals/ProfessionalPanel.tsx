// One professional's details, opened from its row: its name and e-mail (edited with the version read,
// so an edit made meanwhile by someone else is refused and nothing is lost), and its certifications
// (listed, added and removed, each change with the score impact the API reports).
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { isStaleError, isStaleVersion } from '../api/client';
import { useApi } from '../api/use-api';
import type { PartnerProfessionalsQuery, UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { FieldError, splitByField } from '../ui/FieldErrors';
import { closeOnEscape } from '../ui/focus';
import { type Undo, useToast } from '../ui/Toasts';
import { HeldCertifications } from './HeldCertifications';
import { UserErrors } from './ImpactTable';
import { UpdateProfessional } from './profile-operations';

/** A professional as the professionals list loads it. */
export type ListedProfessional = NonNullable<
  PartnerProfessionalsQuery['partner']
>['professionals']['nodes'][number]['professional'];

export function ProfessionalPanel({
  professional,
  partnerId,
  partnerName,
  latestMonth,
  on,
  editable,
  onChanged,
  onClose,
}: {
  professional: ListedProfessional;
  partnerId: string;
  partnerName?: string | undefined;
  /** The latest month with data: the day earned defaults to its first day. */
  latestMonth: string;
  /** The day certifications are judged valid on (the end of the page's month). */
  on: string;
  editable: boolean;
  /** After a saved change: the list (and the page's scores) load again. */
  onChanged: () => void;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const toast = useToast();
  useEffect(() => heading.current?.focus(), []);

  // After a change a toast says what changed (with Undo when it can be taken back); the panel's
  // heading takes the focus.
  const done = (message: React.ReactNode, undo?: Undo) => {
    toast.show({ message, undo });
    heading.current?.focus();
    onChanged();
  };

  return (
    <section
      className="card professional-panel"
      aria-labelledby={`${id}-title`}
      data-testid="professional-panel"
      onKeyDown={closeOnEscape(onClose)}
    >
      <div className="card-header">
        <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {professional.name} <span className="mono muted small">{professional.professionalId}</span>
        </h3>
        <button type="button" className="button button-small button-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      {editable ? (
        // A new version (saved here, or by someone else and reloaded) starts the form afresh.
        <EditProfessional key={professional.version} professional={professional} onDone={done} />
      ) : (
        <p className="small">
          E-mail: {professional.email ?? <span className="muted">none recorded</span>}
        </p>
      )}
      <HeldCertifications
        professional={professional}
        partnerId={partnerId}
        partnerName={partnerName}
        latestMonth={latestMonth}
        on={on}
        editable={editable}
        onDone={done}
      />
    </section>
  );
}

const FIELDS = ['name', 'email'] as const;
type Field = (typeof FIELDS)[number];

/** Name and e-mail, sent with the version read; only what changed is sent. */
function EditProfessional({
  professional,
  onDone,
}: {
  professional: ListedProfessional;
  onDone: (message: React.ReactNode) => void;
}) {
  const id = useId();
  const api = useApi();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(professional.name);
  const [email, setEmail] = useState(professional.email ?? '');
  // The version this form saved last, until the list brings it (a second edit must send it).
  const [saved, setSaved] = useState<number | null>(null);
  const version = Math.max(professional.version, saved ?? 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const { byField, rest } = splitByField(userErrors, FIELDS);
  const errorId = (f: Field) => `${id}-${f}-error`;

  const newName = name.trim() !== professional.name ? name.trim() : null;
  const newEmail = email.trim() !== (professional.email ?? '') ? email.trim() : null;
  const unchanged = newName === null && newEmail === null;

  /** Shows the problems and moves the focus to the first field with one. */
  function show(errors: UserError[]) {
    setUserErrors(errors);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) {
      show([{ field: ['input', 'name'], message: 'Enter the professional’s name.', code: 'BAD_USER_INPUT' }]);
      return;
    }
    setUserErrors([]);
    setBusy(true);
    try {
      const payload = (
        await api.mutate(UpdateProfessional, {
          input: { professionalId: professional.professionalId, name: newName, email: newEmail, version },
        })
      ).updateProfessional;
      if (payload.userErrors.length > 0) {
        show(payload.userErrors);
        return;
      }
      if (payload.professional) setSaved(payload.professional.version);
      onDone(<p>Saved the name and e-mail of {payload.professional?.name ?? name.trim()}.</p>);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const conflict = isStaleError(error) || userErrors.some(isStaleVersion);
  return (
    <form
      ref={formRef}
      className="professional-edit"
      onSubmit={submit}
      aria-label={`Edit ${professional.name}`}
      noValidate
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={byField.name ? true : undefined}
            aria-describedby={byField.name ? errorId('name') : undefined}
          />
          <FieldError id={errorId('name')} messages={byField.name} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>E-mail (empty: none)</label>
          <input
            id={`${id}-email`}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={byField.email ? true : undefined}
            aria-describedby={byField.email ? errorId('email') : undefined}
          />
          <FieldError id={errorId('email')} messages={byField.email} />
        </div>
      </div>
      <UserErrors errors={rest} />
      <ErrorMessage error={error} />
      {conflict && (
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => onDone('Reloaded the latest data.')}
        >
          Reload
        </button>
      )}
      {busy && <Loading label="Saving…" />}
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy || unchanged}>
          Save name and e-mail
        </button>
      </div>
    </form>
  );
}
