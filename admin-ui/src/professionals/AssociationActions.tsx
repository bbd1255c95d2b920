// End an association, or move the professional to another partner. Both send the version the page
// was loaded with; an edit made meanwhile by someone else is refused with CONFLICT and nothing is lost.
import { type FormEvent, useRef, useState } from 'react';
import { isStaleError, isStaleVersion } from '../api/client';
import { useApi } from '../api/use-api';
import type { UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { DateAfterData, defaultDay } from '../ui/months';
import { ImpactTable, UserErrors } from './ImpactTable';
import { EndAssociation, MovePartners, MoveProfessional } from './operations';

export function AssociationActions({
  association,
  professional,
  partnerId,
  partnerName,
  latestMonth,
  onDone,
}: {
  association: { id: string; version: number; associatedOn: string };
  professional: { professionalId: string; name: string };
  partnerId: string;
  /** The partner's name, to label its rows of a move's impact. */
  partnerName?: string | undefined;
  /** The latest month with data: the date defaults to its first day. */
  latestMonth?: string | undefined;
  onDone: (message: React.ReactNode) => void;
}) {
  const [mode, setMode] = useState<'end' | 'move' | null>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the form closes and focus goes back to the button that opened it.
  const close = () => {
    const opener = mode === 'move' ? moveButton : endButton;
    focusAfterRender(() => opener.current);
    setMode(null);
  };
  const [date, setDate] = useState(() => defaultDay(latestMonth));
  const [toPartner, setToPartner] = useState('');
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
      const payload =
        mode === 'end'
          ? (
              await api.mutate(EndAssociation, {
                input: { associationId: association.id, removedOn: date, version: association.version },
              })
            ).endAssociation
          : (
              await api.mutate(MoveProfessional, {
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
      // A move's impact has rows of both partners: each is labelled with its PartnerID and name.
      const names: Record<string, string> = {};
      if (partnerName) names[partnerId] = partnerName;
      if (mode === 'move') {
        try {
          const found = await api.query(MovePartners, { from: partnerId, to: toPartner.trim() });
          for (const p of [found.from, found.to]) if (p) names[p.partnerId] = p.name;
        } catch {
          // The names are a help: without them the rows keep their PartnerID.
        }
      }
      setMode(null);
      onDone(
        <>
          <p>
            {mode === 'end'
              ? `${professional.name}'s association with ${partnerId} ends on ${date}.`
              : `${professional.name} moves to ${toPartner.trim()} on ${date}.`}
          </p>
          <ImpactTable impact={payload.scoreImpact} caption="Score impact" partnerNames={names} />
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
          ref={endButton}
          onClick={() => setMode('end')}
          aria-label={`End the association of ${professional.name}`}
        >
          End
        </button>
        <button
          type="button"
          className="button button-small button-secondary"
          ref={moveButton}
          onClick={() => setMode('move')}
          aria-label={`Move ${professional.name} to another partner`}
        >
          Move
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
      aria-label={mode === 'end' ? 'End association' : 'Move professional'}
    >
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
      <DateAfterData day={date} latestMonth={latestMonth} />
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
        <button type="button" className="button button-small button-ghost" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
