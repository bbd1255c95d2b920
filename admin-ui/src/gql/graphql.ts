/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What an action costs, in kind. */
export type ActionCost =
  /** One certification exam passed by a professional of the partner. */
  | 'CERTIFICATION_EXAM'
  /** One customer association claimed or linked. */
  | 'CUSTOMER_ASSOCIATION'
  /** More usage at one customer in the month scored. */
  | 'CUSTOMER_USAGE'
  /** One professional joining the partner. */
  | 'NEW_PROFESSIONAL';

/** Input of `addCertification`. */
export type AddCertificationInput = {
  /** Certification code, e.g. `AZ-500`. */
  code: string;
  /** Day earned (not in the future). */
  earnedOn: string;
  /** Last valid day, if it expires. */
  expiresOn?: string | null | undefined;
  /** Certification profile id. */
  professionalId: string;
};

/** Input of `associateProfessional`. */
export type AssociateProfessionalInput = {
  /** First day of the association. */
  associatedOn: string;
  /** PartnerID. */
  partnerId: string;
  /** Certification profile id. */
  professionalId: string;
};

/** How a customer is linked to a partner. */
export type AssociationType =
  /** Claiming Partner of Record. */
  | 'CPOR'
  /** Cloud Solution Provider, direct bill. */
  | 'CSP_T1'
  /** Cloud Solution Provider, indirect reseller. */
  | 'CSP_T2'
  /** Digital Partner of Record. */
  | 'DPOR'
  /** Partner Admin Link. */
  | 'PAL';

/** Which audit events to read; every condition given must hold. */
export type AuditFilter = {
  /** One action, e.g. `professional.associate`. */
  action?: string | null | undefined;
  /** Changes by this actor (an email, or `token:NAME`). */
  actor?: string | null | undefined;
  /** Changes at or after this instant. */
  from?: string | null | undefined;
  /** Changes to this partner's data (PartnerID). */
  partnerId?: string | null | undefined;
  /** Changes concerning this professional (profile id). */
  professionalId?: string | null | undefined;
  /** Changes before this instant. */
  to?: string | null | undefined;
};

/** What a bulk row asks for. */
export type BulkAction =
  /** Associate the professional with the partner from `date`. */
  | 'ASSOCIATE'
  /** End the professional's open association with the partner on `date`. */
  | 'END';

/** Input of `bulkAssociate`. */
export type BulkAssociateInput = {
  /** Report what would happen and write nothing. */
  dryRun: boolean;
  /** PartnerID of the partner every row is about. */
  partnerId: string;
  /** At most 5000 rows, each professional at most once. */
  rows: Array<BulkAssociationRow>;
};

/** One row of `bulkAssociate`. */
export type BulkAssociationRow = {
  /** Associate, or end the open association. */
  action: BulkAction;
  /** The association's first day (`ASSOCIATE`) or the day it ends (`END`). */
  date: string;
  /** The row's line in the caller's file, echoed in the report (default: its position from 1). */
  line?: number | null | undefined;
  /** Certification profile id. */
  professionalId: string;
};

/** What happened (or would happen) to a bulk row. */
export type BulkOutcome =
  /** Written. */
  | 'APPLIED'
  /** Invalid: nothing of the request was written. */
  | 'ERROR'
  /** Nothing to do (already associated, already ended). */
  | 'SKIPPED'
  /** Valid; nothing was written (a dry run, or another row has an error). */
  | 'WOULD_APPLY';

/** Input of `createProfessional`. */
export type CreateProfessionalInput = {
  /** Email. */
  email?: string | null | undefined;
  /** Name. */
  name: string;
  /** Certification profile id (1 to 64 characters, unique). */
  professionalId: string;
};

/** Input of `createUser`. */
export type CreateUserInput = {
  /** Email (the login). */
  email: string;
  /** PartnerID, for a `PARTNER_ADMIN` only. */
  partnerId?: string | null | undefined;
  /** Initial password. */
  password: string;
  /** Role. */
  role: Role;
};

/** Input of `createWebhook`. */
export type CreateWebhookInput = {
  /** For people. */
  description?: string | null | undefined;
  /** The kinds to send. */
  eventKinds: Array<ScoreEventKind>;
  /** `SCORE_CHANGED` only when the total moves by more than this many points (0 to 100). */
  minPointsChange?: number;
  /**
   * Only this partner's events (PartnerID); left out, every partner's. A partner admin's webhook
   * is always its own partner's.
   */
  partnerId?: string | null | undefined;
  /** Where to POST: `https://…` (`http://` and private addresses only where the server allows). */
  url: string;
};

/** The six Solutions Partner designations. */
export type DesignationCode =
  /** Solutions Partner for Business Applications. */
  | 'BUSINESS_APPLICATIONS'
  /** Solutions Partner for Data & AI (Azure). */
  | 'DATA_AI_AZURE'
  /** Solutions Partner for Digital & App Innovation (Azure). */
  | 'DIGITAL_APP_INNOVATION_AZURE'
  /** Solutions Partner for Infrastructure (Azure). */
  | 'INFRASTRUCTURE_AZURE'
  /** Solutions Partner for Modern Work. */
  | 'MODERN_WORK'
  /** Solutions Partner for Security. */
  | 'SECURITY';

/** Input of `endAssociation`. */
export type EndAssociationInput = {
  /** `ProfessionalAssociation.id`. */
  associationId: string | number;
  /**
   * The day the professional no longer counts for the partner (on an ended association: a
   * corrected end day).
   */
  removedOn: string;
  /** The association's version (`ProfessionalAssociation.version`). */
  version: number;
};

/** Where a designation stands in the program's enrollment. */
export type EnrollmentStatus =
  /** Enrolled until the next anniversary, whatever the score does. */
  | 'ENROLLED'
  /** Requirements not met in the window that counts. */
  | 'IN_PROGRESS'
  /** Met in the qualification window; the partner has not enrolled (no anniversary date). */
  | 'QUALIFIED'
  /** Enrolled, and the renewal window before the next anniversary is open. */
  | 'RENEWAL_DUE';

/** What a fact is about. */
export type FactKind =
  /** A customer tenant; the subject is the tenant id. */
  | 'CUSTOMER'
  /** A customer and a workload. */
  | 'CUSTOMER_WORKLOAD'
  /** A certified professional. */
  | 'PROFESSIONAL'
  /** An Azure service. */
  | 'SERVICE'
  /** A prerequisite step of gated skilling. */
  | 'STEP'
  /** A total over the customer base. */
  | 'TOTAL'
  /** A customer's top parent; the subject is the TPID. */
  | 'TPID'
  /** A track or class. */
  | 'TRACK';

