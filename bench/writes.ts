/**
 * Write benchmark of issue 13: 20 closed-loop writers (reportFinding, assessFindingSeverity,
 * transitionFinding, openAudit, overrideExportDecision across many developers, auditors, versions
 * and jurisdictions) beside closed-loop readers of the read benchmark's partner queries (Q1–Q4 of
 * bench/api.ts, PARTNER_AGENCY token), on the read benchmark's data set (bench/support/build-dataset.ts).
 *
 *   npm run bench:writes [-- --quick] [-- --seconds 20] [-- --writers 20] [-- --readers 5] [-- --write-rate 50]
 *                        [-- --reuse-db] [-- --keep-db] [-- --database msr_bench_writes]
 *                        [-- --decision-sweep-seconds 300] [-- --deadline-sweep-seconds 60] [-- --checkpoint-seconds 300]
 *
 * `--write-rate N` puts the writers in an open loop instead: N writes/s offered on a shared schedule,
 * each write's latency counted from its slot.
 *
 * Phases: readers alone (the unloaded read p99), then writers and readers together. Throughout,
 * `/healthz` and `/readyz` are polled every 100 ms (max latency printed). A write counts when its
 * payload has no error; STALE_VERSION payloads are counted apart, timeouts (15 s) apart. Every
 * write carries a unique idempotency key; afterwards each acknowledged write is looked up in the
 * database (its idempotency row, and the finding, assessment, status change or audit it made):
 * any missing is a lost write. Deadlocks: the delta of `pg_stat_database.deadlocks` plus
 * "deadlock" lines in the server's log. The sweeps run at the server's default intervals
 * (`--decision-sweep-seconds`, `--deadline-sweep-seconds`, `--checkpoint-seconds` to change them).
 * Before the first run every version's decision is stored in every jurisdiction (one sweep, as a
 * running registry keeps them), so writes do not pay for materialising them.
 *
 * DATABASE_URL is an admin connection (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { mintDevToken } from '../src/modules/access/dev-tokens';
import type { Role } from '../src/modules/access/rules';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id';
import { dropDatabase } from '../src/infra/database';
import { buildDataset } from './support/build-dataset';
import { cpuMsOf } from './support/proc-cpu';
import { createDataSource } from '../ormconfig';
import { sweepDecisions } from '../src/modules/decisions/decision-sweep';

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
function option(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number`);
  return n;
}
const QUICK = flag('quick');
const SECONDS = option('seconds', QUICK ? 5 : 20);
const WRITERS = option('writers', 20);
const READERS = option('readers', 5);
/**
 * Open loop: the writers share a schedule of this many writes per second (0: closed loop, each
 * writer sends its next write when its last one is answered). A write's latency is then counted
 * from its slot in the schedule, not from when it was sent, so a server that falls behind shows
 * it in the latencies instead of hiding it (no coordinated omission).
 */
const WRITE_RATE = option('write-rate', 0);

/**
 * CPU ms so far (user + system, from /proc) of the server, of PostgreSQL — every `postgres` process
 * of this machine, backends and background workers — and of this client: where a phase's CPU went.
 */
