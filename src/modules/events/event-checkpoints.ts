/**
 * Signed checkpoints of the event log's head: every EVENT_CHECKPOINT_SECONDS the registry verifies
 * the log (incrementally, from its last verified event) and, if it is intact and has grown, signs
 * (sequence, hash, event count, time, key id) with its signing key and appends the checkpoint to
 * the append-only `event_checkpoints`. Verification (event-log.ts) then detects a rewrite of the
 * events up to a checkpoint — even with every later hash recomputed — and the removal of the
 * newest events back to the latest checkpoint. A broken log is never signed.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { recordSweep } from '../../infra/metrics';
import { describeError } from '../../infra/sql-logger';
import { registryKeyRing, signStatement, type RegistryKeyRing } from '../signing/registry-key';
import { eventChainVerifier } from './event-chain-verifier';
import { CHECKPOINT_KIND, checkpointMessage, latestCheckpoint, type ChainVerification, type EventCheckpoint } from './event-log';

const CHECKPOINT_LOCK = 7_301_967; // one writer at a time across instances

export interface CheckpointOutcome {
  /** The checkpoint written, or null (see `reason`). */
  written: EventCheckpoint | null;
  reason: string;
  verification: ChainVerification;
}

export async function writeEventCheckpoint(db: DataSource, opts: { keys?: RegistryKeyRing; now?: Date } = {}): Promise<CheckpointOutcome> {
  const keys = opts.keys ?? registryKeyRing();
  const verification = await eventChainVerifier(db, opts.keys).verifyHead();
  if (!verification.ok) {
    return {
      written: null,
      reason: `not signed: the event log is broken at sequence ${verification.firstBrokenSeq}: ${verification.problem}`,
      verification,
    };
  }
  const { headSeq, headHash } = verification;
  if (headSeq === null || headHash === null) return { written: null, reason: 'the event log is empty', verification };
  return db.transaction(async (m) => {
    const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [CHECKPOINT_LOCK]);
    if (!locked) return { written: null, reason: 'another instance is writing a checkpoint', verification };
    const latest = await latestCheckpoint(m);
    if (latest && BigInt(latest.seq) >= BigInt(headSeq)) {
      return { written: null, reason: `sequence ${latest.seq} is already anchored`, verification };
    }
    const fields = {
      seq: headSeq,
      headHash,
      eventCount: String(verification.checked),
      // Millisecond precision, as stored, so the signed text is recomputed exactly.
      signedAt: new Date(Math.floor((opts.now ?? new Date()).getTime())),
      keyId: keys.current.keyId,
    };
    const { signature } = signStatement(CHECKPOINT_KIND, checkpointMessage(fields), keys);
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO event_checkpoints (seq, head_hash, event_count, signed_at, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
      [fields.seq, fields.headHash, fields.eventCount, fields.signedAt, fields.keyId, signature],
    );
    return { written: { id: row!.id, ...fields, signature }, reason: `signed sequence ${headSeq}`, verification };
  });
}

export interface RunningCheckpointSweep {
  stop(): Promise<void>;
}

/**
 * Writes a checkpoint now (without delaying start-up) and then every `intervalMs`, never two at
 * once; `stop()` waits for a running one. A broken log is reported on every attempt.
 */
export function startEventCheckpointSweep(db: DataSource, intervalMs: number, log: (message: string) => void): RunningCheckpointSweep {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    const started = performance.now();
    running = writeEventCheckpoint(db)
      .then((outcome) => {
        recordSweep('checkpoints', started, outcome.verification.ok ? (outcome.written ? 'ok' : 'skipped') : 'error');
        if (outcome.written) log(`event checkpoint: sequence ${outcome.written.seq} signed with key ${outcome.written.keyId}`);
        else if (!outcome.verification.ok) log(`EVENT LOG INTEGRITY: ${outcome.reason}`);
      })
      .catch((err) => {
        recordSweep('checkpoints', started, 'error');
        log(`event checkpoint failed: ${describeError(err, { stack: false })}`);
      })
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      if (running) await running;
    },
  };
}