/** How a fact's subject entered the metric. */
export type FactOutcome =
  /** Counts now and did not at the baseline. */
  | 'ADDED'
  /** The track chosen or the class. */
  | 'CHOSEN'
  /** Counted towards the value. */
  | 'COUNTED'
  /** Newly deployed since the baseline. */
  | 'DEPLOYED'
  /** Left out by a rule. */
  | 'EXCLUDED'
  /** A figure shown for information. */
  | 'INFO'
  /** Counted at the baseline and no longer. */
  | 'LOST'
  /** A prerequisite step with enough professionals. */
  | 'MET'
  /** A track computed but not shown. */
  | 'NOT_CHOSEN'
  /** Not counted; the detail says why. */
  | 'NOT_COUNTED'
  /** Counts now and at the baseline. */
  | 'RETAINED'
  /** A prerequisite step short of professionals. */
  | 'SHORT';

/** The metrics a designation is scored on. */
export type MetricCode =
  /** Professionals with advanced certifications. */
  | 'ADVANCED_CERTIFICATIONS'
  /** Customers or services deployed. */
  | 'DEPLOYMENTS'
  /** Professionals with intermediate certifications. */
  | 'INTERMEDIATE_CERTIFICATIONS'
  /** Customers eligible now minus a year ago. */
  | 'NET_CUSTOMER_ADDS'
  /** Usage growth since the baseline. */
  | 'USAGE_GROWTH';

/** Input of `moveProfessional`. */
export type MoveProfessionalInput = {
  /** The day the move takes effect: the old association ends and the new one starts. */
  movedOn: string;
  /** Certification profile id. */
  professionalId: string;
  /** PartnerID of the new partner. */
  toPartnerId: string;
  /** The version of the professional's current association. */
  version: number;
};

/** Filters of a partner list. */
export type PartnerFilterInput = {
  /** The month of the score filters (default: the latest month with data). */
  asOf?: string | null | undefined;
  /** Only partners that attained (or did not attain) `designation` as of `asOf`. */
  attained?: boolean | null | undefined;
  /** ISO 3166-1 alpha-2 country code. */
  country?: string | null | undefined;
  /** The designation the score filters and `SCORE` ordering refer to. */
  designation?: DesignationCode | null | undefined;
  /** Highest total of `designation` at `asOf`. */
  maxScore?: number | null | undefined;
  /** Lowest total of `designation` at `asOf`. */
  minScore?: number | null | undefined;
  /** Part of the name or PartnerID, case-insensitive (at most 200 characters). */
  search?: string | null | undefined;
};

/** How a partner list is ordered. */
export type PartnerOrderBy =
  /** By name (A to Z). */
  | 'NAME'
  /** By PartnerID. */
  | 'PARTNER_ID'
  /** By the total of `filter.designation` at `filter.asOf`, highest first. */
  | 'SCORE';

/** Input of `recordSpecialization`. */
export type RecordSpecializationInput = {
  /** Specialization code, e.g. `THREAT_PROTECTION`. */
  code: string;
  /** The last day it is in force (Partner Center's "valid till"), if known. */
  expiresOn?: string | null | undefined;
  /** The first day it is in force. */
  grantedOn: string;
  /** PartnerID. */
  partnerId: string;
  /** How Microsoft validated it. */
  validation?: SpecializationValidation;
};

/** Roles of signed-in users. */
export type Role =
  /** Everything, every partner; manages users. */
  | 'ADMIN'
  /** Reads every partner's data; writes nothing. */
  | 'ANALYST'
  /** Its own partner's data and certified-professional associations. */
  | 'PARTNER_ADMIN';

/** The three categories of the partner capability score. */
export type ScoreCategory =
  /** Usage growth and deployments. */
  | 'CUSTOMER_SUCCESS'
  /** Net customer adds. */
  | 'PERFORMANCE'
  /** Certified professionals. */
  | 'SKILLING';

/** One simulated change; which fields it needs depends on `kind`. */
export type ScoreChangeInput = {
  /** How much it grows, at least 1 (`ADD_USAGE`; whole US dollars for money). */
  amount?: number | null | undefined;
  /** Customer association type (customer association changes). */
  associationType?: AssociationType | null | undefined;
  /** Certification code (certification changes). */
  certification?: string | null | undefined;
  /** The day of the change: first day, last day, day earned. */
  date?: string | null | undefined;
  /** Last valid day of an added certification. */
  expiresOn?: string | null | undefined;
  /** What changes. */
  kind: ScoreChangeKind;
  /** The usage figure that grows (`ADD_USAGE`). */
  measure?: UsageMeasure | null | undefined;
  /** Certification profile id (professional and certification changes). */
  professionalId?: string | null | undefined;
  /** Customer tenant id (customer association changes). */
  tenantId?: string | null | undefined;
  /** One workload of an added customer association (default: all); the workload of added usage. */
  workload?: string | null | undefined;
};

/** The kind of a simulated change. */
export type ScoreChangeKind =
  /** `professionalId` earns `certification` on `date` (expiring on `expiresOn`). */
  | 'ADD_CERTIFICATION'
  /** A new customer association: `tenantId`, `associationType`, `workload` (or all), from `date`. */
  | 'ADD_CUSTOMER_ASSOCIATION'
  /**
   * `tenantId`'s usage of `workload` in the month of `date` grows by `amount` of `measure` (the
   * stored rows are not touched: usage comes from imports).
   */
  | 'ADD_USAGE'
  /** `professionalId` joins the partner on `date` (bringing its certifications). */
  | 'ASSOCIATE_PROFESSIONAL'
  /** The partner's open `associationType` associations on `tenantId` end on `date`. */
  | 'END_CUSTOMER_ASSOCIATION'
  /** `professionalId`'s open association with the partner ends on `date`. */
  | 'END_PROFESSIONAL_ASSOCIATION'
  /** `professionalId` loses `certification` (the record earned on `date`, or every record). */
  | 'REMOVE_CERTIFICATION';

/** What happened to a partner's designation at the latest month. */
export type ScoreEventKind =
  /**
   * Met now and forecast to be lost by the partner's next anniversary (or within six months),
   * and not forecast so at the previous refresh.
   */
  | 'AT_RISK'
  /** Requirements met at the previous refresh, not now. */
  | 'DESIGNATION_LOST'
  /** Requirements met, and not at the previous refresh (or a first score that meets them). */
  | 'DESIGNATION_MET'
  /** The total moved (a webhook hears of it only beyond its `minPointsChange`). */
  | 'SCORE_CHANGED'
  /** Sent by `sendTestWebhookEvent` to one webhook; never raised by a refresh. */
  | 'TEST';

