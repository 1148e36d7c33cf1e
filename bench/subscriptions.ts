/**
 * Subscription fan-out under load: N concurrent graphql-ws subscribers on a registry server
 * process, and a steady stream of committed changes. Prints commit-to-delivery latency (p50, p99,
 * max), delivered/expected, and the server process's peak memory (VmHWM, peak resident set).
 *
 *   npm run bench:subscriptions -- [--subscribers 1000] [--rate 10] [--seconds 20] [--instances 1] [--distinct]
 *
 * By default every subscriber sends the same anonymous subscription, so the server builds and
 * executes each event's message once and shares it (shared-delivery.ts). With --distinct each
 * subscriber's document differs (a comment), so nothing is shared: the worst case, one execution
 * per subscriber and event.
 *
 * With --instances 2 the subscribers are spread over two server processes on the same database
 * (fan-out through LISTEN/NOTIFY); memory is then reported per process.
 *
 * The database: DATABASE_URL as an admin connection when set (a scratch database is created and
 * dropped), otherwise an embedded PostgreSQL in .data/bench-postgres. Latency is measured on one
 * clock: the benchmark commits each change and receives every message itself.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createDataSource } from '../ormconfig';
import { dropDatabase, ensureDatabase } from '../src/infra/database';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/infra/embedded-postgres';
import { appendEvent } from '../src/modules/events/event-log';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const SUBSCRIBERS = option('subscribers', 1000);
const RATE = option('rate', 10); // changes per second
const SECONDS = option('seconds', 20);
const INSTANCES = option('instances', 1);
const DISTINCT = process.argv.includes('--distinct');
const ROOT = path.resolve(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  peakRssKb(): number;
}

/** One registry process (plain node with the tsx loader, so its pid is the server's own). */
async function startServer(databaseUrl: string): Promise<Server> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SEED_DEMO: '0', DEADLINE_SWEEP_SECONDS: '0', AUTH_JWT_SECRET: 'bench-only-secret-that-is-long-enough-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /serving GraphQL at http:\/\/localhost:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  let peak = 0;
  const sample = () => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > peak) peak = kb;
    } catch {
      /* exited */
    }
    return peak;
  };
  return { child, port, peakRssKb: sample };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  let embedded: EmbeddedPostgresHandle | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(ROOT, '.data', 'bench-postgres'), port: await freePort() });
    adminUrl = embedded.adminUrl;
  }
  const name = `msr_bench_${process.pid}`;
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = createDataSource({ url: databaseUrl, poolSize: 4 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const [{ id: subjectId }] = await db.query(`SELECT gen_random_uuid() AS id`);

  const servers = await Promise.all(Array.from({ length: INSTANCES }, () => startServer(databaseUrl)));
  const baseline = servers.map((s) => s.peakRssKb());
  console.log(
    `${INSTANCES} server process(es) up (RSS after start ${baseline.map((kb) => (kb / 1024).toFixed(0)).join(', ')} MB); connecting ${SUBSCRIBERS} subscribers`,
  );

  const commitTimes = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Map<number, Set<string>>();
  let duplicates = 0;
  let errors = 0;
  const clients: Client[] = [];
  const [{ seq: since }] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  let connected = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const server = servers[i % servers.length]!;
    const client = createClient({
      url: `ws://127.0.0.1:${server.port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => (errors += 1),
      on: { connected: () => (connected += 1) },
    });
    clients.push(client);
    const mine = new Set<string>();
    seen.set(i, mine);
    client.subscribe<{ registryEvents: { cursor: string } }>(
      {
        query: `subscription($since: String) { registryEvents(since: $since, filter: { type: ["BENCH_TICK"] }) { cursor event { occurredAt } } }${DISTINCT ? ` # subscriber ${i}` : ''}`,
        variables: { since },
      },
      {
        next: (msg) => {
          const now = performance.now();
          const cursor = msg.data?.registryEvents.cursor;
          if (!cursor) return void (errors += 1);
          if (mine.has(cursor)) duplicates += 1;
          mine.add(cursor);
          const committed = commitTimes.get(cursor);
          if (committed !== undefined) latencies.push(now - committed);
        },
        error: () => (errors += 1),
        complete: () => undefined,
      },
    );
  }
  while (connected < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1_000)); // every subscription registered
  console.log(
    `${connected} connected${DISTINCT ? ' (distinct documents: nothing shared)' : ''} (server peak RSS so far ${servers.map((s) => (s.peakRssKb() / 1024).toFixed(0)).join(', ')} MB); producing ${RATE} changes/s for ${SECONDS} s`,
  );

  // A steady stream: one committed change every 1/RATE s, each its own transaction.
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const start = performance.now();
  let commitMs = 0;
  for (let n = 0; n < total; n++) {
    const due = start + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    const event = await db.transaction((m) =>
      appendEvent(m, { actor: 'bench', type: 'BENCH_TICK', subjectType: 'Finding', subjectId, payload: { n } }),
    );
    const committed = performance.now();
    commitMs += committed - t0;
    commitTimes.set(event.seq, committed);
    if (n % RATE === 0) servers.forEach((s) => s.peakRssKb());
  }
  const expected = total * SUBSCRIBERS;
  const deadline = performance.now() + 10_000;
  while (latencies.length < expected && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    servers.forEach((s) => s.peakRssKb());
  }
  const peaks = servers.map((s) => s.peakRssKb());

  latencies.sort((a, b) => a - b);
  const delivered = [...seen.values()].reduce((sum, s) => sum + s.size, 0);
  console.log(`changes committed: ${total} (mean commit ${(commitMs / total).toFixed(1)} ms)`);
  console.log(`delivered/expected: ${delivered.toLocaleString('en')} / ${expected.toLocaleString('en')}${delivered === expected ? ' (nothing lost)' : ' (LOST MESSAGES)'}; duplicates ${duplicates}; errors ${errors}`);
  console.log(
    `commit-to-delivery latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms`,
  );
  console.log(`server peak memory (VmHWM): ${peaks.map((kb) => `${(kb / 1024).toFixed(0)} MB`).join(', ')}`);

  await Promise.all(clients.map((c) => c.dispose()));
  for (const s of servers) {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
  }
  await db.destroy();
  await dropDatabase(adminUrl, name);
  await embedded?.stop();
  const ok = delivered === expected && duplicates === 0 && percentile(latencies, 99) < 100 && Math.max(...peaks) < 300 * 1024;
  console.log(ok ? 'goal met: p99 < 100 ms, nothing lost, < 300 MB' : 'goal NOT met');
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
