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
