/**
 * The webhook worker (every instance runs one unless WEBHOOK_WORKER=0). Two loops:
 *
 * **Fan-out.** The event log is the outbox: an event is written in the same transaction as the
 * change it records (a rolled-back write leaves none), and appends are serialised by the chain's
 * advisory lock — taken by a unit of work's final append and released by its commit (event-log.ts,
 * "the outbox") — so events become visible in `seq` order and "after the cursor" never skips one.
 * In one transaction the fan-out locks the single cursor row (`webhook_fanout`, FOR UPDATE SKIP
 * LOCKED: one instance at a time, the others skip), reads the next events, matches every webhook
 * (filter.ts), builds each body once per event and viewer (body.ts), inserts the deliveries
 * (ON CONFLICT DO NOTHING) and advances the cursor. A crash before the commit leaves the cursor
 * where it was: nothing is lost, nothing is fanned out twice. `appendEvent(s)` are unchanged, so
 * a write pays nothing for webhooks.
 *
 * **Delivery.** Per webhook, in event order: an instance claims webhooks whose oldest pending
 * delivery is due with `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)` setting a lease
 * (owner, expiry), sends that webhook's pending deliveries one after another, and releases the
 * lease. A lease outlives any attempt it starts, so two instances never deliver to one webhook at
 * once; an instance killed mid-delivery leaves a lease that expires, and the next holder sends the
 * unacknowledged delivery again with the same X-MSR-Delivery id (at least once). A failed attempt
 * is retried after an exponential backoff with jitter; after WEBHOOK_MAX_ATTEMPTS the delivery is
 * FAILED and the webhook FAILING (with the reason) until its owner updates it.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { WebhookConfig } from '../../config/config';
import { createContext } from '../../graphql/context';
import { recordWebhookDelivery } from '../../infra/metrics';
import type { EventEntity } from '../../persistence/entities';
import { ANONYMOUS } from '../access/rules';
import { buildDeliveryPayload, viewerKey, webhookViewer } from './body';
import { createHttpSender, type HttpSender } from './delivery-http';
import { eventFacts, needsFacts, webhookMatches, type EventFacts, type StoredWebhookFilter } from './filter';
import { signatureHeader } from './signing';
import { secretsOfRow } from './store';

const FANOUT_BATCH = 500;
const DELIVERIES_PER_LEASE = 200;
const NO_FACTS: EventFacts = { developerId: null, modelVersionIds: [], jurisdictionCodes: [], level: null };

export interface WebhookWorkerOptions {
  schema: GraphQLSchema;
  log?: (message: string) => void;
  /** Names this instance's leases (default: a random id). */
  instanceId?: string;
}

