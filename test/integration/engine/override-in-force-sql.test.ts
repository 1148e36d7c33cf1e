/**
 * "Override in force" is written once in the domain (`isOverrideActive`, over the stored override as
 * `storedOverride` reads it) and once in SQL (`overrideInForceSql`, decisions/store.ts), because the
 * `exportDecisions(filter: { hasOverride })` listing filters in the statement. This test builds the
 * edge cases on real PostgreSQL — set exactly at now, expiring exactly at now, set in the future,
 * expired, no expiry, never overridden — and asserts that the
 * SQL fragment, the GraphQL filter (both ways) and `ExportDecision.override` (the domain) agree.
 */
import type { DataSource } from 'typeorm';
import { isOverrideActive } from '../../../src/domain';
import { decodeGlobalId } from '../../../src/graphql/global-id';
import { overrideInForceSql } from '../../../src/modules/decisions/store';
import { storedOverride } from '../../../src/modules/decisions/stored-override';
import { ExportDecisionEntity } from '../../../src/persistence/entities';
import { createDecision, createDeveloper, createJurisdiction, createModel, createModelVersion, createPolicyVersion } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const ms = (n: number) => new Date(NOW.getTime() + n);
const DAY = 86_400_000;

/** Each case: when the override was set and when it expires (undefined: never overridden). */
const CASES: Record<string, { at?: Date; expires?: Date | null; expected: boolean }> = {
  'never overridden': { expected: false },
  'set a day ago, no expiry': { at: ms(-DAY), expires: null, expected: true },
  'set exactly now, no expiry': { at: NOW, expires: null, expected: true },
  'set 1 ms from now (not yet in force)': { at: ms(1), expires: null, expected: false },
  'set tomorrow, expiring in two days': { at: ms(DAY), expires: ms(2 * DAY), expected: false },
  'expiring exactly now': { at: ms(-DAY), expires: NOW, expected: false },
  'expiring 1 ms from now': { at: ms(-DAY), expires: ms(1), expected: true },
  'expired 1 ms ago': { at: ms(-DAY), expires: ms(-1), expected: false },
  'set 1 ms ago, expiring 1 ms from now': { at: ms(-1), expires: ms(1), expected: true },
};

let testDb: TestDatabase;
let db: DataSource;
const decisionOf = new Map<string, string>(); // case → decision id

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await createPolicyVersion(db);
  const developer = await createDeveloper(db);
  const model = await createModel(db, { developer_id: developer.id });
  const jurisdiction = await createJurisdiction(db, { code: 'DE' });
  for (const [name, c] of Object.entries(CASES)) {
    const version = await createModelVersion(db, { model_id: model.id, name: `Version ${name}` });
    const d = await createDecision(db, {
      model_version_id: version.id,
      jurisdiction_id: jurisdiction.id,
      ...(c.at
        ? { override_outcome: 'RESTRICTED', override_justification: 'Test override.', override_by: 'test', override_at: c.at, override_expires_at: c.expires ?? null }
        : {}),
    });
    decisionOf.set(name, d.id);
  }
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

async function inForceBySql(): Promise<Set<string>> {
  const rows: { id: string }[] = await db.query(`SELECT d.id FROM export_decisions d WHERE ${overrideInForceSql('d', '$1::timestamptz')}`, [NOW]);
  return new Set(rows.map((r) => r.id));
}

async function inForceByDomain(): Promise<Set<string>> {
  const rows = await db.getRepository(ExportDecisionEntity).find();
  return new Set(
    rows.filter((d) => {
      const o = storedOverride(d);
      return o !== null && isOverrideActive(o, NOW);
    }).map((d) => d.id),
  );
}

async function listed(hasOverride: boolean): Promise<{ id: string; override: unknown }[]> {
  const res = await executeOperation(
    db,
    `query($h: Boolean!) { exportDecisions(first: 100, filter: { hasOverride: $h }) { edges { node { id override { outcome } } } } }`,
    { h: hasOverride },
    { viewer: regulator(), now: NOW },
  );
  expect(res.errors).toBeUndefined();
  return (res.data!.exportDecisions.edges as { node: { id: string; override: unknown } }[]).map((e) => e.node);
}

test.each(Object.keys(CASES))('%s: the SQL fragment and isOverrideActive agree', async (name) => {
  const id = decisionOf.get(name)!;
  const [sql, domain] = await Promise.all([inForceBySql(), inForceByDomain()]);
  expect({ name, sql: sql.has(id), domain: domain.has(id) }).toEqual({ name, sql: CASES[name]!.expected, domain: CASES[name]!.expected });
});

test('hasOverride: true lists exactly the decisions whose override (the domain) is not null, false the others', async () => {
  const withOverride = await listed(true);
  const without = await listed(false);
  expect(withOverride.length + without.length).toBe(Object.keys(CASES).length);
  for (const node of withOverride) expect(node.override).not.toBeNull();
  for (const node of without) expect(node.override).toBeNull();
  const expected = Object.entries(CASES).filter(([, c]) => c.expected).map(([name]) => decisionOf.get(name)!);
  expect(new Set(withOverride.map((n) => decodeGlobalId(n.id, 'ExportDecision', ['id'])))).toEqual(new Set(expected));
});
