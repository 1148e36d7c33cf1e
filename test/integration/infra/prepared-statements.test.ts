/**
 * Named prepared statements (issue 12; src/persistence/prepared-statements.ts), on real PostgreSQL:
 * a registered statement runs named on the pool's connection and on the generic plan, parsed once
 * per connection; an unregistered one runs unnamed as before; statement logging still sees every
 * execution; an error in a named statement is the same error and leaves the connection usable,
 * in and after a rolled-back transaction; the registry stops growing at MAX_PREPARED; and with
 * DB_PREPARED_STATEMENTS=0 nothing is prepared.
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { loadModelVersionFacts } from '../../../src/modules/decisions/facts-store';
import { MAX_PREPARED, MAX_PREPARED_SHAPES, prepared, preparedName, preparedShape } from '../../../src/persistence/prepared-statements';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { createDeveloper, createModel, createModelVersion } from '../../support/factories';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createDataSource } from '../../../ormconfig';

const logger = new QueryCountingLogger(100);
let t: TestDatabase;
let single: DataSource;
let versionId: string;

/** The named statements of `db`'s one connection: name → [generic plans, custom plans]. */
async function preparedOn(db: DataSource): Promise<Map<string, [number, number]>> {
  const rows = (await db.query('SELECT name, generic_plans, custom_plans FROM pg_prepared_statements')) as {
    name: string;
    generic_plans: string;
    custom_plans: string;
  }[];
  return new Map(rows.map((r) => [r.name, [Number(r.generic_plans), Number(r.custom_plans)]]));
}

beforeAll(async () => {
  t = await createTestDataSource();
  const dev = await createDeveloper(t.dataSource);
  const model = await createModel(t.dataSource, { developer_id: dev.id });
  versionId = (await createModelVersion(t.dataSource, { model_id: model.id })).id;
  // One connection, so what one statement prepared the next sees.
  single = createDataSource({ url: t.url, poolSize: 1, logger });
  await single.initialize();
});
afterAll(async () => {
  await single?.destroy();
  await t?.destroy();
});

it('runs a registered statement named, on the generic plan, parsed once per connection; others unnamed', async () => {
  const SQL = prepared('SELECT id::text AS id, name FROM model_versions WHERE id = ANY($1::uuid[]) /* prepared-test */');
  const name = preparedName(SQL)!;
  expect(name).toMatch(/^msr_[0-9a-f]{24}$/);
  logger.reset();
  for (let i = 0; i < 3; i++) expect(await single.query(SQL, [[versionId]])).toEqual([{ id: versionId, name: expect.any(String) }]);
  // Logged and counted as before: three executions.
  expect(logger.statements.filter((s) => s.includes('prepared-test'))).toHaveLength(3);
  const statements = await preparedOn(single);
  expect(statements.get(name)).toEqual([3, 0]);
  // Not registered: never prepared.
  await single.query('SELECT 1 AS one /* not-registered */');
  expect((await preparedOn(single)).size).toBe(statements.size);
});

it('prepares the fact loads: the same facts, and each statement parsed once', async () => {
  const first = await loadModelVersionFacts(single.manager, [versionId]);
  const before = await preparedOn(single);
  const second = await loadModelVersionFacts(single.manager, [versionId]);
  expect(second).toEqual(first);
  expect(first.get(versionId)?.id).toBe(versionId);
  const after = await preparedOn(single);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  const grew = [...after].filter(([n, [g]]) => g > (before.get(n)?.[0] ?? 0));
  expect(grew.length).toBeGreaterThanOrEqual(3);
});

it('an error in a named statement is the same error, and the connection goes on working, in and after a transaction', async () => {
  const SQL = prepared('SELECT id FROM model_versions WHERE id = ANY($1::uuid[]) /* prepared-error */');
  await expect(single.query(SQL, [['not-a-uuid']])).rejects.toThrow(/invalid input syntax for type uuid/);
  await expect(
    single.transaction(async (tx) => {
      expect(await tx.query(SQL, [[versionId]])).toHaveLength(1);
      await tx.query(SQL, [['still-not-a-uuid']]);
    }),
  ).rejects.toThrow(/invalid input syntax for type uuid/);
  expect(await single.query(SQL, [[versionId]])).toHaveLength(1);
});

it('keeps room for the fixed statements however many page shapes callers try', () => {
  for (let i = 0; i < MAX_PREPARED_SHAPES + 10; i++) preparedShape(`SELECT ${i} AS n /* page shape */`);
  const shapeNames = Array.from({ length: MAX_PREPARED_SHAPES + 10 }, (_, i) => preparedName(`SELECT ${i} AS n /* page shape */`)).filter(Boolean);
  expect(shapeNames).toHaveLength(MAX_PREPARED_SHAPES);
  expect(preparedName(prepared('SELECT 1 AS fixed /* after the shapes */'))).toMatch(/^msr_/);
});

it('stops registering at MAX_PREPARED distinct texts', () => {
  for (let i = 0; i < MAX_PREPARED + 10; i++) prepared(`SELECT ${i} AS n /* flood */`);
  const named = Array.from({ length: MAX_PREPARED + 10 }, (_, i) => preparedName(`SELECT ${i} AS n /* flood */`)).filter(Boolean);
  expect(named.length).toBeLessThan(MAX_PREPARED);
  expect(preparedName(`SELECT ${MAX_PREPARED + 9} AS n /* flood */`)).toBeUndefined();
});

it('with DB_PREPARED_STATEMENTS=0 prepares nothing', async () => {
  expect(loadConfig({ DB_PREPARED_STATEMENTS: '0' } as NodeJS.ProcessEnv).database.preparedStatements).toBe(false);
  expect(loadConfig({} as NodeJS.ProcessEnv).database.preparedStatements).toBe(true);
  const off = createDataSource({ url: t.url, poolSize: 1, preparedStatements: false });
  await off.initialize();
  try {
    await loadModelVersionFacts(off.manager, [versionId]);
    expect((await preparedOn(off)).size).toBe(0);
    expect(await off.query("SELECT current_setting('plan_cache_mode') AS m")).toEqual([{ m: 'auto' }]);
  } finally {
    await off.destroy();
  }
  expect(await single.query("SELECT current_setting('plan_cache_mode') AS m")).toEqual([{ m: 'force_generic_plan' }]);
});

it('keeps working on a connection that prepared its statements before a migration added a column', async () => {
  const before = await loadModelVersionFacts(single.manager, [versionId]);
  await t.dataSource.query('ALTER TABLE model_versions ADD COLUMN added_later integer');
  await t.dataSource.query('ALTER TABLE audits ADD COLUMN added_later integer');
  try {
    // Every statement of the fact load names its columns, so none changes its result type.
    expect(await loadModelVersionFacts(single.manager, [versionId])).toEqual(before);
  } finally {
    await t.dataSource.query('ALTER TABLE model_versions DROP COLUMN added_later');
    await t.dataSource.query('ALTER TABLE audits DROP COLUMN added_later');
  }
});
