/**
 * Time moves decisions without any write: an override expires, a published policy version takes
 * effect, a deadline passes. A scheduled sweep re-evaluates every model version in batches and
 * stores what changed (with history and events), exactly like a write would. Live evaluation
 * (`ModelVersion.eligibility`) never waits for it; the sweep keeps the stored decisions — and the
 * subscribers who follow them — in step.
 */
import type { DataSource } from 'typeorm';
import { recomputeDecisions } from './recompute-decisions';
import { flushEventOutbox, openEventOutbox } from '../events/event-log';
import { performance } from 'node:perf_hooks';
import { describeError } from '../../infra/sql-logger';
import { recordSweep } from '../../infra/metrics';

const SWEEP_LOCK = 7_301_966; // one sweeping instance at a time

export interface SweepResult {
  swept: boolean;
  versions: number;
  changed: number;
}

// Versions per transaction: small, so each holds its decision rows briefly, the engine's evaluation
// of a batch (every jurisdiction) blocks the event loop for a short moment only (~25 ms a version on
// the bench data set), and the upsert stays far below jsonb's 256 MB limit (200 versions exceeded it).
export async function sweepDecisions(db: DataSource, now = new Date(), batchSize = 5): Promise<SweepResult> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK]);
    if (!locked) return { swept: false, versions: 0, changed: 0 };
    try {
      let after = '00000000-0000-0000-0000-000000000000';
      let versions = 0;
      let changed = 0;
      for (;;) {
        const batch: { id: string }[] = await runner.query(
          'SELECT id FROM model_versions WHERE id > $1 ORDER BY id LIMIT $2',
          [after, batchSize],
        );
        if (batch.length === 0) break;
        const ids = batch.map((b) => b.id);
        // The events go last, just before commit (the lock order: rows, then the event chain).
        const result = await db.transaction(async (tx) => {
          openEventOutbox(tx);
          const r = await recomputeDecisions(tx, ids, { cause: 'SCHEDULED_SWEEP', actor: 'system:sweep', now });
          await flushEventOutbox(tx);
          return r;
        });
        versions += ids.length;
        changed += result.changed;
        after = ids[ids.length - 1]!;
      }
      return { swept: true, versions, changed };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

export interface RunningSweep {
  stop(): Promise<void>;
}

/** Runs `sweepDecisions` every `intervalMs` (never two at once); `stop()` waits for a running one. */
export function startDecisionSweep(db: DataSource, intervalMs: number, log: (message: string) => void): RunningSweep {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    const started = performance.now();
    running = sweepDecisions(db)
      .then((r) => {
        recordSweep('decisions', started, r.swept ? 'ok' : 'skipped');
        if (r.changed > 0) log(`decision sweep: ${r.changed} decision(s) changed across ${r.versions} version(s)`);
      })
      .catch((err) => {
        recordSweep('decisions', started, 'error');
        log(`decision sweep failed: ${describeError(err, { stack: false })}`);
      })
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}
