/**
 * A regulator's export override as a history: every set, extension and lift is a fact of its
 * own, and the override in force at any moment is replayed from them. Expiry needs no fact: it
 * follows from `expiresAt`, and `overrideTimeline` shows it as an EXPIRED entry.
 */
import { isOverrideActive } from './eligibility';
import type { ExportOutcome } from './enums';
import type { OverrideFact } from './facts';

export type OverrideAction = 'SET' | 'EXTENDED' | 'LIFTED';

export interface OverrideChangeFact {
  action: OverrideAction;
  /** the outcome imposed (SET, EXTENDED); null for LIFTED */
  outcome: ExportOutcome | null;
  /** why: the justification, or the reason for lifting */
  justification: string;
  actor: string;
  /** when the change took effect */
  effectiveAt: Date;
  /** when the override lapses (SET, EXTENDED); null: until lifted */
  expiresAt: Date | null;
  /** when the registry recorded it */
  recordedAt: Date;
}

export type OverrideTimelineAction = OverrideAction | 'EXPIRED';

export interface OverrideTimelineEntry {
  action: OverrideTimelineAction;
  outcome: ExportOutcome | null;
  justification: string;
  /** for EXPIRED: the regulator who set the override that lapsed */
  actor: string;
  at: Date;
  expiresAt: Date | null;
  /** for EXPIRED: the expiry moment itself (nothing was recorded) */
  recordedAt: Date;
}

/** In replay order: effective moment, then recording moment, then the given order. */
function inOrder(history: readonly OverrideChangeFact[]): OverrideChangeFact[] {
  return history
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.effectiveAt.getTime() - b.c.effectiveAt.getTime() || a.c.recordedAt.getTime() - b.c.recordedAt.getTime() || a.i - b.i)
    .map((x) => x.c);
}

/**
 * What a change does to the override before it: SET starts a new one; EXTENDED keeps when it was
 * set (and recorded), with the new expiry, justification and regulator; LIFTED ends it. (The
 * decision's override columns hold the same: `override_at` stays on an extension.)
 */
function apply(current: OverrideFact | null, change: OverrideChangeFact): OverrideFact | null {
  switch (change.action) {
    case 'LIFTED':
      return null;
    case 'EXTENDED':
      if (current) {
        return { ...current, outcome: change.outcome!, justification: change.justification, setBy: change.actor, expiresAt: change.expiresAt };
      }
      return fresh(change);
    case 'SET':
      return fresh(change);
  }
}

function fresh(change: OverrideChangeFact): OverrideFact {
  return {
    outcome: change.outcome!,
    justification: change.justification,
    setBy: change.actor,
    setAt: change.effectiveAt,
    expiresAt: change.expiresAt,
    recordedAt: change.recordedAt,
  };
}

/**
 * The override as the registry knew it at `at`: the changes recorded and effective by then,
 * replayed in order. It may have expired by `at` (the engine then applies the computed outcome
 * and says so); null when none was set or the last one was lifted.
 */
export function overrideFromHistory(history: readonly OverrideChangeFact[], at: Date): OverrideFact | null {
  const t = at.getTime();
  let current: OverrideFact | null = null;
  for (const change of inOrder(history)) {
    if (change.effectiveAt.getTime() > t || change.recordedAt.getTime() > t) continue;
    current = apply(current, change);
  }
  return current;
}

/**
 * The history as shown to people, oldest first: the recorded changes, and an EXPIRED entry where
 * an override lapsed (by `now`) before anything else happened to it.
 */
export function overrideTimeline(history: readonly OverrideChangeFact[], now: Date): OverrideTimelineEntry[] {
  const out: OverrideTimelineEntry[] = [];
  const ordered = inOrder(history);
  let current: OverrideFact | null = null;
  const expireBefore = (t: number) => {
    if (current?.expiresAt && current.expiresAt.getTime() <= t && current.expiresAt.getTime() <= now.getTime()) {
      out.push({
        action: 'EXPIRED',
        outcome: current.outcome,
        justification: `The override to ${current.outcome} lapsed at its expiry.`,
        actor: current.setBy,
        at: current.expiresAt,
        expiresAt: current.expiresAt,
        recordedAt: current.expiresAt,
      });
      current = null;
    }
  };
  for (const change of ordered) {
    expireBefore(change.effectiveAt.getTime());
    out.push({
      action: change.action,
      outcome: change.outcome,
      justification: change.justification,
      actor: change.actor,
      at: change.effectiveAt,
      expiresAt: change.expiresAt,
      recordedAt: change.recordedAt,
    });
    current = apply(current, change);
  }
  expireBefore(Infinity);
  return out;
}

/**
 * Which action a new override for a decision records: EXTENDED when an override with the same
 * outcome is in force at `now` (its expiry, justification or regulator change), else SET.
 */
export function overrideActionFor(current: OverrideFact | null, outcome: ExportOutcome, now: Date): 'SET' | 'EXTENDED' {
  return current !== null && isOverrideActive(current, now) && current.outcome === outcome ? 'EXTENDED' : 'SET';
}
