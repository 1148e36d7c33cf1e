/**
 * Transition preconditions: what the policy's remediation settings demand before a finding may
 * move to REMEDIATED or VERIFIED, decided on the same facts and the same counting rule as the
 * eligibility engine (`qualifyCompletedAudits`, `latestCountingRetests` in eligibility.ts).
 *
 * - `remediation.fixVersionRequired`: for the levels in `retestRequiredLevels`, a fix must name
 *   the version it shipped in (REMEDIATED and VERIFIED need `fixedInVersionId`).
 * - `remediation.retestRequiredLevels`: VERIFIED needs the latest *counting* retest of the finding
 *   (a RETESTED link with a result on a completed audit by a qualified, independent auditor within
 *   the rotation limit) on the fix version to have PASSED — on one of the affected versions when
 *   no fix version is named (and the policy does not require one).
 * - A finding not yet assessed (or whose assessment no longer scores) has no level: it is held to the strictest level of the policy (it
 *   needs whatever any level needs), since it may turn out to be HIGH.
 * - Levels outside `retestRequiredLevels` need neither.
 */
import { AuditLabel } from './audit-qualification';
import { latestCountingRetests, qualifyCompletedAudits } from './eligibility';
import type { FindingStatus, SeverityLevel } from './enums';
import type { FindingFacts, ModelVersionFacts } from './facts';
import type { PolicyDocument } from './policy/policy-document';
import { severityOfFinding } from './severity';

export type TransitionProblemCode = 'FIX_VERSION_REQUIRED' | 'RETEST_REQUIRED';

export interface TransitionProblem {
  code: TransitionProblemCode;
  message: string;
  /** the input field the problem is about */
  path: string[];
}

export interface TransitionPreconditionInput {
  /** the finding as the facts store loads it (status, assessments → level, fix version id) */
  finding: FindingFacts;
  to: FindingStatus;
  /** the policy in force */
  policy: PolicyDocument;
  /**
   * The audit facts of the versions a retest can be on: the fix version (when one is named), else
   * the affected versions (`loadModelVersionFacts`). Other versions are ignored.
   */
  versions: readonly ModelVersionFacts[];
  now: Date;
}

/** The problems that stand between the finding and `to`; empty when the move may go ahead. */
export function transitionPreconditions({ finding, to, policy, versions, now }: TransitionPreconditionInput): TransitionProblem[] {
  if (to !== 'REMEDIATED' && to !== 'VERIFIED') return [];
  const levels = policy.remediation.retestRequiredLevels;
  if (levels.length === 0) return [];
  const severity = severityOfFinding(finding, policy);
  const level: SeverityLevel | null = severity.kind === 'ASSESSED' ? severity.result.level : null;
  if (level !== null && !levels.includes(level)) return [];

  const pid = finding.publicId;
  const levelList = levels.join(', ');
  const which =
    level !== null
      ? `${pid} is ${level}`
      : `${pid} ${severity.kind === 'INVALID' ? 'has no valid assessment' : 'is not yet assessed'} (a finding without a level is held to them)`;

  if (policy.remediation.fixVersionRequired && finding.fixedInVersionId === null) {
    return [
      {
        code: 'FIX_VERSION_REQUIRED',
        message: `Link the version that contains the fix first (linkFixVersion): policy ${policy.version} requires a fix in a named version for ${levelList} findings, and ${which}.`,
        path: ['to'],
      },
    ];
  }
  if (to !== 'VERIFIED') return [];

  const onVersions = retestVersionIds(finding);
  const candidates = versions.filter((v) => onVersions.includes(v.id));
  const where =
    finding.fixedInVersionId !== null
      ? (candidates[0]?.name ?? finding.fixedInVersionName ?? 'the fix version')
      : candidates.map((v) => v.name).join(' or ') || 'an affected version';

  const notes: string[] = [];
  for (const version of candidates) {
    const qualified = qualifyCompletedAudits(version, policy, now);
    const counting = qualified.filter((q) => q.qualification.counts).map((q) => q.audit);
    const latest = latestCountingRetests(version, counting).get(finding.id);
    if (latest?.passed) return [];
    if (latest) notes.push(`The latest counting retest on ${version.name}, ${latest.label}, did not pass.`);
    for (const { audit, qualification } of qualified) {
      if (qualification.counts) continue;
      const link = audit.findings.find((l) => l.findingId === finding.id && l.role === 'RETESTED' && l.retestResult !== null);
      if (!link) continue;
      const why = qualification.reasons.map((r) => r.message).join(' ');
      notes.push(`${AuditLabel(audit, version.auditors[audit.auditorId]?.name)} retested it with ${link.retestResult} but does not count: ${why}`);
    }
    for (const audit of version.audits) {
      if (audit.status === 'COMPLETED' && audit.completedAt !== null && audit.completedAt.getTime() <= now.getTime()) continue;
      if (!audit.findings.some((l) => l.findingId === finding.id && l.role === 'RETESTED')) continue;
      notes.push(`${AuditLabel(audit, version.auditors[audit.auditorId]?.name)} retests it but has not completed.`);
    }
  }
  if (notes.length === 0) notes.push(`No completed audit of ${where} has retested it.`);
  return [
    {
      code: 'RETEST_REQUIRED',
      message:
        `A passing retest of ${pid} on ${where} by a qualified, independent auditor is needed first: policy ${policy.version} ` +
        `requires one for ${levelList} findings, and ${which}. ${notes.join(' ')}`,
      path: ['to'],
    },
  ];
}

/** Whether `to` has preconditions that need the finding's facts and the retest versions' audits. */
/** The versions a counting retest of the finding can be on: its fix version when one is named, else the versions it affects. */
export function retestVersionIds(finding: Pick<FindingFacts, 'fixedInVersionId' | 'affectedVersionIds'>): readonly string[] {
  return finding.fixedInVersionId !== null ? [finding.fixedInVersionId] : finding.affectedVersionIds;
}

export const hasRemediationPreconditions = (to: FindingStatus): boolean => to === 'REMEDIATED' || to === 'VERIFIED';
