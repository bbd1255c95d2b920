// Associate a professional with the partner: an existing one by id, or a new one with its
// certifications. The score impact can be previewed before saving.
import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../api/use-api';
import type { ScoreChangeInput, ScoreImpactFieldsFragment as ScoreImpact, UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { DateAfterData, defaultDay } from '../ui/months';
import { throwIfRefused, type Undo } from '../ui/Toasts';
import { ImpactTable, UserErrors } from './ImpactTable';
import { AddCertification, AssociateProfessional, CreateProfessional, EndAssociation, SimulateScore } from './operations';

interface Form {
  professionalId: string;
  isNew: boolean;
  name: string;
  email: string;
  certifications: string;
  earnedOn: string;
  associatedOn: string;
}

const EMPTY: Form = {
  professionalId: '',
  isNew: false,
  name: '',
  email: '',
  certifications: '',
  earnedOn: '',
  associatedOn: '',
};

function certCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

export function AddProfessional({
  partnerId,
  asOf,
  latestMonth,
  onDone,
  onCancel,
}: {
  partnerId: string;
  asOf?: string | undefined;
  /** The latest month with data: the dates default to its first day. */
  latestMonth?: string | undefined;
  /** Saved: what to say, and how to take it back (end the association on the day it began). */
  onDone: (message: React.ReactNode, undo?: Undo) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [form, setForm] = useState<Form>(EMPTY);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const api = useApi();
  const [preview, setPreview] = useState<ScoreImpact[] | null>(null);
  // The id whose profile this form already created (a second click must not create it again).
  const [created, setCreated] = useState<string | null>(null);

  const set = (field: keyof Form) => (e: { target: { value: string; checked?: boolean; type?: string } }) => {
    setPreview(null);
    setForm((f) => ({ ...f, [field]: e.target.type === 'checkbox' ? Boolean(e.target.checked) : e.target.value }));
  };

  const professionalId = form.professionalId.trim();
  // An untouched date is the first day of the latest month with data (known once the page has loaded).
  const associatedOn = form.associatedOn || defaultDay(latestMonth);
  const earnedOn = form.earnedOn || defaultDay(latestMonth);

  /**
   * Creates the new professional's profile and certifications. A profile alone changes no score (it
   * counts only once associated), and the server previews only professionals it knows, so a new
   * profile is created before its preview.
   */
  async function createProfile(): Promise<boolean> {
    if (!form.isNew || created === professionalId) return true;
    const result = await api.mutate(CreateProfessional, {
      input: { professionalId, name: form.name.trim(), email: form.email.trim() || null },
    });
    if (result.createProfessional.userErrors.length > 0) {
      setUserErrors(result.createProfessional.userErrors);
      return false;
    }
    for (const code of certCodes(form.certifications)) {
      const added = await api.mutate(AddCertification, { input: { professionalId, code, earnedOn } });
      if (added.addCertification.userErrors.length > 0) {
        setUserErrors(added.addCertification.userErrors);
        return false;
      }
    }
    setCreated(professionalId);
    return true;
  }

  async function previewImpact() {
    setBusy('preview');
    setError(null);
    setUserErrors([]);
    try {
      if (!(await createProfile())) return;
      const changes: ScoreChangeInput[] = [{ kind: 'ASSOCIATE_PROFESSIONAL', professionalId, date: associatedOn }];
      const data = await api.query(SimulateScore, { partnerId, changes, asOf });
      setPreview(data.simulateScore);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy('save');
    setError(null);
    setUserErrors([]);
    try {
      if (!(await createProfile())) return;
      const result = await api.mutate(AssociateProfessional, {
        input: { professionalId, partnerId, associatedOn },
      });
      const payload = result.associateProfessional;
      if (payload.userErrors.length > 0) {
        setUserErrors(payload.userErrors);
        return;
      }
      setForm(EMPTY);
      setPreview(null);
      setCreated(null);
      const association = payload.association;
      const undo: Undo | undefined = association
        ? {
            run: async () => {
              const ended = await api.mutate(EndAssociation, {
                input: { associationId: association.id, removedOn: association.associatedOn, version: association.version },
              });
              throwIfRefused(ended.endAssociation.userErrors);
              return `Undone: ${professionalId} is no longer associated with ${partnerId}.`;
            },
          }
        : undefined;
      onDone(
        <>
          <p>
            <strong>{professionalId}</strong> is now associated with {partnerId}.
          </p>
          <ImpactTable impact={payload.scoreImpact} caption="Score impact" />
        </>,
        undo,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="card edit-form" onSubmit={save} aria-labelledby="add-professional-title">
      <h3 id="add-professional-title">Associate a professional</h3>
      <div className="form-grid">
        <label className="field">
          <span>Professional ID</span>
          <input required value={form.professionalId} onChange={set('professionalId')} autoFocus />
        </label>
        <label className="field">
          <span>Associated on</span>
          <input type="date" required value={associatedOn} onChange={set('associatedOn')} />
        </label>
        <DateAfterData day={associatedOn} latestMonth={latestMonth} />
        <label className="checkbox field-full">
          <input type="checkbox" checked={form.isNew} onChange={set('isNew')} />
          New professional: create the profile and its certifications
        </label>
        {form.isNew && (
          <>
            <label className="field">
              <span>Name</span>
              <input required value={form.name} onChange={set('name')} />
            </label>
            <label className="field">
              <span>E-mail (optional)</span>
              <input type="email" value={form.email} onChange={set('email')} />
            </label>
            <div className="field">
              <label htmlFor={`${id}-certs`}>Certifications</label>
              <input
                id={`${id}-certs`}
                value={form.certifications}
                onChange={set('certifications')}
                placeholder="e.g. MS-500, AZ-500, SC-200"
                aria-describedby={`${id}-certs-help`}
              />
              <small id={`${id}-certs-help`} className="muted">
                Exam codes, separated by commas
              </small>
            </div>
            <label className="field">
              <span>Earned on</span>
              <input type="date" value={earnedOn} onChange={set('earnedOn')} />
            </label>
            <DateAfterData day={earnedOn} latestMonth={latestMonth} />
          </>
        )}
      </div>
      <UserErrors errors={userErrors} />
      <ErrorMessage error={error} />
      {busy === 'preview' && <Loading label="Computing the score impact…" />}
      {busy === 'save' && <Loading label="Saving…" />}
      {preview && <ImpactTable impact={preview} caption="Score impact preview" />}
      {form.isNew && created !== professionalId && (
        <p id={`${id}-preview-help`} className="muted small">
          The preview first saves the new profile and its certifications; they change no score until the
          professional is associated.
        </p>
      )}
      {form.isNew && created === professionalId && (
        <p className="muted small">The profile of {professionalId} is saved; it counts once associated.</p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={previewImpact}
          disabled={busy !== null || !professionalId}
          aria-describedby={form.isNew && created !== professionalId ? `${id}-preview-help` : undefined}
        >
          Preview score impact
        </button>
        <button type="submit" className="button button-primary" disabled={busy !== null || !professionalId}>
          Associate
        </button>
        <button
          type="button"
          className="button button-ghost"
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
