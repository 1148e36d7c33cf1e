/**
 * The framework as versioned data. A policy document is JSON: regulators edit it, the registry
 * stores every version, and every computed result names the version it used. The engine holds no
 * threshold, band, duration or tier list of its own — they all live here, each with a `source`.
 */
import type {
  AccessStatus,
  AccreditationStatus,
  AuditScope,
  CapabilityDomain,
  DisclosureAudience,
  ExportOutcome,
  FindingCategory,
  InterventionTier,
  JurisdictionTier,
  SeverityLevel,
} from '../enums';

/** Where a number or list comes from (a statute, a standard, a practice, or "registry convention"). */
export type Source = string;

/**
 * A condition on one finding's current assessment. Every field that is present must hold (AND);
 * a list means "any of". An empty condition always holds.
 */
export interface FindingCondition {
  levels?: SeverityLevel[];
  capabilityDomains?: CapabilityDomain[];
  categories?: FindingCategory[];
  universal?: boolean;
  exploitedInWild?: boolean;
  /** holds when the Wilson lower bound of the measured success rate reaches this value */
  minSuccessRateLowerBound?: number;
}

export interface SeverityBand {
  level: SeverityLevel;
  /** inclusive lower bound of the band (the band ends where the next one starts) */
  minScore: number;
  source: Source;
}

/** Moves the final score by `delta` (clamped to 0..10) when `when` holds. `levels` is not allowed. */
export interface ScoreAdjustment {
  code: string;
  description: string;
  when: FindingCondition;
  delta: number;
  source: Source;
}

export interface SeverityPolicy {
  /** ascending by minScore, one per level, the first starting at 0 */
  bands: SeverityBand[];
  /** z for the Wilson lower bound of success rates (1.96 = 95 %) */
  successRateConfidence: { z: number; source: Source };
  /** applied in order to the CVSS score; empty = the final score is the CVSS score */
  scoreAdjustments: ScoreAdjustment[];
}

/** Ordered: the first rule whose condition holds decides the tier; the last must be unconditional. */
export interface InterventionRule {
  code: string;
  description: string;
  tier: InterventionTier;
  when: FindingCondition;
  source: Source;
}

/** Durations in hours from the clock start; null = not applicable ("—"). */
export interface TimelineRow {
  acknowledgeHours: number | null;
  notifyGovernmentHours: number | null;
  mitigateHours: number | null;
  remediateHours: number | null;
  source: Source;
}

export interface DisclosureCondition extends FindingCondition {
  interventionTiers?: InterventionTier[];
}

/**
 * One disclosure clock. Exactly one of `durationHours` and `timelineField` gives the duration.
 * With `afterRemediationHours`, the obligation falls due at remediation + that many hours when
 * that is sooner (Project Zero's "90 days, or 30 days after the fix").
 */
export interface DisclosureClockRule {
  code: string;
  description: string;
  audience: DisclosureAudience;
  when: DisclosureCondition;
  start: 'AWARE' | 'REPORTED';
  durationHours?: number;
  timelineField?: 'notifyGovernmentHours';
  afterRemediationHours?: number | null;
  source: Source;
}

export interface AuditPolicy {
  /** for each audit scope, the accreditation scopes that cover it */
  scopeCoverage: Record<AuditScope, AuditScope[]>;
  /** accreditations in these statuses never qualify, whatever their dates */
  disqualifyingAccreditationStatuses: AccreditationStatus[];
  conflictLookback: { months: number; source: Source };
  /** the largest number of consecutive completed audits of one model by one auditor that count */
  rotation: { maxConsecutiveAudits: number; source: Source };
  /**
   * How many days after an audit completes its auditor still reads the restricted details the
   * audit gave access to (while qualified). Optional: absent means 0 — access ends on completion.
   */
  restrictedAccessGrace?: { days: number; source: Source };
  source: Source;
}

export interface JurisdictionPolicy {
  /** ISO 3166-1 alpha-2 codes placed explicitly in a tier */
  tiers: Record<JurisdictionTier, string[]>;
  defaultTier: JurisdictionTier;
  source: Source;
}