/**
 * Input of `renewSpecialization` and `endSpecialization`: the grant (partner, code, first day), its
 * new last day and the version read.
 */
export type SpecializationEndInput = {
  /** Specialization code. */
  code: string;
  /** The new last day in force; a renewal may leave it out for no end. */
  expiresOn?: string | null | undefined;
  /** The grant's first day. */
  grantedOn: string;
  /** PartnerID. */
  partnerId: string;
  /** A new validation (a renewal may come with a new audit); left out, the stored one stays. */
  validation?: SpecializationValidation | null | undefined;
  /** `SpecializationGrant.version` as read; a stale one is a `CONFLICT`. */
  version: number;
};

/** How Microsoft validated a partner's specialization. */
export type SpecializationValidation =
  /** A third-party audit. */
  | 'AUDIT'
  /** Customer references. */
  | 'CUSTOMER_REFERENCES'
  /** None recorded (automatic enrolment, or not known). */
  | 'NONE';

/** Input of `updateWebhook`: what is given changes, the rest stays. */
export type UpdateWebhookInput = {
  /** A new description; an empty one clears it. */
  description?: string | null | undefined;
  /** New kinds. */
  eventKinds?: Array<ScoreEventKind> | null | undefined;
  /** `Webhook.id`. */
  id: string | number;
  /** A new minimum change of `SCORE_CHANGED`. */
  minPointsChange?: number | null | undefined;
  /**
   * Pause (true) or resume (false). Paused, no deliveries are queued; resumed, those queued
   * before the pause are sent.
   */
  paused?: boolean | null | undefined;
  /** A new URL. */
  url?: string | null | undefined;
};

/** A usage figure of a customer's month, as `customer_usage.csv` has it. */
export type UsageMeasure =
  /** Azure consumed revenue, whole US dollars. */
  | 'ACR_USD'
  /** Monthly active users. */
  | 'ACTIVE_USERS'
  /** Paid seats (Microsoft 365). */
  | 'PAID_SEATS'
  /** Unified customer profiles. */
  | 'PROFILES'
  /** Monthly protected users (Microsoft 365 security workloads). */
  | 'PROTECTED_USERS'
  /** Billed revenue, whole US dollars. */
  | 'REVENUE_USD';

/** Where a webhook delivery stands. */
export type WebhookDeliveryStatus =
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Every attempt failed; `redeliverWebhookDelivery` tries again. */
  | 'FAILED'
  /** Not delivered yet; `nextAttemptAt` says when it is tried (again). */
  | 'PENDING';

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string | null } };

export type UserErrorFieldsFragment = { field: Array<string> | null, message: string, code: string };

export type ScoreImpactFieldsFragment = { partnerId: string, designation: DesignationCode, before: number, after: number, delta: number, meetsBefore: boolean, meetsAfter: boolean, metrics: Array<{ metric: MetricCode, before: number, after: number }> };

export type AuditEventsQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, occurredAt: string, actor: string, action: string, entityType: string, entityKey: string, partnerId: string | null, professionalId: string | null, before: string | null, after: string | null, scoreImpact: string | null }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { label: string, role: Role, partnerId: string | null } | null };

export type LatestMonthQueryVariables = Exact<{ [key: string]: never; }>;


export type LatestMonthQuery = { latestMonth: string };

export type NearMissesQueryVariables = Exact<{
  asOf: string;
  designation: DesignationCode;
  minTotal: number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type NearMissesQuery = { capabilityScores: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ total: number, pointsToThreshold: number, partner: { partnerId: string, name: string } }> } };

export type ProgramOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type ProgramOverviewQuery = { programSummary: { asOf: string, designations: Array<{ designation: DesignationCode, partners: number, meetingRequirements: number, nearMiss: number }> } };

export type ProgramBadgesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProgramBadgesQuery = { programSummary: { microsoftCloudBadges: number } };

export type ProgramRiskQueryVariables = Exact<{ [key: string]: never; }>;


export type ProgramRiskQuery = { programSummary: { designations: Array<{ designation: DesignationCode, atRisk: number | null }> } };

export type PartnerOverviewQueryVariables = Exact<{
  partnerId: string;
  asOf?: string | null | undefined;
  ruleSet?: string | null | undefined;
}>;


export type PartnerOverviewQuery = { latestMonth: string, ruleSets: Array<{ code: string, name: string, effectiveFrom: string, effectiveTo: string | null }>, partner: { partnerId: string, name: string, country: string, anniversaryDate: string | null, capabilityScores: Array<{ designationCode: DesignationCode, asOf: string, ruleSet: string, total: number, meetsRequirements: boolean, pointsToThreshold: number, track: string | null }>, standing: { asOf: string, microsoftCloudBadge: boolean, designations: Array<{ designation: DesignationCode, attained: boolean, attainedMonth: string | null, windowStart: string, windowEnd: string, enrollment: EnrollmentStatus, enrollmentWindowStart: string, enrollmentWindowEnd: string, enrolledUntil: string | null, enrollmentDetail: string }>, specializations: Array<{ code: string, name: string, held: boolean, prerequisiteMet: boolean, benefitsGranted: boolean, detail: string }>, benefits: Array<{ code: string, productGroup: string, description: string, quantity: string | null, unit: string | null, source: string }> }, specializationGrants: Array<{ code: string, grantedOn: string, expiresOn: string | null, validation: SpecializationValidation, version: number, active: boolean, specialization: { name: string } | null }> } | null };

export type PartnerRiskQueryVariables = Exact<{
  partnerId: string;
}>;


export type PartnerRiskQuery = { partner: { partnerId: string, standing: { asOf: string, designations: Array<{ designation: DesignationCode, atRisk: boolean, firstMonthAtRisk: string | null }> } } | null };

export type DesignationDetailQueryVariables = Exact<{
  partnerId: string;
  designation: DesignationCode;
  asOf?: string | null | undefined;
  ruleSet?: string | null | undefined;
  withForecast: boolean;
}>;


export type DesignationDetailQuery = { partner: { partnerId: string, capabilityScore: { designationCode: DesignationCode, asOf: string, ruleSet: string, total: number, meetsRequirements: boolean, pointsToThreshold: number, track: string | null, metrics: Array<{ metric: MetricCode, category: ScoreCategory, points: number, maxPoints: number, value: number, target: number, pointsMissing: number, minimumPoints: number, options: Array<{ option: string, points: number, value: number, target: number, chosen: boolean }>, facts: Array<{ kind: FactKind, subject: string, outcome: FactOutcome, detail: string, numbers: Array<{ name: string, value: number }> }> }>, facts: Array<{ kind: FactKind, subject: string, outcome: FactOutcome, detail: string, numbers: Array<{ name: string, value: number }> }> }, scoreHistory: Array<{ asOf: string, ruleSet: string, total: number, meetsRequirements: boolean }>, forecast?: Array<{ asOf: string, ruleSet: string, total: number, meetsRequirements: boolean, metrics: Array<{ metric: MetricCode, points: number, facts: Array<{ subject: string, outcome: FactOutcome, detail: string }> }> }> } | null };

