// One card per designation: the total, whether it meets requirements, points missing to 70, and where
// the designation stands in the program's enrollment.
import type { DesignationCode, EnrollmentStatus } from '../gql/graphql';
import { DESIGNATION_LABELS, monthLabel, points } from '../ui/format';

export const THRESHOLD = 70;

/** What a card shows. */
export interface ScoreCardView {
  designationCode: DesignationCode;
  total: number;
  meetsRequirements: boolean;
  pointsToThreshold: number;
  track: string | null;
}

/** A designation's enrollment, as the standing gives it. */
export interface EnrollmentView {
  enrollment: EnrollmentStatus;
  enrollmentWindowStart: string;
  enrollmentWindowEnd: string;
  enrolledUntil?: string | null;
  enrollmentDetail: string;
}

/** The enrollment in a few words, with the dates that matter. */
export function enrollmentLabel(e: EnrollmentView): string {
  switch (e.enrollment) {
    case 'ENROLLED':
      return `Enrolled until ${e.enrolledUntil ?? e.enrollmentWindowEnd}`;
    case 'RENEWAL_DUE':
      return `Renewal due: window ${e.enrollmentWindowStart} to ${e.enrollmentWindowEnd}`;
    case 'QUALIFIED':
      return 'Qualified, not enrolled';
    default:
      return 'In progress';
  }
}

/** Whether a met designation would no longer be met at the partner's next anniversary. */
export interface RiskView {
  atRisk: boolean;
  firstMonthAtRisk?: string | null | undefined;
}

/** Why a designation is at risk, for the badge's tooltip. */
export const AT_RISK_TITLE =
  'Requirements are met now but, if nothing new happens (usage held flat, certifications expiring and ' +
  'associations ending on their recorded dates), not at the next anniversary (six months ahead without one).';

const ENROLLMENT_BADGE: Record<EnrollmentStatus, string> = {
  ENROLLED: 'badge-good',
  RENEWAL_DUE: 'badge-warn',
  QUALIFIED: 'badge-neutral',
  IN_PROGRESS: 'badge-neutral',
};

export function ScoreCard({
  score,
  attainedMonth,
  enrollment,
  risk,
  selected,
  onSelect,
}: {
  score: ScoreCardView;
  attainedMonth?: string | null | undefined;
  enrollment?: EnrollmentView | undefined;
  /** Shown only for the latest month with data under the rules in force. */
  risk?: RiskView | undefined;
  selected: boolean;
  onSelect: () => void;
}) {
  const label = DESIGNATION_LABELS[score.designationCode];
  const width = Math.max(0, Math.min(100, score.total));
  return (
    <button
      type="button"
      className={`score-card${selected ? ' score-card-selected' : ''}${score.meetsRequirements ? ' score-card-met' : ''}`}
      aria-pressed={selected}
      onClick={onSelect}
      data-designation={score.designationCode}
    >
      <span className="score-card-title">{label}</span>
      {score.track && <span className="score-card-track">Track {score.track}</span>}
      <span className="score-card-total">
        <span className="score-card-number">{points(score.total)}</span>
        <span className="muted"> / 100</span>
      </span>
      <svg className="score-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
        <rect className="score-bar-track" x="0" y="0" width="100" height="8" rx="4" />
        <rect className="score-bar-fill" x="0" y="0" width={width} height="8" rx="4" />
        <line className="score-bar-threshold" x1={THRESHOLD} x2={THRESHOLD} y1="0" y2="8" />
      </svg>
      {score.meetsRequirements ? (
        <span className="badge badge-good">Requirements met</span>
      ) : (
        <span className="badge badge-warn">Requirements not met</span>
      )}
      <span className="score-card-missing">
        {score.pointsToThreshold > 0
          ? `${points(score.pointsToThreshold)} points missing to ${THRESHOLD}`
          : score.meetsRequirements
            ? 'Threshold reached'
            : 'A metric is below its minimum'}
      </span>
      {attainedMonth !== undefined && (
        <span className="score-card-attained">
          {attainedMonth ? `Attained ${monthLabel(attainedMonth)}` : 'Not attained'}
        </span>
      )}
      {enrollment && (
        <span
          className={`badge badge-inline ${ENROLLMENT_BADGE[enrollment.enrollment]}`}
          title={enrollment.enrollmentDetail}
          data-enrollment={enrollment.enrollment}
        >
          {enrollmentLabel(enrollment)}
        </span>
      )}
      {risk?.atRisk && (
        <span className="badge badge-bad badge-at-risk" title={AT_RISK_TITLE} data-testid="at-risk">
          {risk.firstMonthAtRisk ? `At risk from ${risk.firstMonthAtRisk}` : 'At risk'}
          <span className="visually-hidden">: met now, not at the next anniversary if nothing new happens</span>
        </span>
      )}
    </button>
  );
}
