/**
 * Prometheus metrics (prom-client), served at `GET /metrics` (src/graphql/server.ts; METRICS_TOKEN,
 * METRICS_PUBLIC). One registry per process; what is measured:
 *
 * - GraphQL request durations by operation name and type, HTTP responses by route and status,
 *   GraphQL errors by code (src/graphql/request-telemetry.ts);
 * - the database pool: connections total/idle/waiting, its size, and how long a checkout waited;
 * - event appends (src/modules/events/event-log.ts) and decision recomputes
 *   (src/modules/decisions/recompute-decisions.ts), the sweeps;
 * - live subscriptions and the event stream's lag behind the log's head (src/modules/events/event-hub.ts);
 * - webhooks, from whatever source the webhook module registers (`setWebhookCountSource`).
 *
 * Label values are bounded: operation names are admitted on first sight up to
 * MAX_OPERATION_LABELS (only names of operations that parsed and validated, capped in length and
 * limited to GraphQL name characters), later ones count as "other", unnamed ones as "anonymous";
 * error codes are our closed set (others: "OTHER"). A client sending random operation names can
 * fill the set once, but cannot grow memory without bound.
 *
 * The hooks are cheap: a clock read and a histogram observation, no allocation of their own.
 */
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const operationLabels = new Set<string>();

/** The label for an operation name: itself (if admitted), "anonymous" or "other". */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (operationLabels.has(name)) return name;
  if (operationLabels.size >= MAX_OPERATION_LABELS || !OPERATION_NAME.test(name)) return 'other';
  operationLabels.add(name);
  return name;
}

const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

