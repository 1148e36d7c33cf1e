/**
 * `npm run import -- --format avid|osv <file-or-directory>...` (with DATABASE_URL): imports AVID
 * reports or OSV records as findings (docs/interchange.md). Each document is imported or rejected
 * with a reason naming the field; re-running changes nothing. Prints one line per rejection and a
 * summary; exit code 0 when nothing was rejected, 1 otherwise, 2 for bad usage.
 */
import 'reflect-metadata';
import { createDataSource } from '../../ormconfig';
import { loadConfig } from '../config/config';
import { describeError } from '../infra/sql-logger';
import { importFiles, listDocumentFiles } from '../modules/interchange/import-files';

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run import -- --format avid|osv <file-or-directory>...`);
  process.exit(2);
}

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--format');
  if (i < 0 || !args[i + 1]) usage('--format is required.');
  const format = args[i + 1]!.toUpperCase();
  if (format !== 'AVID' && format !== 'OSV') usage(`Unknown format ${args[i + 1]}.`);
  const targets = args.filter((_a, j) => j !== i && j !== i + 1);
  if (targets.length === 0) usage('Name at least one file or directory.');
  const config = loadConfig();
  if (!config.databaseUrl) usage('DATABASE_URL is required.');
  const files = targets.flatMap((t) => listDocumentFiles(t));
  const db = createDataSource({ url: config.databaseOwnerUrl ?? config.databaseUrl });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const started = performance.now();
  const summary = await importFiles(db, format, files, {
    actor: 'import-cli',
    onOutcome: (o) => {
      if (o.outcome === 'REJECTED') console.log(`rejected ${o.file}: ${o.reason}`);
    },
  });
  await db.destroy();
  console.log(
    JSON.stringify(
      { files: summary.total, outcomes: summary.byOutcome, importedByClass: summary.byClass, rejections: summary.rejections, created: summary.created, versionsRecomputed: summary.versionsRecomputed, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) },
      null,
      2,
    ),
  );
  process.exitCode = summary.byOutcome.REJECTED ? 1 : 0;
}

void run().catch((err) => {
  console.error(describeError(err, { stack: true }));
  process.exit(1);
});
