/**
 * The backup and restore drill (src/scripts/backup-drill.ts, `npm run backup-drill`) against the
 * PostgreSQL service: pg_dump → restore into a new database → migrations up to date → the event
 * chain and its signed checkpoints verify, encrypted details decrypt → the drill database is
 * dropped. Needs pg_dump/pg_restore on PATH of the server's major version (PostgreSQL 15 here).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { writeEventCheckpoint } from '../../../src/modules/events/event-checkpoints';
import { runBackupDrill } from '../../../src/scripts/backup-drill';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const config = loadConfig({ NODE_ENV: 'test' });
let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  // The drill's precondition; fails loudly (not skipped) when the client tools are missing.
  expect(execFileSync('pg_dump', ['--version']).toString()).toMatch(/PostgreSQL\) \d+/);
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await seedDemoData(db);
  const outcome = await writeEventCheckpoint(db);
  expect(outcome.written).not.toBeNull();
}, 60_000);

afterAll(async () => {
  await testDb?.destroy();
});

async function databaseExists(name: string): Promise<boolean> {
  const rows = (await db.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])) as unknown[];
  return rows.length > 0;
}

test('restores the registry into a new database, verifies it and drops it', async () => {
  const lines: string[] = [];
  const report = await runBackupDrill({ sourceUrl: testDb.url, config, log: (l) => lines.push(l) });
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  const [live] = (await db.query(
    `SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM event_checkpoints) AS checkpoints,
            (SELECT count(*)::int FROM finding_restricted_details WHERE ciphertext IS NOT NULL) AS sealed`,
  )) as { events: number; checkpoints: number; sealed: number }[];
  expect(live!.sealed).toBeGreaterThan(0);
  expect(report).toMatchObject({ events: live!.events, checkpoints: live!.checkpoints, restrictedDetails: live!.sealed });
  expect(report.checkpoints).toBeGreaterThanOrEqual(1);
  expect(report.rows.findings).toBeGreaterThan(0);
  expect(lines.join('\n')).toMatch(/migrations: up to date/);
  expect(await databaseExists(report.drillDatabase)).toBe(false);
}, 60_000);

test('fails when a sealed restricted-details row no longer decrypts, and still drops the drill database', async () => {
  const [row] = (await db.query(`SELECT finding_id FROM finding_restricted_details WHERE ciphertext IS NOT NULL LIMIT 1`)) as { finding_id: string }[];
  const [{ original }] = (await db.query(`SELECT ciphertext AS original FROM finding_restricted_details WHERE finding_id = $1`, [row!.finding_id])) as { original: Buffer }[];
  await db.query(`UPDATE finding_restricted_details SET ciphertext = $2 WHERE finding_id = $1`, [row!.finding_id, Buffer.from(original.map((b) => b ^ 1))]);
  try {
    const report = await runBackupDrill({ sourceUrl: testDb.url, config, log: () => undefined });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining(`restricted details of finding ${row!.finding_id} do not decrypt`)]);
    expect(await databaseExists(report.drillDatabase)).toBe(false);
  } finally {
    await db.query(`UPDATE finding_restricted_details SET ciphertext = $2 WHERE finding_id = $1`, [row!.finding_id, original]);
  }
}, 60_000);

test('refuses a pg_dump older than the server, naming the major version needed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msr-old-pgdump-'));
  try {
    fs.writeFileSync(path.join(dir, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 });
    const [{ major }] = (await db.query(`SELECT (current_setting('server_version_num')::int / 10000) AS major`)) as { major: number }[];
    await expect(runBackupDrill({ sourceUrl: testDb.url, config, pgBin: dir, log: () => undefined })).rejects.toThrow(
      new RegExp(`cannot dump a PostgreSQL .* server: install the client of major version ${major}`),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
