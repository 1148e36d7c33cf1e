import type { FindingStatus } from './enums';

/**
 * The finding lifecycle as a state machine. The remediation path is
 * REPORTED → TRIAGED → MITIGATING → REMEDIATED → VERIFIED → CLOSED (MITIGATING may be skipped);
 * REJECTED and WITHDRAWN end it with a reason; a remediated, verified, closed or rejected finding
 * can be re-opened (to TRIAGED), also with a reason.
 */
export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  REPORTED: ['TRIAGED', 'REJECTED', 'WITHDRAWN'],
  TRIAGED: ['MITIGATING', 'REMEDIATED', 'REJECTED', 'WITHDRAWN'],
  MITIGATING: ['REMEDIATED', 'WITHDRAWN'],
  REMEDIATED: ['VERIFIED', 'TRIAGED'],
  VERIFIED: ['CLOSED', 'TRIAGED'],
  CLOSED: ['TRIAGED'],
  REJECTED: ['TRIAGED'],
  WITHDRAWN: [],
};

export type TransitionCheck =
  | { ok: true; reopening: boolean; reasonRequired: boolean }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'SAME_STATUS'; message: string; allowed: readonly FindingStatus[] };

const REOPENABLE: readonly FindingStatus[] = ['REMEDIATED', 'VERIFIED', 'CLOSED', 'REJECTED'];

/** Whether `from → to` is a legal move, and whether it needs a reason. */
export function checkTransition(from: FindingStatus, to: FindingStatus): TransitionCheck {
  const allowed = FINDING_TRANSITIONS[from];
  if (from === to) return { ok: false, code: 'SAME_STATUS', message: `The finding is already ${from}.`, allowed };
  if (!allowed.includes(to)) {
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: `A ${from} finding cannot move to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final)'}.`,
      allowed,
    };
  }
  const reopening = REOPENABLE.includes(from) && to === 'TRIAGED';
  return { ok: true, reopening, reasonRequired: reopening || to === 'REJECTED' || to === 'WITHDRAWN' };
}
