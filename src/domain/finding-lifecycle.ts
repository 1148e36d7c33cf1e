import type { FindingStatus } from './enums';
import type { FindingFacts, StatusChangeFact } from './facts';

/** Progress along the remediation path; REJECTED and WITHDRAWN are off the path (-1). */
const PROGRESS: Record<FindingStatus, number> = {
  REPORTED: 0,
  TRIAGED: 1,
  MITIGATING: 2,
  REMEDIATED: 3,
  VERIFIED: 4,
  CLOSED: 5,
  REJECTED: -1,
  WITHDRAWN: -1,
};

export const PROGRESS_TRIAGED = PROGRESS.TRIAGED;
export const PROGRESS_MITIGATING = PROGRESS.MITIGATING;
export const PROGRESS_REMEDIATED = PROGRESS.REMEDIATED;

export function progressOf(status: FindingStatus): number {
  return PROGRESS[status];
}

/** A finding that was rejected or withdrawn carries no obligations. */
export function isDismissed(status: FindingStatus): boolean {
  return status === 'REJECTED' || status === 'WITHDRAWN';
}

/**
 * A re-opening is a move from remediated-or-later, or from a dismissal, back onto the open part of
 * the path (REPORTED, TRIAGED, MITIGATING).
 */
function isReopening(change: StatusChangeFact): boolean {
  if (change.from === null) return false;
  const from = PROGRESS[change.from];
  const to = PROGRESS[change.to];
  return (from >= PROGRESS_REMEDIATED || from < 0) && to >= 0 && to < PROGRESS_REMEDIATED;
}

/** When the finding was last re-opened by `now`, or null. */
export function lastReopenedAt(finding: FindingFacts, now: Date): Date | null {
  let at: Date | null = null;
  const t = now.getTime();
  for (const change of finding.statusHistory) {
    if (change.occurredAt.getTime() > t) continue;
    if (isReopening(change)) at = change.occurredAt;
  }
  return at;
}

/** The first time, at or after `since` and not after `now`, the finding reached `progress` or beyond. */
export function firstReached(finding: FindingFacts, progress: number, since: Date | null, now: Date): Date | null {
  const from = since ? since.getTime() : -Infinity;
  const t = now.getTime();
  let first: Date | null = null;
  for (const change of finding.statusHistory) {
    const when = change.occurredAt.getTime();
    if (when < from || when > t) continue;
    if (PROGRESS[change.to] >= progress && (first === null || when < first.getTime())) first = change.occurredAt;
  }
  return first;
}