function cpuSnapshot(serverPid: number | undefined): { server: number; postgres: number; client: number } {
  let postgres = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'latin1').startsWith('postgres')) postgres += cpuMsOf(entry);
    } catch {
      // gone meanwhile
    }
  }
  const usage = process.cpuUsage();
  return { server: cpuMsOf(serverPid), postgres, client: (usage.user + usage.system) / 1000 };
}
const cpuDelta = (a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>) => ({
  server: b.server - a.server,
  postgres: b.postgres - a.postgres,
  client: b.client - a.client,
});
const TIMEOUT_MS = 15_000;
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = (() => {
  const i = argv.indexOf('--database');
  const name = i >= 0 ? argv[i + 1] : 'msr_bench_writes';
  if (!name || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error('--database needs a lower-case PostgreSQL name');
  return name;
})();
const log = (m: string) => console.log(`[bench:writes] ${m}`);
// Extra node options for the server process, e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

// The read benchmark's partner queries (bench/api.ts, REG.q1–q4).
const PARTNER = {
  q1: 'query Q1($id: ID!) { modelVersion(id: $id) { name developer { name } } }',
  q2: 'query Q2($after: String) { modelVersions(first: 50, after: $after) { edges { node { name findings { publicId title status } audits { outcome auditor { name } } } } } }',
  q3: 'query Q3($dev: ID!) { findings(first: 20, filter: { developerId: $dev, status: [REPORTED, TRIAGED] }) { totalCount edges { node { publicId title status } } } }',
  q4: 'query Q4($code: String!) { exportDecisions(first: 100, filter: { jurisdictionCode: $code }) { edges { node { outcome modelVersion { name } } } } }',
};

const FINDING_FIELDS = 'finding { id rowVersion status } errors { code message path }';
const M = {
  report: `mutation R($input: ReportFindingInput!) { reportFinding(input: $input) { ${FINDING_FIELDS} } }`,
  assess: `mutation A($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { ${FINDING_FIELDS} } }`,
  transition: `mutation T($input: TransitionFindingInput!) { transitionFinding(input: $input) { ${FINDING_FIELDS} } }`,
  audit: 'mutation O($input: OpenAuditInput!) { openAudit(input: $input) { audit { id } errors { code message path } } }',
  override: 'mutation X($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { exportDecision { id } errors { code message path } } }',
};
type Kind = keyof typeof M;
const MIX: [Kind, number][] = [
  ['report', 0.25],
  ['assess', 0.3],
  ['transition', 0.2],
  ['audit', 0.15],
  ['override', 0.1],
];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Answer {
  ok: boolean;
  status: number;
  timedOut: boolean;
  ms: number;
  json: any;
}

async function call(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json: any = await res.json().catch(() => null);
    return { ok: res.ok && !json?.errors, status: res.status, timedOut: false, ms: performance.now() - started, json };
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
    return { ok: false, status: 0, timedOut, ms: performance.now() - started, json: { errors: [{ message: String(err) }] } };
  }
}

interface Stats {
  ok: number[];
  stale: number;
  /** HTTP 503 SERVICE_UNAVAILABLE: no connection or write turn in time (bounded waiting). */
  busy: number;
  otherErrors: number;
  timeouts: number;
  firstError: string | null;
}
const newStats = (): Stats => ({ ok: [], stale: 0, busy: 0, otherErrors: 0, timeouts: 0, firstError: null });

