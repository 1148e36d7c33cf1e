import { AuditLabel, auditLabel, evaluateAuditQualification, type AuditQualification } from './audit-qualification';
import { missedDeadlines } from './deadlines';
import type { ExportOutcome, InterventionTier, JurisdictionTier, SeverityLevel } from './enums';
import { outcomeRank, worseOutcome } from './export-outcome';
import type {
  AuditFacts,
  FindingFacts,
  JurisdictionFact,
  ModelAuditHistoryEntry,
  ModelVersionFacts,
  OverrideFact,
} from './facts';
import { isDismissed, progressOf, PROGRESS_MITIGATING, PROGRESS_REMEDIATED } from './finding-lifecycle';
import { compilePolicy } from './policy/compiled-policy';
import type { CountingAuditRule, EligibilityRule, OpenFindingsRule, PolicyDocument } from './policy/policy-document';
import { reason, type Reason, type ReasonRefs } from './reason';
import { severityOfFinding } from './severity';
import { addMonths, iso } from './time';
import { describePath, effectiveTrainingCompute, inheritedFindings, type InheritedFinding, type RetestStanding } from './lineage';

/** One thing standing between the version and ELIGIBLE, and what would clear it. */
export interface PathItem {
  code: string;
  message: string;
  refs: ReasonRefs;
  /** e.g. "a passing retest of MSR-2026-0007 on Mythos 5.1 by a qualified, independent auditor" */
  clearedBy: string;
}

export interface EligibilityDecision {
  modelVersionId: string;
  jurisdictionCode: string;
  tier: JurisdictionTier;
  /** the effective outcome: the active override's, else the computed one */
  outcome: ExportOutcome;
  /** what the rules give, shown beside an override */
  computedOutcome: ExportOutcome;
  /** the regulator's override, only while active */
  override: OverrideFact | null;
  reasons: Reason[];
  /** the blockers of the computed outcome; empty when ELIGIBLE */
  pathToEligibility: PathItem[];
  policyVersion: string;
  evaluatedAt: Date;
}

/** How a finding stands against one version, when it is open for eligibility there. */
type FindingMode = 'AFFECTED' | 'AFFECTED_FIXED_ELSEWHERE' | 'UNVERIFIED_FIX' | 'INHERITED';

interface OpenFinding {
  finding: FindingFacts;
  mode: FindingMode;
  level: SeverityLevel | null;
  interventionTier: InterventionTier | null;
  /** status MITIGATING or later, or the fix is in this version */
  mitigated: boolean;
  clearedBy: string;
  refs: ReasonRefs;
  /** set when the finding is an ancestor's (mode INHERITED) */
  inherited?: InheritedFinding;
}

interface VersionContext {
  version: ModelVersionFacts;
  policy: PolicyDocument;
  now: Date;
  open: OpenFinding[];
  countingAudits: AuditFacts[];
  /** the ancestors' findings as they stand here, open or cleared */
  inherited: InheritedFinding[];
  /** own training compute, plus the parents' where the policy's inheritance says so */
  trainingComputeOps: number | null;
  /** suspension blockers (apply in every tier) */
  suspensionReasons: Reason[];
  suspensionPath: PathItem[];
  /** overdue deadlines */
  missedReasons: Reason[];
  /** informational: unassessed findings, audits that do not count */
  infoReasons: Reason[];
}

interface TierEvaluation {
  outcome: ExportOutcome;
  reasons: Reason[];
  path: PathItem[];
}

/**
 * The export decision for one model version in one jurisdiction at `now`, under `policy`.
 * See `evaluateEligibilityMatrix` for the rules; a regulator's override wins while active.
 */
export function evaluateExportEligibility(
  version: ModelVersionFacts,
  jurisdiction: JurisdictionFact,
  policy: PolicyDocument,
  now: Date,
  override?: OverrideFact | null,
): EligibilityDecision {
  const overrides = override ? new Map([[jurisdiction.code, override]]) : undefined;
  return evaluateEligibilityMatrix(version, [jurisdiction], policy, now, overrides)[0]!;
}

/**
 * Export decisions for one model version in many jurisdictions. Version-level facts (open
 * findings, counting audits, deadlines, suspension) are computed once, each tier's rules once,
 * and each jurisdiction only picks its tier's result (decisions of one tier share their reason
 * and path arrays, which are frozen) and applies its override.
 *
 * Outcome: the worst of the suspension rule, the tier's rules and (if the policy says so) missed
 * deadlines; ELIGIBLE when nothing blocks.
 */
