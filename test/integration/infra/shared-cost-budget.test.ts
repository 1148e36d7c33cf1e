/**
 * The per-token cost budget shared by two server instances over one database
 * (COST_BUDGET_STORE=postgres, issue 18): each instance has its own DataSource, connected as the
 * unprivileged application role; spending the budget on one refuses on the other, over HTTP and
 * WebSocket; concurrent requests never overspend; the store fails open onto memory; ended windows
 * are pruned.
 */
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../ormconfig';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { LEASE_FRACTION, PostgresCostBudget } from '../../../src/graphql/plugins/cost-budget-postgres';
import { postGraphQL, startAccessServer, type AccessServer } from '../../support/access-fixture';
import { connect, subscribe } from '../../support/subscription-client';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const LIMITS = { COST_BUDGET_STORE: 'postgres', COST_BUDGET_PER_MINUTE: '300', MAX_COST: '200' };
// 1 + 3n points (the connection, and per node the node and its developer).
const PAGE = `query ($n: Int) { findings(first: $n) { edges { node { developer { name } } } } }`;

let testDb: TestDatabase;
let secondDs: DataSource;
let a: AccessServer;
let b: AccessServer;

const tokenOf = (server: AccessServer, subject: string) => mintDevToken(server.config.auth, { subject, roles: ['ANALYST'] });

beforeAll(async () => {
  testDb = await createTestDataSource({ appRole: true });
  // A second instance: its own pool, the same database and role.
  const appUrl = new URL(testDb.url);
  appUrl.username = 'msr_app';
  secondDs = createDataSource({ url: appUrl.toString(), poolSize: 3, applicationName: 'msr-test-second-instance' });
  await secondDs.initialize();
  a = await startAccessServer(testDb.appDataSource!, LIMITS);
  b = await startAccessServer(secondDs, LIMITS);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  if (secondDs?.isInitialized) await secondDs.destroy();
  await testDb?.destroy();
});

describe('one budget across instances', () => {
  test('spent on one instance, the next operation on the other is 429 with Retry-After and the shared remainder', async () => {
    const token = await tokenOf(a, 'spender@registry.example');
    const first = await postGraphQL(a.url, { query: PAGE, variables: { n: 66 } }, token);
    expect(first.status).toBe(200);
    expect(first.body.extensions.cost).toMatchObject({ requested: 199, budget: { limit: 300, remaining: 101 } });

    const res = await fetch(b.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE, variables: { n: 66 } }),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, cost: { requested: 199, budget: { remaining: 101 } } });
    expect(body.errors[0].extensions.cost.budget.resetAt).toBe(first.body.extensions.cost.budget.resetAt);

    // A refused operation charged nothing: what still fits passes on either instance.
    const small = await postGraphQL(b.url, { query: PAGE, variables: { n: 33 } }, token);
    expect(small.status).toBe(200);
    expect(small.body.extensions.cost.budget.remaining).toBe(1);
    const again = await postGraphQL(a.url, { query: PAGE, variables: { n: 0 } }, token);
    expect(again.body.extensions.cost).toMatchObject({ requested: 1, budget: { remaining: 0 } });
    expect((await postGraphQL(b.url, { query: PAGE, variables: { n: 0 } }, token)).status).toBe(429);

    // Another token has its own budget.
    const other = await postGraphQL(b.url, { query: PAGE, variables: { n: 66 } }, await tokenOf(b, 'other@registry.example'));
    expect(other.status).toBe(200);
  });

  test('the WebSocket path charges the same shared budget', async () => {
    const token = await tokenOf(a, 'socket@registry.example');
    expect((await postGraphQL(a.url, { query: PAGE, variables: { n: 66 } }, token)).status).toBe(200);
    const client = connect(b.url.replace(/^http/, 'ws'), { connectionParams: { authorization: `Bearer ${token}` } });
    try {
      const refused = await subscribe(client, PAGE, { n: 66 }).error();
      expect(JSON.stringify(refused)).toMatch(/RATE_LIMITED/);
    } finally {
      await client.dispose();
    }
  });

  test('40 concurrent operations across both instances never spend more than the budget', async () => {
    const token = await tokenOf(a, 'burst@registry.example');
    // 22 points each: at most 13 fit in 300.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postGraphQL(i % 2 ? a.url : b.url, { query: PAGE, variables: { n: 7 } }, token)),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(results.filter((r) => r.status === 429)).toHaveLength(40 - 13);
    expect(ok).toHaveLength(13);
    // Each success saw a distinct remainder: the charges were serialised, none lost or doubled.
    expect(ok.map((r) => r.body.extensions.cost.budget.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 13 }, (_, i) => 300 - 22 * (13 - i)));
    const [row] = await testDb.dataSource.query(`SELECT spent::int AS spent FROM cost_budget_windows WHERE budget_key = $1`, ['sub:burst@registry.example']);
    expect(row).toEqual({ spent: 286 });
  });
});

