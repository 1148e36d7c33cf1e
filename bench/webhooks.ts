/**
 * Webhook delivery under load: a registry server process (its own webhook worker), W webhooks
 * pointing at a receiver in this process, and a steady stream of committed events. Prints the
 * deliveries made (each signature verified), duplicates, commit-to-delivery latency (p50, p99,
 * max) and the server process's peak resident memory (VmHWM).
 *
 *   npm run bench:webhooks -- [--webhooks 100] [--rate 10] [--seconds 60] [--organizations 5]
 *
 * Every event matches every webhook (100 webhooks × 10 events/s = 1,000 deliveries/s). Webhooks
 * belong to --organizations developer organizations, so each event's body is built once per
 * organization. The database: DATABASE_URL as an admin connection when set (a scratch database is
 * created and dropped), otherwise an embedded PostgreSQL in .data/bench-postgres. Latency is on
 * one clock: the benchmark commits each event and receives every delivery itself. Extra server
 * settings pass through the environment (WEBHOOK_POLL_MS, WEBHOOK_CONCURRENCY, …).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createDataSource } from '../ormconfig';
import { detailsCipherOf } from '../src/infra/details-crypto';
import { dropDatabase, ensureDatabase } from '../src/infra/database';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/infra/embedded-postgres';
import { appendEvent } from '../src/modules/events/event-log';
import { verifyWebhookSignature } from '../src/modules/webhooks/signing';
import { sealSecret } from '../src/modules/webhooks/store';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const WEBHOOKS = option('webhooks', 100);
const RATE = option('rate', 10);
const SECONDS = option('seconds', 60);
const ORGANIZATIONS = option('organizations', 5);
const ROOT = path.resolve(__dirname, '..');
const SECRET = 'bench-webhook-secret-0123456789';

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

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; peakRssKb(): number }> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', SEED_DEMO: '0', DEADLINE_SWEEP_SECONDS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (/serving GraphQL at/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  let peak = 0;
  return {
    child,
    peakRssKb() {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        if (kb > peak) peak = kb;
      } catch {
        /* exited */
      }
      return peak;
    },
  };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

async function main(): Promise<void> {
  let embedded: EmbeddedPostgresHandle | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(ROOT, '.data', 'bench-postgres'), port: await freePort() });
    adminUrl = embedded.adminUrl;
  }
  const name = `msr_bench_webhooks_${process.pid}`;
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = createDataSource({ url: databaseUrl, poolSize: 4 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });

  // The receiver: records arrival per (webhook, sequence) and checks every signature.
  const commitTimes = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let badSignatures = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = verifyWebhookSignature(SECRET, String(req.headers['x-msr-signature-256']), String(req.headers['x-msr-timestamp']), body);
      if (!ok) badSignatures += 1;
      const seq = String(req.headers['x-msr-sequence']);
      const key = `${req.url}|${seq}`;
      if (seen.has(key)) duplicates += 1;
      else {
        seen.add(key);
        const committed = commitTimes.get(seq);
        if (committed !== undefined) latencies.push(now - committed);
      }
      res.writeHead(ok ? 204 : 401).end();
    });
  });
  receiver.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const { port } = receiver.address() as net.AddressInfo;

  const orgs: string[] = [];
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const [o] = await db.query(`INSERT INTO organizations (name, kind, country_code) VALUES ($1, 'DEVELOPER', 'US') RETURNING id`, [`Bench developer ${i}`]);
    orgs.push(o.id);
  }
  const [finding] = await db.query(
    `INSERT INTO findings (public_id, title, summary, category, reporter_name, discovered_at, developer_aware_at, reported_at, status, developer_id)
     VALUES ('MSR-2099-99999', 'Bench finding', 'A finding the events are about.', 'OTHER', 'bench', now(), now(), now(), 'REPORTED', $1) RETURNING id`,
    [orgs[0]],
  );
  const cipher = detailsCipherOf(db);
  for (let i = 0; i < WEBHOOKS; i++) {
    const [{ id }] = await db.query('SELECT gen_random_uuid()::text AS id');
    const s = sealSecret(cipher, id, SECRET);
    await db.query(
      `INSERT INTO webhooks (id, organization_id, url, event_types, secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id, start_seq, created_by)
       VALUES ($1, $2, $3, '{BENCH_TICK}', $4, $5, $6, $7, (SELECT coalesce(max(seq), 0) FROM events), 'bench')`,
      [id, orgs[i % orgs.length], `http://127.0.0.1:${port}/hook/${i}`, s.ciphertext, s.iv, s.authTag, s.keyId],
    );
  }

  const server = await startServer(databaseUrl);
  console.log(`server up (RSS ${(server.peakRssKb() / 1024).toFixed(0)} MB); ${WEBHOOKS} webhooks over ${ORGANIZATIONS} organizations; ${RATE} events/s for ${SECONDS} s`);

  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const start = performance.now();
  for (let n = 0; n < total; n++) {
    const wait = start + n * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const event = await db.transaction((m) => appendEvent(m, { actor: 'bench', type: 'BENCH_TICK', subjectType: 'Finding', subjectId: finding.id, payload: { n } }));
    commitTimes.set(event.seq, performance.now());
    if (n % RATE === 0) server.peakRssKb();
  }
  const expected = total * WEBHOOKS;
  const deadline = performance.now() + 30_000;
  while (seen.size < expected && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    server.peakRssKb();
  }
  const peak = server.peakRssKb();
  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  console.log(`events committed: ${total}`);
  console.log(`deliveries made: ${seen.size.toLocaleString('en')} / ${expected.toLocaleString('en')}; duplicates ${duplicates}; bad signatures ${badSignatures}`);
  console.log(`commit-to-delivery: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${latencies[latencies.length - 1]?.toFixed(0)} ms`);
  console.log(`server peak memory (VmHWM): ${(peak / 1024).toFixed(0)} MB`);

  const [stages] = await db.query(
    `SELECT round(avg(extract(epoch FROM d.created_at - d.event_occurred_at)) * 1000) AS queued_ms,
            round(avg(extract(epoch FROM d.delivered_at - d.created_at)) * 1000) AS sent_ms
       FROM webhook_deliveries d`,
  );
  console.log(`mean event-to-queued ${stages.queued_ms} ms (fan-out), queued-to-recorded ${stages.sent_ms} ms (delivery)`);
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  receiver.closeAllConnections();
  receiver.close();
  await db.destroy();
  await dropDatabase(adminUrl, name);
  await embedded?.stop();
  const ok = seen.size === expected && badSignatures === 0 && p99 < 2_000 && peak < 300 * 1024;
  console.log(ok ? 'goal met: every delivery made, p99 < 2 s, < 300 MB' : 'goal NOT met');
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
