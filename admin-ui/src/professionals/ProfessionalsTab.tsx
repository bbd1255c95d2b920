// The certified professionals of a partner: their certifications, which designations they count for
// (both judged by the API, as the score judges them), and (for those who may edit) add, end, move and
// bulk upload, and each professional's details and certifications. The search (`q`), the ended
// associations (`ended`) and the page are kept in the URL.
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApiQuery } from '../api/use-api';
import { canEdit, useViewer } from '../auth/viewer';
import { graphql } from '../gql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { closeOnEscape, useFocusAfterRender } from '../ui/focus';
import { DESIGNATION_LABELS, METRIC_LABELS, endOfMonth, today } from '../ui/format';
import { Pager, dropPaging, useUrlPages } from '../ui/Pager';
import { SearchBox } from '../ui/SearchBox';
import { TableScroll } from '../ui/TableScroll';
import { type Undo, useToast } from '../ui/Toasts';
import { AddProfessional } from './AddProfessional';
import { AssociationActions } from './AssociationActions';
import { BulkUpload } from './BulkUpload';
import { ProfessionalPanel } from './ProfessionalPanel';
import './professionals.css';

export const ProfessionalsQuery = graphql(`
  query PartnerProfessionals(
    $partnerId: String!
    $activeOnly: Boolean!
    $first: Int
    $after: String
    $search: String
    $asOf: Month
  ) {
    latestMonth
    partner(partnerId: $partnerId) {
      partnerId
      name
      professionals(activeOnly: $activeOnly, first: $first, after: $after, search: $search) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          associatedOn
          removedOn
          active
          version
          professional {
            id
            professionalId
            name
            email
            version
            certifications {
              code
              name
              earnedOn
              expiresOn
              retiredOn
              valid(asOf: $asOf)
              version
            }
            countsFor(asOf: $asOf) {
              designation
              metrics {
                metric
                counts
                certifications
                missing
                steps
              }
            }
          }
        }
      }
    }
  }
`);

const PAGE_SIZE = 50;

