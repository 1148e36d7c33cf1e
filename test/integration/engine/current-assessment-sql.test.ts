/**
 * "Current assessment" is defined once in the domain (`currentAssessment`, severity.ts: the newest
 * by assessedAt, then recordedAt; on a full tie the one the facts store lists last, the greatest
 * id) and once in SQL (`CURRENT_ASSESSMENT_ORDER_SQL` / `currentAssessmentSql`, findings/store.ts),
 * which the `severityLevel` filter, the SEVERITY ordering, `recordSeverityAssessment` (write-store.ts)
 * and the `assessmentsByFinding` loader (`Finding.currentSeverity`, advisories) read. This test
 * builds the edge cases on real PostgreSQL — ties on assessedAt, full ties on both timestamps
 * (inserted against id order), a backdated assessment recorded last, no assessment — and asserts
 * that every one of them picks the assessment the domain function picks.
 */
import type { DataSource } from 'typeorm';
import { assessSeverity, currentAssessment, severityOfFinding, STARTING_POLICY } from '../../../src/domain';
import { createLoaders } from '../../../src/graphql/context';
import { toGlobalId } from '../../../src/graphql/global-id';
import { loadFindingFacts } from '../../../src/modules/decisions/facts-store';
import { currentAssessmentSql } from '../../../src/modules/findings/store';
import { recordSeverityAssessment } from '../../../src/modules/findings/write-store';
import { createDeveloper, createFinding, createPolicyVersion, createSeverityAssessment } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

type Level = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
const T = (h: number) => new Date(Date.UTC(2026, 6, 1, h));
const LOW_ID = '00000000-0000-4000-8000-000000000001';
const HIGH_ID = 'ffffffff-ffff-4fff-bfff-fffffffffff1';

/** Each case: its assessments in insertion order, and the level of the one that must be current. */
const CASES: Record<string, { assessments: { level: Level; assessedAt: Date; recordedAt: Date; id?: string }[]; current: Level | null }> = {
  'not assessed': { assessments: [], current: null },
  'one assessment': { assessments: [{ level: 'MEDIUM', assessedAt: T(1), recordedAt: T(1) }], current: 'MEDIUM' },
  'a backdated assessment recorded last does not replace the newer one': {
    assessments: [
      { level: 'HIGH', assessedAt: T(5), recordedAt: T(5) },
      { level: 'LOW', assessedAt: T(2), recordedAt: T(9) },
    ],
    current: 'HIGH',
  },
  'same assessedAt: the later recorded wins': {
    assessments: [
      { level: 'CRITICAL', assessedAt: T(3), recordedAt: T(6) },
      { level: 'LOW', assessedAt: T(3), recordedAt: T(4) },
    ],
    current: 'CRITICAL',
  },
  'same assessedAt and recordedAt: the greatest id wins, whatever the insertion order': {
    assessments: [
      { level: 'HIGH', assessedAt: T(3), recordedAt: T(3), id: HIGH_ID },
      { level: 'LOW', assessedAt: T(3), recordedAt: T(3), id: LOW_ID },
    ],
    current: 'HIGH',
  },
  'full tie inserted the other way round': {
    assessments: [
      { level: 'MEDIUM', assessedAt: T(3), recordedAt: T(3), id: '00000000-0000-4000-8000-000000000002' },
      { level: 'CRITICAL', assessedAt: T(3), recordedAt: T(3), id: 'ffffffff-ffff-4fff-bfff-fffffffffff2' },
    ],
    current: 'CRITICAL',
  },
  'the newest of three, with an older full tie': {
    assessments: [
      { level: 'CRITICAL', assessedAt: T(1), recordedAt: T(1), id: 'ffffffff-ffff-4fff-bfff-fffffffffff3' },
      { level: 'HIGH', assessedAt: T(1), recordedAt: T(1), id: '00000000-0000-4000-8000-000000000003' },
      { level: 'LOW', assessedAt: T(7), recordedAt: T(7) },
    ],
    current: 'LOW',
  },
};

let testDb: TestDatabase;
let db: DataSource;
const findingOf = new Map<string, string>(); // case → finding id

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await createPolicyVersion(db);
  const developer = await createDeveloper(db);
  for (const [name, c] of Object.entries(CASES)) {
    const f = await createFinding(db, { developer_id: developer.id, title: name });
    findingOf.set(name, f.id);
    for (const a of c.assessments) {
      await createSeverityAssessment(db, { finding_id: f.id, level: a.level, assessed_at: a.assessedAt, recorded_at: a.recordedAt, ...(a.id ? { id: a.id } : {}) });
    }
  }
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

