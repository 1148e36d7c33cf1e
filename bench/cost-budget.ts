/**
 * What the shared cost budget (COST_BUDGET_STORE=postgres) costs on the hot path, against the
 * in-memory one (issue 18):
 *
 *   1. the charge alone: latency (p50/p99) and throughput of `PostgresCostBudget.charge` at
 *      concurrency 1 and 16, over one pg pool of 10, one key per simulated caller;
 *   2. end to end: the same small query over HTTP (`{ jurisdictionByCode(code: "DE") { name } }`,
 *      an analyst token) against two servers in this process on one database, one per store,
 *      in interleaved rounds.
 *
 *   npm run bench:budget [-- --seconds 3] [-- --rounds 3]
 *
 * Uses DATABASE_URL as an admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
 * and a fresh database it drops afterwards. Figures only; nothing is asserted.
 */
import 'reflect-metadata';
import { Pool } from 'pg';
import { createDataSource } from '../ormconfig';
import { loadConfig } from '../src/config/config';
import { PostgresCostBudget } from '../src/graphql/plugins/cost-budget-postgres';
import { CostBudget, type Budget } from '../src/graphql/plugins/operation-limits';
import { startServer } from '../src/graphql/server';
import { dropDatabase, ensureDatabase } from '../src/infra/database';
import { mintDevToken } from '../src/modules/access/dev-tokens';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SECONDS = arg('seconds', 3);
const ROUNDS = arg('rounds', 3);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function closedLoop(concurrency: number, seconds: number, op: (worker: number) => Promise<void>) {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (performance.now() < end) {
        const t = performance.now();
        await op(w);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  return { perSecond: latencies.length / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

const fmt = (r: { perSecond: number; p50: number; p99: number }) =>
  `${Math.round(r.perSecond).toLocaleString('en')}/s, p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`;

async function main(): Promise<void> {
  const name = `msr_bench_budget_${process.pid}`;
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDataSource({ url: url.toString(), poolSize: 10, applicationName: 'msr-bench-budget' });
  const servers: { stop(): Promise<void> }[] = [];
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });

    console.log(`charge alone (${SECONDS} s each):`);
    const pool = new Pool({ connectionString: url.toString(), max: 10 });
    const stores: [string, Budget][] = [
      ['memory', new CostBudget(1_000_000_000)],
      ['postgres', new PostgresCostBudget(pool, 1_000_000_000)],
    ];
    for (const concurrency of [1, 16]) {
      for (const [label, budget] of stores) {
        const r = await closedLoop(concurrency, SECONDS, async (w) => {
          await budget.charge(`sub:caller-${w}`, 25);
        });
        console.log(`  ${label.padEnd(8)} concurrency ${String(concurrency).padStart(2)}: ${fmt(r)}`);
      }
    }
    await pool.end();

    const base = { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATABASE_URL: url.toString(), COST_BUDGET_PER_MINUTE: '1000000000' };
    const memoryConfig = loadConfig({ ...base, COST_BUDGET_STORE: 'memory' });
    const postgresConfig = loadConfig({ ...base, COST_BUDGET_STORE: 'postgres' });
    const memory = await startServer(memoryConfig, db);
    const shared = await startServer(postgresConfig, db);
    servers.push(memory, shared);
    const token = await mintDevToken(memoryConfig.auth, { subject: 'bench@registry.example', roles: ['ANALYST'] });
    const body = JSON.stringify({ query: '{ jurisdictionByCode(code: "DE") { name } }' });
    const call = (port: number) => async () => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      await res.arrayBuffer();
    };
    console.log(`end to end over HTTP, concurrency 8, ${ROUNDS} interleaved rounds of ${SECONDS} s:`);
    const totals = { memory: [] as number[], postgres: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      const m = await closedLoop(8, SECONDS, call(memory.port));
      const p = await closedLoop(8, SECONDS, call(shared.port));
      totals.memory.push(m.perSecond);
      totals.postgres.push(p.perSecond);
      console.log(`  round ${round}: memory ${fmt(m)} | postgres ${fmt(p)}`);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const m = median(totals.memory);
    const p = median(totals.postgres);
    console.log(`median: memory ${Math.round(m)}/s, postgres ${Math.round(p)}/s (${(((p - m) / m) * 100).toFixed(1)} %)`);
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    if (db.isInitialized) await db.destroy();
    await dropDatabase(adminUrl, name);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
