/**
 * Idempotency keys expire after IDEMPOTENCY_TTL (default 24 h): an expired key no longer replays
 * (unit-of-work.ts removes it and runs the request afresh), and this sweep deletes expired keys
 * in the background, in small batches (each its own short transaction, skipping rows a running
 * request holds), so the table does not grow without end.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { describeError } from '../../infra/sql-logger';
import { recordSweep } from '../../infra/metrics';

const BATCH = 1_000;

/** Deletes every key older than `ttlMs`; returns how many. */
export async function pruneIdempotencyKeys(db: DataSource, ttlMs: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows: unknown[] = await db.query(
      `DELETE FROM idempotency_keys k USING (
         SELECT actor, scope, key FROM idempotency_keys
          WHERE created_at <= clock_timestamp() - make_interval(secs => $1)
          LIMIT $2 FOR UPDATE SKIP LOCKED) old
        WHERE k.actor = old.actor AND k.scope = old.scope AND k.key = old.key
        RETURNING 1`,
      [ttlMs / 1000, BATCH],
    );
    deleted += rows.length;
    if (rows.length < BATCH) return deleted;
  }
}

export interface RunningIdempotencySweep {
  stop(): Promise<void>;
}

/** Runs `pruneIdempotencyKeys` every `intervalMs` (never two at once); `stop()` waits for a running one. */
export function startIdempotencySweep(db: DataSource, intervalMs: number, ttlMs: number, log: (message: string) => void): RunningIdempotencySweep {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    const started = performance.now();
    running = pruneIdempotencyKeys(db, ttlMs)
      .then((n) => {
        recordSweep('idempotency', started, 'ok');
        if (n > 0) log(`pruned ${n} expired idempotency key(s)`);
      })
      .catch((err) => {
        recordSweep('idempotency', started, 'error');
        log(`idempotency sweep failed: ${describeError(err, { stack: false })}`);
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