/** The id and stored level of the current assessment by the domain rule, over the facts store's load. */
async function byDomain(findingId: string): Promise<{ id: string | null; level: Level | null }> {
  const facts = (await loadFindingFacts(db.manager, [findingId])).get(findingId)!;
  const current = currentAssessment(facts);
  const severity = severityOfFinding(facts, STARTING_POLICY);
  expect(severity.kind === 'UNASSESSED' ? null : severity.assessment.id).toBe(current?.id ?? null);
  if (!current) return { id: null, level: null };
  const [{ level }] = await db.query('SELECT level FROM severity_assessments WHERE id = $1', [current.id]);
  return { id: current.id, level };
}

/** The previous level `recordSeverityAssessment` reports for one more assessment, rolled back. */
async function previousLevelOfAnAssessment(findingId: string) {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    const aiFactors = { capabilityDomain: 'GENERAL' as const, universal: false, successRate: 0.1, trials: 10, exploitedInWild: false };
    const result = assessSeverity({ cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', aiFactors, category: 'OTHER' }, STARTING_POLICY);
    const { previousLevel } = await recordSeverityAssessment(runner.manager, { findingId, result, aiFactors, rationale: null, assessedBy: 'test', assessedAt: T(23) });
    return previousLevel;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe.each(Object.keys(CASES))('%s', (name) => {
  test('the SQL fragment, the level recordSeverityAssessment reports as previous and the loader pick the assessment currentAssessment picks', async () => {
    const findingId = findingOf.get(name)!;
    const domain = await byDomain(findingId);
    expect(domain.level).toBe(CASES[name]!.current);

    const [sql] = await db.query(
      `SELECT ${currentAssessmentSql('id')}::text AS id, ${currentAssessmentSql('level')} AS level FROM findings f WHERE f.id = $1`,
      [findingId],
    );
    expect(sql).toEqual(domain);
    expect(await previousLevelOfAnAssessment(findingId)).toBe(domain.level);
    const [first] = await createLoaders(db).assessmentsByFinding.load(findingId);
    expect(first?.id ?? null).toBe(domain.id);
  });
});

test('Finding.currentSeverity, the severityLevel filter and the SEVERITY ordering follow the same assessment', async () => {
  const ids = [...findingOf.values()];
  const res = await executeOperation(
    db,
    `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Finding { title currentSeverity { id level score } } } }`,
    { ids: ids.map((id) => toGlobalId('Finding', id)) },
    { viewer: regulator() },
  );
  expect(res.errors).toBeUndefined();
  const shown = new Map((res.data!.nodes as { title: string; currentSeverity: { id: string; level: Level } | null }[]).map((n) => [n.title, n.currentSeverity]));
  const expected = new Map<string, { id: string | null; level: Level | null }>();
  for (const [name, id] of findingOf) expected.set(name, await byDomain(id));
  for (const [name, d] of expected) expect([name, shown.get(name)?.id ?? null]).toEqual([name, d.id]);

  for (const level of ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const) {
    const filtered = await executeOperation(
      db,
      `query($l: [SeverityLevel!]) { findings(first: 100, filter: { severityLevel: $l }) { edges { node { title } } } }`,
      { l: [level] },
      { viewer: regulator() },
    );
    expect(filtered.errors).toBeUndefined();
    const titles = (filtered.data!.findings.edges as { node: { title: string } }[]).map((e) => e.node.title).sort();
    expect([level, titles]).toEqual([level, [...expected].filter(([, d]) => d.level === level).map(([name]) => name).sort()]);
  }

  const ordered = await executeOperation(
    db,
    `{ findings(first: 100, orderBy: { field: SEVERITY, direction: DESC }) { edges { node { title currentSeverity { score } } } } }`,
    {},
    { viewer: regulator() },
  );
  expect(ordered.errors).toBeUndefined();
  const scores = (ordered.data!.findings.edges as { node: { currentSeverity: { score: number } | null } }[]).map((e) => e.node.currentSeverity?.score ?? -1);
  // The SQL key (the current assessment's score) orders the page exactly as the shown current severities do.
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  expect(scores).toHaveLength(Object.keys(CASES).length);
});
