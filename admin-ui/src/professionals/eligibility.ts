// Which designations a professional's certifications count for, from the catalogue's eligible
// certifications. Pure, so it is tested without a server.
import type { DesignationCode, MetricCode } from '../gql/graphql';

export interface HeldCert {
  code: string;
  earnedOn: string;
  expiresOn: string | null;
  retiredOn: string | null;
}

export interface EligibleList {
  code: DesignationCode;
  eligibleCertifications: readonly { metric: MetricCode; certification: string; step: string }[];
}

function addYear(date: string): string {
  return `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
}

/**
 * Whether a certification is valid on `on` (YYYY-MM-DD): earned by then, not expired, and not
 * retired more than a year before.
 */
export function isValidOn(cert: HeldCert, on: string): boolean {
  if (cert.earnedOn > on) return false;
  if (cert.expiresOn && cert.expiresOn < on) return false;
  if (cert.retiredOn && addYear(cert.retiredOn) < on) return false;
  return true;
}

/** How a professional's certifications stand for one metric of one designation. */
export interface MetricStanding {
  metric: MetricCode;
  /** Counts towards the metric. */
  counts: boolean;
  /** The certifications that make it count (or that it has so far). */
  certifications: string[];
  /** Required groups still missing, each as its alternatives (e.g. `["SC-200", "SC-300"]`). */
  missing: string[][];
  /** Prerequisite steps of gated skilling it meets (e.g. `step 1`), which count at the partner level. */
  steps: string[];
}

/** A designation for which a professional counts, or is part of the way there. */
export interface CountsFor {
  designation: DesignationCode;
  metrics: MetricStanding[];
}

/**
 * The designations (in catalogue order) the valid certifications count for on `on`. The catalogue's
 * `step` says how a certification counts: `eligible`, `any` or `final step` alone; `required N` only
 * with one certification of every required group; `step N` is a prerequisite step of gated skilling.
 */
export function countsFor(certs: readonly HeldCert[], designations: readonly EligibleList[], on: string): CountsFor[] {
  const valid = new Set(certs.filter((c) => isValidOn(c, on)).map((c) => c.code));
  const result: CountsFor[] = [];
  for (const d of designations) {
    const byMetric = new Map<MetricCode, { step: string; certification: string }[]>();
    for (const e of d.eligibleCertifications) {
      const list = byMetric.get(e.metric) ?? [];
      list.push(e);
      byMetric.set(e.metric, list);
    }
    const metrics: MetricStanding[] = [];
    for (const [metric, entries] of byMetric) {
      const required = new Map<string, string[]>();
      const alone: string[] = [];
      const steps = new Map<string, string[]>();
      for (const e of entries) {
        if (e.step.startsWith('required')) required.set(e.step, [...(required.get(e.step) ?? []), e.certification]);
        else if (/^step\b/.test(e.step)) steps.set(e.step, [...(steps.get(e.step) ?? []), e.certification]);
        else alone.push(e.certification);
      }
      const held = (codes: readonly string[]) => codes.filter((c) => valid.has(c));
      const standalone = held(alone);
      const groups = [...required.entries()].sort(([a], [b]) => a.localeCompare(b));
      const groupHeld = groups.flatMap(([, codes]) => held(codes));
      const missing = groups.filter(([, codes]) => held(codes).length === 0).map(([, codes]) => codes);
      const requiredMet = groups.length > 0 && missing.length === 0;
      const stepsMet = [...steps.entries()].filter(([, codes]) => held(codes).length > 0).map(([step]) => step);
      const counts = standalone.length > 0 || requiredMet;
      if (counts || groupHeld.length > 0 || stepsMet.length > 0) {
        metrics.push({
          metric,
          counts,
          certifications: [...new Set([...standalone, ...groupHeld])].sort(),
          missing: counts ? [] : missing,
          steps: stepsMet.sort(),
        });
      }
    }
    if (metrics.length > 0) result.push({ designation: d.code, metrics });
  }
  return result;
}

/** The last day of a `YYYY-MM` month. */
export function endOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}
