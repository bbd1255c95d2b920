// The specializations grouped by the designation they need: in each group, those the partner holds or
// was granted first, then the rest (open to it, or waiting for the designation). A specialization that
// several designations admit is shown once, under the first of them the partner attained (else the
// first it names), with the others as alternatives.
import type { DesignationCode } from '../gql/graphql';
import { DESIGNATIONS } from '../ui/format';

/** A specialization's standing at the month, as the partner page loads it. */
export interface StandingView {
  code: string;
  name: string;
  held: boolean;
  prerequisiteMet: boolean;
  benefitsGranted: boolean;
  detail: string;
}

/** A grant, as the partner page loads it. */
export interface GrantView {
  code: string;
  active: boolean;
  expiresOn?: string | null | undefined;
}

/** Progress toward a specialization's requirements (those the rule set records). */
export interface ProgressView {
  code: string;
  met: boolean;
  requirements: readonly { met: boolean }[];
}

export interface GroupItem<P extends ProgressView> {
  code: string;
  name: string;
  standing: StandingView | undefined;
  /** Its grant in force today, if any. */
  grant: GrantView | undefined;
  progress: P | undefined;
  /** The other designations that admit it. */
  alternatives: DesignationCode[];
  /** Held at the month or granted (in force today): shown without opening the group. */
  relevant: boolean;
}

export interface SpecializationGroup<P extends ProgressView> {
  /** The designation they need; `null` for those the catalogue names none for. */
  designation: DesignationCode | null;
  /** Whether the partner attained the designation (then the rest may be held). */
  attained: boolean;
  /** Held or granted, shown first. */
  shown: GroupItem<P>[];
  /** The others, behind a disclosure. */
  rest: GroupItem<P>[];
}

/** Requirements met and recorded: `{ met: 3, total: 4 }`. */
export function requirementsMet(progress: ProgressView): { met: number; total: number } {
  return { met: progress.requirements.filter((r) => r.met).length, total: progress.requirements.length };
}

export function groupSpecializations<P extends ProgressView>({
  catalogue,
  standing,
  grants,
  progress,
  attained,
}: {
  /** Every specialization with the designations that admit it. */
  catalogue: readonly { code: string; name: string; prerequisites: readonly DesignationCode[] }[];
  standing: readonly StandingView[];
  grants: readonly GrantView[];
  progress: readonly P[];
  /** The designations the partner attained at the month. */
  attained: ReadonlySet<DesignationCode>;
}): SpecializationGroup<P>[] {
  const standingBy = new Map(standing.map((s) => [s.code, s]));
  const progressBy = new Map(progress.map((p) => [p.code, p]));
  const grantBy = new Map(grants.filter((g) => g.active).map((g) => [g.code, g]));
  const order = (d: DesignationCode) => DESIGNATIONS.indexOf(d);
  const rank = (d: DesignationCode | null) => (d ? order(d) : DESIGNATIONS.length);
  // The catalogue, then any specialization the standing names that the catalogue does not.
  const known = new Set(catalogue.map((c) => c.code));
  const entries = [
    ...catalogue,
    ...standing.filter((s) => !known.has(s.code)).map((s) => ({ code: s.code, name: s.name, prerequisites: [] })),
  ];
  const groups = new Map<DesignationCode, SpecializationGroup<P>>();
  const other: GroupItem<P>[] = [];
  for (const c of entries) {
    const prerequisites = [...c.prerequisites].sort((a, b) => order(a) - order(b));
    const home = prerequisites.find((d) => attained.has(d)) ?? prerequisites[0];
    const s = standingBy.get(c.code);
    const grant = grantBy.get(c.code);
    const item: GroupItem<P> = {
      code: c.code,
      name: s?.name || c.name || c.code,
      standing: s,
      grant,
      progress: progressBy.get(c.code),
      alternatives: prerequisites.filter((d) => d !== home),
      relevant: Boolean(s?.held || grant),
    };
    if (!home) {
      other.push(item);
      continue;
    }
    let group = groups.get(home);
    if (!group) {
      group = { designation: home, attained: attained.has(home), shown: [], rest: [] };
      groups.set(home, group);
    }
    (item.relevant ? group.shown : group.rest).push(item);
  }
  const byName = (a: GroupItem<P>, b: GroupItem<P>) => a.name.localeCompare(b.name);
  const list = [...groups.values()].sort((a, b) => rank(a.designation) - rank(b.designation));
  for (const g of list) {
    g.shown.sort(byName);
    // Open to the partner first, then by how many requirements are met, then by name.
    g.rest.sort(
      (a, b) =>
        Number(Boolean(b.standing?.prerequisiteMet)) - Number(Boolean(a.standing?.prerequisiteMet)) ||
        (b.progress ? requirementsMet(b.progress).met : -1) - (a.progress ? requirementsMet(a.progress).met : -1) ||
        byName(a, b),
    );
  }
  // Specializations the catalogue names no prerequisite for still show, in a group of their own.
  if (other.length > 0) {
    list.push({
      designation: null,
      attained: false,
      shown: other.filter((i) => i.relevant).sort(byName),
      rest: other.filter((i) => !i.relevant).sort(byName),
    });
  }
  return list;
}
