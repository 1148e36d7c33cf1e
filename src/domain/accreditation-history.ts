/**
 * The accreditation lifecycle (issue 16): an accreditation is registered with a status and a
 * validity, then suspended, reinstated, renewed (a new `validUntil`) or revoked, each change with
 * who, why and from when it takes effect (possibly in the past: "suspended as of the 1st"). Its
 * standing at any moment follows that history, so an audit's qualification is judged by the
 * accreditation as it stood at the audit's dates.
 */
import type { AccreditationStatus } from './enums';

export type AccreditationAction = 'SUSPEND' | 'REINSTATE' | 'RENEW' | 'REVOKE';

export interface AccreditationChangeFact {
  action: AccreditationAction;
  /** the state before the change (as recorded then) */
  previousStatus: AccreditationStatus;
  previousValidUntil: Date | null;
  /** the state from `effectiveAt` on */
  status: AccreditationStatus;
  validUntil: Date | null;
  reason: string;
  actor: string;
  effectiveAt: Date;
  recordedAt: Date;
}

/** What an accreditation's standing is computed from: its recorded state and, optionally, its changes (in recording order). */
export interface AccreditationWithHistory {
  status: AccreditationStatus;
  validUntil: Date | null;
  history?: readonly AccreditationChangeFact[];
}

/**
 * The accreditation's recorded status and validity as they stood at `at`: of its changes (in
 * recording order, a later record superseding an earlier one), the last that took effect by
 * `at`; before the first change took effect, the state it changed from. Without changes, the
 * recorded state itself.
 */
export function accreditationStateAt<A extends AccreditationWithHistory>(a: A, at: Date): A {
  const history = a.history;
  if (!history || history.length === 0) return a;
  const t = at.getTime();
  let effective: AccreditationChangeFact | null = null;
  for (const change of history) if (change.effectiveAt.getTime() <= t) effective = change;
  if (effective) return { ...a, status: effective.status, validUntil: effective.validUntil };
  return { ...a, status: history[0]!.previousStatus, validUntil: history[0]!.previousValidUntil };
}

/** An accreditation as the registry knew it at `at`: the changes recorded by then, the state rolled back before the first unknown one. */
export function accreditationKnownAt<A extends AccreditationWithHistory>(a: A, at: Date): A {
  const history = a.history;
  if (!history || history.length === 0) return a;
  const t = at.getTime();
  const known = history.filter((c) => c.recordedAt.getTime() <= t);
  if (known.length === history.length) return a;
  const firstUnknown = history.find((c) => c.recordedAt.getTime() > t)!;
  return { ...a, status: firstUnknown.previousStatus, validUntil: firstUnknown.previousValidUntil, history: known };
}

export interface AccreditationChangeRequest {
  action: AccreditationAction;
  effectiveAt: Date;
  /** RENEW only: the new end of validity (null: open-ended) */
  validUntil?: Date | null;
}

export type AccreditationChangeDecision =
  | { ok: true; status: AccreditationStatus; validUntil: Date | null }
  | { ok: false; code: string; message: string; field: 'action' | 'validUntil' | 'effectiveAt' };

/**
 * Whether the change is allowed from the current recorded state, and the state it leads to.
 * SUSPEND: ACTIVE → SUSPENDED; REINSTATE: SUSPENDED → ACTIVE; RENEW: ACTIVE or EXPIRED → ACTIVE with
 * a new validity end after the change; REVOKE: ACTIVE, SUSPENDED or EXPIRED → REVOKED, for good.
 */
export function decideAccreditationChange(
  current: { status: AccreditationStatus; validFrom: Date; validUntil: Date | null },
  request: AccreditationChangeRequest,
): AccreditationChangeDecision {
  const illegal = (why: string): AccreditationChangeDecision => ({ ok: false, code: 'ILLEGAL_TRANSITION', message: why, field: 'action' });
  switch (request.action) {
    case 'SUSPEND':
      return current.status === 'ACTIVE' ? { ok: true, status: 'SUSPENDED', validUntil: current.validUntil } : illegal(`Only an ACTIVE accreditation can be suspended; this one is ${current.status}.`);
    case 'REINSTATE':
      return current.status === 'SUSPENDED' ? { ok: true, status: 'ACTIVE', validUntil: current.validUntil } : illegal(`Only a SUSPENDED accreditation can be reinstated; this one is ${current.status}.`);
    case 'REVOKE':
      return current.status === 'REVOKED' ? illegal('The accreditation is already REVOKED.') : { ok: true, status: 'REVOKED', validUntil: current.validUntil };
    case 'RENEW': {
      if (current.status !== 'ACTIVE' && current.status !== 'EXPIRED') return illegal(`Only an ACTIVE or EXPIRED accreditation can be renewed; this one is ${current.status}.`);
      if (request.validUntil === undefined) return { ok: false, code: 'REQUIRED', message: 'A renewal names the new end of validity (null: open-ended).', field: 'validUntil' };
      const until = request.validUntil;
      if (until !== null && until.getTime() <= Math.max(request.effectiveAt.getTime(), current.validFrom.getTime())) {
        return { ok: false, code: 'DATES_OUT_OF_ORDER', message: 'The renewed validity must end after the renewal takes effect.', field: 'validUntil' };
      }
      return { ok: true, status: 'ACTIVE', validUntil: until };
    }
  }
}

export interface ConflictEndFact {
  previousPeriodEnd: Date | null;
  periodEnd: Date;
  reason: string;
  actor: string;
  recordedAt: Date;
}

/** A declared conflict as the registry knew it at `at`: an end recorded later is not known yet. */
export function conflictKnownAt<C extends { periodEnd: Date | null; endHistory?: readonly ConflictEndFact[] }>(c: C, at: Date): C {
  const history = c.endHistory;
  if (!history || history.length === 0) return c;
  const t = at.getTime();
  const firstUnknown = history.find((e) => e.recordedAt.getTime() > t);
  if (!firstUnknown) return c;
  return { ...c, periodEnd: firstUnknown.previousPeriodEnd, endHistory: history.filter((e) => e.recordedAt.getTime() <= t) };
}