interface Ack {
  kind: Kind;
  key: string;
  actor: string;
  id?: string;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount;
  await admin.end();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${DB_NAME}`;
  if (!(flag('reuse-db') && exists)) await buildDataset(ADMIN_URL, DB_NAME, log);
  else log(`reusing database ${DB_NAME}`);

  // Every version's decision in every jurisdiction stored, as a running registry's sweep keeps them
  // (the data set stores 51 jurisdictions): otherwise the first write on a version materialises ~200 rows.
  {
    const db = createDataSource({ url: dbUrl.toString(), poolSize: 2, applicationName: 'msr-bench-materialise' });
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const [{ missing }] = await db.query(
      `SELECT (SELECT count(*) FROM model_versions) * (SELECT count(*) FROM jurisdictions) - (SELECT count(*) FROM export_decisions) AS missing`,
    );
    if (Number(missing) > 0) {
      log(`materialising ${missing} stored decisions (one sweep)`);
      const t = performance.now();
      const r = await sweepDecisions(db, new Date(), 20);
      log(`  ${r.changed} decisions over ${r.versions} versions in ${fmt((performance.now() - t) / 1000, 1)} s`);
    }
    await db.destroy();
  }
  const pg = new Client({ connectionString: dbUrl.toString() });
  await pg.connect();
  const rows = async (sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rows;
  const versions: { id: string; developer_id: string }[] = await rows('SELECT id::text, developer_id::text FROM model_versions ORDER BY id');
  const byDeveloper = new Map<string, string[]>();
  for (const v of versions) byDeveloper.set(v.developer_id, [...(byDeveloper.get(v.developer_id) ?? []), v.id]);
  const developers = [...byDeveloper.keys()];
  const auditors: string[] = (await rows(`SELECT id::text FROM organizations WHERE kind = 'AUDITOR' ORDER BY id`)).map((r) => r.id);
  const [agency] = await rows(`SELECT id::text FROM organizations WHERE kind = 'AGENCY' LIMIT 1`);
  const codes: string[] = (await rows('SELECT DISTINCT j.code FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id ORDER BY 1')).map((r) => r.code);
  // Findings affecting exactly two versions: the assessment the issue times.
  const twoVersionFindings: string[] = (
    await rows(`SELECT finding_id::text AS id FROM finding_affected_versions GROUP BY finding_id HAVING count(*) = 2 ORDER BY 1 LIMIT 2000`)
  ).map((r) => r.id);
  const open: { id: string; status: string; row_version: number }[] = await rows(
    `SELECT id::text, status, row_version FROM findings WHERE status IN ('REPORTED', 'TRIAGED') ORDER BY random() LIMIT 3000`,
  );
  const deadlocksBefore = Number((await rows('SELECT deadlocks FROM pg_stat_database WHERE datname = $1', [DB_NAME]))[0].deadlocks);

  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: dbUrl.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    SEED_DEMO: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The sweeps at the server's defaults unless asked otherwise (the sweep-during-storm test is
    // test/integration/concurrency/write-path.test.ts).
    DEADLINE_SWEEP_SECONDS: String(option('deadline-sweep-seconds', 60)),
    DECISION_SWEEP_SECONDS: String(option('decision-sweep-seconds', 300)),
    EVENT_CHECKPOINT_SECONDS: String(option('checkpoint-seconds', 300)),
    WEBHOOK_WORKER: '0',
    COST_BUDGET_PER_MINUTE: '1000000000',
  };
  for (const name of ['DB_POOL_SIZE', 'DB_ACQUIRE_TIMEOUT_MS', 'DB_STATEMENT_TIMEOUT_MS', 'DB_WRITE_CONCURRENCY', 'COST_BUDGET_STORE', 'GRAPHQL_EXECUTOR']) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const logFile = path.join(os.tmpdir(), `msr-bench-writes-${process.pid}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  // Never leave the server behind, whatever happens to this process.
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  log('starting the registry');
  for (const t0 = Date.now(); ; ) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() - t0 > 90_000) throw new Error(`server did not start:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `${base}/graphql`;

  const config = loadConfig(env);
  const tokenFor = async (subject: string, roles: string[], organizationId: string | null) =>
    `Bearer ${await mintDevToken(config.auth, { subject, organizationId, roles: roles as Role[], expiresInSeconds: 6 * 3600 })}`;
  const regulator = await tokenFor('bench-regulator', ['REGULATOR'], null);
  const partner = await tokenFor('bench-partner-agency', ['PARTNER_AGENCY'], agency?.id ?? null);
  const auditorTokens = new Map<string, string>();
  for (const a of auditors.slice(0, 50)) auditorTokens.set(a, await tokenFor(`bench-auditor-${a.slice(0, 8)}`, ['AUDITOR'], a));

  // Reader bodies: every request draws its variables from the whole data set.
  const versionCursors: string[] = [];
  for (let after: string | null = null; ; ) {
    const page: Answer = await call(url, { query: 'query($after: String) { modelVersions(first: 100, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }', variables: { after } }, { authorization: partner });
    if (!page.ok) throw new Error(`cursor listing failed: ${JSON.stringify(page.json).slice(0, 500)}`);
    versionCursors.push(...page.json.data.modelVersions.edges.map((e: { cursor: string }) => e.cursor));
    if (!page.json.data.modelVersions.pageInfo.hasNextPage) break;
    after = page.json.data.modelVersions.pageInfo.endCursor;
  }
  const readBody = () => {
    switch (Math.floor(Math.random() * 4)) {
      case 0:
        return { query: PARTNER.q1, variables: { id: toGlobalId('ModelVersion', pick(versions).id) } };
      case 1:
        return { query: PARTNER.q2, variables: { after: Math.random() < 0.05 ? null : pick(versionCursors.slice(0, -50)) } };
      case 2:
        return { query: PARTNER.q3, variables: { dev: toGlobalId('Organization', pick(developers)) } };
      default:
        return { query: PARTNER.q4, variables: { code: pick(codes) } };
    }
  };

  // Probes every 100 ms throughout.
  const probeMax: Record<string, number> = { '/healthz': 0, '/readyz': 0 };
  const probeFailures: Record<string, number> = { '/healthz': 0, '/readyz': 0 };
  let probing = true;
  const probes = Promise.all(
    Object.keys(probeMax).map(async (p) => {
      while (probing) {
        const t = performance.now();
        try {
          const res = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(5_000) });
          await res.arrayBuffer();
          if (!res.ok) probeFailures[p]! += 1;
        } catch {
          probeFailures[p]! += 1;
        }
        probeMax[p] = Math.max(probeMax[p]!, performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );

  const runReaders = async (seconds: number, stats: Stats) => {
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: READERS }, async () => {
        while (performance.now() < until) {
          const a = await call(url, readBody(), { authorization: partner });
          if (a.ok) stats.ok.push(a.ms);
          else if (a.timedOut) stats.timeouts += 1;
          else if (a.status === 503) stats.busy += 1;
          else {
            stats.otherErrors += 1;
            stats.firstError ??= `${a.status} ${JSON.stringify(a.json).slice(0, 300)}`;
          }
        }
      }),
    );
  };

  // Warm-up, then readers alone.
  await runReaders(QUICK ? 1 : 3, newStats());
  const unloaded = newStats();
  log(`readers alone: ${READERS} readers for ${SECONDS} s`);
  const cpuBeforeReads = cpuSnapshot(child.pid);
  await runReaders(SECONDS, unloaded);
  const readsCpu = cpuDelta(cpuBeforeReads, cpuSnapshot(child.pid));

  // The storm: writers and readers together.
  const writes = new Map<Kind, Stats>(MIX.map(([k]) => [k, newStats()]));
  const assessTwo: number[] = [];
  const acks: Ack[] = [];
  const pool = open.map((f) => ({ id: f.id, status: f.status, rowVersion: Number(f.row_version) }));
  const loaded = newStats();
  const cpuBeforeStorm = cpuSnapshot(child.pid);
  const stormStarted = performance.now();
  let slot = 0; // the next slot of the open-loop schedule (--write-rate)
  const until = stormStarted + SECONDS * 1000;
  log(`storm: ${WRITERS} writers and ${READERS} readers for ${SECONDS} s`);

  const writeOnce = async (w: number, lagMs: number): Promise<void> => {
    let r = Math.random();
    const kind: Kind = MIX.find(([, p]) => (r -= p) < 0)?.[0] ?? 'report';
    const key = `bench-${randomUUID()}`;
    let body: unknown;
    let auth = regulator;
    let actor = 'user:bench-regulator';
    let twoVersions = false;
    let target: (typeof pool)[number] | undefined;
    const now = Date.now();
    switch (kind) {
      case 'report': {
        const dev = pick(developers);
        const vs = byDeveloper.get(dev)!;
        const affected = [...new Set([pick(vs), pick(vs)])];
        body = {
          query: M.report,
          variables: {
            input: {
              affectedVersionIds: affected.map((v) => toGlobalId('ModelVersion', v)),
              title: `Bench finding ${key}`,
              summary: 'Written by the write benchmark.',
              category: pick(['JAILBREAK', 'PROMPT_INJECTION', 'DATA_EXFILTRATION']),
              discoveredAt: new Date(now - 86_400_000).toISOString(),
              idempotencyKey: key,
            },
          },
        };
        break;
      }
      case 'assess': {
        twoVersions = Math.random() < 0.7 && twoVersionFindings.length > 0;
        const findingId = twoVersions ? pick(twoVersionFindings) : pick(pool).id;
        body = {
          query: M.assess,
          variables: {
            input: {
              findingId: toGlobalId('Finding', findingId),
              cvssVector: pick(['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N', 'CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N']),
              aiFactors: { capabilityDomain: pick(['GENERAL', 'CODE', 'CYBER_OFFENSE']), universal: Math.random() < 0.3, successRate: Math.round(Math.random() * 100) / 100, trials: 100, exploitedInWild: false },
              rationale: key,
              idempotencyKey: key,
            },
          },
        };
        break;
      }
      case 'transition': {
        target = pick(pool.filter((f) => f.status === 'REPORTED' || f.status === 'TRIAGED').slice(0, 500)) ?? pick(pool);
        body = {
          query: M.transition,
          variables: {
            input: {
              findingId: toGlobalId('Finding', target.id),
              expectedRowVersion: target.rowVersion,
              to: target.status === 'REPORTED' ? 'TRIAGED' : 'MITIGATING',
              reason: key,
              idempotencyKey: key,
            },
          },
        };
        break;
      }
      case 'audit': {
        const auditor = pick([...auditorTokens.keys()]);
        auth = auditorTokens.get(auditor)!;
        actor = `user:bench-auditor-${auditor.slice(0, 8)}`;
        body = {
          query: M.audit,
          variables: { input: { auditorId: toGlobalId('Organization', auditor), modelVersionId: toGlobalId('ModelVersion', pick(versions).id), kind: 'INITIAL', scopes: ['JAILBREAK'], summary: key, idempotencyKey: key } },
        };
        break;
      }
      case 'override':
        body = {
          query: M.override,
          variables: {
            input: {
              modelVersionId: toGlobalId('ModelVersion', pick(versions).id),
              jurisdictionCode: pick(codes),
              outcome: pick(['ELIGIBLE', 'CONDITIONAL']),
              justification: key,
              expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
              idempotencyKey: key,
            },
          },
        };
        break;
    }
    const a = await call(url, body, { authorization: auth });
    const stats = writes.get(kind)!;
    if (a.timedOut) return void (stats.timeouts += 1);
    if (a.status === 503) return void (stats.busy += 1);
    const payload = a.json?.data ? (Object.values(a.json.data)[0] as any) : null;
    if (!a.ok || !payload) {
      stats.otherErrors += 1;
      stats.firstError ??= `${a.status} ${JSON.stringify(a.json).slice(0, 300)}`;
      return;
    }
    if (payload.errors.length > 0) {
      if (payload.errors.some((e: { code: string }) => e.code === 'STALE_VERSION')) {
        stats.stale += 1;
        if (target) {
          // Reload the version, as a client would.
          const [row] = await rows('SELECT status, row_version FROM findings WHERE id = $1', [target.id]);
          target.status = row.status;
          target.rowVersion = Number(row.row_version);
        }
      } else {
        stats.otherErrors += 1;
        stats.firstError ??= JSON.stringify(payload.errors).slice(0, 300);
      }
      return;
    }
    stats.ok.push(a.ms + lagMs);
    if (kind === 'assess' && twoVersions) assessTwo.push(a.ms + lagMs);
    const id = payload.finding?.id ?? payload.audit?.id ?? payload.exportDecision?.id;
    acks.push({ kind, key, actor, id });
    if (kind === 'report') pool.push({ id: fromGlobal(payload.finding.id), status: 'REPORTED', rowVersion: payload.finding.rowVersion });
    if (target && payload.finding) {
      target.status = payload.finding.status;
      target.rowVersion = payload.finding.rowVersion;
    }
    void w;
  };

  await Promise.all([
    ...Array.from({ length: WRITERS }, async (_, w) => {
      while (performance.now() < until) {
        if (WRITE_RATE <= 0) {
          await writeOnce(w, 0);
          continue;
        }
        const at = stormStarted + (slot++ * 1000) / WRITE_RATE;
        if (at >= until) break;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await writeOnce(w, Math.max(0, performance.now() - at));
      }
    }),
    runReaders(SECONDS, loaded),
  ]);
  const stormSeconds = (performance.now() - stormStarted) / 1000;
  const stormCpu = cpuDelta(cpuBeforeStorm, cpuSnapshot(child.pid));
  // Probes keep running for a moment after the storm (the server must not go on working for gone clients).
  await new Promise((r) => setTimeout(r, 1000));
  probing = false;
  await probes;

  // Lost acknowledged writes.
  let lost = 0;
  const lostExamples: string[] = [];
  const keyRows = new Set((await rows(`SELECT key FROM idempotency_keys WHERE key LIKE 'bench-%'`)).map((r) => r.key as string));
  const assessed = new Set((await rows(`SELECT rationale FROM severity_assessments WHERE rationale LIKE 'bench-%'`)).map((r) => r.rationale as string));
  const transitioned = new Set((await rows(`SELECT reason FROM finding_status_changes WHERE reason LIKE 'bench-%'`)).map((r) => r.reason as string));
  const audits = new Set((await rows(`SELECT summary FROM audits WHERE summary LIKE 'bench-%'`)).map((r) => r.summary as string));
  const reported = new Set((await rows(`SELECT title FROM findings WHERE title LIKE 'Bench finding bench-%'`)).map((r) => (r.title as string).slice('Bench finding '.length)));
  // An override leaves its justification on the decision row until the next override of that row: its idempotency row is the check.
  for (const ack of acks) {
    const there =
      keyRows.has(ack.key) &&
      (ack.kind === 'report' ? reported.has(ack.key) : ack.kind === 'assess' ? assessed.has(ack.key) : ack.kind === 'transition' ? transitioned.has(ack.key) : ack.kind === 'audit' ? audits.has(ack.key) : true);
    if (!there) {
      lost += 1;
      if (lostExamples.length < 5) lostExamples.push(`${ack.kind} ${ack.key}`);
    }
  }
  const deadlocksAfter = Number((await rows('SELECT deadlocks FROM pg_stat_database WHERE datname = $1', [DB_NAME]))[0].deadlocks);
  await pg.end();

  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const serverLog = fs.readFileSync(logFile, 'utf8');
  const deadlockLines = serverLog.split('\n').filter((l) => /deadlock/i.test(l));
  fs.rmSync(logFile, { force: true });
  if (!flag('keep-db') && !flag('reuse-db')) await dropDatabase(ADMIN_URL, DB_NAME);

  // Report.
  const all = [...writes.values()];
  const okAll = all.flatMap((s) => s.ok);
  const sum = (f: (s: Stats) => number) => all.reduce((n, s) => n + f(s), 0);
  const lines: string[] = [''];
  lines.push(`Write benchmark: ${WRITERS} writers${WRITE_RATE > 0 ? ` (open loop, ${WRITE_RATE} writes/s offered)` : ''} + ${READERS} readers, ${fmt(stormSeconds, 1)} s storm; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  lines.push('');
  lines.push('| write | ok | per s | p50 ms | p99 ms | STALE_VERSION | 503 busy | other errors | timeouts |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const [k] of MIX) {
    const s = writes.get(k)!;
    lines.push(`| ${k} | ${s.ok.length} | ${fmt(s.ok.length / stormSeconds, 1)} | ${fmt(quantile(s.ok, 0.5))} | ${fmt(quantile(s.ok, 0.99))} | ${s.stale} | ${s.busy} | ${s.otherErrors} | ${s.timeouts} |`);
  }
  lines.push(`| all | ${okAll.length} | ${fmt(okAll.length / stormSeconds, 1)} | ${fmt(quantile(okAll, 0.5))} | ${fmt(quantile(okAll, 0.99))} | ${sum((s) => s.stale)} | ${sum((s) => s.busy)} | ${sum((s) => s.otherErrors)} | ${sum((s) => s.timeouts)} |`);
  lines.push('');
  lines.push(`assessFindingSeverity (finding affecting 2 versions): n=${assessTwo.length}, p50 ${fmt(quantile(assessTwo, 0.5))} ms, p99 ${fmt(quantile(assessTwo, 0.99))} ms`);
  lines.push(`reads alone:       ${fmt(unloaded.ok.length / SECONDS, 1)}/s, p50 ${fmt(quantile(unloaded.ok, 0.5))} ms, p99 ${fmt(quantile(unloaded.ok, 0.99))} ms, errors ${unloaded.otherErrors}, 503 ${unloaded.busy}, timeouts ${unloaded.timeouts}`);
  lines.push(`reads with writes: ${fmt(loaded.ok.length / stormSeconds, 1)}/s, p50 ${fmt(quantile(loaded.ok, 0.5))} ms, p99 ${fmt(quantile(loaded.ok, 0.99))} ms, errors ${loaded.otherErrors}, 503 ${loaded.busy}, timeouts ${loaded.timeouts}; p99 ratio ${fmt(quantile(loaded.ok, 0.99) / quantile(unloaded.ok, 0.99), 2)}`);
  {
    // CPU per operation: reads from the readers-alone phase; a write is what the storm spent beyond its reads at that cost.
    const readsAlone = Math.max(1, unloaded.ok.length);
    const perRead = { server: readsCpu.server / readsAlone, postgres: readsCpu.postgres / readsAlone };
    const answeredWrites = [...writes.values()].reduce((n, st) => n + st.ok.length + st.stale + st.otherErrors, 0);
    const share = (v: number, seconds: number) => `${fmt(v / seconds / 10, 0)} %`;
    lines.push(
      `CPU (% of one core): readers alone server ${share(readsCpu.server, SECONDS)}, PostgreSQL ${share(readsCpu.postgres, SECONDS)}, client ${share(readsCpu.client, SECONDS)}; ` +
        `storm server ${share(stormCpu.server, stormSeconds)}, PostgreSQL ${share(stormCpu.postgres, stormSeconds)}, client ${share(stormCpu.client, stormSeconds)}`,
    );
    const writeCpu = (total: number, read: number) => (total - loaded.ok.length * read) / Math.max(1, answeredWrites);
    lines.push(
      `CPU ms per operation: read (alone) server ${fmt(perRead.server, 2)}, PostgreSQL ${fmt(perRead.postgres, 2)}; ` +
        `write (storm, answered writes, reads at that cost taken out) server ${fmt(writeCpu(stormCpu.server, perRead.server), 2)}, PostgreSQL ${fmt(writeCpu(stormCpu.postgres, perRead.postgres), 2)}`,
    );
  }
  lines.push(`probes max: /healthz ${fmt(probeMax['/healthz']!)} ms (${probeFailures['/healthz']} failed), /readyz ${fmt(probeMax['/readyz']!)} ms (${probeFailures['/readyz']} failed)`);
  lines.push(`lost acknowledged writes: ${lost} of ${acks.length}${lostExamples.length ? ` (${lostExamples.join(', ')})` : ''}`);
  lines.push(`deadlocks: ${deadlocksAfter - deadlocksBefore} (pg_stat_database), ${deadlockLines.length} server log line(s)${deadlockLines[0] ? `: ${deadlockLines[0].slice(0, 200)}` : ''}`);
  const firstErrors = [...writes.entries()].filter(([, s]) => s.firstError).map(([k, s]) => `${k}: ${s.firstError}`);
  if (loaded.firstError) firstErrors.push(`read: ${loaded.firstError}`);
  if (firstErrors.length) lines.push(`first errors: ${firstErrors.join(' | ')}`);
  lines.push(`(${fmt((Date.now() - startedAt) / 1000)} s in all)`);
  console.log(lines.join('\n'));
}

function fromGlobal(id: string): string {
  const decoded = parseGlobalId(id);
  if (!decoded) throw new Error(`not a global id: ${id}`);
  return decoded.localId;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