export interface WebhookWorker {
  /** Runs one fan-out pass and one delivery round now (tests, benchmarks); resolves when both are done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** Exponential backoff with "equal jitter": between half and all of base·2^(attempt-1), capped. */
export function retryDelayMs(config: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxMs'>, attempt: number, random = Math.random): number {
  const ceiling = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface HookRow {
  id: string;
  organization_id: string;
  kind: string;
  event_types: string[];
  filter: StoredWebhookFilter;
  start_seq: string;
}

/** One fan-out pass; returns the number of events it consumed (0: nothing new, or another instance holds the cursor). */
export async function fanOut(db: DataSource, schema: GraphQLSchema): Promise<number> {
  return db.transaction(async (tx) => {
    const [cursor]: { last_seq: string }[] = await tx.query('SELECT last_seq::text AS last_seq FROM webhook_fanout WHERE id = 1 FOR UPDATE SKIP LOCKED');
    if (!cursor) return 0;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw SQL row, read column by column
    const events: Record<string, any>[] = await tx.query(
      // e.seq (bigint), not the text alias, orders the events.
      `SELECT e.seq::text AS seq, e.id::text AS id, e.occurred_at, e.actor, e.type, e.subject_type, e.subject_id::text AS subject_id, e.payload
         FROM events e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [cursor.last_seq, FANOUT_BATCH],
    );
    if (events.length === 0) return 0;
    // Read after the events: a webhook whose creation committed before one of them is seen here.
    const hooks: HookRow[] = await tx.query(
      `SELECT w.id::text AS id, w.organization_id::text AS organization_id, o.kind, w.event_types, w.filter, w.start_seq::text AS start_seq
         FROM webhooks w JOIN organizations o ON o.id = w.organization_id`,
    );
    const rows: Record<string, unknown>[] = [];
    const bodies: { id: string; event_seq: string; body: string }[] = [];
    if (hooks.length > 0) {
      const factsCtx = createContext({ db, viewer: ANONYMOUS });
      for (const r of events) {
        const event = {
          seq: r.seq,
          id: r.id,
          occurredAt: r.occurred_at,
          actor: r.actor,
          type: r.type,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          payload: r.payload,
        } as EventEntity;
        const candidates = hooks.filter(
          (h) => BigInt(event.seq) > BigInt(h.start_seq) && (h.event_types.length === 0 || h.event_types.includes(event.type)),
        );
        if (candidates.length === 0) continue;
        const facts = candidates.some((h) => needsFacts(h.filter)) ? await eventFacts(factsCtx, event) : NO_FACTS;
        // One body per event and viewer, built concurrently, stored once.
        const matched = candidates.filter((h) => webhookMatches(h.event_types, h.filter, event, facts));
        const payloads = new Map<string, Promise<Awaited<ReturnType<typeof buildDeliveryPayload>>>>();
        for (const h of matched) {
          const key = viewerKey(h.organization_id, h.kind);
          if (!payloads.has(key)) payloads.set(key, buildDeliveryPayload(schema, db, webhookViewer(h.id, h.organization_id, h.kind), event));
        }
        const payloadIds = new Map<string, string>();
        for (const [key, built] of payloads) {
          const payload = await built;
          if (!payload) continue;
          const id = randomUUID();
          payloadIds.set(key, id);
          bodies.push({ id, event_seq: event.seq, body: JSON.stringify({ event: payload.event, subject: payload.subject }) });
        }
        for (const h of matched) {
          const payloadId = payloadIds.get(viewerKey(h.organization_id, h.kind));
          if (!payloadId) continue;
          rows.push({
            id: randomUUID(),
            webhook_id: h.id,
            event_seq: event.seq,
            event_type: event.type,
            event_occurred_at: new Date(event.occurredAt).toISOString(),
            payload_id: payloadId,
          });
        }
      }
    }
    for (let i = 0; i < bodies.length; i += 500) {
      await tx.query(
        `INSERT INTO webhook_payloads (id, event_seq, body)
         SELECT (v->>'id')::uuid, (v->>'event_seq')::bigint, v->>'body' FROM jsonb_array_elements($1::jsonb) AS v`,
        [JSON.stringify(bodies.slice(i, i + 500))],
      );
    }
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, event_seq, event_type, event_occurred_at, payload_id)
         SELECT (v->>'id')::uuid, (v->>'webhook_id')::uuid, (v->>'event_seq')::bigint, v->>'event_type', (v->>'event_occurred_at')::timestamptz, (v->>'payload_id')::uuid
           FROM jsonb_array_elements($1::jsonb) AS v
         ON CONFLICT (webhook_id, event_seq) DO NOTHING`,
        [JSON.stringify(rows.slice(i, i + 1000))],
      );
    }
    await tx.query('UPDATE webhook_fanout SET last_seq = $1 WHERE id = 1', [events[events.length - 1]!.seq]);
    return events.length;
  });
}

interface PendingDelivery {
  id: string;
  event_seq: string;
  event_type: string;
  body: string;
  attempts: number;
  due: boolean;
}

export function startWebhookWorker(db: DataSource, config: WebhookConfig, options: WebhookWorkerOptions): WebhookWorker {
  const log = options.log ?? (() => undefined);
  const owner = options.instanceId ?? `worker-${randomUUID()}`;
  const sender: HttpSender = createHttpSender(config, config.timeoutMs, config.concurrency);
  // A lease outlives every attempt started under it: attempts start only while a full timeout remains.
  const leaseMs = 2 * config.timeoutMs + 5_000;
  const inFlight = new Map<string, Promise<void>>();
  let stopping = false;
  let fanoutTimer: NodeJS.Timeout | null = null;
  let deliveryTimer: NodeJS.Timeout | null = null;
  let fanoutRun: Promise<number> | null = null;
  let claimRun: Promise<number> | null = null;
  let claimAgain = false;

  const reportError = (what: string) => (err: unknown) => {
    if (!stopping) log(`[webhooks] ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  };

  // Acknowledged deliveries and finished leases, recorded together by `flush` (one statement for
  // every webhook that finished since the last flush). A crash before the flush resends those
  // deliveries with the same ids (at least once); until then the lease keeps the webhook ours.
  let acknowledged: { id: string; attempts: number; code: number | null; latency: number }[] = [];
  let released: string[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let flushRun: Promise<void> | null = null;

  async function flush(): Promise<void> {
    if (flushRun) await flushRun;
    if (acknowledged.length === 0 && released.length === 0) return;
    const rows = acknowledged;
    const ids = released;
    acknowledged = [];
    released = [];
    flushRun = db
      .query(
        `WITH acknowledged AS (
           UPDATE webhook_deliveries d SET status = 'DELIVERED', attempts = v.attempts, last_attempt_at = now(), delivered_at = now(),
                  response_code = v.code, latency_ms = v.latency, last_error = NULL
             FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, attempts int, code int, latency int)
            WHERE d.id = v.id AND d.status = 'PENDING' RETURNING d.id),
         released AS (
           UPDATE webhooks SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($2::uuid[]) AND lease_owner = $3 RETURNING id)
         SELECT (SELECT count(*) FROM acknowledged) AS acknowledged, (SELECT count(*) FROM released) AS released`,
        [JSON.stringify(rows), ids, owner],
      )
      .then(() => {
        for (const id of ids) inFlight.delete(id);
        if (ids.length > 0) scheduleDelivery(0);
      })
      .catch((err) => {
        // Not recorded: the leases expire and the deliveries are sent again (same ids).
        for (const id of ids) inFlight.delete(id);
        reportError('recording deliveries')(err);
      })
      .finally(() => {
        flushRun = null;
      });
    await flushRun;
  }

  function scheduleFlush() {
    if (flushTimer) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flush();
    }, 20);
  }

  interface Claimed {
    id: string;
    url: string;
    secrets: string[];
  }

  async function deliverTo(w: Claimed, pending: PendingDelivery[], claimedAt: number): Promise<void> {
    for (const [i, d] of pending.entries()) {
      if (stopping || (i === 0 && !d.due)) break;
      if (Date.now() - claimedAt > leaseMs - config.timeoutMs - 1_000) break;
      const timestamp = Math.floor(Date.now() / 1000);
      const result = await sender.send(
        w.url,
        {
          'user-agent': 'model-security-registry-webhooks/1',
          'x-msr-event': d.event_type,
          'x-msr-delivery': d.id,
          'x-msr-sequence': d.event_seq,
          'x-msr-timestamp': String(timestamp),
          'x-msr-signature-256': signatureHeader(w.secrets, timestamp, d.body),
        },
        d.body,
      );
      const attempts = Number(d.attempts) + 1;
      if (result.ok) {
        recordWebhookDelivery('delivered');
        acknowledged.push({ id: d.id, attempts, code: result.responseCode, latency: result.latencyMs });
        continue;
      }
      recordWebhookDelivery(attempts >= config.maxAttempts ? 'failed' : 'retry_scheduled');
      if (attempts >= config.maxAttempts) {
        const reason = `Delivery ${d.id} (event ${d.event_seq}) failed ${attempts} times; last: ${result.error}`;
        await db.transaction(async (tx) => {
          await tx.query(
            `UPDATE webhook_deliveries SET status = 'FAILED', attempts = $2, last_attempt_at = now(), response_code = $3, latency_ms = $4, last_error = $5
              WHERE id = $1 AND status = 'PENDING'`,
            [d.id, attempts, result.responseCode, result.latencyMs, result.error],
          );
          await tx.query(`UPDATE webhooks SET status = 'FAILING', failure_reason = $2, failing_since = now() WHERE id = $1`, [w.id, reason]);
        });
        log(`[webhooks] webhook ${w.id} is failing: ${reason}`);
      } else {
        await db.query(
          `UPDATE webhook_deliveries SET attempts = $2, last_attempt_at = now(), response_code = $3, latency_ms = $4, last_error = $5,
                  next_attempt_at = now() + $6 * interval '1 millisecond' WHERE id = $1 AND status = 'PENDING'`,
          [d.id, attempts, result.responseCode, result.latencyMs, result.error, retryDelayMs(config, attempts)],
        );
      }
      break; // in order: nothing after a failed delivery is sent before it
    }
  }

  /**
   * Claims due webhooks up to the free concurrency (their secrets come with the claim), reads
   * their pending deliveries in one statement and starts delivering; returns how many it claimed.
   */
  async function claim(): Promise<number> {
    const free = config.concurrency - inFlight.size;
    if (free <= 0 || stopping) return 0;
    const rows: Record<string, Buffer | string | Date | null>[] = await db.query(
      // A CTE, so the driver answers rows (TypeORM returns [rows, count] for a bare UPDATE … RETURNING).
      `WITH claimed AS (UPDATE webhooks SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
        WHERE id IN (
          SELECT w.id FROM webhooks w
           WHERE w.status = 'ACTIVE' AND (w.lease_until IS NULL OR w.lease_until < now()) AND NOT (w.id = ANY($4::uuid[]))
             AND (SELECT d.next_attempt_at FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'PENDING'
                   ORDER BY d.event_seq LIMIT 1) <= now()
           ORDER BY w.lease_until NULLS FIRST, w.id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, url, secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id,
                  previous_secret_ciphertext, previous_secret_iv, previous_secret_auth_tag, previous_secret_key_id, previous_secret_expires_at)
       SELECT id::text AS id, url, secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id, previous_secret_ciphertext, previous_secret_iv,
              previous_secret_auth_tag, previous_secret_key_id, previous_secret_expires_at FROM claimed`,
      [owner, leaseMs, free, [...inFlight.keys()]],
    );
    if (rows.length === 0) return 0;
    const claimedAt = Date.now();
    const claimed = rows.map((r) => ({ id: r.id as string, url: r.url as string, secrets: secretsOfRow(db, r, new Date()) }));
    for (const w of claimed) inFlight.set(w.id, Promise.resolve());
    const pending: (PendingDelivery & { webhook_id: string })[] = await db.query(
      // d.event_seq (bigint): a bare `event_seq` would sort by the text alias ('10' < '9').
      `SELECT x.webhook_id, x.id, x.event_seq, x.event_type, p.body, x.attempts, x.due FROM (
         SELECT d.webhook_id::text AS webhook_id, d.id::text AS id, d.event_seq::text AS event_seq, d.event_seq AS seq, d.event_type, d.payload_id, d.attempts,
                d.next_attempt_at <= now() AS due, row_number() OVER (PARTITION BY d.webhook_id ORDER BY d.event_seq) AS n
           FROM webhook_deliveries d WHERE d.webhook_id = ANY($1::uuid[]) AND d.status = 'PENDING') x
         JOIN webhook_payloads p ON p.id = x.payload_id
        WHERE x.n <= $2 ORDER BY x.webhook_id, x.seq`,
      [claimed.map((w) => w.id), DELIVERIES_PER_LEASE],
    );
    const byWebhook = new Map<string, PendingDelivery[]>();
    for (const d of pending) {
      const list = byWebhook.get(d.webhook_id) ?? [];
      list.push(d);
      byWebhook.set(d.webhook_id, list);
    }
    for (const w of claimed) {
      const run = deliverTo(w, byWebhook.get(w.id) ?? [], claimedAt)
        .catch(reportError(`delivering to webhook ${w.id}`))
        .finally(() => {
          released.push(w.id);
          scheduleFlush();
        });
      inFlight.set(w.id, run);
    }
    return claimed.length;
  }

  function scheduleFanout(ms: number) {
    if (stopping) return;
    if (fanoutTimer) clearTimeout(fanoutTimer);
    fanoutTimer = setTimeout(() => {
      fanoutTimer = null;
      if (fanoutRun) return;
      fanoutRun = fanOut(db, options.schema);
      fanoutRun
        .then((n) => {
          fanoutRun = null;
          if (n > 0) scheduleDelivery(0);
          scheduleFanout(n >= FANOUT_BATCH ? 0 : config.pollMs);
        })
        .catch((err) => {
          fanoutRun = null;
          reportError('fan-out')(err);
          scheduleFanout(config.pollMs);
        });
    }, ms);
  }

  function scheduleDelivery(ms: number) {
    if (stopping) return;
    if (deliveryTimer && ms > 0) return;
    if (deliveryTimer) clearTimeout(deliveryTimer);
    deliveryTimer = setTimeout(() => {
      deliveryTimer = null;
      if (claimRun) {
        // Asked for while a claim runs (new deliveries, a released lease): claim again right after it.
        claimAgain = claimAgain || ms === 0;
        return;
      }
      claimAgain = false;
      claimRun = claim();
      claimRun
        .then(() => {
          claimRun = null;
          scheduleDelivery(claimAgain ? 10 : config.pollMs);
        })
        .catch((err) => {
          claimRun = null;
          reportError('claiming webhooks')(err);
          scheduleDelivery(config.pollMs);
        });
    }, ms);
  }

  scheduleFanout(0);
  scheduleDelivery(0);

  return {
    async runOnce() {
      await fanOut(db, options.schema);
      await claim();
      await Promise.all(inFlight.values());
      await flush();
    },
    async stop() {
      stopping = true;
      if (fanoutTimer) clearTimeout(fanoutTimer);
      if (deliveryTimer) clearTimeout(deliveryTimer);
      await Promise.allSettled([fanoutRun, claimRun]);
      // A claim that was running may have started deliveries: wait for those too.
      await Promise.allSettled([...inFlight.values()]);
      if (flushTimer) clearTimeout(flushTimer);
      await flush();
      sender.close();
    },
  };
}