export type PartnersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: PartnerFilterInput | null | undefined;
  orderBy: PartnerOrderBy;
  asOf?: string | null | undefined;
}>;


export type PartnersQuery = { latestMonth: string, partners: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ partnerId: string, name: string, country: string, anniversaryDate: string | null, capabilityScores: Array<{ designationCode: DesignationCode, total: number, meetsRequirements: boolean, pointsToThreshold: number }> }> } };

export type PartnersExportQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: PartnerFilterInput | null | undefined;
  orderBy: PartnerOrderBy;
  asOf?: string | null | undefined;
}>;


export type PartnersExportQuery = { partners: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ partnerId: string, name: string, country: string, capabilityScores: Array<{ designationCode: DesignationCode, total: number, meetsRequirements: boolean }> }> } };

export type SpecializationImpactFieldsFragment = { code: string, heldBefore: boolean, heldAfter: boolean, benefitsBefore: boolean, benefitsAfter: boolean, detail: string };

export type RecordSpecializationMutationVariables = Exact<{
  input: RecordSpecializationInput;
}>;


export type RecordSpecializationMutation = { recordSpecialization: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, standingImpact: Array<{ code: string, heldBefore: boolean, heldAfter: boolean, benefitsBefore: boolean, benefitsAfter: boolean, detail: string }> } };

export type RenewSpecializationMutationVariables = Exact<{
  input: SpecializationEndInput;
}>;


export type RenewSpecializationMutation = { renewSpecialization: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, standingImpact: Array<{ code: string, heldBefore: boolean, heldAfter: boolean, benefitsBefore: boolean, benefitsAfter: boolean, detail: string }> } };

export type EndSpecializationMutationVariables = Exact<{
  input: SpecializationEndInput;
}>;


export type EndSpecializationMutation = { endSpecialization: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, standingImpact: Array<{ code: string, heldBefore: boolean, heldAfter: boolean, benefitsBefore: boolean, benefitsAfter: boolean, detail: string }> } };

export type SpecializationProgressQueryVariables = Exact<{
  partnerId: string;
  asOf?: string | null | undefined;
}>;


export type SpecializationProgressQuery = { partner: { partnerId: string, specializationProgress: Array<{ code: string, ruleSet: string, met: boolean, validationRequired: SpecializationValidation | null, customerReferencesRequired: number | null, validatedBy: SpecializationValidation | null, validUntil: string | null, requirements: Array<{ label: string, value: number, target: number, met: boolean, detail: string, options: Array<{ label: string, value: number, target: number, met: boolean, detail: string }> }> }> } | null };

export type ScoreChangeFieldsFragment = { kind: ScoreChangeKind, professionalId: string | null, certification: string | null, date: string | null, expiresOn: string | null, tenantId: string | null, associationType: AssociationType | null, workload: string | null, measure: UsageMeasure | null, amount: number | null };

export type RecommendationFieldsFragment = { pointsGained: number, metric: MetricCode, raisesBlockedMetric: boolean, cost: ActionCost, totalAfter: number, meetsAfter: boolean, detail: string, changes: Array<{ kind: ScoreChangeKind, professionalId: string | null, certification: string | null, date: string | null, expiresOn: string | null, tenantId: string | null, associationType: AssociationType | null, workload: string | null, measure: UsageMeasure | null, amount: number | null }> };

export type PartnerRecommendationsQueryVariables = Exact<{
  partnerId: string;
  designation: DesignationCode;
  asOf?: string | null | undefined;
}>;


export type PartnerRecommendationsQuery = { partner: { partnerId: string, recommendations: Array<{ pointsGained: number, metric: MetricCode, raisesBlockedMetric: boolean, cost: ActionCost, totalAfter: number, meetsAfter: boolean, detail: string, changes: Array<{ kind: ScoreChangeKind, professionalId: string | null, certification: string | null, date: string | null, expiresOn: string | null, tenantId: string | null, associationType: AssociationType | null, workload: string | null, measure: UsageMeasure | null, amount: number | null }> }>, pathToThreshold: { totalAfter: number, changes: Array<{ kind: ScoreChangeKind, professionalId: string | null, certification: string | null, date: string | null, expiresOn: string | null, tenantId: string | null, associationType: AssociationType | null, workload: string | null, measure: UsageMeasure | null, amount: number | null }>, actions: Array<{ pointsGained: number, metric: MetricCode, raisesBlockedMetric: boolean, cost: ActionCost, totalAfter: number, meetsAfter: boolean, detail: string, changes: Array<{ kind: ScoreChangeKind, professionalId: string | null, certification: string | null, date: string | null, expiresOn: string | null, tenantId: string | null, associationType: AssociationType | null, workload: string | null, measure: UsageMeasure | null, amount: number | null }> }> } | null } | null };

export type PathShortfallQueryVariables = Exact<{
  partnerId: string;
  designation: DesignationCode;
  asOf?: string | null | undefined;
}>;


export type PathShortfallQuery = { partner: { partnerId: string, pathToThresholdShortfall: string | null } | null };

export type PartnerProfessionalsQueryVariables = Exact<{
  partnerId: string;
  activeOnly: boolean;
  first?: number | null | undefined;
  after?: string | null | undefined;
  asOf?: string | null | undefined;
}>;


export type PartnerProfessionalsQuery = { latestMonth: string, partner: { partnerId: string, name: string, professionals: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, associatedOn: string, removedOn: string | null, active: boolean, version: number, professional: { id: string, professionalId: string, name: string, email: string | null, version: number, certifications: Array<{ code: string, name: string, earnedOn: string, expiresOn: string | null, retiredOn: string | null, valid: boolean }>, countsFor: Array<{ designation: DesignationCode, metrics: Array<{ metric: MetricCode, counts: boolean, certifications: Array<string>, missing: Array<Array<string>>, steps: Array<string> }> }> } }> } } | null };

export type CreateProfessionalMutationVariables = Exact<{
  input: CreateProfessionalInput;
}>;


