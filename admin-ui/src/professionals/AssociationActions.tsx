// End an association, or move the professional to another partner. Both send the version the page
// was loaded with; an edit made meanwhile by someone else is refused with CONFLICT and nothing is lost.
// While the form is filled in, the score impact is simulated (a pause after the last change) and shown
// before anything is saved: for a move, the rows of both partners.
import { type FormEvent, useRef, useState } from 'react';
import { errorMessage, isStaleError, isStaleVersion } from '../api/client';
import { useApi, useApiQuery } from '../api/use-api';
import type { UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { useDebounced } from '../ui/debounce';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { monthLabel } from '../ui/format';
import { DateAfterData, defaultDay } from '../ui/months';
import { ImpactTable, UserErrors } from './ImpactTable';
import { EndAssociation, MovePartners, MoveProfessional, SimulateScore } from './operations';

/** How long the form waits after the last change before it simulates the impact. */
export const PREVIEW_DELAY = 400;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The impact an end or a move would have, simulated by the API as the save will report it (at the
 * latest month with data): the end of the association on `partnerId`, and for a move the
 * association starting that day on the destination.
 */
function usePreview(
  mode: 'end' | 'move' | null,
  professionalId: string,
  partnerId: string,
  date: string,
  toPartner: string,
) {
  const day = useDebounced(date, PREVIEW_DELAY);
  const to = useDebounced(toPartner.trim(), PREVIEW_DELAY);
  const pending = day !== date || to !== toPartner.trim();
  const ready = mode !== null && isDay(day) && (mode === 'end' || (to !== '' && to !== partnerId));
  const source = useApiQuery(
    SimulateScore,
    { partnerId, changes: [{ kind: 'END_PROFESSIONAL_ASSOCIATION', professionalId, date: day }] },
    { skip: !ready },
  );
  const destination = useApiQuery(
    SimulateScore,
    { partnerId: to, changes: [{ kind: 'ASSOCIATE_PROFESSIONAL', professionalId, date: day }] },
    { skip: !ready || mode !== 'move' },
  );
  const partners = useApiQuery(MovePartners, { from: partnerId, to }, { skip: !ready || mode !== 'move' });
  const move = mode === 'move';
  const loading = pending || source.loading || (move && destination.loading);
  const error = source.error ?? (move ? destination.error : undefined);
  const impact =
    ready && !loading && !error && source.data && (!move || destination.data)
      ? [...source.data.simulateScore, ...(move ? (destination.data?.simulateScore ?? []) : [])]
      : null;
  const names: Record<string, string> = {};
  for (const p of [partners.data?.from, partners.data?.to]) if (p) names[p.partnerId] = p.name;
  return { ready, loading: ready && loading, error: ready ? error : undefined, impact, names };
}

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
  const preview = usePreview(mode, professional.professionalId, partnerId, date, toPartner);
  const previewNames: Record<string, string> = { ...preview.names };
  if (partnerName) previewNames[partnerId] ??= partnerName;

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
      <div className="impact-preview" aria-live="polite" data-testid="impact-preview">
        {preview.loading && <Loading label="Computing the score impact…" />}
        {preview.error != null && (
          <p className="field-warning" role="status">
            The score impact could not be computed: {errorMessage(preview.error)}
          </p>
        )}
        {preview.impact && (
          <>
            <p className="small muted">
              {mode === 'end' ? 'If the association ends' : 'If the professional moves'} on {date}, as of{' '}
              {latestMonth ? monthLabel(latestMonth) : 'the latest month'} (nothing is saved yet):
            </p>
            <ImpactTable impact={preview.impact} caption="Score impact preview" partnerNames={previewNames} />
          </>
        )}
      </div>
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
