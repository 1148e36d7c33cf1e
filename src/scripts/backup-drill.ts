/**
 * `npm run backup-drill [-- --pg-bin <dir>] [-- --keep]`: proves a backup restores, end to end.
 *
 *   1. pg_dump (custom format) of the registry database: DATABASE_OWNER_URL, else DATABASE_URL;
 *   2. pg_restore into a new database `msr_drill_<time>` on the same server (the role needs
 *      CREATEDB; objects are owned by the restoring role, and the server re-grants the
 *      application role at start-up, so `--no-owner --no-privileges`);
 *   3. the migrations report up to date on the restored copy;
 *   4. the event log's hash chain and every signed checkpoint verify on the copy (the
 *      append-only triggers of `events`/`event_checkpoints` are created after the data is
 *      copied, so they do not block the restore), the copy's head is a prefix of the live log,
 *      and every sealed restricted-details row decrypts with the configured keys;
 *   5. the drill database is dropped (unless `--keep`), and the dump file removed.
 *
 * pg_dump must be of the server's major version (or newer): a pg_dump older than the server
 * refuses to dump it. The embedded PostgreSQL (18) ships no pg_dump; run the drill against the
 * PostgreSQL service with a matching client (`apt-get install postgresql-client-<major>`), or
 * point `--pg-bin` at one. Exit code 0 when the drill passed, 1 when a check failed, 2 when it
 * could not run.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createDataSource } from '../../ormconfig';
import { loadConfig, type Config } from '../config/config';
import { detailsCipherOf } from '../infra/details-crypto';
import { dropDatabase, ensureDatabase, redactUrl } from '../infra/database';
import { verifyEventChain } from '../modules/events/event-log';
import { openRestrictedDetails } from '../modules/findings/restricted-details-store';
import { keyRingFrom } from '../modules/signing/registry-key';
import { FindingRestrictedDetailsEntity } from '../persistence/entities';

const run = promisify(execFile);

export interface DrillOptions {
  /** The database to back up (a role that may read every table; the owner is best). */
  sourceUrl: string;
  config: Config;
  /** Directory of pg_dump/pg_restore; default: PATH. */
  pgBin?: string;
  /** Keep the restored database (its name is in the report). */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface DrillReport {
  ok: boolean;
  problems: string[];
  drillDatabase: string;
  dumpBytes: number;
  serverVersion: string;
  pgDumpVersion: string;
  events: number;
  checkpoints: number;
  restrictedDetails: number;
  durationsMs: { dump: number; restore: number; verify: number };
  /** Rows per table, restored copy (UNLOGGED tables are dumped without data). */
  rows: Record<string, number>;
}

function tool(pgBin: string | undefined, name: string): string {
  return pgBin ? path.join(pgBin, name) : name;
}

function majorOf(version: string): number {
  const m = /(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) throw new Error(`cannot read a version from "${version}"`);
  return Number(m[1]);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, application_name: 'msr-backup-drill' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(url, `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relpersistence = 'p' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "${name.replace(/"/g, '""')}"`);
    counts[name] = row!.n;
  }
  return counts;
}

