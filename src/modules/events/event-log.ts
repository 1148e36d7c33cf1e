/**
 * The append-only, hash-chained registry log. Each event stores the hash of the previous one,
 * computed over a canonical encoding, so altering or removing any row breaks the chain from there.
 * Appends are serialised by a transaction-scoped advisory lock: the chain has one order.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EventEntity } from '../../persistence/entities';

const CHAIN_LOCK = 7_301_964; // arbitrary, fixed: the advisory lock that serialises appends

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
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function eventHash(e: {
  id: string;
  occurredAt: Date;
  actor: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  prevHash: string | null;
}): string {
  const body = canonicalJson({
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

/** Appends one event inside the caller's transaction. */
export async function appendEvent(manager: EntityManager, event: NewEvent): Promise<EventEntity> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const [last] = await manager.query('SELECT hash FROM events ORDER BY seq DESC LIMIT 1');
  const prevHash: string | null = last?.hash ?? null;
  const id = randomUUID();
  // Millisecond precision, so the hash recomputed from the stored row matches.
  const occurredAt = new Date(Math.floor((event.occurredAt ?? new Date()).getTime()));
  const payload = JSON.parse(canonicalJson(event.payload));
  const hash = eventHash({ id, occurredAt, actor: event.actor, type: event.type, subjectType: event.subjectType, subjectId: event.subjectId, payload, prevHash });
  const [row] = await manager.query(
    `INSERT INTO events (id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`,
    [id, occurredAt, event.actor, event.type, event.subjectType, event.subjectId, payload, prevHash, hash],
  );
  await manager.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(row.seq)]);
  return Object.assign(new EventEntity(), {
    seq: String(row.seq),
    id,
    occurredAt,
    actor: event.actor,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    payload,
    prevHash,
    hash,
  });
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first event whose stored hash or link does not match, if any. */
  firstBrokenSeq: string | null;
  problem: string | null;
}

/** Recomputes the chain from the start and names the first broken link. */
export async function verifyEventChain(manager: EntityManager, batchSize = 1000): Promise<ChainVerification> {
  let prev: string | null = null;
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows: EventEntity[] = await manager
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after })
      .orderBy('e.seq', 'ASC')
      .limit(batchSize)
      .getMany();
    if (rows.length === 0) return { ok: true, checked, firstBrokenSeq: null, problem: null };
    for (const row of rows) {
      if (row.prevHash !== prev) {
        return { ok: false, checked, firstBrokenSeq: String(row.seq), problem: 'previous-hash link does not match the preceding event' };
      }
      const expected = eventHash({ ...row, payload: row.payload });
      if (expected !== row.hash) {
        return { ok: false, checked, firstBrokenSeq: String(row.seq), problem: 'stored hash does not match the event content' };
      }
      prev = row.hash;
      checked += 1;
      after = String(row.seq);
    }
  }
}

/**
 * Appends several events inside the caller's transaction with a fixed number of statements
 * (lock, last hash, one insert, one notify), chaining them in the order given.
 */
export async function appendEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const [last] = await manager.query('SELECT hash FROM events ORDER BY seq DESC LIMIT 1');
  let prevHash: string | null = last?.hash ?? null;
  const rows = events.map((event) => {
    const id = randomUUID();
    const occurredAt = new Date(Math.floor((event.occurredAt ?? new Date()).getTime()));
    const payload = JSON.parse(canonicalJson(event.payload));
    const hash = eventHash({ id, occurredAt, actor: event.actor, type: event.type, subjectType: event.subjectType, subjectId: event.subjectId, payload, prevHash });
    const row = {
      id,
      occurred_at: occurredAt.toISOString(),
      actor: event.actor,
      type: event.type,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      payload,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  const inserted: { seq: string }[] = await manager.query(
    `INSERT INTO events (id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash)
     SELECT (e.v->>'id')::uuid, (e.v->>'occurred_at')::timestamptz, e.v->>'actor', e.v->>'type', e.v->>'subject_type',
            (e.v->>'subject_id')::uuid, e.v->'payload', e.v->>'prev_hash', e.v->>'hash'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, ord)
      ORDER BY e.ord
     RETURNING seq`,
    [JSON.stringify(rows)],
  );
  await manager.query('SELECT pg_notify($1, s::text) FROM unnest($2::bigint[]) AS s ORDER BY s', [
    EVENTS_CHANNEL,
    inserted.map((r) => r.seq),
  ]);
}
