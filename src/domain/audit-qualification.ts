import { accreditationStateAt } from './accreditation-history';
import { accreditationCovers, conflictsWithDeveloperAt } from './auditor-standing';
import type { AccreditationFact, AuditFacts, AuditorFacts, ModelAuditHistoryEntry } from './facts';
import type { PolicyDocument } from './policy/policy-document';
import { reason, type Reason } from './reason';
import { iso, utcDay } from './time';

export interface AuditQualificationContext {
  /**
   * Completed audits of the model (any version; may include this audit and other audits of the
   * same version). Used for the rotation rule.
   */
  modelAuditHistory: ModelAuditHistoryEntry[];
  /** the developer of the audited model */
  developerId: string;
}

export interface AuditQualification {
  auditId: string;
  counts: boolean;
  /** when it does not count, one reason per failing condition; when it counts, AUDIT_COUNTS */
  reasons: Reason[];
  policyVersion: string;
}

/**
 * Whether an audit counts toward eligibility. All of these must hold at its completion:
 * it is COMPLETED; for each audit scope, the auditor held an accreditation covering that scope
 * (per the policy's scope coverage) that was valid on the completion date (UTC calendar day,
 * inclusive at both ends) and not in a disqualifying status — as it stood at completion, following
 * its history of suspensions, reinstatements, renewals and revocations; the auditor is not the developer;
 * no declared conflict with the developer overlaps the look-back window ending at completion;
 * and the audit is not beyond the rotation limit of consecutive audits of the model by the
 * same auditor. The outcome (PASS/FAIL) does not decide whether an audit counts.
 */
/**
 * An audit as people know it: by its auditor and the day it completed (or started, while open),
 * for example "the audit by Sentinel Assurance completed 2026-10-15" — never its internal id.
 */
export function auditLabel(audit: Pick<AuditFacts, 'status' | 'startedAt' | 'completedAt'>, auditorName: string | null | undefined): string {
  const by = auditorName ? ` by ${auditorName}` : '';
  return audit.status === 'COMPLETED' && audit.completedAt
    ? `the audit${by} completed ${iso(audit.completedAt).slice(0, 10)}`
    : `the open audit${by} started ${iso(audit.startedAt).slice(0, 10)}`;
}

/** The same, starting a sentence. */
export const AuditLabel = (audit: Pick<AuditFacts, 'status' | 'startedAt' | 'completedAt'>, auditorName: string | null | undefined): string => {
  const label = auditLabel(audit, auditorName);
  return label.charAt(0).toUpperCase() + label.slice(1);
};

export function evaluateAuditQualification(
  audit: AuditFacts,
  auditor: AuditorFacts,
  ctx: AuditQualificationContext,
  policy: PolicyDocument,
): AuditQualification {
  const reasons: Reason[] = [];
  const refs = { auditIds: [audit.id] };
  const fail = (code: string, message: string): void => {
    reasons.push(reason(code, message, refs));
  };

  if (auditor.id !== audit.auditorId) {
    fail('AUDITOR_MISMATCH', `${AuditLabel(audit, null)} was performed by another auditor than ${auditor.name}.`);
  }
  const completedAt = audit.status === 'COMPLETED' ? audit.completedAt : null;
  if (completedAt === null) {
    fail('AUDIT_NOT_COMPLETED', `${AuditLabel(audit, auditor.name)} is not completed.`);
    return { auditId: audit.id, counts: false, reasons, policyVersion: policy.version };
  }

  // Accreditation: every scope covered by an accreditation valid on the completion date.
  const day = utcDay(completedAt);
  const disqualifying = policy.audits.disqualifyingAccreditationStatuses;
  // The accreditation as it stood at completion (its history of suspensions and renewals).
  const validOnCompletion = (accreditation: AccreditationFact): boolean => {
    const a = accreditationStateAt(accreditation, completedAt);
    return !disqualifying.includes(a.status) && utcDay(a.validFrom) <= day && (a.validUntil === null || utcDay(a.validUntil) >= day);
  };
  if (audit.scopes.length === 0) fail('AUDIT_WITHOUT_SCOPE', `${AuditLabel(audit, auditor.name)} declares no scope.`);
  for (const scope of audit.scopes) {
    const covering = auditor.accreditations.filter((a) => accreditationCovers(a, scope, policy));
    if (covering.some(validOnCompletion)) continue;
    if (covering.length === 0) {
      fail('ACCREDITATION_SCOPE_NOT_COVERED', `${auditor.name} holds no accreditation covering ${scope}.`);
      continue;
    }
    const why = covering.map((a) => describeInvalidity(a, completedAt, disqualifying)).join('; ');
    fail(
      'ACCREDITATION_NOT_VALID_AT_COMPLETION',
      `${auditor.name}'s accreditation for ${scope} was not valid on ${iso(completedAt).slice(0, 10)}: ${why}.`,
    );
  }

  // Independence.
  if (auditor.id === ctx.developerId) {
    fail('AUDITOR_IS_DEVELOPER', `${auditor.name} is the developer of the audited model and cannot audit it.`);
  }
  const months = policy.audits.conflictLookback.months;
  for (const conflict of conflictsWithDeveloperAt(auditor.conflicts, ctx.developerId, completedAt, policy)) {
    fail(
      'CONFLICT_OF_INTEREST',
      `${auditor.name} declared a conflict with the developer (${conflict.description}) within the ${months}-month look-back before ${iso(completedAt).slice(0, 10)}.`,
    );
  }

  // Rotation: consecutive completed audits of the model by this auditor, ending with this one.
  const limit = policy.audits.rotation.maxConsecutiveAudits;
  const run = consecutiveRun(audit, completedAt, ctx.modelAuditHistory);
  if (run > limit) {
    fail(
      'ROTATION_LIMIT_EXCEEDED',
      `This is ${auditor.name}'s audit number ${run} in a row of this model; the policy allows ${limit} consecutive audits.`,
    );
  }

  const counts = reasons.length === 0;
  if (counts) {
    reasons.push(
      reason(
        'AUDIT_COUNTS',
        `${AuditLabel(audit, auditor.name)} counts: ${auditor.name} was accredited for ${audit.scopes.join(', ')} on completion, independent of the developer and within the rotation limit.`,
        refs,
      ),
    );
  }
  return { auditId: audit.id, counts, reasons, policyVersion: policy.version };
}

function describeInvalidity(accreditation: AccreditationFact, at: Date, disqualifying: string[]): string {
  const a = accreditationStateAt(accreditation, at);
  if (disqualifying.includes(a.status)) return `${a.body} accreditation is ${a.status}`;
  if (utcDay(a.validFrom) > utcDay(at)) return `${a.body} accreditation only valid from ${iso(a.validFrom).slice(0, 10)}`;
  return `${a.body} accreditation expired ${iso(a.validUntil!).slice(0, 10)}`;
}

/** How many audits in a row, ending with `audit`, the same auditor performed (ordered by completion). */
function consecutiveRun(audit: AuditFacts, completedAt: Date, history: ModelAuditHistoryEntry[]): number {
  const t = completedAt.getTime();
  const earlier = history
    .filter((h) => h.auditId !== audit.id && (h.completedAt.getTime() < t || (h.completedAt.getTime() === t && h.auditId < audit.id)))
    .sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime() || (a.auditId < b.auditId ? 1 : -1));
  let run = 1;
  for (const h of earlier) {
    if (h.auditorId !== audit.auditorId) break;
    run++;
  }
  return run;
}
