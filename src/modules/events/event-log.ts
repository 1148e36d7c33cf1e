/**
 * The append-only, hash-chained registry log. Each event stores the hash of the previous one,
 * computed over a canonical encoding, so altering or removing any row breaks the chain from there.
 * Appends are serialised by a transaction-scoped advisory lock: the chain has one order.
 *
 * A unit of work (a mutation, a sweep) opens an outbox on its transaction (`openEventOutbox`):
 * `recordEvent(s)` then only collects, and `flushEventOutbox` appends everything collected as the
 * transaction's last statements, just before it commits. The chain lock is therefore held only
 * from the append to the commit — never through a use case's reads, locks or recompute — and it
 * is always the last lock a transaction takes (the lock order, docs/architecture.md). Because
 * the lock is still released only by the commit, events become visible in `seq` order: an event
 * commits only after every event with a smaller `seq` that will ever commit (the subscription hub
 * and the webhook worker rely on it; docs/subscriptions.md). Without an outbox `recordEvent`
 * appends at once, like `appendEvent`.
 *
 * Integrity (docs/access-control.md, "Threat model of the event log"):
 * - the database refuses UPDATE, DELETE and TRUNCATE of `events` (a trigger; migration
 *   1764400000100) and the server's role may only SELECT and INSERT it;
 * - hash version 2 (every row since that migration) covers the sequence number too: each append
 *   takes its `seq` from the identity sequence before hashing;
 * - signed checkpoints (`event_checkpoints`, written by event-checkpoints.ts) anchor the head, so a
 *   rewrite with recomputed hashes, or the removal of the newest events, no longer verifies.
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import { EventEntity } from '../../persistence/entities';
import { recordEventAppend } from '../../infra/metrics';
import { prepared } from '../../persistence/prepared-statements';
import { registryKeyRing, verifyStatement, type RegistryKeyRing } from '../signing/registry-key';

const CHAIN_LOCK = 7_301_964; // arbitrary, fixed: the advisory lock that serialises appends

/** The hash version of every new event (1: rows written before the append-only migration). */
export const CURRENT_HASH_VERSION = 2;

/**
 * The next `seq` values and the head's hash, in one statement: the identity sequence is read
 * explicitly (appends are serialised by CHAIN_LOCK, so the values are taken in chain order).
 */
const HEAD_AND_SEQS = `SELECT (SELECT hash FROM events ORDER BY seq DESC LIMIT 1) AS prev_hash,
  ARRAY(SELECT nextval(pg_get_serial_sequence('events', 'seq'))::text FROM generate_series(1, $1::int)) AS seqs`;

/**
 * The NOTIFY channel every append signals on. The payload is only the event's `seq` (NOTIFY
 * payloads must stay under 8,000 bytes); listeners read the row. PostgreSQL delivers it on commit
 * and never for a rolled-back transaction.
 */
export const EVENTS_CHANNEL = 'registry_events';

export interface NewEvent {
  actor: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  occurredAt?: Date;
}

/** JSON with object keys sorted at every level: the same value always encodes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Hot (every decision's reasons are compared through it on each write): plain loops, no
  // intermediate arrays. Keys sorted by UTF-16 code units (the default sort), undefined left out.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export interface HashedEvent {
  seq: string;
  id: string;
  occurredAt: Date;
  actor: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  prevHash: string | null;
  /** 1 or 2 (default: the current version). */
  hashVersion?: number;
}

/**
 * The hash of an event. Version 1: SHA-256 of the canonical JSON of the content and the previous
 * hash. Version 2: the same object with `seq` (decimal string) and `v: 2` added.
 */