export function evaluateEligibilityMatrix(
  version: ModelVersionFacts,
  jurisdictions: JurisdictionFact[],
  policy: PolicyDocument,
  now: Date,
  overrides?: Map<string, OverrideFact>,
): EligibilityDecision[] {
  const compiled = compilePolicy(policy);
  const ctx = prepareVersion(version, policy, now);
  const tiers: Partial<Record<JurisdictionTier, TierEvaluation>> = {};
  const decisions = new Array<EligibilityDecision>(jurisdictions.length);
  const defaultTier = policy.jurisdictions.defaultTier;
  for (let i = 0; i < jurisdictions.length; i++) {
    const code = jurisdictions[i]!.code;
    const tier = compiled.tierByJurisdiction.get(code) ?? compiled.tierByJurisdiction.get(code.toUpperCase()) ?? defaultTier;
    const evaluation = (tiers[tier] ??= evaluateTier(ctx, tier));
    const override = overrides?.get(code);
    decisions[i] = override
      ? decideWithOverride(ctx, code, tier, evaluation, override)
      : {
          modelVersionId: version.id,
          jurisdictionCode: code,
          tier,
          outcome: evaluation.outcome,
          computedOutcome: evaluation.outcome,
          override: null,
          reasons: evaluation.reasons,
          pathToEligibility: evaluation.path,
          policyVersion: policy.version,
          evaluatedAt: now,
        };
  }
  return decisions;
}

/** One tier's decision for a version without any override: what every jurisdiction of that tier shares. */
export interface TierDecision {
  modelVersionId: string;
  tier: JurisdictionTier;
  outcome: ExportOutcome;
  reasons: Reason[];
  pathToEligibility: PathItem[];
  policyVersion: string;
  evaluatedAt: Date;
}

/**
 * The version's decision in each of the given tiers, before overrides: the same rules as
 * `evaluateEligibilityMatrix` (whose decisions without an override are exactly these, picked per
 * jurisdiction), computed once per tier. The store keeps decisions this way (issue 19: a version's
 * 249 jurisdictions fall into a handful of tiers), and each jurisdiction follows its tier's
 * decision unless a regulator's override gives it one of its own.
 */
export function evaluateEligibilityTiers(
  version: ModelVersionFacts,
  tiers: readonly JurisdictionTier[],
  policy: PolicyDocument,
  now: Date,
): TierDecision[] {
  const ctx = prepareVersion(version, policy, now);
  return tiers.map((tier) => {
    const evaluation = evaluateTier(ctx, tier);
    return {
      modelVersionId: version.id,
      tier,
      outcome: evaluation.outcome,
      reasons: evaluation.reasons,
      pathToEligibility: evaluation.path,
      policyVersion: policy.version,
      evaluatedAt: now,
    };
  });
}

/**
 * The ancestors' findings as they stand on the version at `now`: open, or cleared by a counting
 * retest of this version (the same counting rule as eligibility) or a regulator's "not affected".
 */
export function inheritedFindingsAt(version: ModelVersionFacts, policy: PolicyDocument, now: Date): InheritedFinding[] {
  if (!version.lineage || version.lineage.ancestorFindings.length === 0) return [];
  return prepareVersion(version, policy, now).inherited;
}

/** An override is active from `setAt` until (excluding) `expiresAt`. */
export function isOverrideActive(override: OverrideFact, now: Date): boolean {
  const t = now.getTime();
  return override.setAt.getTime() <= t && (override.expiresAt === null || t < override.expiresAt.getTime());
}

function decideWithOverride(
  ctx: VersionContext,
  code: string,
  tier: JurisdictionTier,
  evaluation: TierEvaluation,
  override: OverrideFact,
): EligibilityDecision {
  const active = isOverrideActive(override, ctx.now);
  const until = override.expiresAt ? ` until ${iso(override.expiresAt)}` : ' without expiry';
  const note = active
    ? reason(
        'OVERRIDE_ACTIVE',
        `A regulator (${override.setBy}) set ${override.outcome}${until}: ${override.justification} The rules alone give ${evaluation.outcome}.`,
      )
    : reason(
        override.setAt.getTime() > ctx.now.getTime() ? 'OVERRIDE_NOT_YET_ACTIVE' : 'OVERRIDE_EXPIRED',
        `The regulator's override to ${override.outcome} (${override.justification}) is not active at ${iso(ctx.now)}; the computed outcome applies.`,
      );
  return {
    modelVersionId: ctx.version.id,
    jurisdictionCode: code,
    tier,
    outcome: active ? override.outcome : evaluation.outcome,
    computedOutcome: evaluation.outcome,
    override: active ? override : null,
    reasons: [note, ...evaluation.reasons],
    pathToEligibility: evaluation.path,
    policyVersion: ctx.policy.version,
    evaluatedAt: ctx.now,
  };
}

