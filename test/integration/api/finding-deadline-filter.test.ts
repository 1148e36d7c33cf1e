/**
 * `findings(filter: { deadlineState })`: a finding matches when at least one of its deadlines,
 * evaluated now with the policy in force, is in one of the given states. The result is
 * cross-checked against `Finding.deadlines` of every finding, for every state; it combines with the
 * other filters and `orderBy`, paging visits each match once, the statement count of a page does
 * not grow with the number of candidates, and more than 10,000 candidates is BAD_USER_INPUT.
 * Data: the demo story (MSR-2026-0006 has an OVERDUE acknowledge) plus findings made here: one
 * due soon, a CLOSED one with an overdue government notification, rejected and unassessed ones.
 */
import type { DataSource } from 'typeorm';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createFinding } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { partnerAgency } from '../../support/viewers';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const HOUR = 3_600_000;
const STATES = ['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'MET', 'NOT_APPLICABLE'] as const;

const logger = new QueryCountingLogger(500);
let testDb: TestDatabase;
let db: DataSource;
let developerId: string;
let all: any[];

const Q = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: FindingOrder, $filter: FindingFilter) {
  findings(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id publicId status currentSeverity { level } deadlines { deadlines { kind state } } } }
  }
}`;

// As a partner agency: undisclosed findings are hidden from the public (docs/access-control.md).
async function run(variables: Record<string, unknown>) {
  return executeOperation<any>(db, Q, variables, { now: NOW, viewer: partnerAgency() });
}

async function page(variables: Record<string, unknown>) {
  const result = await run(variables);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data.findings;
}

/** Every node, walking forwards `size` at a time; checks totalCount on each page. */
async function walk(variables: Record<string, unknown>, size: number): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const p = await page({ ...variables, first: size, after });
    nodes.push(...p.edges.map((e: any) => e.node));
    expect(p.totalCount).toBeGreaterThanOrEqual(nodes.length);
    if (!p.pageInfo.hasNextPage) {
      expect(p.totalCount).toBe(nodes.length);
      return nodes;
    }
    after = p.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const hasState = (n: any, states: readonly string[]) => (n.deadlines?.deadlines ?? []).some((d: any) => states.includes(d.state));
const ids = (nodes: any[]) => nodes.map((n) => n.id);

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  [{ id: developerId }] = await db.query(`SELECT id::text FROM organizations WHERE name = 'Northwind AI'`);
  // ACKNOWLEDGE (48 h for HIGH) due in one hour: DUE_SOON.
  await createFinding(db, { developer_id: developerId, reported_at: new Date(NOW.getTime() - 47 * HOUR) }, { level: 'HIGH', statusPath: ['REPORTED'] });
  // Closed without a government disclosure: NOTIFY_GOVERNMENT stays OVERDUE.
  await createFinding(
    db,
    { developer_id: developerId, reported_at: new Date(NOW.getTime() - 60 * 24 * HOUR) },
    { level: 'HIGH', statusPath: ['REPORTED', 'TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED', 'CLOSED'] },
  );
  await createFinding(db, { developer_id: developerId, reported_at: new Date(NOW.getTime() - 30 * 24 * HOUR) }, { level: 'CRITICAL', statusPath: ['REPORTED', 'REJECTED'] });
  await createFinding(db, { developer_id: developerId, reported_at: new Date(NOW.getTime() - 30 * 24 * HOUR) }, { statusPath: ['REPORTED'] });
  all = await walk({}, 100);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('MSR-2026-0006 (LOW, reported 12 days ago) is OVERDUE, and so is a CLOSED finding never notified to the government', async () => {
  const overdue = await walk({ filter: { deadlineState: ['OVERDUE'] } }, 100);
  const publicIds = overdue.map((n) => n.publicId);
  expect(publicIds).toContain('MSR-2026-0006');
  expect(overdue.some((n) => n.status === 'CLOSED')).toBe(true);
});

test.each(STATES.map((s) => [s]))('deadlineState: [%s] returns exactly the findings with such a deadline (checked against Finding.deadlines)', async (state) => {
  const expected = ids(all.filter((n) => hasState(n, [state]))).sort();
  const got = await walk({ filter: { deadlineState: [state] } }, 3);
  expect(ids(got).sort()).toEqual(expected);
  expect(new Set(ids(got)).size).toBe(got.length);
  if (state === 'OVERDUE' || state === 'DUE_SOON' || state === 'MET') expect(expected.length).toBeGreaterThan(0);
});

test('several states mean any of them; an empty list filters nothing', async () => {
  const expected = ids(all.filter((n) => hasState(n, ['OVERDUE', 'DUE_SOON']))).sort();
  expect(ids(await walk({ filter: { deadlineState: ['OVERDUE', 'DUE_SOON'] } }, 4)).sort()).toEqual(expected);
  expect((await page({ first: 1, filter: { deadlineState: [] } })).totalCount).toBe(all.length);
});

test('combined with other filters and every orderBy, paging forwards and backwards keeps the order and visits each once', async () => {
  const filter = { status: ['REPORTED', 'TRIAGED', 'MITIGATING', 'CLOSED'], category: null };
  for (const field of ['REPORTED_AT', 'SEVERITY', 'STATUS', 'PUBLIC_ID']) {
    for (const direction of ['ASC', 'DESC']) {
      const orderBy = { field, direction };
      const reference = await walk({ filter, orderBy }, 100);
      const expected = ids(reference.filter((n) => hasState(n, ['OVERDUE', 'DUE_SOON'])));
      expect(expected.length).toBeGreaterThan(1);
      const forwards = await walk({ filter: { ...filter, deadlineState: ['OVERDUE', 'DUE_SOON'] }, orderBy }, 2);
      expect(ids(forwards)).toEqual(expected);

      const backwards: any[] = [];
      let before: string | null = null;
      for (;;) {
        const p: any = await page({ filter: { ...filter, deadlineState: ['OVERDUE', 'DUE_SOON'] }, orderBy, last: 2, before });
        backwards.unshift(...p.edges.map((e: any) => e.node));
        expect(p.totalCount).toBe(expected.length);
        if (!p.pageInfo.hasPreviousPage) break;
        before = p.pageInfo.startCursor;
      }
      expect(ids(backwards)).toEqual(expected);
    }
  }
  const high = await walk({ filter: { severityLevel: ['HIGH'], deadlineState: ['DUE_SOON'] } }, 100);
  expect(high.length).toBeGreaterThan(0);
  expect(high.every((n) => n.currentSeverity?.level === 'HIGH' && hasState(n, ['DUE_SOON']))).toBe(true);
});

test('the statement count of a page does not grow with the number of candidates', async () => {
  const q = `query { findings(first: 5, filter: { deadlineState: [OVERDUE] }) { totalCount edges { node { publicId } } } }`;
  const count = async () => {
    logger.reset();
    const result = await executeOperation<any>(db, q, {}, { now: NOW, viewer: partnerAgency() });
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    return { statements: logger.count, total: result.data.findings.totalCount as number };
  };
  const small = await count();
  for (let i = 0; i < 60; i++) {
    await createFinding(db, { developer_id: developerId, reported_at: new Date(NOW.getTime() - (20 + i) * 24 * HOUR) }, { level: 'MEDIUM', statusPath: ['REPORTED'] });
  }
  const large = await count();
  console.info(`[deadline-filter] first: 5, OVERDUE: ${small.total} matches → ${small.statements} statements; ${large.total} matches → ${large.statements} statements`);
  expect(large.total).toBe(small.total + 60);
  expect(large.statements).toBe(small.statements);
});

test('more than 10,000 candidates is BAD_USER_INPUT naming filter.deadlineState; a narrower filter works', async () => {
  await db.query(
    `INSERT INTO findings (public_id, title, summary, category, reporter_name, discovered_at, developer_aware_at, reported_at, status, developer_id)
     SELECT 'MSR-2098-' || lpad(g::text, 5, '0'), 'Bulk ' || g, 'Bulk finding.', 'OTHER', 'Bulk', $2::timestamptz - interval '1 day',
            $2::timestamptz, $2::timestamptz, 'REPORTED', $1::uuid
       FROM generate_series(1, 10001) g`,
    [developerId, new Date('2025-01-01T00:00:00Z')],
  );
  await db.query(
    `INSERT INTO severity_assessments (finding_id, cvss_vector, cvss_score, capability_domain, universal, success_rate, trials,
       exploited_in_wild, score, level, intervention_tier, tier_rule, policy_version, calculator, rationale, assessed_by, assessed_at)
     SELECT sa.f_id, s.cvss_vector, s.cvss_score, s.capability_domain, s.universal, s.success_rate, s.trials, s.exploited_in_wild,
            s.score, s.level, s.intervention_tier, s.tier_rule, s.policy_version, s.calculator, s.rationale, s.assessed_by, s.assessed_at
       FROM (SELECT id AS f_id FROM findings WHERE public_id LIKE 'MSR-2098-%') sa
       CROSS JOIN (SELECT * FROM severity_assessments LIMIT 1) s`,
  );
  const tooMany = await run({ first: 5, filter: { deadlineState: ['OVERDUE'] } });
  expect(tooMany.data?.findings ?? null).toBeNull();
  expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(tooMany.errors?.[0]?.extensions?.argumentPath).toEqual(['filter', 'deadlineState']);
  expect(tooMany.errors?.[0]?.message).toMatch(/narrow the filter/);
  const narrowed = await page({ first: 5, filter: { deadlineState: ['OVERDUE'], reportedAt: { from: '2026-01-01T00:00:00Z' } } });
  expect(narrowed.totalCount).toBeGreaterThan(0);
});