export async function runBackupDrill(opts: DrillOptions): Promise<DrillReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const problems: string[] = [];
  const [{ version: serverVersion }] = await query<{ version: string }>(opts.sourceUrl, `SELECT current_setting('server_version') AS version`);
  const { stdout: dumpVersionOut } = await run(tool(opts.pgBin, 'pg_dump'), ['--version']);
  const pgDumpVersion = dumpVersionOut.trim();
  if (majorOf(pgDumpVersion.replace(/^\D+/, '')) < majorOf(serverVersion)) {
    throw new Error(
      `${pgDumpVersion} cannot dump a PostgreSQL ${serverVersion} server: install the client of major version ${majorOf(serverVersion)} (or newer) and pass --pg-bin`,
    );
  }
  const drillDatabase = `msr_drill_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const drillUrl = withDatabase(opts.sourceUrl, drillDatabase);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msr-drill-'));
  const dumpFile = path.join(dir, 'registry.dump');
  const durationsMs = { dump: 0, restore: 0, verify: 0 };
  let report: Omit<DrillReport, 'ok' | 'problems'> | undefined;

  log(`backing up ${redactUrl(opts.sourceUrl)} (PostgreSQL ${serverVersion}) with ${pgDumpVersion}`);
  try {
    let t = Date.now();
    // Custom format; UNLOGGED tables (the cost budget) are dumped without their rows.
    await run(tool(opts.pgBin, 'pg_dump'), ['--format=custom', '--no-unlogged-table-data', `--file=${dumpFile}`, `--dbname=${opts.sourceUrl}`], { maxBuffer: 16 * 1024 * 1024 });
    durationsMs.dump = Date.now() - t;
    const dumpBytes = fs.statSync(dumpFile).size;
    log(`dumped ${dumpBytes} bytes in ${durationsMs.dump} ms`);

    t = Date.now();
    await ensureDatabase(opts.sourceUrl, drillDatabase);
    await run(tool(opts.pgBin, 'pg_restore'), ['--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${drillUrl}`, dumpFile], { maxBuffer: 16 * 1024 * 1024 });
    durationsMs.restore = Date.now() - t;
    log(`restored into ${drillDatabase} in ${durationsMs.restore} ms`);

    t = Date.now();
    const db = createDataSource({ url: drillUrl, poolSize: 2, detailsEncryption: opts.config.detailsEncryption, applicationName: 'msr-backup-drill' });
    await db.initialize();
    let events = 0;
    let checkpoints = 0;
    let restrictedDetails = 0;
    try {
      if (await db.showMigrations()) problems.push('migrations are pending on the restored copy');
      else log('migrations: up to date');

      const chain = await verifyEventChain(db.manager, { keys: keyRingFrom(opts.config.signing) });
      events = chain.checked;
      checkpoints = chain.checkpointsChecked;
      const [stored] = (await db.query(`SELECT count(*)::int AS events, (SELECT count(*)::int FROM event_checkpoints) AS checkpoints FROM events`)) as { events: number; checkpoints: number }[];
      if (!chain.ok) problems.push(`event chain broken at sequence ${chain.firstBrokenSeq}: ${chain.problem}`);
      else if (chain.checked !== stored!.events || chain.checkpointsChecked !== stored!.checkpoints) {
        problems.push(`verification covered ${chain.checked}/${stored!.events} events and ${chain.checkpointsChecked}/${stored!.checkpoints} checkpoints`);
      } else log(`event chain intact: ${events} event(s), ${checkpoints} signed checkpoint(s)`);

      // The copy's head must be an event of the live log (a prefix: the source may have moved on).
      const [head] = (await db.query(`SELECT seq::text AS seq, hash FROM events ORDER BY seq DESC LIMIT 1`)) as { seq: string; hash: string }[];
      if (head) {
        const live = await query<{ hash: string }>(opts.sourceUrl, `SELECT hash FROM events WHERE seq = $1`, [head.seq]);
        if (live[0]?.hash !== head.hash) problems.push(`the restored head (sequence ${head.seq}) is not in the live log`);
      }

      const cipher = detailsCipherOf(db);
      const rows = await db.getRepository(FindingRestrictedDetailsEntity).find();
      for (const row of rows) {
        try {
          openRestrictedDetails(cipher, row);
          restrictedDetails++;
        } catch (err) {
          problems.push(`restricted details of finding ${row.findingId} do not decrypt: ${(err as Error).message}`);
        }
      }
      if (rows.length === restrictedDetails) log(`restricted details: ${restrictedDetails} row(s) decrypt`);
    } finally {
      await db.destroy();
    }
    const rows = await tableCounts(drillUrl);
    const live = await tableCounts(opts.sourceUrl);
    for (const [table, n] of Object.entries(live)) {
      if (!(table in rows)) problems.push(`table ${table} is missing from the restored copy`);
      else if (rows[table]! > n) problems.push(`table ${table}: ${rows[table]} restored rows, more than the ${n} live ones`);
    }
    durationsMs.verify = Date.now() - t;
    report = { drillDatabase, dumpBytes, serverVersion, pgDumpVersion, events, checkpoints, restrictedDetails, durationsMs, rows };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!opts.keep) {
      await dropDatabase(opts.sourceUrl, drillDatabase).catch((err) => problems.push(`could not drop ${drillDatabase}: ${(err as Error).message}`));
    }
  }
  log(problems.length === 0 ? `backup drill passed (verified in ${durationsMs.verify} ms${opts.keep ? `; kept ${drillDatabase}` : `; ${drillDatabase} dropped`})` : `backup drill FAILED:\n  ${problems.join('\n  ')}`);
  return { ok: problems.length === 0, problems, ...report! };
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const sourceUrl = config.databaseOwnerUrl ?? config.databaseUrl;
  if (!sourceUrl) {
    console.error('backup-drill needs DATABASE_URL (and DATABASE_OWNER_URL if the tables have another owner): the embedded PostgreSQL ships no pg_dump');
    return 2;
  }
  const i = argv.indexOf('--pg-bin');
  const report = await runBackupDrill({ sourceUrl, config, pgBin: i >= 0 ? argv[i + 1] : undefined, keep: argv.includes('--keep') });
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
