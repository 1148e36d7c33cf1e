/**
 * Deadlines become due-soon or overdue by the passing of time, not by a write. The sweep looks at
 * every finding that can have deadlines, computes them with the domain (`computeDeadlines`) under
 * the policy in force, and appends one DEADLINE_DUE_SOON / DEADLINE_OVERDUE event per
 * (finding, deadline kind, state, due date) — so a clock that restarts (re-opening, new severity)
 * can alert again, but a sweep never repeats itself. A deadline already overdue is not also
 * announced as due soon.
 *
 * Instances may all run it: a transaction-scoped advisory lock lets one sweep at a time, and the
 * log itself records what was announced.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { computeDeadlines } from '../../domain/deadlines';
import { loadFindingFacts } from '../decisions/facts-store';
import { policyInForceIn } from '../decisions/policy-service';
import { flushEventOutbox, openEventOutbox, recordEvent } from './event-log';
import { DEADLINE_ALERT_TYPES, DEADLINE_DUE_SOON, DEADLINE_OVERDUE } from './subscription-messages';
import { performance } from 'node:perf_hooks';
import { describeError } from '../../infra/sql-logger';
import { logFunction } from '../../infra/logger';
import { recordSweep } from '../../infra/metrics';

const SWEEP_LOCK = 7_301_965; // arbitrary, fixed: one deadline sweep at a time across instances
const BATCH = 500;
export const DEADLINE_SWEEP_ACTOR = 'system:deadline-sweep';

export interface SweepResult {
  /** False when another instance was sweeping (nothing done). */
  ran: boolean;
  checked: number;
  appended: number;
}

const noticeKey = (findingId: string, kind: string, state: string, dueAt: string) => `${findingId}|${kind}|${state}|${dueAt}`;

async function announced(m: EntityManager): Promise<Set<string>> {
  const rows: { subject_id: string; kind: string; type: string; due_at: string }[] = await m.query(
    `SELECT subject_id, type, payload->>'kind' AS kind, payload->>'dueAt' AS due_at
       FROM events WHERE type = ANY($1::text[])`,
    [DEADLINE_ALERT_TYPES],
  );
  return new Set(rows.map((r) => noticeKey(r.subject_id, r.kind, r.type === DEADLINE_OVERDUE ? 'OVERDUE' : 'DUE_SOON', r.due_at)));
}

/** One sweep at `now`, in one transaction: the events are delivered when it commits. */
export async function sweepDeadlines(db: DataSource, now: Date = new Date()): Promise<SweepResult> {
  return db.transaction(async (m) => {
    const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
    if (!locked) return { ran: false, checked: 0, appended: 0 };
    // The alerts are appended last, just before commit: the chain lock is not held through the scan.
    openEventOutbox(m);
    const policy = (await policyInForceIn(m, now))?.document;
    if (!policy) return { ran: true, checked: 0, appended: 0 };
    const seen = await announced(m);
    const ids: string[] = (
      await m.query(`SELECT id FROM findings WHERE status NOT IN ('REJECTED', 'WITHDRAWN') ORDER BY public_id`)
    ).map((r: { id: string }) => r.id);

    let appended = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const facts = await loadFindingFacts(m, batch);
      for (const id of batch) {
        const finding = facts.get(id);
        if (!finding) continue;
        const set = computeDeadlines(finding, policy, now);
        for (const d of set.deadlines) {
          if ((d.state !== 'DUE_SOON' && d.state !== 'OVERDUE') || !d.dueAt) continue;
          const dueAt = d.dueAt.toISOString();
          const key = noticeKey(id, d.kind, d.state, dueAt);
          // An overdue deadline whose due-soon moment was never announced gets only OVERDUE.
          if (seen.has(key)) continue;
          seen.add(key);
          await recordEvent(m, {
            actor: DEADLINE_SWEEP_ACTOR,
            type: d.state === 'OVERDUE' ? DEADLINE_OVERDUE : DEADLINE_DUE_SOON,
            subjectType: 'Finding',
            subjectId: id,
            occurredAt: now,
            payload: { publicId: finding.publicId, kind: d.kind, state: d.state, dueAt, level: set.level, policyVersion: policy.version },
          });
          appended += 1;
        }
      }
    }
    await flushEventOutbox(m);
    return { ran: true, checked: ids.length, appended };
  });
}

export interface DeadlineSweeper {
  stop(): Promise<void>;
}

/** Runs `sweepDeadlines` every `intervalSeconds` (never overlapping); `stop()` waits for a running sweep. */
export function startDeadlineSweeper(db: DataSource, intervalSeconds: number, log: (m: string) => void = logFunction('deadlines')): DeadlineSweeper {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    timer = null;
    const started = performance.now();
    running = sweepDeadlines(db)
      .then((r) => {
        recordSweep('deadlines', started, r.ran ? 'ok' : 'skipped');
        if (r.appended > 0) log(`${r.appended} deadline alert(s) over ${r.checked} finding(s)`);
      })
      .catch((err: unknown) => {
        recordSweep('deadlines', started, 'error');
        log(`sweep failed: ${describeError(err, { stack: false })}`);
      })
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalSeconds * 1000);
      });
  };
  if (intervalSeconds > 0) timer = setTimeout(tick, intervalSeconds * 1000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