export function eventHash(e: HashedEvent): string {
  const version = e.hashVersion ?? CURRENT_HASH_VERSION;
  if (version !== 1 && version !== 2) throw new Error(`unknown event hash version ${version}`);
  const body = canonicalJson({
    ...(version === 2 ? { v: 2, seq: String(e.seq) } : {}),
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actor: e.actor,
    type: e.type,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

function prepare(event: NewEvent, seq: string, prevHash: string | null) {
  const id = randomUUID();
  // Millisecond precision, so the hash recomputed from the stored row matches.
  const occurredAt = new Date(Math.floor((event.occurredAt ?? new Date()).getTime()));
  const payload = JSON.parse(canonicalJson(event.payload)) as Record<string, unknown>;
  const fields = {
    seq,
    id,
    occurredAt,
    actor: event.actor,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    payload,
    prevHash,
    hashVersion: CURRENT_HASH_VERSION,
  };
  return Object.assign(new EventEntity(), fields, { hash: eventHash(fields) });
}

// --- the outbox: collect during the unit of work, append last -------------------------------------

const outboxes = new WeakMap<EntityManager, NewEvent[]>();

/** From now on `recordEvent(s)` on this transaction collect their events instead of appending them. */
export function openEventOutbox(manager: EntityManager): void {
  if (!outboxes.has(manager)) outboxes.set(manager, []);
}

/** Appends what the outbox collected (chained in the order recorded) and closes it: call it last, just before commit. */
export async function flushEventOutbox(manager: EntityManager): Promise<number> {
  const events = outboxes.get(manager) ?? [];
  outboxes.delete(manager);
  await appendEvents(manager, events);
  return events.length;
}

/** Records an event of the caller's transaction: collected when an outbox is open, else appended at once. */
export async function recordEvent(manager: EntityManager, event: NewEvent): Promise<void> {
  const outbox = outboxes.get(manager);
  if (outbox) outbox.push(event);
  else await appendEvents(manager, [event]);
}

/** `recordEvent` for several events, in order. */
export async function recordEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
  const outbox = outboxes.get(manager);
  if (outbox) outbox.push(...events);
  else await appendEvents(manager, events);
}

/** Appends one event inside the caller's transaction (lock, head and seq, insert, notify) at once. */
export async function appendEvent(manager: EntityManager, event: NewEvent): Promise<EventEntity> {
  const started = performance.now();
  await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const [head]: { prev_hash: string | null; seqs: string[] }[] = await manager.query(HEAD_AND_SEQS, [1]);
  const row = prepare(event, head!.seqs[0]!, head!.prev_hash ?? null);
  await manager.query(
    `INSERT INTO events (seq, id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [row.seq, row.id, row.occurredAt, row.actor, row.type, row.subjectType, row.subjectId, row.payload, row.prevHash, row.hash, row.hashVersion],
  );
  await manager.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, row.seq]);
  recordEventAppend(started, 1);
  return row;
}

/**
 * Appends several events inside the caller's transaction with a fixed number of statements
 * (lock, head and seqs, one insert with its notifications), chaining them in the order given.
 */
export async function appendEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const started = performance.now();
  await manager.query(prepared('SELECT pg_advisory_xact_lock($1)'), [CHAIN_LOCK]);
  const [head]: { prev_hash: string | null; seqs: string[] }[] = await manager.query(prepared(HEAD_AND_SEQS), [events.length]);
  const seqs = [...head!.seqs].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  let prevHash: string | null = head!.prev_hash ?? null;
  const rows = events.map((event, i) => {
    const e = prepare(event, seqs[i]!, prevHash);
    prevHash = e.hash;
    return {
      seq: e.seq,
      id: e.id,
      occurred_at: e.occurredAt.toISOString(),
      actor: e.actor,
      type: e.type,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      payload: e.payload,
      prev_hash: e.prevHash,
      hash: e.hash,
      hash_version: e.hashVersion,
    };
  });
  // The insert and the notifications (sent at commit, in sequence order) in one statement.
  await manager.query(
    prepared(`WITH appended AS (
       INSERT INTO events (seq, id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version)
       OVERRIDING SYSTEM VALUE
       SELECT (e.v->>'seq')::bigint, (e.v->>'id')::uuid, (e.v->>'occurred_at')::timestamptz, e.v->>'actor', e.v->>'type', e.v->>'subject_type',
              (e.v->>'subject_id')::uuid, e.v->'payload', e.v->>'prev_hash', e.v->>'hash', (e.v->>'hash_version')::smallint
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, ord)
        ORDER BY e.ord
       RETURNING seq)
     SELECT pg_notify($2, s::text) FROM unnest($3::bigint[]) AS s ORDER BY s`),
    [JSON.stringify(rows), EVENTS_CHANNEL, seqs],
  );
  recordEventAppend(started, events.length);
}

// --- checkpoints ---------------------------------------------------------------------------------

/** The statement kind of checkpoint signatures (registry-key.ts signs `<kind>\n<message>`). */
export const CHECKPOINT_KIND = 'msr.event-checkpoint.v1';

export interface EventCheckpoint {
  id: string;
  /** The anchored event. */
  seq: string;
  /** Its hash. */
  headHash: string;
  /** How many events the log held up to and including `seq`. */
  eventCount: string;
  signedAt: Date;
  keyId: string;
  /** Base64 Ed25519 signature of `CHECKPOINT_KIND + "\n" + checkpointMessage(...)`. */
  signature: string;
}

/** What a checkpoint signs: canonical JSON of its fields (all strings). */
export function checkpointMessage(c: { seq: string; headHash: string; eventCount: string; signedAt: Date; keyId: string }): string {
  return canonicalJson({
    seq: String(c.seq),
    headHash: c.headHash,
    eventCount: String(c.eventCount),
    signedAt: c.signedAt.toISOString(),
    keyId: c.keyId,
  });
}

const CHECKPOINT_COLUMNS = `id::text AS id, seq::text AS seq, head_hash, event_count::text AS event_count, signed_at, key_id, signature`;

function checkpointFromRow(r: Record<string, unknown>): EventCheckpoint {
  return {
    id: r.id as string,
    seq: r.seq as string,
    headHash: r.head_hash as string,
    eventCount: r.event_count as string,
    signedAt: r.signed_at as Date,
    keyId: r.key_id as string,
    signature: r.signature as string,
  };
}

export async function latestCheckpoint(manager: EntityManager): Promise<EventCheckpoint | null> {
  const [row] = await manager.query(`SELECT ${CHECKPOINT_COLUMNS} FROM event_checkpoints c ORDER BY c.seq DESC, c.id DESC LIMIT 1`);
  return row ? checkpointFromRow(row) : null;
}

// --- verification --------------------------------------------------------------------------------

/** Where a verification stopped, so the next one can continue from there (event-chain-verifier.ts). */
export interface ChainState {
  /** The last verified event ('0': none). */
  seq: string;
  hash: string | null;
  hashVersion: number;
  /** Events verified up to and including `seq`. */
  count: number;
  /** The highest checkpoint id checked. */
  checkpointId: string;
  checkpoints: number;
  latestCheckpoint: EventCheckpoint | null;
}

export const EMPTY_CHAIN: ChainState = { seq: '0', hash: null, hashVersion: 1, count: 0, checkpointId: '0', checkpoints: 0, latestCheckpoint: null };

export interface ChainVerification {
  ok: boolean;
  /** Events checked before the first break (or in all), including those verified by earlier runs. */
  checked: number;
  /** The first event (or anchored sequence) whose hash, link or checkpoint does not match, if any. */
  firstBrokenSeq: string | null;
  problem: string | null;
  /** True when this run recomputed the log from its first event. */
  full: boolean;
  verifiedAt: Date;
  /** The last event verified (the head when ok). */
  headSeq: string | null;
  headHash: string | null;
  checkpointsChecked: number;
  latestCheckpoint: EventCheckpoint | null;
  /** Where a following run may continue (meaningful when ok). */
  state: ChainState;
}

export interface VerifyOptions {
  batchSize?: number;
  /** Public keys the checkpoints are checked with (default: this process's key ring). */
  keys?: RegistryKeyRing;
  /**
   * Continue from an earlier, successful verification instead of the first event: the events up
   * to `from.seq` are trusted, except that the event at `from.seq` must still be there unchanged.
   */
  from?: ChainState;
}

interface EventRow {
  seq: string;
  id: string;
  occurred_at: Date;
  actor: string;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: unknown;
  prev_hash: string | null;
  hash: string;
  hash_version: number;
}

const describeCheckpoint = (c: EventCheckpoint) => `checkpoint ${c.id} (signed ${c.signedAt.toISOString()} with key ${c.keyId})`;

/**
 * Recomputes the chain (from the first event, or from `opts.from`) and checks every checkpoint
 * not checked before: its signature, that its sequence is in the log with exactly its hash and
 * event count, and that the log reaches it (removing the newest events is detected back to the
 * latest checkpoint). Names the first problem.
 */
export async function verifyEventChain(manager: EntityManager, opts: VerifyOptions = {}): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? 1000;
  const keys = opts.keys ?? registryKeyRing();
  const start = opts.from ?? EMPTY_CHAIN;
  const verifiedAt = new Date();
  const state: ChainState = { ...start };
  const result = (problem: { seq: string; message: string } | null): ChainVerification => ({
    ok: problem === null,
    checked: state.count,
    firstBrokenSeq: problem?.seq ?? null,
    problem: problem?.message ?? null,
    full: opts.from === undefined,
    verifiedAt,
    headSeq: state.seq === '0' ? null : state.seq,
    headHash: state.hash,
    checkpointsChecked: state.checkpoints,
    latestCheckpoint: state.latestCheckpoint,
    state: { ...state },
  });

  // The events verified before must still be there, unchanged (a rewrite with recomputed hashes changes the last one).
  if (start.seq !== '0') {
    const [anchor]: { hash: string }[] = await manager.query('SELECT hash FROM events WHERE seq = $1', [start.seq]);
    if (!anchor) return result({ seq: start.seq, message: `event ${start.seq}, verified before, is no longer in the log` });
    if (anchor.hash !== start.hash)
      return result({ seq: start.seq, message: `event ${start.seq} changed after it was verified (its stored hash differs)` });
  }

  const checkpoints: EventCheckpoint[] = (
    await manager.query(`SELECT ${CHECKPOINT_COLUMNS} FROM event_checkpoints c WHERE c.id > $1 ORDER BY c.seq, c.id`, [start.checkpointId])
  ).map(checkpointFromRow);

  const checkCheckpoint = (c: EventCheckpoint, hash: string, count: number): string | null => {
    const signature = verifyStatement(CHECKPOINT_KIND, checkpointMessage(c), { keyId: c.keyId, signature: c.signature }, keys);
    if (signature === 'unknown-key') return `${describeCheckpoint(c)}: unknown signing key "${c.keyId}" (list it in REGISTRY_PUBLIC_KEYS)`;
    if (signature === 'invalid') return `${describeCheckpoint(c)}: the signature does not verify (the checkpoint was altered or forged)`;
    if (c.headHash !== hash) return `${describeCheckpoint(c)} anchors sequence ${c.seq} with another hash: the events up to it were rewritten`;
    if (String(count) !== c.eventCount)
      return `${describeCheckpoint(c)} counted ${c.eventCount} events up to sequence ${c.seq}, the log holds ${count}: events were removed or inserted`;
    return null;
  };
  const done = (c: EventCheckpoint) => {
    state.checkpoints += 1;
    if (BigInt(c.id) > BigInt(state.checkpointId)) state.checkpointId = c.id;
    if (!state.latestCheckpoint || BigInt(c.seq) >= BigInt(state.latestCheckpoint.seq)) state.latestCheckpoint = c;
  };

  // Checkpoints written after an earlier run for events that run had already verified (rare: incremental runs only).
  let next = 0;
  while (next < checkpoints.length && BigInt(checkpoints[next]!.seq) <= BigInt(start.seq)) {
    const c = checkpoints[next++]!;
    if (c.seq === start.seq) {
      // The usual case: the checkpoint written for the head an earlier run verified.
      const problem = checkCheckpoint(c, start.hash!, start.count);
      if (problem) return result({ seq: c.seq, message: problem });
      done(c);
      continue;
    }
    const [row]: { hash: string; n: string }[] = await manager.query(
      'SELECT e.hash, (SELECT count(*) FROM events WHERE seq <= $1)::text AS n FROM events e WHERE e.seq = $1',
      [c.seq],
    );
    if (!row)
      return result({ seq: c.seq, message: `${describeCheckpoint(c)} anchors sequence ${c.seq}, which is not in the log: events were removed` });
    const problem = checkCheckpoint(c, row.hash, Number(row.n));
    if (problem) return result({ seq: c.seq, message: problem });
    done(c);
  }

  for (;;) {
    const rows: EventRow[] = await manager.query(
      `SELECT seq::text AS seq, id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version
         FROM events e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [state.seq, batchSize],
    );
    for (const row of rows) {
      // A checkpoint whose sequence the scan passed without finding it: that event was removed.
      while (next < checkpoints.length && BigInt(checkpoints[next]!.seq) < BigInt(row.seq)) {
        const c = checkpoints[next]!;
        return result({ seq: c.seq, message: `${describeCheckpoint(c)} anchors sequence ${c.seq}, which is not in the log: events were removed` });
      }
      const version = Number(row.hash_version);
      if (version !== 1 && version !== 2) return result({ seq: row.seq, message: `unknown hash version ${version}` });
      if (version < state.hashVersion) {
        return result({
          seq: row.seq,
          message: `hash version ${version} after version ${state.hashVersion} events: its sequence number is not covered by its hash`,
        });
      }
      if (row.prev_hash !== state.hash) return result({ seq: row.seq, message: 'previous-hash link does not match the preceding event' });
      const expected = eventHash({
        seq: row.seq,
        id: row.id,
        occurredAt: row.occurred_at,
        actor: row.actor,
        type: row.type,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        payload: row.payload,
        prevHash: row.prev_hash,
        hashVersion: version,
      });
      if (expected !== row.hash) {
        return result({
          seq: row.seq,
          message:
            version === 2 ? 'stored hash does not match the event content and sequence number' : 'stored hash does not match the event content',
        });
      }
      state.seq = row.seq;
      state.hash = row.hash;
      state.hashVersion = version;
      state.count += 1;
      while (next < checkpoints.length && checkpoints[next]!.seq === row.seq) {
        const c = checkpoints[next++]!;
        const problem = checkCheckpoint(c, row.hash, state.count);
        if (problem) return result({ seq: c.seq, message: problem });
        done(c);
      }
    }
    if (rows.length < batchSize) break;
  }

  // Checkpoints beyond the end of the log: its newest events were removed.
  if (next < checkpoints.length) {
    const c = checkpoints[next]!;
    return result({
      seq: c.seq,
      message: `the log ends at sequence ${state.seq} (${state.count} events), but ${describeCheckpoint(c)} anchors sequence ${c.seq} (${c.eventCount} events): the newest events were removed`,
    });
  }
  return result(null);
}
