/**
 * What named prepared statements buy (issue 12; src/persistence/prepared-statements.ts):
 *
 *   npm run bench:prepared -- [--loads 2000] [--rounds 2]
 *
 * Builds the read benchmark's data set (bench/support/build-dataset.ts) in `msr_bench_prepared`
 * on the server of DATABASE_URL (default the local one), then on ONE connection loads the facts of
 * one version after another (`loadModelVersionFacts`, the engine's input: five statements, six
 * with lineage) in three settings, interleaved: unnamed statements (DB_PREPARED_STATEMENTS=0),
 * named statements left to PostgreSQL's default plan choice, and named statements on the generic
 * plan (the service's setting). Prints ms per load (wall, so PostgreSQL's parse and plan time is
 * in it) and the server's plan counters. Not part of `npm test`.
 */
import { createDataSource } from '../ormconfig';
import { dropDatabase } from '../src/infra/database';
import { loadModelVersionFacts } from '../src/modules/decisions/facts-store';
import { buildDataset } from './support/build-dataset';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const LOADS = arg('loads', 2000);
const ROUNDS = arg('rounds', 2);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'msr_bench_prepared';

const SETTINGS = [
  { label: 'unnamed (DB_PREPARED_STATEMENTS=0)', prepared: false, options: null },
  { label: 'named, plan_cache_mode=auto', prepared: true, options: '-c plan_cache_mode=auto' },
  { label: 'named, generic plan (the service)', prepared: true, options: null },
] as const;

async function measure(url: string, setting: (typeof SETTINGS)[number], versionIds: string[]): Promise<{ ms: number; plans: string }> {
  const db = createDataSource({ url, poolSize: 1, preparedStatements: setting.prepared, applicationName: 'msr-bench-prepared' });
  if (setting.options) {
    // The same pool, with PostgreSQL's default plan choice instead of the generic plan.
    (db.options as { extra: Record<string, unknown> }).extra.options = setting.options;
  }
  await db.initialize();
  try {
    for (let i = 0; i < 300; i++) await loadModelVersionFacts(db.manager, [versionIds[i % versionIds.length]!]);
    const start = process.hrtime.bigint();
    for (let i = 0; i < LOADS; i++) await loadModelVersionFacts(db.manager, [versionIds[(i * 7) % versionIds.length]!]);
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / LOADS;
    const [plans] = (await db.query('SELECT coalesce(sum(generic_plans), 0) AS g, coalesce(sum(custom_plans), 0) AS c FROM pg_prepared_statements')) as {
      g: string;
      c: string;
    }[];
    return { ms, plans: setting.prepared ? `${plans!.g} generic / ${plans!.c} custom plans` : '—' };
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const ds = await buildDataset(ADMIN_URL, DB_NAME, (m) => console.log(`[bench:prepared] ${m}`));
  try {
    const results = new Map<string, number[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const setting of SETTINGS) {
        const { ms, plans } = await measure(ds.url, setting, ds.versionIds);
        (results.get(setting.label) ?? results.set(setting.label, []).get(setting.label)!).push(ms);
        console.log(`[bench:prepared] round ${round}: ${setting.label}: ${ms.toFixed(3)} ms per facts load (${plans})`);
      }
    }
    console.log(`\n| ${LOADS} facts loads of one version each, one connection | best ms per load |\n|---|---|`);
    for (const [label, list] of results) console.log(`| ${label} | ${Math.min(...list).toFixed(3)} |`);
  } finally {
    await dropDatabase(ADMIN_URL, DB_NAME).catch(() => undefined);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