function prepareVersion(version: ModelVersionFacts, policy: PolicyDocument, now: Date): VersionContext {
  const compiled = compilePolicy(policy);
  const infoReasons: Reason[] = [];

  // Audits of this version that count (completed by now, auditor qualified and independent).
  const qualified = qualifyCompletedAudits(version, policy, now);
  const countingAudits: AuditFacts[] = [];
  for (const { audit, qualification } of qualified) {
    if (qualification.counts) countingAudits.push(audit);
    else {
      infoReasons.push(
        reason('AUDIT_DOES_NOT_COUNT', `${AuditLabel(audit, version.auditors[audit.auditorId]?.name)} does not count: ${qualification.reasons.map((r) => r.message).join(' ')}`, {
          auditIds: [audit.id],
        }),
      );
    }
  }
  const latestRetest = latestCountingRetests(version, countingAudits);

  const findings = version.findings.length > 1 ? [...version.findings].sort(byPublicId) : version.findings;
  const open: OpenFinding[] = [];
  const missedReasons: Reason[] = [];
  for (const finding of findings) {
    const standing = openStanding(finding, version, policy, compiled.retestRequired, latestRetest.get(finding.id)?.passed === true);
    if (!standing) continue;
    open.push(standing);
    if (standing.level === null) {
      infoReasons.push(
        reason(
          'UNASSESSED_FINDING',
          `${finding.publicId} is open but not yet assessed; it blocks nothing until it has a level.`,
          standing.refs,
        ),
      );
    }
    missedReasons.push(...missedDeadlines(finding, policy, now));
  }
  // An ancestor's findings, open here until cleared on this version (src/domain/lineage.ts). Their
  // deadlines stay the ancestor's developer's obligations: no missed-deadline reasons here.
  const inheritedAll = inheritedFindings(version, policy, (id) => latestRetest.get(id));
  for (const inherited of inheritedAll) {
    if (inherited.status !== 'OPEN') continue;
    const standing = inheritedStanding(inherited, policy);
    open.push(standing);
    if (standing.level === null) {
      infoReasons.push(
        reason('UNASSESSED_FINDING', `${inherited.finding.publicId} is open but not yet assessed; it blocks nothing until it has a level.`, standing.refs),
      );
    }
  }

  // Suspension: open findings in a suspending intervention tier, or a suspended version.
  const suspension = policy.eligibility.suspension;
  const suspensionReasons: Reason[] = [];
  const suspensionPath: PathItem[] = [];
  if (suspension.accessStatuses.includes(version.accessStatus)) {
    const message = `${version.name} has access status ${version.accessStatus}.`;
    suspensionReasons.push(reason('VERSION_SUSPENDED', message));
    suspensionPath.push({ code: 'VERSION_SUSPENDED', message, refs: {}, clearedBy: `${version.name}'s access status returning to ACTIVE` });
  }
  for (const o of open) {
    if (o.interventionTier === null || !suspension.interventionTiers.includes(o.interventionTier)) continue;
    const message = `${o.finding.publicId} (${o.level}, ${o.interventionTier}) is open for ${version.name}${modeNote(o)}.`;
    suspensionReasons.push(reason('OPEN_INTERVENTION_FINDING', message, o.refs));
    suspensionPath.push({ code: 'OPEN_INTERVENTION_FINDING', message, refs: o.refs, clearedBy: o.clearedBy });
  }

  const trainingComputeOps = effectiveTrainingCompute(version, policy);
  return { version, policy, now, open, countingAudits, inherited: inheritedAll, trainingComputeOps, suspensionReasons, suspensionPath, missedReasons, infoReasons };
}

/** A completed audit of a version and whether it counts (`evaluateAuditQualification`). */
export interface QualifiedAudit {
  audit: AuditFacts;
  qualification: AuditQualification;
}