const graphqlDuration = new Histogram({
  name: 'msr_graphql_request_duration_seconds',
  help: 'Duration of GraphQL requests (HTTP: from the first byte to the response; WebSocket queries and mutations: from subscribe to complete), by operation name and type.',
  labelNames: ['operation', 'type'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const httpResponses = new Counter({
  name: 'msr_http_responses_total',
  help: 'HTTP responses by route (graphql, probe, metrics, web, dev, other) and status code.',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});

const graphqlErrors = new Counter({
  name: 'msr_graphql_errors_total',
  help: 'GraphQL errors sent to clients, by error code (extensions.code).',
  labelNames: ['code'] as const,
  registers: [registry],
});

/** One finished GraphQL request (operation type: query, mutation, subscription or "unknown" when it never parsed). */
export function recordGraphqlRequest(operation: string, type: string, seconds: number, errorCodes: readonly string[] | null): void {
  graphqlDuration.labels(operation, type).observe(seconds);
  if (errorCodes) for (const code of errorCodes) graphqlErrors.labels(ERROR_CODE.test(code) ? code : 'OTHER').inc();
}

export function recordHttpResponse(route: string, status: number): void {
  httpResponses.labels(route, String(status)).inc();
}

// --- the database pool -------------------------------------------------------------------------

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
  connect: (...args: unknown[]) => unknown;
}

const pools = new Set<PgPool>();
const WRAPPED = Symbol('msr.metrics.wrapped');

const poolAcquire = new Histogram({
  name: 'msr_db_pool_acquire_seconds',
  help: 'How long a checkout of a database connection from the pool waited.',
  buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [registry],
});

new Gauge({
  name: 'msr_db_pool_connections',
  help: 'Connections of the database pool: total (open), idle, and waiting (checkouts queued for a connection).',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    let total = 0;
    let idle = 0;
    let waiting = 0;
    for (const p of pools) {
      total += p.totalCount;
      idle += p.idleCount;
      waiting += p.waitingCount;
    }
    this.labels('total').set(total);
    this.labels('idle').set(idle);
    this.labels('waiting').set(waiting);
  },
});

new Gauge({
  name: 'msr_db_pool_max',
  help: 'The most connections the database pool opens.',
  registers: [registry],
  collect() {
    let max = 0;
    for (const p of pools) max += p.options?.max ?? 10;
    this.set(max);
  },
});

function poolOf(db: DataSource): PgPool | null {
  const master = (db.driver as unknown as { master?: PgPool }).master;
  return master && typeof master.connect === 'function' ? master : null;
}

/** Measures the pool of `db` (after `initialize()`); returns the undo. */
export function bindDatabasePool(db: DataSource): () => void {
  const pool = poolOf(db);
  if (!pool) return () => undefined;
  const marked = pool as PgPool & { [WRAPPED]?: boolean };
  if (!marked[WRAPPED]) {
    marked[WRAPPED] = true;
    const connect = pool.connect;
    pool.connect = function wrappedConnect(this: PgPool, ...args: unknown[]) {
      const started = performance.now();
      const cb = args[0];
      if (typeof cb !== 'function') {
        return (connect.apply(this, args) as Promise<unknown>).then((client) => {
          poolAcquire.observe((performance.now() - started) / 1000);
          return client;
        });
      }
      return connect.call(this, (err: unknown, client: unknown, release: unknown) => {
        poolAcquire.observe((performance.now() - started) / 1000);
        (cb as (...a: unknown[]) => void)(err, client, release);
      });
    };
  }
  pools.add(pool);
  return () => pools.delete(pool);
}

// --- events, recomputes, sweeps ----------------------------------------------------------------

const eventAppend = new Histogram({
  name: 'msr_event_append_duration_seconds',
  help: 'Duration of appending to the event log inside a transaction (lock, head, insert, notify), by kind (one event or a batch).',
  labelNames: ['kind'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const eventsAppended = new Counter({
  name: 'msr_events_appended_total',
  help: 'Events appended to the log by this instance (counted before their transaction commits).',
  registers: [registry],
});

/** `started` is a `performance.now()` reading taken before the append. */
export function recordEventAppend(started: number, count: number): void {
  eventAppend.labels(count === 1 ? 'single' : 'batch').observe((performance.now() - started) / 1000);
  eventsAppended.inc(count);
}

const recompute = new Histogram({
  name: 'msr_decision_recompute_duration_seconds',
  help: 'Duration of recomputing the stored export decisions of a set of model versions, by cause.',
  labelNames: ['cause'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const CAUSE = /^[A-Z][A-Z0-9_]{0,39}$/;

export function recordRecompute(started: number, cause: string): void {
  recompute.labels(CAUSE.test(cause) ? cause : 'OTHER').observe((performance.now() - started) / 1000);
}

const sweeps = new Histogram({
  name: 'msr_sweep_duration_seconds',
  help: 'Duration of the periodic sweeps (deadlines, decisions, checkpoints), by outcome (ok, skipped: another instance held the lock, error).',
  labelNames: ['sweep', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [registry],
});

export type SweepName = 'deadlines' | 'decisions' | 'checkpoints' | 'idempotency';

export function recordSweep(sweep: SweepName, started: number, outcome: 'ok' | 'skipped' | 'error'): void {
  sweeps.labels(sweep, outcome).observe((performance.now() - started) / 1000);
}

// --- subscriptions and the event stream --------------------------------------------------------

/** What the metrics need of an event hub (src/modules/events/event-hub.ts). */
export interface HubLike {
  readonly subscriberCount: number;
  readonly currentPosition: bigint;
}

const hubs = new Map<HubLike, DataSource>();

new Gauge({
  name: 'msr_subscriptions',
  help: 'Live subscriptions (sinks of the event hub) in this instance.',
  registers: [registry],
  collect() {
    let n = 0;
    for (const hub of hubs.keys()) n += hub.subscriberCount;
    this.set(n);
  },
});

new Gauge({
  name: 'msr_event_stream_lag_events',
  help: "How many events the log holds beyond the last one this instance's event hub dispatched (read at scrape time).",
  registers: [registry],
  async collect() {
    let lag = 0;
    for (const [hub, db] of hubs) {
      try {
        const [row]: { seq: string }[] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
        const behind = Number(BigInt(row!.seq) - hub.currentPosition);
        if (behind > lag) lag = behind;
      } catch {
        // database unreachable: /readyz says so; keep the last value out of the sum
      }
    }
    this.set(lag);
  },
});

new Gauge({
  name: 'msr_event_stream_position',
  help: "The sequence number of the last event this instance's event hub dispatched.",
  registers: [registry],
  collect() {
    let position = 0n;
    for (const hub of hubs.keys()) if (hub.currentPosition > position) position = hub.currentPosition;
    this.set(Number(position));
  },
});

export function bindEventHub(hub: HubLike, db: DataSource): () => void {
  hubs.set(hub, db);
  return () => hubs.delete(hub);
}

// --- webhooks ----------------------------------------------------------------------------------

/** Webhook counts by state (e.g. `{ active: 3, failing: 1, disabled: 0 }`), read at scrape time. */
export type WebhookCountSource = () => Record<string, number> | Promise<Record<string, number>>;

const webhookSources = new Set<WebhookCountSource>();
const STATE = /^[a-z][a-z0-9_]{0,31}$/;

new Gauge({
  name: 'msr_webhooks',
  help: 'Registered webhooks by state (fed by the webhook module).',
  labelNames: ['state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const sums = new Map<string, number>();
    for (const source of webhookSources) {
      try {
        const counts = await source();
        for (const [state, n] of Object.entries(counts).slice(0, 20)) if (STATE.test(state)) sums.set(state, (sums.get(state) ?? 0) + n);
      } catch {
        // the source failed (database down): its series are left out rather than failing the scrape
      }
    }
    for (const [state, n] of sums) this.labels(state).set(n);
  },
});

const webhookDeliveries = new Counter({
  name: 'msr_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered, retry_scheduled (failed, will be retried), failed (the last attempt failed: the webhook is FAILING).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

/** Adds a source of the `msr_webhooks` gauge (counts of all sources are summed); returns the undo. */
export function setWebhookCountSource(source: WebhookCountSource): () => void {
  webhookSources.add(source);
  return () => webhookSources.delete(source);
}

/** Counts one webhook delivery attempt. */
export function recordWebhookDelivery(outcome: string): void {
  webhookDeliveries.labels(STATE.test(outcome) ? outcome : 'other').inc();
}
