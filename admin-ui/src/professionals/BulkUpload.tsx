// Bulk upload of associations from CSV: a dry run first, with the report per row and the score
// impact; applying is possible only for the exact rows that were checked.
import { useState } from 'react';
import { useApi } from '../api/use-api';
import type { BulkAssociateMutation, ScoreImpactFieldsFragment as ScoreImpact, UserErrorFieldsFragment as UserError } from '../gql/graphql';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { TableScroll } from '../ui/TableScroll';
import { humanize } from '../ui/format';
import { ImpactTable, UserErrors } from './ImpactTable';
import { BulkAssociate, parseBulkCsv } from './operations';

type BulkRowReport = BulkAssociateMutation['bulkAssociate']['rows'][number];

const OUTCOME_BADGE: Record<BulkRowReport['outcome'], string> = {
  WOULD_APPLY: 'badge-good',
  APPLIED: 'badge-good',
  SKIPPED: 'badge-neutral',
  ERROR: 'badge-bad',
};

interface Report {
  text: string;
  applied: number;
  rows: BulkRowReport[];
  impact: ScoreImpact[];
  userErrors: UserError[];
}

export function BulkUpload({
  partnerId,
  onDone,
  onCancel,
}: {
  partnerId: string;
  onDone: (message: React.ReactNode) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const [parseErrors, setParseErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState<'dry' | 'apply' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<Report | null>(null);
  const api = useApi();

  async function run(dryRun: boolean) {
    const parsed = parseBulkCsv(text);
    setParseErrors(parsed.errors);
    if (parsed.errors.length > 0 || parsed.rows.length === 0) return;
    setBusy(dryRun ? 'dry' : 'apply');
    setError(null);
    try {
      const data = await api.mutate(BulkAssociate, { input: { partnerId, rows: parsed.rows, dryRun } });
      const p = data.bulkAssociate;
      const next: Report = { text, applied: p.applied, rows: p.rows, impact: p.scoreImpact, userErrors: p.userErrors };
      if (!dryRun && p.userErrors.length === 0 && !p.rows.some((r) => r.outcome === 'ERROR')) {
        setReport(null);
        setText('');
        onDone(
          <>
            <p>{p.applied} of {parsed.rows.length} rows applied.</p>
            <ImpactTable impact={p.scoreImpact} caption="Score impact" />
          </>,
        );
      } else {
        setReport(next);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  function readFile(file: File | undefined) {
    if (!file) return;
    void file.text().then((t) => {
      setText(t);
      setReport(null);
    });
  }

  const checked =
    report !== null &&
    report.text === text &&
    report.userErrors.length === 0 &&
    !report.rows.some((r) => r.outcome === 'ERROR');
  return (
    <section className="card edit-form" aria-labelledby="bulk-title">
      <h3 id="bulk-title">Bulk upload associations</h3>
      <p className="muted small">
        One row per change: <span className="mono">professional_id,action,date</span> with action ASSOCIATE or END.
        Check the rows first (nothing is saved), then apply them.
      </p>
      <label className="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => readFile(e.target.files?.[0])} />
      </label>
      <label className="field">
        <span>Rows</span>
        <textarea
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={'professional_id,action,date\nM7,ASSOCIATE,2024-06-01'}
          className="mono"
        />
      </label>
      {parseErrors.length > 0 && (
        <div className="alert alert-error" role="alert">
          <ul>
            {parseErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={error} />
      {busy === 'dry' && <Loading label="Checking the rows…" />}
      {busy === 'apply' && <Loading label="Applying…" />}
      {report && (
        <div className="bulk-report">
          <h4>{report.applied > 0 ? 'Report' : 'Dry-run report'}</h4>
          <UserErrors errors={report.userErrors} />
          <TableScroll label="Dry-run report">
          <table className="table table-compact" aria-label="Dry-run report">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Professional</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.line} data-outcome={r.outcome}>
                  <td>{r.line}</td>
                  <td className="mono">{r.professionalId}</td>
                  <td>{humanize(r.action)}</td>
                  <td>
                    <span className={`badge ${OUTCOME_BADGE[r.outcome]}`}>{humanize(r.outcome)}</span>
                  </td>
                  <td>{r.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
          <ImpactTable impact={report.impact} caption="Score impact if applied" />
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={() => run(true)} disabled={busy !== null || !text.trim()}>
          Check (dry run)
        </button>
        <button type="button" className="button button-primary" onClick={() => run(false)} disabled={busy !== null || !checked}>
          Apply
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