/**
 * The audits of this version completed by `now`, each with whether it counts (auditor qualified
 * and independent, within the rotation limit): the one counting rule of the engine, also used by
 * the transition preconditions (src/domain/remediation.ts).
 */
export function qualifyCompletedAudits(version: ModelVersionFacts, policy: PolicyDocument, now: Date): QualifiedAudit[] {
  const t = now.getTime();
  const completed = version.audits.filter((a) => a.status === 'COMPLETED' && a.completedAt !== null && a.completedAt.getTime() <= t);
  let history: ModelAuditHistoryEntry[] = version.modelAuditHistory;
  if (completed.length > 0) {
    const known = new Set(history.map((h) => h.auditId));
    history = history.concat(
      completed
        .filter((a) => !known.has(a.id))
        .map((a) => ({ auditId: a.id, auditorId: a.auditorId, modelVersionId: a.modelVersionId, completedAt: a.completedAt! })),
    );
  }
  return completed.map((audit) => {
    const auditor = version.auditors[audit.auditorId];
    const qualification: AuditQualification = auditor
      ? evaluateAuditQualification(audit, auditor, { modelAuditHistory: history, developerId: version.developerId }, policy)
      : {
          auditId: audit.id,
          counts: false,
          reasons: [reason('AUDITOR_UNKNOWN', `The auditor of ${auditLabel(audit, null)} is not on record.`, { auditIds: [audit.id] })],
          policyVersion: policy.version,
        };
    return { audit, qualification };
  });
}

/** The latest counting retest result per finding on this version (of `countingAudits`, its counting audits). */
export function latestCountingRetests(version: ModelVersionFacts, countingAudits: readonly AuditFacts[]): Map<string, RetestStanding> {
  const latestRetest = new Map<string, RetestStanding>();
  for (const audit of countingAudits) {
    const at = audit.completedAt!.getTime();
    for (const link of audit.findings) {
      if (link.role !== 'RETESTED' || link.retestResult === null) continue;
      const previous = latestRetest.get(link.findingId);
      if (!previous || at >= previous.at) {
        const label = auditLabel(audit, version.auditors[audit.auditorId]?.name);
        latestRetest.set(link.findingId, { at, passed: link.retestResult === 'PASS', auditId: audit.id, label });
      }
    }
  }
  return latestRetest;
}