export type CreateProfessionalMutation = { createProfessional: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type AddCertificationMutationVariables = Exact<{
  input: AddCertificationInput;
}>;


export type AddCertificationMutation = { addCertification: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type AssociateProfessionalMutationVariables = Exact<{
  input: AssociateProfessionalInput;
}>;


export type AssociateProfessionalMutation = { associateProfessional: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, scoreImpact: Array<{ partnerId: string, designation: DesignationCode, before: number, after: number, delta: number, meetsBefore: boolean, meetsAfter: boolean, metrics: Array<{ metric: MetricCode, before: number, after: number }> }> } };

export type EndAssociationMutationVariables = Exact<{
  input: EndAssociationInput;
}>;


export type EndAssociationMutation = { endAssociation: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, scoreImpact: Array<{ partnerId: string, designation: DesignationCode, before: number, after: number, delta: number, meetsBefore: boolean, meetsAfter: boolean, metrics: Array<{ metric: MetricCode, before: number, after: number }> }> } };

export type MoveProfessionalMutationVariables = Exact<{
  input: MoveProfessionalInput;
}>;


export type MoveProfessionalMutation = { moveProfessional: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, scoreImpact: Array<{ partnerId: string, designation: DesignationCode, before: number, after: number, delta: number, meetsBefore: boolean, meetsAfter: boolean, metrics: Array<{ metric: MetricCode, before: number, after: number }> }> } };

export type MovePartnersQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type MovePartnersQuery = { from: { partnerId: string, name: string } | null, to: { partnerId: string, name: string } | null };

export type BulkAssociateMutationVariables = Exact<{
  input: BulkAssociateInput;
}>;


export type BulkAssociateMutation = { bulkAssociate: { applied: number, dryRun: boolean, rows: Array<{ line: number, professionalId: string, action: BulkAction, outcome: BulkOutcome, message: string | null, code: string | null }>, userErrors: Array<{ field: Array<string> | null, message: string, code: string }>, scoreImpact: Array<{ partnerId: string, designation: DesignationCode, before: number, after: number, delta: number, meetsBefore: boolean, meetsAfter: boolean, metrics: Array<{ metric: MetricCode, before: number, after: number }> }> } };

export type SimulateScoreQueryVariables = Exact<{
  partnerId: string;
  changes: Array<ScoreChangeInput> | ScoreChangeInput;
  asOf?: string | null | undefined;
}>;


export type SimulateScoreQuery = { simulateScore: Array<{ partnerId: string, designation: DesignationCode, before: number, after: number, delta: number, meetsBefore: boolean, meetsAfter: boolean, metrics: Array<{ metric: MetricCode, before: number, after: number }> }> };

export type UsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, email: string, role: Role, partnerId: string | null, disabled: boolean, createdAt: string }> } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type DisableUserMutationVariables = Exact<{
  email: string;
}>;