describe('the store', () => {
  test('is an UNLOGGED table the application role may write', async () => {
    const [t] = await testDb.dataSource.query(`SELECT relpersistence FROM pg_class WHERE relname = 'cost_budget_windows'`);
    expect(t).toEqual({ relpersistence: 'u' });
    const [g] = await testDb.dataSource.query(`SELECT has_table_privilege('msr_app', 'cost_budget_windows', 'INSERT, UPDATE') AS ok`);
    expect(g).toEqual({ ok: true });
  });

  test('starts a fresh window once the old one has ended, and prunes ended windows', async () => {
    const pool = new Pool({ connectionString: testDb.url, max: 1 });
    try {
      const budget = new PostgresCostBudget(pool, 100, 60_000);
      expect(await budget.charge('k', 80)).toMatchObject({ ok: true, state: { remaining: 20 } });
      expect(await budget.charge('k', 30)).toMatchObject({ ok: false, state: { remaining: 20 } });
      // Age the window by two minutes: the next charge opens a new one.
      await pool.query(`UPDATE cost_budget_windows SET window_start_ms = window_start_ms - 120000 WHERE budget_key = 'k'`);
      await pool.query(`INSERT INTO cost_budget_windows VALUES ('stale', 0, 5, true)`);
      expect(await budget.charge('k', 30)).toMatchObject({ ok: true, state: { remaining: 70 } });
      expect(await budget.prune()).toBeGreaterThanOrEqual(1);
      const keys = (await pool.query(`SELECT budget_key FROM cost_budget_windows WHERE budget_key IN ('k', 'stale')`)).rows.map((r) => r.budget_key);
      expect(keys).toEqual(['k']);
    } finally {
      await pool.end();
    }
  });

  test('two instances charging the same keys in opposite orders never deadlock and never overspend', async () => {
    const pools = [new Pool({ connectionString: testDb.url, max: 4 }), new Pool({ connectionString: testDb.url, max: 4 })];
    try {
      const budgets = pools.map((p) => new PostgresCostBudget(p, 1_000, 60_000, { timeoutMs: 10_000 }));
      const keys = Array.from({ length: 20 }, (_, i) => `order-${String(i).padStart(2, '0')}`);
      const charges = budgets.flatMap((b, n) =>
        Array.from({ length: 30 }, (_, r) => (n === 0 ? keys : [...keys].reverse()).map((key) => ({ key, cost: 20 + r, result: b.charge(key, 20 + r) }))).flat(),
      );
      const results = await Promise.all(charges.map((c) => c.result));
      expect(budgets.every((b) => !b.usingFallback)).toBe(true);
      const spent = new Map<string, number>(
        (await pools[0]!.query(`SELECT budget_key, spent::int FROM cost_budget_windows WHERE budget_key LIKE 'order-%'`)).rows.map((r) => [r.budget_key, r.spent]),
      );
      expect(spent.size).toBe(20);
      for (const key of keys) {
        // What the answers say was charged is exactly what the table holds, and within the budget.
        const charged = charges.reduce((sum, c, i) => sum + (c.key === key && results[i]!.ok ? c.cost : 0), 0);
        expect(spent.get(key)).toBe(charged);
        expect(charged).toBeLessThanOrEqual(1_000);
        expect(charged).toBeGreaterThan(900);
      }
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('small charges are answered from a lease: a statement per lease, not per operation, and never overspent', async () => {
    const pool = new Pool({ connectionString: testDb.url, max: 2 });
    let statements = 0;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (String((args[0] as { name?: string }).name) === 'msr_cost_budget_charge') statements++;
      return query(...args);
    };
    try {
      // 10,000 points: leases of 200 (LEASE_FRACTION).
      expect(LEASE_FRACTION).toBe(0.02);
      const budget = new PostgresCostBudget(pool, 10_000, 60_000);
      const answers = [];
      for (let i = 0; i < 500; i++) answers.push(await budget.charge('lease-k', 3));
      expect(answers.every((a) => a.ok)).toBe(true);
      // 1,500 points in leases of 203 (the first operation's 3 plus 200): 8 statements, not 500.
      expect(statements).toBe(8);
      const [row] = (await pool.query(`SELECT spent::int FROM cost_budget_windows WHERE budget_key = 'lease-k'`)).rows;
      expect(row.spent).toBeGreaterThanOrEqual(1_500);
      expect(row.spent).toBeLessThanOrEqual(1_500 + 200);
      // Remaining counts what this instance holds unspent as still available.
      expect(answers.at(-1)!.state.remaining).toBe(10_000 - 1_500);
    } finally {
      await pool.end();
    }
  });

  test('two instances with leases never spend more than the budget, and refuse at most a lease each early', async () => {
    const pools = [new Pool({ connectionString: testDb.url, max: 4 }), new Pool({ connectionString: testDb.url, max: 4 })];
    try {
      // 1,000 points: leases of 20; operations of 7 points, 100 per instance at once.
      const budgets = pools.map((p) => new PostgresCostBudget(p, 1_000, 60_000, { timeoutMs: 10_000 }));
      const results = await Promise.all(budgets.flatMap((b) => Array.from({ length: 100 }, () => b.charge('lease-shared', 7))));
      const charged = results.filter((r) => r.ok).length * 7;
      const [row] = (await pools[0]!.query(`SELECT spent::int FROM cost_budget_windows WHERE budget_key = 'lease-shared'`)).rows;
      expect(row.spent).toBeLessThanOrEqual(1_000);
      expect(charged).toBeLessThanOrEqual(row.spent);
      // What the table holds beyond what was charged is at most the unspent leases: one per instance.
      expect(row.spent - charged).toBeLessThanOrEqual(2 * 20);
      expect(charged).toBeGreaterThanOrEqual(1_000 - 7 - 2 * 20);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('fails open onto an in-memory budget with one warning when the database is unreachable', async () => {
    const pool = new Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    const warnings: string[] = [];
    try {
      const budget = new PostgresCostBudget(pool, 100, 60_000, { warn: (m) => warnings.push(m) });
      expect(await budget.charge('k', 60)).toMatchObject({ ok: true, state: { remaining: 40 } });
      expect(await budget.charge('k', 60)).toMatchObject({ ok: false, state: { remaining: 40 } });
      expect(budget.usingFallback).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/unreachable/);
    } finally {
      await pool.end();
    }
  });
});
