/**
 * Issue 18: Prometheus metrics at GET /metrics — the families, bounded labels, and the optional
 * bearer token (METRICS_TOKEN; production serves them only with a token or METRICS_PUBLIC=1).
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { startServer, type RunningServer } from '../../../src/graphql/server';
import { bindEventHub, MAX_OPERATION_LABELS, setWebhookCountSource } from '../../../src/infra/metrics';
import { appendEvent } from '../../../src/modules/events/event-log';
import { recomputeDecisions } from '../../../src/modules/decisions/recompute-decisions';
import { startDeadlineSweeper } from '../../../src/modules/events/deadline-sweep';
import { createAccessWorld, postGraphQL, type AccessWorld } from '../../support/access-fixture';
import { productionEnv } from '../../support/production-env';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const TOKEN = 'metrics-token-for-the-test-0123456789';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
const servers: RunningServer[] = [];

async function serve(env: Record<string, string>): Promise<string> {
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env }), db);
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

async function scrape(base: string, token: string | null = TOKEN): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${base}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The value of one sample (`name{labels}`, labels in the order prom-client writes them), or undefined. */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

const familyNames = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));

let base: string;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  base = await serve({ NODE_ENV: 'test', METRICS_TOKEN: TOKEN });
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await testDb?.destroy();
});

test('with METRICS_TOKEN: 401 without it or with another, the Prometheus text format with it', async () => {
  expect((await scrape(base, null)).status).toBe(401);
  expect((await scrape(base, `${TOKEN}-not`)).status).toBe(401);
  const res = await fetch(`${base}/metrics`, { headers: { authorization: TOKEN } }); // not "Bearer …"
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  const ok = await scrape(base);
  expect(ok.status).toBe(200);
  expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
});

test('every family is there, fed by requests, errors, the pool, appends, recomputes, sweeps, the hub and webhooks', async () => {
  // Requests: a named query, and one that fails validation.
  for (let i = 0; i < 3; i++) expect((await postGraphQL(`${base}/graphql`, { query: 'query MetricsProbe { __typename }' })).status).toBe(200);
  expect((await postGraphQL(`${base}/graphql`, { query: '{ noSuchField }' })).status).toBe(400);
  // An append, a recompute and a deadline sweep.
  await db.transaction((m) => appendEvent(m, { actor: 'test', type: 'TEST_EVENT', subjectType: 'ModelVersion', subjectId: world.versionA.id, payload: {} }));
  await db.transaction((m) => recomputeDecisions(m, [world.versionA.id], { cause: 'TEST_RECOMPUTE', actor: 'test' }));
  const sweeper = startDeadlineSweeper(db, 0.05, () => undefined);
  await new Promise((r) => setTimeout(r, 400));
  await sweeper.stop();
  // A hub that dispatched nothing yet, with 3 subscribers: lagging by the whole log.
  const [{ head }] = await db.query('SELECT max(seq)::int AS head FROM events');
  const unbindHub = bindEventHub({ subscriberCount: 3, currentPosition: 0n }, db);
  const unbindWebhooks = setWebhookCountSource(() => ({ active: 2, failing: 1 }));
  try {
    const { text } = await scrape(base);
    const families = familyNames(text);
    for (const name of [
      'msr_graphql_request_duration_seconds',
      'msr_graphql_errors_total',
      'msr_http_responses_total',
      'msr_db_pool_connections',
      'msr_db_pool_max',
      'msr_db_pool_acquire_seconds',
      'msr_event_append_duration_seconds',
      'msr_events_appended_total',
      'msr_decision_recompute_duration_seconds',
      'msr_sweep_duration_seconds',
      'msr_subscriptions',
      'msr_event_stream_lag_events',
      'msr_event_stream_position',
      'msr_webhooks',
      'msr_webhook_deliveries_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect([name, families.has(name)]).toEqual([name, true]);
    }
    expect(sample(text, 'msr_graphql_request_duration_seconds_count{operation="MetricsProbe",type="query"}')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'msr_graphql_request_duration_seconds_count{operation="invalid",type="unknown"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_http_responses_total{route="graphql",status="400"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_db_pool_connections{state="waiting"}')).toBe(0);
    expect(sample(text, 'msr_db_pool_max')).toBe((db.options as { extra?: { max?: number } }).extra?.max ?? 10);
    expect(sample(text, 'msr_db_pool_acquire_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_event_append_duration_seconds_count{kind="single"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_events_appended_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_decision_recompute_duration_seconds_count{cause="TEST_RECOMPUTE"}')).toBe(1);
    expect(sample(text, 'msr_sweep_duration_seconds_count{sweep="deadlines",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'msr_subscriptions')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'msr_event_stream_lag_events')).toBeGreaterThanOrEqual(head);
    expect(sample(text, 'msr_webhooks{state="active"}')).toBe(2);
    expect(sample(text, 'msr_webhooks{state="failing"}')).toBe(1);
  } finally {
    unbindHub();
    unbindWebhooks();
  }
  // What is left is the server's own source: the webhooks table (empty here).
  const after = await scrape(base);
  expect(sample(after.text, 'msr_webhooks{state="active"}')).toBe(0);
  expect(sample(after.text, 'msr_webhooks{state="failing"}')).toBe(0);
  // The server's own hub has caught up with the log: no lag once the fake one is gone.
  await new Promise((r) => setTimeout(r, 200));
  expect(sample((await scrape(base)).text, 'msr_event_stream_lag_events')).toBe(0);
});

test('operation names cannot blow up the label set: at most MAX_OPERATION_LABELS, then "other"', async () => {
  const names = Array.from({ length: MAX_OPERATION_LABELS + 50 }, (_, i) => `Random${i}x${Math.random().toString(36).slice(2, 8)}`);
  await Promise.all(names.map((n) => postGraphQL(`${base}/graphql`, { query: `query ${n} { __typename }` })));
  // Names of operations that never validated are not admitted at all.
  await postGraphQL(`${base}/graphql`, { query: 'query NeverValid { noSuchField }' });
  const { text } = await scrape(base);
  const labels = new Set([...text.matchAll(/^msr_graphql_request_duration_seconds_count\{operation="([^"]*)"/gm)].map((m) => m[1]));
  expect(labels.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 2); // + "other", "invalid"
  expect(labels.has('other')).toBe(true);
  expect(labels.has('NeverValid')).toBe(false);
});

test('production: not served without a token (404), unless METRICS_PUBLIC=1', async () => {
  const closed = await serve(productionEnv());
  expect((await scrape(closed, null)).status).toBe(404);
  const open = await serve(productionEnv({ METRICS_PUBLIC: '1' }));
  const res = await scrape(open, null);
  expect(res.status).toBe(200);
  expect(res.text).toContain('msr_db_pool_connections');
  const withToken = await serve(productionEnv({ METRICS_TOKEN: TOKEN }));
  expect((await scrape(withToken, null)).status).toBe(401);
  expect((await scrape(withToken)).status).toBe(200);
});

test('bad settings name the variable', () => {
  expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  expect(loadConfig({ NODE_ENV: 'production', ...productionEnv() }).observability).toMatchObject({ logFormat: 'json', logLevel: 'info', metricsEnabled: false, tracing: null });
  expect(loadConfig({ NODE_ENV: 'development' }).observability).toMatchObject({ logFormat: 'pretty', metricsEnabled: true });
});