export type DisableUserMutation = { disableUser: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type EnableUserMutationVariables = Exact<{
  email: string;
}>;


export type EnableUserMutation = { enableUser: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type ResetPasswordMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type ResetPasswordMutation = { resetPassword: { userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type WebhookFieldsFragment = { id: string, url: string, description: string | null, eventKinds: Array<ScoreEventKind>, minPointsChange: number, paused: boolean, createdBy: string, createdAt: string, partner: { partnerId: string, name: string } | null, deliveryCounts: { pending: number, delivered: number, failed: number } };

export type WebhookDeliveryFieldsFragment = { id: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, createdAt: string, event: { id: string, kind: ScoreEventKind, designation: DesignationCode | null, month: string | null, pointsChange: number | null, occurredAt: string, partner: { partnerId: string, name: string } | null, before: { total: number, meetsRequirements: boolean } | null, after: { total: number, meetsRequirements: boolean } | null } | null };

export type WebhooksQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WebhooksQuery = { webhooks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, url: string, description: string | null, eventKinds: Array<ScoreEventKind>, minPointsChange: number, paused: boolean, createdBy: string, createdAt: string, partner: { partnerId: string, name: string } | null, deliveryCounts: { pending: number, delivered: number, failed: number } }> } };

export type WebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: WebhookDeliveryStatus | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhook: { id: string, paused: boolean, deliveryCounts: { pending: number, delivered: number, failed: number }, deliveries: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, createdAt: string, event: { id: string, kind: ScoreEventKind, designation: DesignationCode | null, month: string | null, pointsChange: number | null, occurredAt: string, partner: { partnerId: string, name: string } | null, before: { total: number, meetsRequirements: boolean } | null, after: { total: number, meetsRequirements: boolean } | null } | null }> } } | null };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string | null, webhook: { id: string, url: string, description: string | null, eventKinds: Array<ScoreEventKind>, minPointsChange: number, paused: boolean, createdBy: string, createdAt: string, partner: { partnerId: string, name: string } | null, deliveryCounts: { pending: number, delivered: number, failed: number } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type UpdateWebhookMutationVariables = Exact<{
  input: UpdateWebhookInput;
}>;


export type UpdateWebhookMutation = { updateWebhook: { webhook: { id: string, url: string, description: string | null, eventKinds: Array<ScoreEventKind>, minPointsChange: number, paused: boolean, createdBy: string, createdAt: string, partner: { partnerId: string, name: string } | null, deliveryCounts: { pending: number, delivered: number, failed: number } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: { webhook: { id: string, url: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type SendTestWebhookEventMutationVariables = Exact<{
  id: string | number;
}>;


export type SendTestWebhookEventMutation = { sendTestWebhookEvent: { delivery: { id: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, createdAt: string, event: { id: string, kind: ScoreEventKind, designation: DesignationCode | null, month: string | null, pointsChange: number | null, occurredAt: string, partner: { partnerId: string, name: string } | null, before: { total: number, meetsRequirements: boolean } | null, after: { total: number, meetsRequirements: boolean } | null } | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type RedeliverWebhookDeliveryMutationVariables = Exact<{
  id: string | number;
}>;


export type RedeliverWebhookDeliveryMutation = { redeliverWebhookDelivery: { delivery: { id: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, createdAt: string, event: { id: string, kind: ScoreEventKind, designation: DesignationCode | null, month: string | null, pointsChange: number | null, occurredAt: string, partner: { partnerId: string, name: string } | null, before: { total: number, meetsRequirements: boolean } | null, after: { total: number, meetsRequirements: boolean } | null } | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const UserErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserErrorFields on UserError {
  field
  message
  code
}
    `, {"fragmentName":"UserErrorFields"}) as unknown as TypedDocumentString<UserErrorFieldsFragment, unknown>;
export const ScoreImpactFieldsFragmentDoc = new TypedDocumentString(`
    fragment ScoreImpactFields on ScoreImpact {
  partnerId
  designation
  before
  after
  delta
  meetsBefore
  meetsAfter
  metrics {
    metric
    before
    after
  }
}
    `, {"fragmentName":"ScoreImpactFields"}) as unknown as TypedDocumentString<ScoreImpactFieldsFragment, unknown>;
export const SpecializationImpactFieldsFragmentDoc = new TypedDocumentString(`
    fragment SpecializationImpactFields on SpecializationImpact {
  code
  heldBefore
  heldAfter
  benefitsBefore
  benefitsAfter
  detail
}
    `, {"fragmentName":"SpecializationImpactFields"}) as unknown as TypedDocumentString<SpecializationImpactFieldsFragment, unknown>;
export const ScoreChangeFieldsFragmentDoc = new TypedDocumentString(`
    fragment ScoreChangeFields on ScoreChange {
  kind
  professionalId
  certification
  date
  expiresOn
  tenantId
  associationType
  workload
  measure
  amount
}
    `, {"fragmentName":"ScoreChangeFields"}) as unknown as TypedDocumentString<ScoreChangeFieldsFragment, unknown>;
export const RecommendationFieldsFragmentDoc = new TypedDocumentString(`
    fragment RecommendationFields on Recommendation {
  changes {
    ...ScoreChangeFields
  }
  pointsGained
  metric
  raisesBlockedMetric
  cost
  totalAfter
  meetsAfter
  detail
}
    fragment ScoreChangeFields on ScoreChange {
  kind
  professionalId
  certification
  date
  expiresOn
  tenantId
  associationType
  workload
  measure
  amount
}`, {"fragmentName":"RecommendationFields"}) as unknown as TypedDocumentString<RecommendationFieldsFragment, unknown>;
export const WebhookFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookFields on Webhook {
  id
  url
  description
  eventKinds
  partner {
    partnerId
    name
  }
  minPointsChange
  paused
  createdBy
  createdAt
  deliveryCounts {
    pending
    delivered
    failed
  }
}
    `, {"fragmentName":"WebhookFields"}) as unknown as TypedDocumentString<WebhookFieldsFragment, unknown>;
export const WebhookDeliveryFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookDeliveryFields on WebhookDelivery {
  id
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastStatusCode
  lastError
  deliveredAt
  createdAt
  event {
    id
    kind
    partner {
      partnerId
      name
    }
    designation
    month
    before {
      total
      meetsRequirements
    }
    after {
      total
      meetsRequirements
    }
    pointsChange
    occurredAt
  }
}
    `, {"fragmentName":"WebhookDeliveryFields"}) as unknown as TypedDocumentString<WebhookDeliveryFieldsFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      occurredAt
      actor
      action
      entityType
      entityKey
      partnerId
      professionalId
      before
      after
      scoreImpact
    }
  }
}
    `) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    label
    role
    partnerId
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const LatestMonthDocument = new TypedDocumentString(`
    query LatestMonth {
  latestMonth
}
    `) as unknown as TypedDocumentString<LatestMonthQuery, LatestMonthQueryVariables>;
export const NearMissesDocument = new TypedDocumentString(`
    query NearMisses($asOf: Month!, $designation: DesignationCode!, $minTotal: Float!, $first: Int, $after: String) {
  capabilityScores(
    asOf: $asOf
    designation: $designation
    first: $first
    after: $after
    filter: {meetsRequirements: false, minTotal: $minTotal}
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      total
      pointsToThreshold
      partner {
        partnerId
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NearMissesQuery, NearMissesQueryVariables>;
export const ProgramOverviewDocument = new TypedDocumentString(`
    query ProgramOverview {
  programSummary {
    asOf
    designations {
      designation
      partners
      meetingRequirements
      nearMiss
    }
  }
}
    `) as unknown as TypedDocumentString<ProgramOverviewQuery, ProgramOverviewQueryVariables>;
export const ProgramBadgesDocument = new TypedDocumentString(`
    query ProgramBadges {
  programSummary {
    microsoftCloudBadges
  }
}
    `) as unknown as TypedDocumentString<ProgramBadgesQuery, ProgramBadgesQueryVariables>;
export const ProgramRiskDocument = new TypedDocumentString(`
    query ProgramRisk {
  programSummary {
    designations {
      designation
      atRisk
    }
  }
}
    `) as unknown as TypedDocumentString<ProgramRiskQuery, ProgramRiskQueryVariables>;
export const PartnerOverviewDocument = new TypedDocumentString(`
    query PartnerOverview($partnerId: String!, $asOf: Month, $ruleSet: String) {
  latestMonth
  ruleSets {
    code
    name
    effectiveFrom
    effectiveTo
  }
  partner(partnerId: $partnerId) {
    partnerId
    name
    country
    anniversaryDate
    capabilityScores(asOf: $asOf, ruleSet: $ruleSet) {
      designationCode
      asOf
      ruleSet
      total
      meetsRequirements
      pointsToThreshold
      track
    }
    standing(asOf: $asOf) {
      asOf
      microsoftCloudBadge
      designations {
        designation
        attained
        attainedMonth
        windowStart
        windowEnd
        enrollment
        enrollmentWindowStart
        enrollmentWindowEnd
        enrolledUntil
        enrollmentDetail
      }
      specializations {
        code
        name
        held
        prerequisiteMet
        benefitsGranted
        detail
      }
      benefits {
        code
        productGroup
        description
        quantity
        unit
        source
      }
    }
    specializationGrants(activeOnly: false) {
      code
      grantedOn
      expiresOn
      validation
      version
      active
      specialization {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PartnerOverviewQuery, PartnerOverviewQueryVariables>;
export const PartnerRiskDocument = new TypedDocumentString(`
    query PartnerRisk($partnerId: String!) {
  partner(partnerId: $partnerId) {
    partnerId
    standing {
      asOf
      designations {
        designation
        atRisk
        firstMonthAtRisk
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PartnerRiskQuery, PartnerRiskQueryVariables>;
export const DesignationDetailDocument = new TypedDocumentString(`
    query DesignationDetail($partnerId: String!, $designation: DesignationCode!, $asOf: Month, $ruleSet: String, $withForecast: Boolean!) {
  partner(partnerId: $partnerId) {
    partnerId
    capabilityScore(designation: $designation, asOf: $asOf, ruleSet: $ruleSet) {
      designationCode
      asOf
      ruleSet
      total
      meetsRequirements
      pointsToThreshold
      track
      metrics {
        metric
        category
        points
        maxPoints
        value
        target
        pointsMissing
        minimumPoints
        options {
          option
          points
          value
          target
          chosen
        }
        facts {
          kind
          subject
          outcome
          detail
          numbers {
            name
            value
          }
        }
      }
      facts {
        kind
        subject
        outcome
        detail
        numbers {
          name
          value
        }
      }
    }
    scoreHistory(
      designation: $designation
      asOf: $asOf
      months: 6
      ruleSet: $ruleSet
    ) {
      asOf
      ruleSet
      total
      meetsRequirements
    }
    forecast(designation: $designation) @include(if: $withForecast) {
      asOf
      ruleSet
      total
      meetsRequirements
      metrics {
        metric
        points
        facts {
          subject
          outcome
          detail
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DesignationDetailQuery, DesignationDetailQueryVariables>;
export const PartnersDocument = new TypedDocumentString(`
    query Partners($first: Int, $after: String, $filter: PartnerFilterInput, $orderBy: PartnerOrderBy!, $asOf: Month) {
  latestMonth
  partners(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      partnerId
      name
      country
      anniversaryDate
      capabilityScores(asOf: $asOf) {
        designationCode
        total
        meetsRequirements
        pointsToThreshold
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PartnersQuery, PartnersQueryVariables>;
export const PartnersExportDocument = new TypedDocumentString(`
    query PartnersExport($after: String, $filter: PartnerFilterInput, $orderBy: PartnerOrderBy!, $asOf: Month) {
  partners(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      partnerId
      name
      country
      capabilityScores(asOf: $asOf) {
        designationCode
        total
        meetsRequirements
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PartnersExportQuery, PartnersExportQueryVariables>;
export const RecordSpecializationDocument = new TypedDocumentString(`
    mutation RecordSpecialization($input: RecordSpecializationInput!) {
  recordSpecialization(input: $input) {
    userErrors {
      ...UserErrorFields
    }
    standingImpact {
      ...SpecializationImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment SpecializationImpactFields on SpecializationImpact {
  code
  heldBefore
  heldAfter
  benefitsBefore
  benefitsAfter
  detail
}`) as unknown as TypedDocumentString<RecordSpecializationMutation, RecordSpecializationMutationVariables>;
export const RenewSpecializationDocument = new TypedDocumentString(`
    mutation RenewSpecialization($input: SpecializationEndInput!) {
  renewSpecialization(input: $input) {
    userErrors {
      ...UserErrorFields
    }
    standingImpact {
      ...SpecializationImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment SpecializationImpactFields on SpecializationImpact {
  code
  heldBefore
  heldAfter
  benefitsBefore
  benefitsAfter
  detail
}`) as unknown as TypedDocumentString<RenewSpecializationMutation, RenewSpecializationMutationVariables>;
export const EndSpecializationDocument = new TypedDocumentString(`
    mutation EndSpecialization($input: SpecializationEndInput!) {
  endSpecialization(input: $input) {
    userErrors {
      ...UserErrorFields
    }
    standingImpact {
      ...SpecializationImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment SpecializationImpactFields on SpecializationImpact {
  code
  heldBefore
  heldAfter
  benefitsBefore
  benefitsAfter
  detail
}`) as unknown as TypedDocumentString<EndSpecializationMutation, EndSpecializationMutationVariables>;
export const SpecializationProgressDocument = new TypedDocumentString(`
    query SpecializationProgress($partnerId: String!, $asOf: Month) {
  partner(partnerId: $partnerId) {
    partnerId
    specializationProgress(asOf: $asOf) {
      code
      ruleSet
      met
      validationRequired
      customerReferencesRequired
      validatedBy
      validUntil
      requirements {
        label
        value
        target
        met
        detail
        options {
          label
          value
          target
          met
          detail
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SpecializationProgressQuery, SpecializationProgressQueryVariables>;
export const PartnerRecommendationsDocument = new TypedDocumentString(`
    query PartnerRecommendations($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {
  partner(partnerId: $partnerId) {
    partnerId
    recommendations(designation: $designation, asOf: $asOf) {
      ...RecommendationFields
    }
    pathToThreshold(designation: $designation, asOf: $asOf) {
      changes {
        ...ScoreChangeFields
      }
      totalAfter
      actions {
        ...RecommendationFields
      }
    }
  }
}
    fragment ScoreChangeFields on ScoreChange {
  kind
  professionalId
  certification
  date
  expiresOn
  tenantId
  associationType
  workload
  measure
  amount
}
fragment RecommendationFields on Recommendation {
  changes {
    ...ScoreChangeFields
  }
  pointsGained
  metric
  raisesBlockedMetric
  cost
  totalAfter
  meetsAfter
  detail
}`) as unknown as TypedDocumentString<PartnerRecommendationsQuery, PartnerRecommendationsQueryVariables>;
export const PathShortfallDocument = new TypedDocumentString(`
    query PathShortfall($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {
  partner(partnerId: $partnerId) {
    partnerId
    pathToThresholdShortfall(designation: $designation, asOf: $asOf)
  }
}
    `) as unknown as TypedDocumentString<PathShortfallQuery, PathShortfallQueryVariables>;
export const PartnerProfessionalsDocument = new TypedDocumentString(`
    query PartnerProfessionals($partnerId: String!, $activeOnly: Boolean!, $first: Int, $after: String, $asOf: Month) {
  latestMonth
  partner(partnerId: $partnerId) {
    partnerId
    name
    professionals(activeOnly: $activeOnly, first: $first, after: $after) {
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
    `) as unknown as TypedDocumentString<PartnerProfessionalsQuery, PartnerProfessionalsQueryVariables>;
export const CreateProfessionalDocument = new TypedDocumentString(`
    mutation CreateProfessional($input: CreateProfessionalInput!) {
  createProfessional(input: $input) {
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<CreateProfessionalMutation, CreateProfessionalMutationVariables>;
export const AddCertificationDocument = new TypedDocumentString(`
    mutation AddCertification($input: AddCertificationInput!) {
  addCertification(input: $input) {
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<AddCertificationMutation, AddCertificationMutationVariables>;
export const AssociateProfessionalDocument = new TypedDocumentString(`
    mutation AssociateProfessional($input: AssociateProfessionalInput!) {
  associateProfessional(input: $input) {
    userErrors {
      ...UserErrorFields
    }
    scoreImpact {
      ...ScoreImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment ScoreImpactFields on ScoreImpact {
  partnerId
  designation
  before
  after
  delta
  meetsBefore
  meetsAfter
  metrics {
    metric
    before
    after
  }
}`) as unknown as TypedDocumentString<AssociateProfessionalMutation, AssociateProfessionalMutationVariables>;
export const EndAssociationDocument = new TypedDocumentString(`
    mutation EndAssociation($input: EndAssociationInput!) {
  endAssociation(input: $input) {
    userErrors {
      ...UserErrorFields
    }
    scoreImpact {
      ...ScoreImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment ScoreImpactFields on ScoreImpact {
  partnerId
  designation
  before
  after
  delta
  meetsBefore
  meetsAfter
  metrics {
    metric
    before
    after
  }
}`) as unknown as TypedDocumentString<EndAssociationMutation, EndAssociationMutationVariables>;
export const MoveProfessionalDocument = new TypedDocumentString(`
    mutation MoveProfessional($input: MoveProfessionalInput!) {
  moveProfessional(input: $input) {
    userErrors {
      ...UserErrorFields
    }
    scoreImpact {
      ...ScoreImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment ScoreImpactFields on ScoreImpact {
  partnerId
  designation
  before
  after
  delta
  meetsBefore
  meetsAfter
  metrics {
    metric
    before
    after
  }
}`) as unknown as TypedDocumentString<MoveProfessionalMutation, MoveProfessionalMutationVariables>;
export const MovePartnersDocument = new TypedDocumentString(`
    query MovePartners($from: String!, $to: String!) {
  from: partner(partnerId: $from) {
    partnerId
    name
  }
  to: partner(partnerId: $to) {
    partnerId
    name
  }
}
    `) as unknown as TypedDocumentString<MovePartnersQuery, MovePartnersQueryVariables>;
export const BulkAssociateDocument = new TypedDocumentString(`
    mutation BulkAssociate($input: BulkAssociateInput!) {
  bulkAssociate(input: $input) {
    applied
    dryRun
    rows {
      line
      professionalId
      action
      outcome
      message
      code
    }
    userErrors {
      ...UserErrorFields
    }
    scoreImpact {
      ...ScoreImpactFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment ScoreImpactFields on ScoreImpact {
  partnerId
  designation
  before
  after
  delta
  meetsBefore
  meetsAfter
  metrics {
    metric
    before
    after
  }
}`) as unknown as TypedDocumentString<BulkAssociateMutation, BulkAssociateMutationVariables>;
export const SimulateScoreDocument = new TypedDocumentString(`
    query SimulateScore($partnerId: String!, $changes: [ScoreChangeInput!]!, $asOf: Month) {
  simulateScore(partnerId: $partnerId, changes: $changes, asOf: $asOf) {
    ...ScoreImpactFields
  }
}
    fragment ScoreImpactFields on ScoreImpact {
  partnerId
  designation
  before
  after
  delta
  meetsBefore
  meetsAfter
  metrics {
    metric
    before
    after
  }
}`) as unknown as TypedDocumentString<SimulateScoreQuery, SimulateScoreQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int, $after: String) {
  users(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      email
      role
      partnerId
      disabled
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const DisableUserDocument = new TypedDocumentString(`
    mutation DisableUser($email: String!) {
  disableUser(email: $email) {
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<DisableUserMutation, DisableUserMutationVariables>;
export const EnableUserDocument = new TypedDocumentString(`
    mutation EnableUser($email: String!) {
  enableUser(email: $email) {
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<EnableUserMutation, EnableUserMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($email: String!, $password: String!) {
  resetPassword(email: $email, password: $password) {
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks($first: Int, $after: String) {
  webhooks(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...WebhookFields
    }
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  description
  eventKinds
  partner {
    partnerId
    name
  }
  minPointsChange
  paused
  createdBy
  createdAt
  deliveryCounts {
    pending
    delivered
    failed
  }
}`) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($id: ID!, $first: Int, $after: String, $status: WebhookDeliveryStatus) {
  webhook(id: $id) {
    id
    paused
    deliveryCounts {
      pending
      delivered
      failed
    }
    deliveries(first: $first, after: $after, status: $status) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...WebhookDeliveryFields
      }
    }
  }
}
    fragment WebhookDeliveryFields on WebhookDelivery {
  id
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastStatusCode
  lastError
  deliveredAt
  createdAt
  event {
    id
    kind
    partner {
      partnerId
      name
    }
    designation
    month
    before {
      total
      meetsRequirements
    }
    after {
      total
      meetsRequirements
    }
    pointsChange
    occurredAt
  }
}`) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const CreateWebhookDocument = new TypedDocumentString(`
    mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    webhook {
      ...WebhookFields
    }
    secret
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment WebhookFields on Webhook {
  id
  url
  description
  eventKinds
  partner {
    partnerId
    name
  }
  minPointsChange
  paused
  createdBy
  createdAt
  deliveryCounts {
    pending
    delivered
    failed
  }
}`) as unknown as TypedDocumentString<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const UpdateWebhookDocument = new TypedDocumentString(`
    mutation UpdateWebhook($input: UpdateWebhookInput!) {
  updateWebhook(input: $input) {
    webhook {
      ...WebhookFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment WebhookFields on Webhook {
  id
  url
  description
  eventKinds
  partner {
    partnerId
    name
  }
  minPointsChange
  paused
  createdBy
  createdAt
  deliveryCounts {
    pending
    delivered
    failed
  }
}`) as unknown as TypedDocumentString<UpdateWebhookMutation, UpdateWebhookMutationVariables>;
export const DeleteWebhookDocument = new TypedDocumentString(`
    mutation DeleteWebhook($id: ID!) {
  deleteWebhook(id: $id) {
    webhook {
      id
      url
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}`) as unknown as TypedDocumentString<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const SendTestWebhookEventDocument = new TypedDocumentString(`
    mutation SendTestWebhookEvent($id: ID!) {
  sendTestWebhookEvent(id: $id) {
    delivery {
      ...WebhookDeliveryFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment WebhookDeliveryFields on WebhookDelivery {
  id
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastStatusCode
  lastError
  deliveredAt
  createdAt
  event {
    id
    kind
    partner {
      partnerId
      name
    }
    designation
    month
    before {
      total
      meetsRequirements
    }
    after {
      total
      meetsRequirements
    }
    pointsChange
    occurredAt
  }
}`) as unknown as TypedDocumentString<SendTestWebhookEventMutation, SendTestWebhookEventMutationVariables>;
export const RedeliverWebhookDeliveryDocument = new TypedDocumentString(`
    mutation RedeliverWebhookDelivery($id: ID!) {
  redeliverWebhookDelivery(id: $id) {
    delivery {
      ...WebhookDeliveryFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  field
  message
  code
}
fragment WebhookDeliveryFields on WebhookDelivery {
  id
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastStatusCode
  lastError
  deliveredAt
  createdAt
  event {
    id
    kind
    partner {
      partnerId
      name
    }
    designation
    month
    before {
      total
      meetsRequirements
    }
    after {
      total
      meetsRequirements
    }
    pointsChange
    occurredAt
  }
}`) as unknown as TypedDocumentString<RedeliverWebhookDeliveryMutation, RedeliverWebhookDeliveryMutationVariables>;