/**
 * The policy what-if over the whole registry of the read benchmark (issue 16): builds the data
 * set of bench/support/build-dataset.ts (about 1,005 versions, 5,000 findings, 2,000 audits) in a
 * fresh database, then runs `simulatePolicy` through the real schema and resolvers (in process,
 * no HTTP) as a regulator — every version × all 249 jurisdictions under the policy in force and
 * under a draft — and prints each run's wall time and where it went. Target: under 2 s.
 *
 *   npm run bench:simulate [-- --runs 5] [-- --quick] [-- --keep-db] [-- --reuse-db]
 *
 * --keep-db leaves the database in place; --reuse-db uses one left by an earlier --keep-db run.
 *
 * The draft moves a TIER_1 country to TIER_2, lowers the CRITICAL band to 8.5 and halves the
 * HIGH remediation timeline, so decisions, deadlines and obligations all change.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { createDataSource } from '../ormconfig';
import { STARTING_POLICY, type PolicyDocument } from '../src/domain';
import { createContext, type GraphQLContext } from '../src/graphql/context';
import { buildSchema } from '../src/graphql/schema';
import { dropDatabase } from '../src/infra/database';
import { buildDataset } from './support/build-dataset';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'msr_bench_simulate';
const QUICK = process.argv.includes('--quick');
const REUSE_DB = process.argv.includes('--reuse-db');
const KEEP_DB = process.argv.includes('--keep-db') || REUSE_DB;
const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : QUICK ? 2 : 5;
const TARGET_MS = 2_000;

const draft = structuredClone(STARTING_POLICY) as PolicyDocument;
draft.version = '2026.2-bench';
draft.jurisdictions.tiers.TIER_1 = draft.jurisdictions.tiers.TIER_1.filter((c) => c !== 'IE');
draft.severity.bands = draft.severity.bands.map((b) => (b.level === 'CRITICAL' ? { ...b, minScore: 8.5 } : b));
draft.timelines.HIGH = { ...draft.timelines.HIGH, remediateHours: draft.timelines.HIGH.remediateHours! / 2 };

const QUERY = `query ($input: SimulatePolicyInput!) {
  simulatePolicy(input: $input) {
    errors { path code message }
    simulation {
      evaluatedDecisions changedDecisions
      counts { tier outcome before after }
      changes(first: 100) { totalCount edges { node { modelVersion { name } jurisdiction { code } before { outcome reasons { code } } after { outcome reasons { code } } } } }
      deadlineChanges { kind finding { publicId } }
      disclosureChanges { code }
      documentChanges { summary }
    }
  }
}`;

const log = (m: string) => console.log(m);

async function main(): Promise<void> {
  let url: string;
  if (REUSE_DB) {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${DB_NAME}`;
    url = u.toString();
  } else {
    log(`building the data set in ${DB_NAME} …`);
    url = (await buildDataset(ADMIN_URL, DB_NAME, log)).url;
  }
  const db = createDataSource({ url, poolSize: 4, applicationName: 'msr-bench-simulate' });
  await db.initialize();
  if (REUSE_DB) await db.runMigrations({ transaction: 'each' }); // a database left by an older tree
  const [{ n: versionCount }] = await db.query('SELECT count(*)::int AS n FROM model_versions');
  const server = new ApolloServer<GraphQLContext>({ schema: buildSchema(), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await server.start();
  try {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      const response = await server.executeOperation(
        { query: QUERY, variables: { input: { document: JSON.stringify(draft) } } },
        { contextValue: createContext({ db, viewer: { subject: 'bench-regulator', organizationId: null, roles: ['REGULATOR'] } }) },
      );
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuStarted);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      times.push(ms);
      cpuTimes.push(cpuMs);
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const { data, errors } = response.body.singleResult as { data?: any; errors?: unknown };
      if (errors || data.simulatePolicy.errors.length > 0) throw new Error(JSON.stringify(errors ?? data.simulatePolicy.errors));
      const sim = data.simulatePolicy.simulation;
      log(
        `run ${run}${run === 1 ? ' (cold)' : ''}: ${sim.evaluatedDecisions.toLocaleString('en')} version × jurisdiction pairs under 2 policies, ` +
          `${sim.changedDecisions.toLocaleString('en')} outcome changes, ${sim.deadlineChanges.length} deadline and ${sim.disclosureChanges.length} disclosure changes, ` +
          `${sim.documentChanges.length} document changes: ${ms.toFixed(0)} ms (this process's CPU ${cpuMs.toFixed(0)} ms)`,
      );
    }
    const warm = times.length > 1 ? times.slice(1) : times;
    const sorted = [...warm].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const worst = sorted[sorted.length - 1]!;
    const cpuWarm = (cpuTimes.length > 1 ? cpuTimes.slice(1) : cpuTimes).sort((a, b) => a - b);
    log(
      `simulatePolicy over ${versionCount} versions: median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (warm runs), ` +
        `cold ${times[0]!.toFixed(0)} ms; median CPU of this process ${cpuWarm[Math.floor(cpuWarm.length / 2)]!.toFixed(0)} ms ` +
        `(less sensitive to other load; PostgreSQL's share is not in it); target < ${TARGET_MS} ms wall: ${worst < TARGET_MS ? 'met' : 'NOT met'} ` +
        `(load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} cores)`,
    );
  } finally {
    await server.stop();
    await db.destroy();
    if (!KEEP_DB) await dropDatabase(ADMIN_URL, DB_NAME).catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
