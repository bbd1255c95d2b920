// Labels and number formats used across pages.
import type { DesignationCode, FactOutcome, MetricCode, ScoreCategory } from '../gql/graphql';

export const DESIGNATIONS: readonly DesignationCode[] = [
  'BUSINESS_APPLICATIONS',
  'DATA_AI_AZURE',
  'DIGITAL_APP_INNOVATION_AZURE',
  'INFRASTRUCTURE_AZURE',
  'MODERN_WORK',
  'SECURITY',
];

export const DESIGNATION_LABELS: Record<DesignationCode, string> = {
  BUSINESS_APPLICATIONS: 'Business Applications',
  DATA_AI_AZURE: 'Data & AI (Azure)',
  DIGITAL_APP_INNOVATION_AZURE: 'Digital & App Innovation (Azure)',
  INFRASTRUCTURE_AZURE: 'Infrastructure (Azure)',
  MODERN_WORK: 'Modern Work',
  SECURITY: 'Security',
};

export const METRIC_LABELS: Record<MetricCode, string> = {
  NET_CUSTOMER_ADDS: 'Net customer adds',
  INTERMEDIATE_CERTIFICATIONS: 'Intermediate certifications',
  ADVANCED_CERTIFICATIONS: 'Advanced certifications',
  USAGE_GROWTH: 'Usage growth',
  DEPLOYMENTS: 'Deployments',
};

export const CATEGORY_LABELS: Record<ScoreCategory, string> = {
  PERFORMANCE: 'Performance',
  SKILLING: 'Skilling',
  CUSTOMER_SUCCESS: 'Customer success',
};

/** Outcomes that count towards the value look positive; those that do not, muted or negative. */
export function outcomeTone(outcome: FactOutcome): 'good' | 'bad' | 'neutral' {
  switch (outcome) {
    case 'COUNTED':
    case 'ADDED':
    case 'RETAINED':
    case 'DEPLOYED':
    case 'MET':
    case 'CHOSEN':
      return 'good';
    case 'LOST':
    case 'SHORT':
    case 'EXCLUDED':
    case 'NOT_COUNTED':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** `LOST` → `Lost`, `NOT_COUNTED` → `Not counted`. */
export function humanize(code: string): string {
  const lower = code.toLowerCase().replace(/_/g, ' ');
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Points with at most two decimals: 26.67, 40, 0.5. */
export function points(value: number): string {
  return (Math.round(value * 100) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A quantity with up to two decimals and thousands separators. */
export function quantity(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** `2024-06` → `Jun 2024`. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const name = names[Number(m) - 1];
  return name && y ? `${name} ${y}` : month;
}

/** Today as `YYYY-MM-DD` in local time. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last day of a `YYYY-MM` month. */
export function endOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/**
 * An instant (RFC 3339) as `2026-12-03 16:56:21 UTC`, the server's clock and zone, so times compare
 * with the server log and the audit log.
 */
export function instant(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/** How far `value` is from `now`: `in 8 s`, `in 3 min`, `5 s ago`, `2 h ago`. */
export function relative(value: string, now: number = Date.now()): string {
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) return '';
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  const size =
    abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86_400 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} d`;
  if (abs === 0) return 'now';
  return seconds > 0 ? `in ${size}` : `${size} ago`;
}
