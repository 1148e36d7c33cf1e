/**
 * Bounded waiting and shutdown (issue 13): a saturated pool answers 503 with Retry-After (a typed
 * error over WebSocket too) instead of hanging, readiness answers on its own connection meanwhile,
 * and SIGTERM with writes in flight answers every one of them before the process exits.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../ormconfig';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startHttpServer, type HttpServerHandle } from '../../support/graphql-harness';
import { startServerProcess } from '../../support/server-process';
import { connect, subscribe } from '../../support/subscription-client';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

let tdb: TestDatabase;
let db: DataSource;
let fable5: string;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const REPORT = `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message path } } }`;
const reportInput = (title: string) => ({
  affectedVersionIds: [gid('ModelVersion', fable5)],
  title,
  summary: 'Written while the server shuts down.',
  category: 'JAILBREAK',
  discoveredAt: new Date(Date.now() - 86_400_000).toISOString(),
});

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  fable5 = (await db.query(`SELECT id FROM model_versions WHERE name = 'Fable 5'`))[0].id;
}, 60_000);

afterAll(async () => {
  await tdb?.destroy();
});

describe('a saturated pool', () => {
  let small: DataSource;
  let server: HttpServerHandle;
  beforeAll(async () => {
    // One connection, a short acquire timeout: holding that connection saturates the pool.
    small = createDataSource({ url: tdb.url, poolSize: 1, acquireTimeoutMs: 300, applicationName: 'msr-test-saturated' });
    await small.initialize();
    server = await startHttpServer(small, { DB_RETRY_AFTER_SECONDS: '7', COST_BUDGET_STORE: 'memory', DEADLINE_SWEEP_SECONDS: '0', DECISION_SWEEP_SECONDS: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await small?.destroy();
  });

  test('answers 503 with Retry-After and a typed error, never a hang or partial data; readiness still answers', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const token = await mintDevToken(config.auth, { subject: 'saturation-analyst', roles: ['ANALYST'] });
    const post = (body: unknown) =>
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });

    const holder = small.createQueryRunner();
    await holder.connect();
    await holder.query('SELECT 1');
    try {
      const started = Date.now();
      const [read, write] = await Promise.all([
        post({ query: '{ modelVersions(first: 2) { totalCount edges { node { name } } } }' }),
        post({ query: REPORT, variables: { input: reportInput('Never written') } }),
      ]);
      expect(Date.now() - started).toBeLessThan(5_000);
      for (const res of [read, write]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('7');
        const body: any = await res.json();
        expect(body.data ?? null).toBeNull();
        expect(body.errors.length).toBeGreaterThan(0);
        for (const e of body.errors) expect(e.extensions.code).toBe('SERVICE_UNAVAILABLE');
      }
      // Readiness and liveness do not queue behind the pool.
      const probeStarted = Date.now();
      const [ready, healthy] = await Promise.all([fetch(`${server.baseUrl}/readyz`), fetch(`${server.baseUrl}/healthz`)]);
      expect(Date.now() - probeStarted).toBeLessThan(1_000);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect(healthy.status).toBe(200);

      // Over WebSocket: the same typed error.
      const client = connect(server.url.replace('http', 'ws'));
      try {
        const sub = subscribe(client, '{ modelVersions(first: 1) { totalCount } }');
        const errors = (await sub.error(5_000)) as { extensions?: { code?: string } }[];
        expect(errors[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      } finally {
        await client.dispose();
      }
    } finally {
      await holder.release();
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE title = 'Never written'`);
    expect(n).toBe(0);
    // Free again: served normally.
    const after = await post({ query: '{ modelVersions(first: 1) { totalCount } }' });
    expect(after.status).toBe(200);
    expect(((await after.json()) as any).errors).toBeUndefined();
  });
});

test('SIGTERM with writes in flight: every one gets an answer, then the process exits cleanly', async () => {
  const proc = await startServerProcess(tdb.url, { SHUTDOWN_GRACE_MS: '20000', DB_POOL_SIZE: '2', DECISION_SWEEP_SECONDS: '0' });
  const config = loadConfig({ NODE_ENV: 'test' });
  const token = await mintDevToken(config.auth, { subject: 'shutdown-analyst', roles: ['ANALYST'] });
  let answered = 0;
  const writes = Array.from({ length: 8 }, (_, i) =>
    fetch(proc.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: REPORT, variables: { input: reportInput(`In flight ${i}`) } }),
    }).then(
      async (res) => {
        answered += 1;
        return { status: res.status, body: (await res.json()) as any };
      },
      (err: unknown) => {
        answered += 1;
        return { status: 0, body: { failure: String(err) } as any };
      },
    ),
  );
  // Let the requests reach the server, then terminate it while they run.
  await new Promise((r) => setTimeout(r, 150));
  const inFlightAtSignal = 8 - answered;
  const exited = proc.kill('SIGTERM');
  const results = await Promise.all(writes);
  expect(inFlightAtSignal).toBeGreaterThan(0);
  // Every write answered with its payload: no socket hang-up.
  for (const r of results) {
    expect(r.status).toBe(200);
    expect(r.body.data.reportFinding.errors).toEqual([]);
  }
  // ...and every acknowledged write is in the database.
  const publicIds = results.map((r) => r.body.data.reportFinding.finding.publicId);
  const [{ n }] = await db.query('SELECT count(*)::int AS n FROM findings WHERE public_id = ANY($1)', [publicIds]);
  expect(n).toBe(8);
  // Stopped accepting: a new request after the signal is refused.
  await expect(fetch(proc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).rejects.toThrow();
  expect(await exited).toBe(0);
});