export function ProfessionalsTab({
  partnerId,
  asOf,
  onChanged,
}: {
  partnerId: string;
  asOf: string | undefined;
  onChanged?: () => void;
}) {
  const viewer = useViewer();
  const editable = canEdit(viewer, partnerId);
  const [params, setParams] = useSearchParams();
  const activeOnly = params.get('ended') !== '1';
  const search = params.get('q')?.trim() || undefined;
  // The page (cursor, the cursors before it, rows before and page size) is in the URL too.
  const pages = useUrlPages(params, setParams, PAGE_SIZE);
  /** A new filter: back to the first page; a search while typing replaces the history entry. */
  const setFilter = (name: 'q' | 'ended', value: string | undefined, replace = false) => {
    const next = dropPaging(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace });
  };
  const toast = useToast();
  const [panel, setPanel] = useState<'add' | 'bulk' | null>(null);
  // The professional whose details are open (by professional id).
  const [details, setDetails] = useState<string | null>(null);
  const { data, error, loading, refetch } = useApiQuery(ProfessionalsQuery, {
    partnerId,
    activeOnly,
    first: pages.size,
    after: pages.after,
    search,
    asOf,
  });

  const heading = useRef<HTMLHeadingElement>(null);
  const section = useRef<HTMLElement>(null);
  const bulkButton = useRef<HTMLButtonElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Cancel or Escape: the panel closes and focus goes back to the button that opened it.
  const closePanel = () => {
    const opener = panel === 'bulk' ? bulkButton : addButton;
    focusAfterRender(() => opener.current);
    setPanel(null);
  };
  const escapePanel = closeOnEscape(closePanel);
  // Closing a professional's details gives focus back to its Details button.
  const closeDetails = () => {
    const id = details;
    focusAfterRender(() =>
      id ? section.current?.querySelector<HTMLElement>(`button[data-details="${CSS.escape(id)}"]`) : null,
    );
    setDetails(null);
  };

  // After a change (an association ended, say) focus goes to the list's heading, and a toast says what
  // changed (with Undo when the API can take it back).
  const changed = (message: React.ReactNode, undo?: Undo) => {
    setPanel(null);
    setDetails(null);
    heading.current?.focus();
    toast.show({ message, undo });
    onChanged?.();
  };

  const connection = data?.partner?.professionals;
  // Certifications count as of the end of the month the scores are shown for.
  const on = data ? endOfMonth(asOf ?? data.latestMonth) : today();
  const open = details ? connection?.nodes.find((a) => a.professional.professionalId === details) : undefined;

  return (
    <section
      ref={section}
      aria-labelledby="professionals-title"
      onKeyDown={(e) => {
        if (panel && (e.target as Element).closest?.('.edit-form')) escapePanel(e);
      }}
    >
      <div className="section-header">
        <h2 id="professionals-title" ref={heading} tabIndex={-1}>
          Certified professionals
        </h2>
        <div className="toolbar">
          <SearchBox
            label="Search professionals"
            placeholder="Name, professional ID or e-mail"
            value={search ?? ''}
            onSearch={(term) => setFilter('q', term || undefined, true)}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={!activeOnly}
              onChange={(e) => setFilter('ended', e.target.checked ? '1' : undefined)}
            />
            Include ended associations
          </label>
          {editable && (
            <>
              <button
                type="button"
                className="button button-secondary"
                ref={bulkButton}
                aria-expanded={panel === 'bulk'}
                onClick={() => setPanel(panel === 'bulk' ? null : 'bulk')}
              >
                Bulk upload
              </button>
              <button
                type="button"
                className="button button-primary"
                ref={addButton}
                aria-expanded={panel === 'add'}
                onClick={() => setPanel(panel === 'add' ? null : 'add')}
              >
                Associate a professional
              </button>
            </>
          )}
        </div>
      </div>
      {editable && panel === 'add' && (
        <AddProfessional
          partnerId={partnerId}
          asOf={asOf}
          latestMonth={data?.latestMonth}
          onDone={changed}
          onCancel={closePanel}
        />
      )}
      {editable && panel === 'bulk' && (
        <BulkUpload partnerId={partnerId} onDone={changed} onCancel={closePanel} />
      )}
      {open && data && (
        <ProfessionalPanel
          key={open.professional.professionalId}
          professional={open.professional}
          partnerId={partnerId}
          partnerName={data.partner?.name}
          latestMonth={data.latestMonth}
          on={on}
          editable={editable}
          onChanged={() => {
            refetch();
            onChanged?.();
          }}
          onClose={closeDetails}
        />
      )}
      <ErrorMessage error={error} onRetry={refetch} />
      {loading && <Loading label="Loading professionals…" />}
      {connection && data && (
        <div className="card card-flush">
          <p className="table-caption" aria-live="polite">
            {connection.totalCount === 0
              ? search
                ? `No ${activeOnly ? 'current ' : ''}association matches “${search}”.`
                : 'No certified professional is associated with this partner.'
              : `${connection.totalCount} ${activeOnly ? 'current' : ''} associations${search ? ` matching “${search}”` : ''} · certifications counted as of ${on}`}
          </p>
          {connection.nodes.length > 0 && (
            <TableScroll label="Certified professionals">
            <table className="table" aria-label="Certified professionals">
              <thead>
                <tr>
                  <th scope="col">Professional</th>
                  <th scope="col">Associated</th>
                  <th scope="col">Certifications</th>
                  <th scope="col">Counts for</th>
                  {editable && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {connection.nodes.map((a) => {
                  const p = a.professional;
                  const counts = a.active ? p.countsFor : [];
                  return (
                    <tr key={a.id} data-professional={p.professionalId} className={a.active ? undefined : 'row-ended'}>
                      <td>
                        <div className="strong">{p.name}</div>
                        <div className="mono small muted">{p.professionalId}</div>
                        {p.email && <div className="small muted">{p.email}</div>}
                        <button
                          type="button"
                          className="button button-link small"
                          data-details={p.professionalId}
                          aria-expanded={details === p.professionalId}
                          aria-label={`Details of ${p.name}`}
                          onClick={() => setDetails(details === p.professionalId ? null : p.professionalId)}
                        >
                          Details
                        </button>
                      </td>
                      <td>
                        <div className="nowrap">since {a.associatedOn}</div>
                        {a.removedOn && <div className="small muted nowrap">ended {a.removedOn}</div>}
                        {!a.active && <span className="badge badge-neutral">Ended</span>}
                      </td>
                      <td>
                        {p.certifications.length === 0 ? (
                          <span className="muted">None</span>
                        ) : (
                          <ul className="chips" aria-label={`Certifications of ${p.name}`}>
                            {p.certifications.map((c) => (
                              <li
                                key={`${c.code}-${c.earnedOn}`}
                                className={c.valid ? 'chip' : 'chip chip-muted'}
                                title={`${c.name}; earned ${c.earnedOn}${c.expiresOn ? `, expires ${c.expiresOn}` : ''}${c.retiredOn ? `, retired ${c.retiredOn}` : ''}`}
                              >
                                {c.code}
                                {!c.valid && <span className="visually-hidden"> (not valid on {on})</span>}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        {counts.length === 0 ? (
                          <span className="muted">{a.active ? 'No designation' : '—'}</span>
                        ) : (
                          <ul className="plain-list small">
                            {counts.flatMap((c) =>
                              c.metrics.map((m) => (
                                <li key={`${c.designation}-${m.metric}`} className={m.counts ? undefined : 'muted'}>
                                  <strong>{DESIGNATION_LABELS[c.designation]}</strong>
                                  <span className="muted"> · {METRIC_LABELS[m.metric]}</span>
                                  {!m.counts && m.missing.length > 0 && (
                                    <span> · needs {m.missing.map((g) => g.join(' or ')).join(' and ')}</span>
                                  )}
                                  {!m.counts && m.steps.length > 0 && (
                                    <span> · prerequisite {m.steps.join(', ')} met</span>
                                  )}
                                </li>
                              )),
                            )}
                          </ul>
                        )}
                      </td>
                      {editable && (
                        <td>
                          {a.active && (
                            <AssociationActions
                              association={{ id: a.id, version: a.version, associatedOn: a.associatedOn }}
                              professional={{ professionalId: p.professionalId, name: p.name }}
                              partnerId={partnerId}
                              partnerName={data.partner?.name}
                              latestMonth={data.latestMonth}
                              onDone={changed}
                            />
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            </TableScroll>
          )}
          <Pager pages={pages} pageInfo={connection.pageInfo} loading={loading} />
        </div>
      )}
    </section>
  );
}
