/**
 * An auditor's standing at a moment, defined once for every use: the status an accreditation has
 * then (derived from its dates), whether an accreditation covers an audit scope, which declared
 * conflicts bar the auditor from a developer, and whether the auditor is qualified to audit that
 * developer's model for some scopes. Audit qualification (at completion), opening an audit (now),
 * `Accreditation.status` (now) and access to restricted details (now) all use these.
 */
import type { AccreditationStatus, AuditScope, AuditStatus } from './enums';
import type { AccreditationFact, ConflictFact } from './facts';
import type { PolicyDocument } from './policy/policy-document';
import { accreditationStateAt } from './accreditation-history';
import { addMonths, DAY_MS } from './time';

/**
 * The standing of an accreditation at a moment: a recorded SUSPENDED, REVOKED or EXPIRED stays;
 * a recorded ACTIVE is NOT_YET_VALID before `validFrom` and EXPIRED from `validUntil` on.
 */
export type AccreditationStanding = AccreditationStatus | 'NOT_YET_VALID';

export type DatedAccreditation = Pick<AccreditationFact, 'status' | 'validFrom' | 'validUntil' | 'history'>;
export type ScopedAccreditation = DatedAccreditation & Pick<AccreditationFact, 'scopes'>;
export type DatedConflict = Pick<ConflictFact, 'developerId' | 'periodStart' | 'periodEnd'>;

/**
 * The accreditation's status at `at`: valid from `validFrom` (inclusive) until `validUntil`
 * (exclusive; null: open-ended). The stored status is the accrediting body's record — as it stood
 * at `at` when the accreditation has a history of changes; only an ACTIVE one is refined by the dates.
 */
export function accreditationStatusAt(accreditation: DatedAccreditation, at: Date): AccreditationStanding {
  // Its recorded status and validity as they stood then (suspensions, renewals: accreditation-history.ts).
  const a = accreditationStateAt(accreditation, at);
  if (a.status !== 'ACTIVE') return a.status;
  const t = at.getTime();
  if (t < a.validFrom.getTime()) return 'NOT_YET_VALID';
  if (a.validUntil !== null && t >= a.validUntil.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}

/** Whether the accreditation covers the audit scope, per the policy's scope coverage. */
export function accreditationCovers(a: Pick<AccreditationFact, 'scopes'>, scope: AuditScope, policy: PolicyDocument): boolean {
  const coveredBy = policy.audits.scopeCoverage[scope] ?? [scope];
  return a.scopes.some((s) => coveredBy.includes(s));
}

/** In force at `at`: ACTIVE then (see `accreditationStatusAt`) and not in a status the policy disqualifies. */
export function accreditationInForceAt(a: DatedAccreditation, at: Date, policy: PolicyDocument): boolean {
  return accreditationStatusAt(a, at) === 'ACTIVE' && !policy.audits.disqualifyingAccreditationStatuses.includes(accreditationStateAt(a, at).status);
}

/** The scopes (of those given, in order) that no accreditation in force at `at` covers. */
export function scopesNotAccreditedAt(
  accreditations: readonly ScopedAccreditation[],
  scopes: readonly AuditScope[],
  at: Date,
  policy: PolicyDocument,
): AuditScope[] {
  return scopesNotAccreditedThroughout(accreditations, scopes, at, at, policy);
}

/**
 * The scopes (of those given, in order) not covered by one accreditation in force throughout
 * `from`…`to` (validity is one interval and the recorded status one value, so in force at both
 * ends means in force in between).
 */
export function scopesNotAccreditedThroughout(
  accreditations: readonly ScopedAccreditation[],
  scopes: readonly AuditScope[],
  from: Date,
  to: Date,
  policy: PolicyDocument,
): AuditScope[] {
  const inForce = accreditations.filter((a) => accreditationInForceAt(a, from, policy) && accreditationInForceAt(a, to, policy));
  return scopes.filter((scope) => !inForce.some((a) => accreditationCovers(a, scope, policy)));
}

/**
 * The declared conflicts with the developer that bar the auditor at `at`: those that began by
 * `at` and had not ended before the policy's look-back window (`conflictLookback.months` before
 * `at`, inclusive) began.
 */
export function conflictsWithDeveloperAt<C extends DatedConflict>(
  conflicts: readonly C[],
  developerId: string,
  at: Date,
  policy: PolicyDocument,
): C[] {
  const windowStart = addMonths(at, -policy.audits.conflictLookback.months).getTime();
  const t = at.getTime();
  return conflicts.filter((c) => {
    if (c.developerId !== developerId) return false;
    const end = c.periodEnd ? c.periodEnd.getTime() : Infinity;
    return c.periodStart.getTime() <= t && end >= windowStart;
  });
}

export interface AuditorStanding {
  id: string;
  accreditations: readonly ScopedAccreditation[];
  conflicts: readonly DatedConflict[];
}

/**
 * Whether the auditor is qualified at `at` to audit the developer's model for these scopes: at
 * least one scope, each covered by an accreditation in force at `at`, the auditor is not the
 * developer, and no declared conflict with the developer within the look-back.
 */
export function auditorQualifiedAt(
  auditor: AuditorStanding,
  audit: { scopes: readonly AuditScope[]; developerId: string },
  at: Date,
  policy: PolicyDocument,
): boolean {
  return (
    audit.scopes.length > 0 &&
    auditor.id !== audit.developerId &&
    scopesNotAccreditedAt(auditor.accreditations, audit.scopes, at, policy).length === 0 &&
    conflictsWithDeveloperAt(auditor.conflicts, audit.developerId, at, policy).length === 0
  );
}

/** The policy's grace after an audit completes during which its auditor still reads restricted details (0 when unset). */
export function restrictedAccessGraceDays(policy: PolicyDocument): number {
  return policy.audits.restrictedAccessGrace?.days ?? 0;
}

/**
 * Whether an audit still gives its auditor access to restricted details at `at`: while it is
 * OPEN, and after completion for the policy's grace (none by default). Qualification is checked
 * separately (`auditorQualifiedAt`).
 */
export function auditAccessOpenAt(
  audit: { status: AuditStatus; completedAt: Date | null },
  at: Date,
  policy: PolicyDocument,
): boolean {
  if (audit.status === 'OPEN') return true;
  if (audit.completedAt === null) return false;
  return at.getTime() < audit.completedAt.getTime() + restrictedAccessGraceDays(policy) * DAY_MS;
}
