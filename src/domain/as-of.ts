import { evaluateEligibilityMatrix, type EligibilityDecision } from './eligibility';
import type { AuditFacts, FindingFacts, JurisdictionFact, ModelVersionFacts, OverrideFact } from './facts';
import type { PolicyDocument } from './policy/policy-document';
import { selectEffectivePolicy } from './policy/select-effective-policy';

/**
 * The facts as the registry knew them at `at`: everything recorded after `at` is dropped, and
 * current-state fields are rolled back to what the recorded history says (a finding's status is
 * the last status change recorded and occurred by then; the access status likewise; an audit
 * completed or recorded as completed after `at` is OPEN again, without outcome or retest results;
 * a fix version recorded after `at` is unset). Findings that no longer relate to the version are
 * dropped. Pure: the input is not modified.
 */
/**
 * One finding as the registry knew it at `at`: null when it was not yet recorded; otherwise only
 * the status changes, assessments and disclosures recorded (and occurred) by then, the status
 * rolled back to the last of those, and a fix version named later unset. Pure.
 */
export function findingFactsAsOf(finding: FindingFacts, at: Date): FindingFacts | null {
  const t = at.getTime();
  const known = (d: Date): boolean => d.getTime() <= t;
  if (!known(finding.recordedAt)) return null;
  const statusHistory = finding.statusHistory.filter((s) => known(s.recordedAt) && known(s.occurredAt));
  const fixHidden = finding.fixedInVersionRecordedAt != null && !known(finding.fixedInVersionRecordedAt);
  return {
    ...finding,
    status: statusHistory.length > 0 ? statusHistory[statusHistory.length - 1]!.to : 'REPORTED',
    fixedInVersionId: fixHidden ? null : finding.fixedInVersionId,
    statusHistory,
    assessments: finding.assessments.filter((a) => known(a.recordedAt) && known(a.assessedAt)),
    disclosures: finding.disclosures.filter((d) => known(d.recordedAt) && known(d.disclosedAt)),
  };
}

export function factsAsOf(version: ModelVersionFacts, at: Date): ModelVersionFacts {
  const t = at.getTime();
  const known = (d: Date): boolean => d.getTime() <= t;

  const findings: FindingFacts[] = [];
  for (const f of version.findings) {
    const known = findingFactsAsOf(f, at);
    // Findings that no longer relate to the version (a fix named later) are dropped.
    if (known && (known.affectedVersionIds.includes(version.id) || known.fixedInVersionId === version.id)) findings.push(known);
  }

  const audits: AuditFacts[] = [];
  for (const a of version.audits) {
    if (!known(a.recordedAt)) continue;
    const completionKnown =
      a.status === 'COMPLETED' &&
      a.completedAt !== null &&
      known(a.completedAt) &&
      (a.completionRecordedAt == null || known(a.completionRecordedAt));
    audits.push(
      completionKnown
        ? a
        : {
            ...a,
            status: 'OPEN',
            completedAt: null,
            outcome: null,
            findings: a.findings.map((l) => ({ ...l, retestResult: null })),
          },
    );
  }

  const auditors: ModelVersionFacts['auditors'] = {};
  for (const [id, auditor] of Object.entries(version.auditors)) {
    auditors[id] = {
      ...auditor,
      accreditations: auditor.accreditations.filter((a) => known(a.recordedAt)),
      conflicts: auditor.conflicts.filter((c) => known(c.recordedAt)),
    };
  }

  const accessStatusHistory = version.accessStatusHistory.filter((s) => known(s.recordedAt) && known(s.occurredAt));
  let accessStatus = version.accessStatus;
  if (version.accessStatusHistory.length > 0) {
    accessStatus = 'ACTIVE';
    let latest = -Infinity;
    for (const s of accessStatusHistory) {
      if (s.occurredAt.getTime() >= latest) {
        latest = s.occurredAt.getTime();
        accessStatus = s.status;
      }
    }
  }

  return {
    ...version,
    accessStatus,
    accessStatusHistory,
    findings,
    audits,
    auditors,
    modelAuditHistory: version.modelAuditHistory.filter((h) => known(h.completedAt)),
  };
}

/** The override in force at `at` from a jurisdiction's override history: the latest set and recorded by then. */
export function overrideAsOf(history: OverrideFact[], at: Date): OverrideFact | null {
  const t = at.getTime();
  let latest: OverrideFact | null = null;
  for (const o of history) {
    if (o.recordedAt.getTime() > t || o.setAt.getTime() > t) continue;
    if (latest === null || o.setAt.getTime() >= latest.setAt.getTime()) latest = o;
  }
  return latest;
}

export interface AsOfEvaluation {
  /** the policy version in force at `at`; null when none was (then no decisions) */
  policy: PolicyDocument | null;
  decisions: EligibilityDecision[];
}

/**
 * Evaluates the matrix as it stood at `at`: the policy version effective then, only the facts
 * recorded by then, and the overrides recorded by then (per jurisdiction code, full history).
 */
export function evaluateEligibilityAsOf(
  version: ModelVersionFacts,
  jurisdictions: JurisdictionFact[],
  policies: PolicyDocument[],
  at: Date,
  overrideHistory?: Map<string, OverrideFact[]>,
): AsOfEvaluation {
  const policy = selectEffectivePolicy(policies, at);
  if (!policy) return { policy: null, decisions: [] };
  let overrides: Map<string, OverrideFact> | undefined;
  if (overrideHistory) {
    overrides = new Map();
    for (const [code, history] of overrideHistory) {
      const o = overrideAsOf(history, at);
      if (o) overrides.set(code, o);
    }
  }
  return { policy, decisions: evaluateEligibilityMatrix(factsAsOf(version, at), jurisdictions, policy, at, overrides) };
}
