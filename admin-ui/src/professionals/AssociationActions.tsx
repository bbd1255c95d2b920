// End an association, or move the professional to another partner. Both send the version the page
// was loaded with; an edit made meanwhile by someone else is refused with CONFLICT and nothing is lost.
import { type FormEvent, useState } from 'react';
import { ApiError, request } from '../api/client';
import type { UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { today } from '../ui/format';
import { ImpactTable, UserErrors } from './ImpactTable';
import { EndAssociation, MoveProfessional } from './operations';

export function AssociationActions({
  association,
  professional,
  partnerId,
  onDone,
}: {
  association: { id: string; version: number; associatedOn: string };
  professional: { professionalId: string; name: string };
  partnerId: string;
  onDone: (message: React.ReactNode) => void;
}) {
  const [mode, setMode] = useState<'end' | 'move' | null>(null);
  const [date, setDate] = useState(today());
  const [toPartner, setToPartner] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setUserErrors([]);
    try {
      const payload =
        mode === 'end'
          ? (
              await request(EndAssociation, {
                input: { associationId: association.id, removedOn: date, version: association.version },
              })
            ).endAssociation
          : (
              await request(MoveProfessional, {
                input: {
                  professionalId: professional.professionalId,
                  toPartnerId: toPartner.trim(),
                  movedOn: date,
                  version: association.version,
                },
              })
            ).moveProfessional;
      if (payload.userErrors.length > 0) {
        setUserErrors(payload.userErrors);
        return;
      }
      setMode(null);
      onDone(
        <>
          <p>
            {mode === 'end'
              ? `${professional.name}'s association with ${partnerId} ends on ${date}.`
              : `${professional.name} moves to ${toPartner.trim()} on ${date}.`}
          </p>
          <ImpactTable impact={payload.scoreImpact} caption="Score impact" />
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
          onClick={() => setMode('end')}
          aria-label={`End the association of ${professional.name}`}
        >
          End
        </button>
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => setMode('move')}
          aria-label={`Move ${professional.name} to another partner`}
        >
          Move
        </button>
      </div>
    );
  }

  const conflict =
    (error instanceof ApiError && error.code === 'CONFLICT') || userErrors.some((e) => e.code === 'CONFLICT');
  return (
    <form className="inline-form" onSubmit={submit} aria-label={mode === 'end' ? 'End association' : 'Move professional'}>
      {mode === 'move' && (
        <label className="field">
          <span>To partner (PartnerID)</span>
          <input required value={toPartner} onChange={(e) => setToPartner(e.target.value)} autoFocus />
        </label>
      )}
      <label className="field">
        <span>{mode === 'end' ? 'Last day counted' : 'Moves on'}</span>
        <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} min={association.associatedOn} />
      </label>
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
          {mode === 'end' ? 'End association' : 'Move'}
        </button>
        <button type="button" className="button button-small button-ghost" onClick={() => setMode(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
