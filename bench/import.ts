/**
 * `npm run bench:import` (issue 15): imports the 850 shared AVID reports into a fresh database
 * (created on DATABASE_URL, an admin connection, and dropped afterwards) with the demo story's
 * policy in force, so the export decisions of every version touched are recomputed, and prints a
 * count per outcome and rejection reason with the time of each phase. Target: under 30 s.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import [-- --dir <reports> --keep]
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../ormconfig';
import { dropDatabase, ensureDatabase } from '../src/infra/database';
import { importFiles, listDocumentFiles } from '../src/modules/interchange/import-files';
import { seedDemoData } from '../src/seed/demo-data';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const admin = process.env.DATABASE_URL;
  if (!admin) {
    console.error('DATABASE_URL (an admin connection) is required: the bench creates and drops its own database.');
    process.exit(2);
  }
  const dir = option('dir') ?? path.resolve(__dirname, '../test/fixtures/avid/reports/2026');
  const files = listDocumentFiles(dir);
  const name = `msr_bench_import_${process.pid}`;
  await ensureDatabase(admin, name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = createDataSource({ url: url.toString(), poolSize: 4 });
  try {
    await db.initialize();
    let t = performance.now();
    await db.runMigrations({ transaction: 'each' });
    await seedDemoData(db);
    const setup = (performance.now() - t) / 1000;
    t = performance.now();
    let importEnd = t;
    const summary = await importFiles(db, 'AVID', files, { actor: 'bench-import', onOutcome: () => (importEnd = performance.now()) });
    const end = performance.now();
    const [{ n: decisions }] = await db.query('SELECT count(*)::int AS n FROM export_decisions');
    console.log(
      JSON.stringify(
        {
          files: summary.total,
          outcomes: summary.byOutcome,
          importedByClass: summary.byClass,
          rejections: summary.rejections,
          created: summary.created,
          versionsRecomputed: summary.versionsRecomputed,
          exportDecisionsStored: decisions,
          seconds: {
            setupMigrateAndSeed: +setup.toFixed(2),
            importDocuments: +((importEnd - t) / 1000).toFixed(2),
            recomputeDecisions: +((end - importEnd) / 1000).toFixed(2),
            total: +((end - t) / 1000).toFixed(2),
          },
          targetSeconds: 30,
          loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
        },
        null,
        2,
      ),
    );
  } finally {
    if (db.isInitialized) await db.destroy();
    if (!process.argv.includes('--keep')) await dropDatabase(admin, name);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
