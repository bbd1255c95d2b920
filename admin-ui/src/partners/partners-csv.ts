// The CSV of a partner list: PartnerID, name, country and each designation's score and met flag, one
// row per partner, with cells that a spreadsheet would run as a formula made inert.
import type { DesignationCode } from '../gql/graphql';
import { DESIGNATIONS, DESIGNATION_LABELS } from '../ui/format';

/** The most rows an export fetches (page by page). */
export const EXPORT_CAP = 10_000;

/** One partner as the export reads it. */
export interface CsvPartner {
  partnerId: string;
  name: string;
  country: string;
  capabilityScores: readonly { designationCode: DesignationCode; total: number; meetsRequirements: boolean }[];
}

/**
 * A cell a spreadsheet opens as text: one starting with `=`, `+`, `-` or `@` (or a tab or carriage
 * return, which some spreadsheets skip before such a character) gets a leading `'`; a cell holding a
 * comma, a quote or a line break is quoted, its quotes doubled.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header row's cells. */
export function csvHeader(): string[] {
  return [
    'PartnerID',
    'Name',
    'Country',
    ...DESIGNATIONS.flatMap((d) => [`${DESIGNATION_LABELS[d]} score`, `${DESIGNATION_LABELS[d]} met`]),
  ];
}

/** The cells of one partner: an empty score and met flag where the month has no score. */
export function csvRow(p: CsvPartner): (string | number)[] {
  const scores = new Map(p.capabilityScores.map((s) => [s.designationCode, s]));
  return [
    p.partnerId,
    p.name,
    p.country,
    ...DESIGNATIONS.flatMap((d) => {
      const s = scores.get(d);
      return s ? [s.total, s.meetsRequirements ? 'yes' : 'no'] : ['', ''];
    }),
  ];
}

/** The whole file (RFC 4180: CRLF line ends), with a byte-order mark so spreadsheets read UTF-8. */
export function partnersCsv(partners: readonly CsvPartner[]): string {
  const lines = [csvHeader(), ...partners.map(csvRow)].map((cells) => cells.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers `text` as a download named `filename` through a Blob link. */
export function downloadCsv(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