interface RuleBase {
  /** the reason code emitted when the rule blocks */
  code: string;
  description: string;
  /** the outcome when the rule blocks */
  outcome: ExportOutcome;
  source: Source;
}
export interface AlwaysRule extends RuleBase {
  kind: 'ALWAYS';
}
export interface ComputeAboveRule extends RuleBase {
  kind: 'COMPUTE_ABOVE';
  /** training operations; blocks when the version's compute is strictly above */
  thresholdOps: number;
}
export interface CapabilityDomainsRule extends RuleBase {
  kind: 'CAPABILITY_DOMAINS';
  domains: CapabilityDomain[];
}
export interface OpenFindingsRule extends RuleBase {
  kind: 'OPEN_FINDINGS';
  levels: SeverityLevel[];
  /** the outcome instead when every such finding has mitigation in place; null = no relief */
  outcomeWhenMitigated: ExportOutcome | null;
}
export interface CountingAuditRule extends RuleBase {
  kind: 'COUNTING_AUDIT';
  /** the audit must be younger than this */
  maxAgeMonths: number;
  requiredScopes: AuditScope[];
}
export type EligibilityRule =
  | AlwaysRule
  | ComputeAboveRule
  | CapabilityDomainsRule
  | OpenFindingsRule
  | CountingAuditRule;

export interface EligibilityPolicy {
  /** applies in every tier */
  suspension: {
    interventionTiers: InterventionTier[];
    accessStatuses: AccessStatus[];
    outcome: ExportOutcome;
    source: Source;
  };
  /** null = overdue deadlines are reasons only; otherwise they make the outcome at least this */
  missedDeadlines: { outcome: ExportOutcome | null; source: Source };
  /** every rule of the tier is checked; the worst outcome wins (ELIGIBLE when none blocks) */
  tiers: Record<JurisdictionTier, EligibilityRule[]>;
}

export interface PolicyDocument {
  version: string;
  /** ISO 8601 instant */
  effectiveFrom: string;
  title: string;
  notes?: string;
  severity: SeverityPolicy;
  interventionRules: InterventionRule[];
  timelines: Record<SeverityLevel, TimelineRow>;
  /** a deadline is DUE_SOON when the time left is at most min(hours, fraction × its duration) */
  dueSoon: { hours: number; fractionOfDuration: number; source: Source };
  /** whether a re-opened finding restarts its mitigate and remediate clocks at the re-opening */
  reopening: { restartsClocks: boolean; source: Source };
  disclosureClocks: DisclosureClockRule[];
  remediation: {
    /** levels whose fix must be confirmed by a counting passing retest */
    retestRequiredLevels: SeverityLevel[];
    /** for those levels, a fix must name the version it shipped in */
    fixVersionRequired: boolean;
    source: Source;
  };
  audits: AuditPolicy;
  jurisdictions: JurisdictionPolicy;
  eligibility: EligibilityPolicy;
  /**
   * Four eyes: which regulators' changes wait for a second regulator's approval (a proposed
   * change) instead of applying at once. Absent = neither (both false).
   */
  approvals?: ApprovalPolicy;
  /**
   * Model lineage (issue 19): which relations carry which finding categories from a parent to its
   * derived versions, and whose training compute counts. Absent = nothing is inherited (each
   * version stands alone, as before lineage existed).
   */
  inheritance?: InheritancePolicy;
}

/** A relation between a derived version and its parent (src/domain/lineage.ts). */
export type InheritanceRelation = 'FINE_TUNE' | 'DISTILLATION' | 'QUANTIZATION' | 'MERGE' | 'CONTINUED_PRETRAINING';

/** Findings of these categories pass from a parent to a child derived by one of these relations. */
export interface InheritanceRule {
  code: string;
  description: string;
  relations: InheritanceRelation[];
  /** the categories carried, or every category */
  categories: FindingCategory[] | 'ALL';
  source: Source;
}

export interface InheritancePolicy {
  /** a finding passes along an edge when any rule lists both the edge's relation and its category */
  rules: InheritanceRule[];
  /** the parent's training compute counts toward the child's along these relations (optional) */
  trainingCompute?: { relations: InheritanceRelation[]; source: Source };
  source: Source;
}

export interface ApprovalPolicy {
  /** publishing a policy version */
  policyPublication: boolean;
  /** setting or replacing an export override (lifting one stays immediate) */
  exportOverride: boolean;
  source: Source;
}

/** The kinds of change a policy can put under four eyes. */
export type ApprovableChangeKind = 'POLICY_PUBLICATION' | 'EXPORT_OVERRIDE';

/** Whether the policy requires a second regulator's approval for this kind of change. */
export function requiresSecondApproval(policy: PolicyDocument, kind: ApprovableChangeKind): boolean {
  const approvals = policy.approvals;
  if (!approvals) return false;
  return kind === 'POLICY_PUBLICATION' ? approvals.policyPublication : approvals.exportOverride;
}
