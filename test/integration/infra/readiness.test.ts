/**
 * `/readyz` answers from the latest check (src/infra/readiness.ts): a probe costs no database
 * round trip while the latest check is fresh, and says what the database said at most `maxAgeMs`
 * ago — a database that stops taking connections is reported within that bound, and its return too.
 */
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { createReadinessCheck } from '../../../src/infra/readiness';
import { dropDatabase, ensureDatabase } from '../../../src/infra/database';
import { databaseUrl, testAdminUrl } from '../../support/test-database';

const NAME = `msr_readiness_${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin<T>(f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: testAdminUrl() });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** Stops the database taking connections and ends the readiness check's own. */
const refuseConnections = () =>
  admin(async (c) => {
    await c.query(`ALTER DATABASE ${NAME} ALLOW_CONNECTIONS false`);
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [NAME]);
  });
const allowConnections = () => admin((c) => c.query(`ALTER DATABASE ${NAME} ALLOW_CONNECTIONS true`));

beforeAll(async () => {
  await ensureDatabase(testAdminUrl(), NAME);
  // What the check reads for "every migration applied" (none expected here).
  const c = new Client({ connectionString: databaseUrl(testAdminUrl(), NAME) });
  await c.connect();
  await c.query('CREATE TABLE IF NOT EXISTS typeorm_migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name text NOT NULL)');
  await c.end();
});

afterAll(async () => {
  await allowConnections();
  await dropDatabase(testAdminUrl(), NAME);
});

test('a probe is answered from a fresh check, and a database gone or back is reported within maxAgeMs', async () => {
  // Only its options are read: the readiness check opens its own connection.
  const db = new DataSource({
    type: 'postgres',
    url: databaseUrl(testAdminUrl(), NAME),
    migrations: [],
  });
  const readiness = createReadinessCheck(db, {
    timeoutMs: 1_000,
    maxAgeMs: 400,
    refreshMs: 100,
  });
  try {
    expect(await readiness.check()).toBe('ready');
    await refuseConnections();
    // The background check sees the database gone; the probe says so within the bound.
    await sleep(400 + 100 + 300);
    expect(await readiness.check()).toBe('database unreachable');
    await allowConnections();
    await sleep(400 + 100 + 300);
    expect(await readiness.check()).toBe('ready');
  } finally {
    await readiness.close();
    await allowConnections();
  }
});

test('within maxAgeMs a probe is answered from the last check, without a round trip', async () => {
  const db = new DataSource({ type: 'postgres', url: databaseUrl(testAdminUrl(), NAME), migrations: [] });
  // No background check comes between (refreshMs far away), so the last check is the first one.
  const readiness = createReadinessCheck(db, { timeoutMs: 1_000, maxAgeMs: 60_000, refreshMs: 60_000 });
  try {
    expect(await readiness.check()).toBe('ready');
    await refuseConnections();
    const started = Date.now();
    expect(await readiness.check()).toBe('ready');
    expect(Date.now() - started).toBeLessThan(50);
  } finally {
    await readiness.close();
    await allowConnections();
  }
});

test('a closed check stops its timer and holds no connection', async () => {
  const db = new DataSource({
    type: 'postgres',
    url: databaseUrl(testAdminUrl(), NAME),
    migrations: [],
  });
  const readiness = createReadinessCheck(db, { maxAgeMs: 50, refreshMs: 20 });
  expect(await readiness.check()).toBe('ready');
  await readiness.close();
  await sleep(200);
  const [row] = await admin(
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'msr-readiness'`, [NAME])).rows,
  );
  expect(row.n).toBe(0);
});