function byPublicId(a: FindingFacts, b: FindingFacts): number {
  return a.publicId < b.publicId ? -1 : a.publicId > b.publicId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function modeNote(o: OpenFinding): string {
  switch (o.mode) {
    case 'AFFECTED_FIXED_ELSEWHERE':
      return ` (fixed in another version${o.finding.fixedInVersionName ? `, ${o.finding.fixedInVersionName},` : ''} not in this one)`;
    case 'UNVERIFIED_FIX':
      return ' (its fix ships in this version but no counting retest has passed yet)';
    case 'INHERITED':
      return ` (inherited: ${describePath(o.inherited!.path)})`;
    default:
      return '';
  }
}

/**
 * Whether `finding` is open for eligibility against `version`, and how. Null when it is not.
 * See docs/domain.md, "Open for eligibility".
 */
function openStanding(
  finding: FindingFacts,
  version: ModelVersionFacts,
  policy: PolicyDocument,
  retestRequired: Set<SeverityLevel>,
  retestPassed: boolean,
): OpenFinding | null {
  if (isDismissed(finding.status)) return null;
  const affected = finding.affectedVersionIds.includes(version.id);
  const fixedHere = finding.fixedInVersionId === version.id;
  if (!affected && !fixedHere) return null;

  const severity = severityOfFinding(finding, policy);
  const assessed = severity.kind === 'ASSESSED' ? severity.result : null;
  const level = assessed?.level ?? null;
  const needsRetest = level !== null && retestRequired.has(level);
  const progress = progressOf(finding.status);
  const remediated = progress >= PROGRESS_REMEDIATED;
  const pid = finding.publicId;
  const name = version.name;
  const retestClause = `a passing retest of ${pid} on ${name} by a qualified, independent auditor`;

  let mode: FindingMode;
  let clearedBy: string;
  if (!affected) {
    // The fix ships here: on probation until a counting retest passes, for levels that need one.
    if (!needsRetest || retestPassed) return null;
    mode = 'UNVERIFIED_FIX';
    clearedBy = retestClause;
  } else if (finding.fixedInVersionId !== null && !fixedHere) {
    // Fixed in another version: the flaw is still in this one.
    if ((finding.status === 'VERIFIED' || finding.status === 'CLOSED') && retestPassed) return null;
    mode = 'AFFECTED_FIXED_ELSEWHERE';
    clearedBy =
      `the fix is in another version${finding.fixedInVersionName ? ` (${finding.fixedInVersionName})` : ''}, not ${name}: ${name} clears only when ${pid} is VERIFIED or CLOSED ` +
      `and ${retestClause}; otherwise users move to the fixed version`;
  } else {
    mode = 'AFFECTED';
    const namedFixMissing = needsRetest && policy.remediation.fixVersionRequired && !fixedHere;
    if (remediated && !namedFixMissing && (!needsRetest || retestPassed)) return null;
    if (!needsRetest) clearedBy = `remediation of ${pid} (status REMEDIATED or later)`;
    else if (namedFixMissing) clearedBy = `a fix of ${pid} in a named version, then ${retestClause.replace(` on ${name}`, ' on that version')}`;
    else if (!remediated) clearedBy = `remediation of ${pid} in ${name}, then ${retestClause}`;
    else clearedBy = retestClause;
  }

  return {
    finding,
    mode,
    level,
    interventionTier: assessed?.interventionTier ?? null,
    mitigated: mode === 'UNVERIFIED_FIX' || progress >= PROGRESS_MITIGATING,
    clearedBy,
    refs: { findingIds: [finding.id], findingPublicIds: [pid] },
  };
}

/** An open inherited finding as the tier rules see it: never mitigated on the descendant. */
function inheritedStanding(inherited: InheritedFinding, policy: PolicyDocument): OpenFinding {
  const severity = severityOfFinding(inherited.finding, policy);
  const assessed = severity.kind === 'ASSESSED' ? severity.result : null;
  return {
    finding: inherited.finding,
    mode: 'INHERITED',
    level: assessed?.level ?? null,
    interventionTier: assessed?.interventionTier ?? null,
    mitigated: false,
    clearedBy: inherited.clearedBy,
    refs: { findingIds: [inherited.finding.id], findingPublicIds: [inherited.finding.publicId] },
    inherited,
  };
}

function evaluateTier(ctx: VersionContext, tier: JurisdictionTier): TierEvaluation {
  const { policy, version } = ctx;
  let outcome: ExportOutcome = 'ELIGIBLE';
  const reasons: Reason[] = [...ctx.suspensionReasons];
  const path: PathItem[] = [...ctx.suspensionPath];
  if (ctx.suspensionReasons.length > 0) outcome = worseOutcome(outcome, policy.eligibility.suspension.outcome);

  for (const rule of policy.eligibility.tiers[tier]) {
    const blocked = applyRule(ctx, rule, reasons, path);
    if (blocked) outcome = worseOutcome(outcome, blocked);
  }

  reasons.push(...ctx.missedReasons);
  const missedOutcome = policy.eligibility.missedDeadlines.outcome;
  if (missedOutcome !== null && ctx.missedReasons.length > 0) {
    outcome = worseOutcome(outcome, missedOutcome);
    if (outcomeRank(missedOutcome) > 0) {
      for (const r of ctx.missedReasons) {
        path.push({ code: r.code, message: r.message, refs: r.refs, clearedBy: 'meeting the overdue obligation' });
      }
    }
  }
  reasons.push(...ctx.infoReasons);
  if (outcome === 'ELIGIBLE') {
    reasons.unshift(reason('ELIGIBLE', `No rule of policy ${policy.version} blocks ${version.name} in ${tier}.`));
  }
  return { outcome, reasons: Object.freeze(reasons) as Reason[], path: Object.freeze(path) as PathItem[] };
}

/** Applies one tier rule; pushes its reasons and path items; returns the outcome when it blocks. */
function applyRule(ctx: VersionContext, rule: EligibilityRule, reasons: Reason[], path: PathItem[]): ExportOutcome | null {
  const { version } = ctx;
  switch (rule.kind) {
    case 'ALWAYS': {
      const message = `${rule.description}`;
      reasons.push(reason(rule.code, message));
      path.push({ code: rule.code, message, refs: {}, clearedBy: "a regulator's override or a new policy version; no fact about the version clears it" });
      return rule.outcome;
    }
    case 'COMPUTE_ABOVE': {
      const ops = ctx.trainingComputeOps;
      if (ops === null) {
        reasons.push(reason('COMPUTE_UNKNOWN', `${version.name}'s training compute is not on record; ${rule.code} cannot be checked.`));
        return null;
      }
      if (!(ops > rule.thresholdOps)) return null;
      const withParents = ops !== version.trainingComputeOps ? " (with its parents' compute, as the policy's inheritance counts it)" : '';
      const message = `${version.name} was trained with ${ops.toExponential(1)} operations${withParents}, above ${rule.thresholdOps.toExponential(0)}. ${rule.description}`;
      reasons.push(reason(rule.code, message));
      path.push({ code: rule.code, message, refs: {}, clearedBy: 'a new policy version (training compute of a released version does not change)' });
      return rule.outcome;
    }
    case 'CAPABILITY_DOMAINS': {
      const hits = version.capabilityDomains.filter((d) => rule.domains.includes(d));
      if (hits.length === 0) return null;
      const message = `${version.name} has capability domain ${hits.join(', ')}. ${rule.description}`;
      reasons.push(reason(rule.code, message));
      path.push({ code: rule.code, message, refs: {}, clearedBy: 'a new policy version (capability domains are a property of the version)' });
      return rule.outcome;
    }
    case 'OPEN_FINDINGS':
      return applyOpenFindings(ctx, rule, reasons, path);
    case 'COUNTING_AUDIT':
      return applyCountingAudit(ctx, rule, reasons, path);
  }
}

function applyOpenFindings(ctx: VersionContext, rule: OpenFindingsRule, reasons: Reason[], path: PathItem[]): ExportOutcome | null {
  const hits = ctx.open.filter((o) => o.level !== null && rule.levels.includes(o.level));
  if (hits.length === 0) return null;
  const allMitigated = hits.every((o) => o.mitigated);
  const outcome = allMitigated && rule.outcomeWhenMitigated !== null ? rule.outcomeWhenMitigated : rule.outcome;
  for (const o of hits) {
    const mitigation =
      rule.outcomeWhenMitigated === null ? '' : o.mitigated ? ' Mitigation is in place.' : ' No mitigation is in place.';
    const message = `${o.finding.publicId} (${o.level}) is open for ${ctx.version.name}${modeNote(o)}.${mitigation} ${rule.description}`;
    reasons.push(reason(rule.code, message, o.refs));
    path.push({ code: rule.code, message, refs: o.refs, clearedBy: o.clearedBy });
  }
  return outcome;
}

function applyCountingAudit(ctx: VersionContext, rule: CountingAuditRule, reasons: Reason[], path: PathItem[]): ExportOutcome | null {
  const { version, now } = ctx;
  const oldest = addMonths(now, -rule.maxAgeMonths).getTime();
  const satisfying = ctx.countingAudits.filter(
    (a) =>
      a.outcome !== 'FAIL' &&
      a.outcome !== null &&
      a.completedAt!.getTime() > oldest &&
      rule.requiredScopes.every((s) => a.scopes.includes(s)),
  );
  const scopes = rule.requiredScopes.join(', ') || 'any scope';
  if (satisfying.length > 0) {
    const newest = satisfying.reduce((a, b) => (b.completedAt!.getTime() > a.completedAt!.getTime() ? b : a));
    reasons.push(
      reason(
        'COUNTING_AUDIT_PRESENT',
        `${AuditLabel(newest, version.auditors[newest.auditorId]?.name)} (${newest.outcome}) counts and covers ${scopes}.`,
        { auditIds: [newest.id] },
      ),
    );
    return null;
  }
  const why = ctx.countingAudits.map((a) => {
    const label = auditLabel(a, version.auditors[a.auditorId]?.name);
    if (a.outcome === 'FAIL') return `${label} failed`;
    if (a.completedAt!.getTime() <= oldest) return `${label} is older than ${rule.maxAgeMonths} months`;
    return `${label} does not cover ${scopes}`;
  });
  const message =
    `${version.name} has no counting, non-failing audit covering ${scopes} younger than ${rule.maxAgeMonths} months` +
    (why.length > 0 ? ` (${why.join('; ')}).` : '.');
  const refs = ctx.countingAudits.length > 0 ? { auditIds: ctx.countingAudits.map((a) => a.id) } : {};
  reasons.push(reason(rule.code, message, refs));
  path.push({
    code: rule.code,
    message,
    refs,
    clearedBy: `a completed, non-failing audit of ${version.name} covering ${scopes} by a qualified, independent auditor`,
  });
  return rule.outcome;
}
