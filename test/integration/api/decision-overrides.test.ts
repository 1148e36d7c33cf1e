/**
 * `exportDecisions(filter: { hasOverride })`: true lists exactly the decisions whose `override`
 * is not null at the operation's moment (in force: set, not expired, not in the future), across
 * all pages; false lists the rest; it combines with the other filters and with pagination.
 */
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const DAY = 86_400_000;

let testDb: TestDatabase;
let db: DataSource;
/** decision uuid -> whether its override is in force at NOW */
const planted = new Map<string, boolean>();

const Q = `query ($first: Int, $after: String, $filter: ExportDecisionFilter) {
  exportDecisions(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id outcome jurisdiction { code } override { outcome expiresAt } } }
  }
}`;

async function all(filter: Record<string, unknown>, first = 7) {
  const nodes: any[] = [];
  let after: string | undefined;
  let totalCount = 0;
  for (let i = 0; i < 1000; i++) {
    const result = await executeOperation<any>(db, Q, { first, after, filter }, { now: NOW });
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    const conn = result.data.exportDecisions;
    totalCount = conn.totalCount;
    nodes.push(...conn.edges.map((e: any) => e.node));
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return { nodes, totalCount };
}

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  // The demo's own override (Lumen 2 × US) is cleared first: the planted ones are then the only ones.
  const cleared = await db.query(
    `UPDATE jurisdiction_decisions SET override_outcome = NULL, override_justification = NULL, override_by = NULL, override_at = NULL,
       override_expires_at = NULL, outcome = computed_outcome WHERE override_outcome IS NOT NULL RETURNING id`,
  );
  expect(cleared[0]).toHaveLength(1);
  // Overrides spread over the table (far apart in the connection's order), in every state.
  const rows: { id: string }[] = await db.query(`SELECT id::text FROM export_decisions ORDER BY created_at, id`);
  const pick = (i: number) => rows[Math.floor((i * rows.length) / 6)]!.id;
  const states: [string, Date, Date | null, boolean][] = [
    ['standing', new Date(NOW.getTime() - 10 * DAY), null, true],
    ['expiring later', new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() + 5 * DAY), true],
    ['standing too', new Date(NOW.getTime() - 1 * DAY), null, true],
    ['expired', new Date(NOW.getTime() - 20 * DAY), new Date(NOW.getTime() - 1 * DAY), false],
    ['set in the future', new Date(NOW.getTime() + 1 * DAY), null, false],
  ];
  for (const [i, [label, at, expires, active]] of states.entries()) {
    const id = pick(i);
    await db.query(
      // An overridden row has a decision of its own (migrations/1764600001600): its tier's, with the override's outcome.
      `UPDATE jurisdiction_decisions r SET override_outcome = 'PROHIBITED', override_justification = $2, override_by = 'regulator@test',
         override_at = $3, override_expires_at = $4, outcome = CASE WHEN $5 THEN 'PROHIBITED' ELSE v.outcome END,
         computed_outcome = v.computed_outcome, explanation_id = v.explanation_id, reasons_key = v.reasons_key,
         policy_version = v.policy_version, evaluated_at = v.evaluated_at
         FROM export_decisions v WHERE v.id = r.id AND r.id = $1`,
      [id, `Test override (${label}).`, at, expires, active],
    );
    planted.set(id, active);
  }
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('hasOverride: true lists every decision with an override in force, across pages, and nothing else', async () => {
  const { nodes, totalCount } = await all({ hasOverride: true }, 2);
  const expected = [...planted].filter(([, active]) => active).map(([id]) => id);
  expect(nodes.map((n) => uuidOf(n.id)).sort()).toEqual(expected.sort());
  expect(totalCount).toBe(3);
  expect(nodes.every((n) => n.override !== null && n.override.outcome === 'PROHIBITED')).toBe(true);
});

test('hasOverride: false lists the rest (incl. expired and future overrides); together they are every decision', async () => {
  const everything = await all({}, 100);
  const without = await all({ hasOverride: false }, 100);
  expect(without.totalCount).toBe(everything.totalCount - 3);
  expect(without.nodes.every((n) => n.override === null)).toBe(true);
  const withoutIds = new Set(without.nodes.map((n) => uuidOf(n.id)));
  for (const [id, active] of planted) expect(withoutIds.has(id)).toBe(!active);
});

test('hasOverride combines with the other filters', async () => {
  const { nodes } = await all({ hasOverride: true });
  const code = nodes[0].jurisdiction.code;
  const narrowed = await all({ hasOverride: true, jurisdictionCode: code });
  expect(narrowed.nodes.map((n) => n.id)).toEqual(nodes.filter((n) => n.jurisdiction.code === code).map((n) => n.id));
  expect((await all({ hasOverride: true, outcome: ['ELIGIBLE'] })).totalCount).toBe(0);
  expect((await all({ hasOverride: true, outcome: ['PROHIBITED'] })).totalCount).toBe(3);
});

test('an override judged at another moment: after the later expiry only the standing ones remain', async () => {
  const later = new Date(NOW.getTime() + 6 * DAY);
  const result = await executeOperation<any>(db, Q, { first: 100, filter: { hasOverride: true } }, { now: later });
  expect(result.errors).toBeUndefined();
  // standing, standing too, and the one set in the future (now in force); the expiring one lapsed.
  expect(result.data.exportDecisions.totalCount).toBe(3);
  expect(result.data.exportDecisions.edges.every((e: any) => e.node.override?.expiresAt === null)).toBe(true);
});
