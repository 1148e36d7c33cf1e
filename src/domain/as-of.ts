import { evaluateEligibilityMatrix, type EligibilityDecision } from './eligibility';
import { lineageAsOf } from './lineage';
import type { AuditFacts, FindingFacts, JurisdictionFact, ModelVersionFacts, OverrideFact } from './facts';
import { accreditationKnownAt, conflictKnownAt } from './accreditation-history';
import { overrideFromHistory, type OverrideChangeFact } from './override-history';
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
    fixedInVersionName: fixHidden ? null : finding.fixedInVersionName,
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
      accreditations: auditor.accreditations.filter((a) => known(a.recordedAt)).map((a) => accreditationKnownAt(a, at)),
      conflicts: auditor.conflicts.filter((c) => known(c.recordedAt)).map((c) => conflictKnownAt(c, at)),
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
    ...(version.lineage ? { lineage: lineageAsOf(version.lineage, at, (f) => findingFactsAsOf(f, at)) } : {}),
  };
}

export interface AsOfEvaluation {
  /** the policy version in force at `at`; null when none was (then no decisions) */
  policy: PolicyDocument | null;
  decisions: EligibilityDecision[];
}

/** A published policy version: its document and when the registry published it. */
export interface PublishedPolicy {
  document: PolicyDocument;
  publishedAt: Date;
}

/**
 * The policy in force at `at` as the registry knew it then: among the versions published by
 * `at`, the one `selectEffectivePolicy` picks. A version published later with an earlier
 * effective date (a retroactive publication) does not rewrite what was in force before it was
 * published.
 */
export function policyKnownInForceAt(published: readonly PublishedPolicy[], at: Date): PolicyDocument | null {
  const t = at.getTime();
  return selectEffectivePolicy(
    published.filter((p) => p.publishedAt.getTime() <= t).map((p) => p.document),
    at,
  );
}

/** Per jurisdiction code, the override as the histories say it stood at `at` (replayed, see `overrideFromHistory`). */
export function overridesAsOf(overrideHistory: ReadonlyMap<string, readonly OverrideChangeFact[]>, at: Date): Map<string, OverrideFact> {
  const overrides = new Map<string, OverrideFact>();
  for (const [code, history] of overrideHistory) {
    const o = overrideFromHistory(history, at);
    if (o) overrides.set(code, o);
  }
  return overrides;
}

/** The versions the registry knew at `at` (recorded by then), each with its facts as of then. */
export function registryAsOf(versions: readonly ModelVersionFacts[], at: Date): ModelVersionFacts[] {
  return versions.filter((v) => v.recordedAt.getTime() <= at.getTime()).map((v) => factsAsOf(v, at));
}

/**
 * Evaluates the matrix as it stood at `at`: the policy version effective then (among those
 * published by then), only the facts recorded by then, and the
 * overrides replayed from their history (per jurisdiction code). This is the one as-of path: the
 * API's `asOf` arguments and the replay property test go through it.
 */
export function evaluateEligibilityAsOf(
  version: ModelVersionFacts,
  jurisdictions: JurisdictionFact[],
  policies: readonly PublishedPolicy[],
  at: Date,
  overrideHistory?: ReadonlyMap<string, readonly OverrideChangeFact[]>,
): AsOfEvaluation {
  const policy = policyKnownInForceAt(policies, at);
  if (!policy) return { policy: null, decisions: [] };
  const overrides = overrideHistory ? overridesAsOf(overrideHistory, at) : undefined;
  return { policy, decisions: evaluateEligibilityMatrix(factsAsOf(version, at), jurisdictions, policy, at, overrides) };
}
