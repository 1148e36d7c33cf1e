/**
 * The write side shaped like the domain (issue 13): the use cases of findings (and their owners),
 * models, audits, decisions, organizations and webhooks write through their module's store (`write-store.ts`), never with
 * SQL of their own, and a versioned row's `row_version` is bumped in one place
 * (`updateVersionedRow`; the set-based upsert of recomputed decisions aside).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { TRANSACTION_NOW, updateVersionedRow, type VersionedTable } from '../../../src/modules/shared/versioned-rows';

const ROOT = path.resolve(__dirname, '../../..');
const USE_CASE_FILES = [
  'src/modules/findings/mutations.ts',
  'src/modules/models/mutations.ts',
  'src/modules/audits/mutations.ts',
  'src/modules/decisions/mutations.ts',
  'src/modules/organizations/mutations.ts',
  'src/modules/organizations/accreditation-lifecycle.ts',
  'src/modules/findings/assignments.ts',
  'src/modules/webhooks/mutations.ts',
];
const WRITE_SQL = /INSERT\s+INTO|UPDATE\s+[a-z_]+\s+(?:[a-z]+\s+)?SET|DELETE\s+FROM/i;
const BUMP = /row_version\s*=\s*(?:[a-z_]+\.)?row_version\s*\+\s*1/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** An EntityManager that records the statements it is given. */
function recordingManager(): { tx: EntityManager; statements: { sql: string; params: unknown[] }[] } {
  const statements: { sql: string; params: unknown[] }[] = [];
  const tx = { query: async (sql: string, params: unknown[] = []) => void statements.push({ sql, params }) };
  return { tx: tx as unknown as EntityManager, statements };
}

test('the use cases of these modules write no SQL of their own', () => {
  const offending = USE_CASE_FILES.filter((f) => WRITE_SQL.test(readFileSync(path.join(ROOT, f), 'utf8')));
  expect(offending).toEqual([]);
});

test('nor run statements of their own in their transaction (locks and reads too go through a store)', () => {
  const inline = USE_CASE_FILES.filter((f) => /\btx\.query\s*\(/.test(readFileSync(path.join(ROOT, f), 'utf8')));
  expect(inline).toEqual([]);
});

test("a versioned row's row_version is bumped only by updateVersionedRow and the decision upsert", () => {
  const bumping = sourceFiles(path.join(ROOT, 'src'))
    .filter((f) => BUMP.test(readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f))
    .sort();
  expect(bumping).toEqual(['src/modules/decisions/recompute-decisions.ts', 'src/modules/shared/versioned-rows.ts']);
});

test('updateVersionedRow sets the columns and bumps row_version and updated_at in one statement', async () => {
  const { tx, statements } = recordingManager();
  await updateVersionedRow(tx, 'findings', 'f-1', { fixed_in_version_id: 'v-2', fixed_in_version_recorded_at: TRANSACTION_NOW });
  await updateVersionedRow(tx, 'findings', 'f-1');
  expect(statements).toEqual([
    {
      sql: 'UPDATE findings SET fixed_in_version_id = $2, fixed_in_version_recorded_at = now(), row_version = row_version + 1, updated_at = now() WHERE id = $1',
      params: ['f-1', 'v-2'],
    },
    { sql: 'UPDATE findings SET row_version = row_version + 1, updated_at = now() WHERE id = $1', params: ['f-1'] },
  ]);
});

test('updateVersionedRow refuses a table without row_version and a column name that is not one', async () => {
  const { tx, statements } = recordingManager();
  await expect(updateVersionedRow(tx, 'conflicts_of_interest' as VersionedTable, 'c-1')).rejects.toThrow('not a versioned table');
  await expect(updateVersionedRow(tx, 'audits', 'a-1', { 'status = status; --': 'x' })).rejects.toThrow('not a column name');
  expect(statements).toEqual([]);
});
