/**
 * Finding summaries on demand (issue 12): `ModelVersion.findings` reads only the columns of
 * FINDING_SUMMARY.fields when the operation asks for nothing else. Each of those fields must then
 * serve exactly what it serves from the whole row, for viewers who see every finding and for a
 * signed-out caller, who sees only disclosed ones; anything else asked for reads the whole row; and the partial
 * findings never reach the operation's shared `findingById`.
 */
import type { DataSource } from 'typeorm';
import { createLoaders } from '../../../src/graphql/context';
import { FINDING_SUMMARY } from '../../../src/modules/findings/loaders';
import type { Viewer } from '../../../src/modules/access/rules';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import {
  createDeveloper,
  createDisclosure,
  createFinding,
  createModel,
  createModelVersion,
  createSeverityAssessment,
  type NodeRow,
} from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency, regulator } from '../../support/viewers';

const logger = new QueryCountingLogger(200);
let testDb: TestDatabase;
let db: DataSource;
let versions: NodeRow[];

/** A selection for each summary field (sub-fields for object fields). */
/** Signed out: sees publicly disclosed findings only (`mayViewFinding`). */
const anonymous: Viewer = { subject: null, organizationId: null, roles: [] };

const SELECTIONS: Record<string, string> = {
  __typename: '__typename',
  id: 'id',
  publicId: 'publicId',
  title: 'title',
  category: 'category',
  status: 'status',
  reportedAt: 'reportedAt',
  developer: 'developer { id name }',
  fixedInVersion: 'fixedInVersion { id name }',
  affectedVersions: 'affectedVersions { id name }',
  references: 'references { system identifier }',
  currentSeverity: 'currentSeverity { level score }',
  severityAssessments: 'severityAssessments { level score }',
  statusHistory: 'statusHistory { from to }',
  disclosures: 'disclosures { audience kind }',
};

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  const dev = await createDeveloper(db);
  const model = await createModel(db, { developer_id: dev.id });
  versions = [];
  for (let i = 0; i < 3; i++) versions.push(await createModelVersion(db, { model_id: model.id }));
  const [v1, v2, v3] = versions as [NodeRow, NodeRow, NodeRow];
  // Disclosed, fixed, assessed twice, with references and a status path, on two versions.
  const fixed = await createFinding(
    db,
    { developer_id: dev.id, category: 'JAILBREAK', fixed_in_version_id: v3.id, fixed_in_version_recorded_at: new Date('2099-02-01T00:00:00Z') },
    { affectedVersionIds: [v1.id, v2.id], level: 'HIGH', statusPath: ['REPORTED', 'TRIAGED', 'REMEDIATED'], references: [{ system: 'CVE', identifier: 'CVE-2099-0001' }] },
  );
  await createSeverityAssessment(db, { finding_id: fixed.id, level: 'CRITICAL', assessed_at: new Date('2099-01-01T00:00:00Z') });
  await createDisclosure(db, { finding_id: fixed.id, audience: 'PUBLIC' });
  // Undisclosed on one version; disclosed to government only on another.
  await createFinding(db, { developer_id: dev.id }, { affectedVersionIds: [v1.id], level: 'LOW' });
  const gov = await createFinding(db, { developer_id: dev.id, status: 'TRIAGED' }, { affectedVersionIds: [v2.id] });
  await createDisclosure(db, { finding_id: gov.id, audience: 'GOVERNMENT' });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('every summary field has a selection here', () => {
  expect(Object.keys(SELECTIONS).sort()).toEqual([...FINDING_SUMMARY.fields].sort());
});

/** The statement that read the findings: of the version lists, or of the page. */
let source: 'lists' | 'page' = 'lists';
const findingStatements = () =>
  logger.statements.filter((s) => (source === 'lists' ? /JOIN finding_affected_versions fav/.test(s) : /FROM "findings" "f"/.test(s) && !/count\(/i.test(s)));

/** Lists of findings, as `ModelVersion.findings` (one per version) or as one page of `Query.findings`. */
async function versionFindings(viewer: Viewer, selection: string): Promise<any[]> {
  logger.reset();
  const query =
    source === 'lists'
      ? `{ modelVersions(first: 10) { edges { node { name findings { ${selection} } } } } }`
      : `{ findings(first: 10) { totalCount edges { cursor node { ${selection} } } } }`;
  const result = await executeOperation<any>(db, query, {}, { viewer });
  expect(result.errors).toBeUndefined();
  return source === 'lists' ? result.data.modelVersions.edges.map((e: any) => e.node.findings) : [result.data.findings.edges.map((e: any) => e.node)];
}

describe.each([
  ['ModelVersion.findings', 'lists', 'a regulator', regulator()],
  ['ModelVersion.findings', 'lists', 'a partner agency', partnerAgency()],
  ['ModelVersion.findings', 'lists', 'a signed-out caller', anonymous],
  ['Query.findings', 'page', 'a regulator', regulator()],
  ['Query.findings', 'page', 'a signed-out caller', anonymous],
] as const)('%s (%s) for %s', (_field, from, _who, viewer) => {
  beforeAll(() => {
    source = from;
  });

  test.each(Object.keys(SELECTIONS))('%s: the summary columns serve what the whole row serves', async (field) => {
    const narrow = await versionFindings(viewer, SELECTIONS[field]!);
    const [narrowStatement] = findingStatements();
    expect(narrowStatement).toBeDefined();
    expect(narrowStatement).not.toMatch(/"summary"|"discovered_at"/);
    expect(narrowStatement).toMatch(/"public_id"/);

    const full = await versionFindings(viewer, `${SELECTIONS[field]} summary`);
    expect(findingStatements()[0]).toMatch(/"summary"/);
    expect(full.flat().every((f: any) => typeof f.summary === 'string')).toBe(true);
    const stripped = full.map((list) => list.map(({ summary: _s, ...rest }: any) => rest));
    expect(narrow).toEqual(stripped);
  });

  test('the same fields all at once, aliased and through fragments', async () => {
    const all = Object.values(SELECTIONS).join(' ');
    const narrow = await versionFindings(viewer, `...F t: title ... on Finding { ${all} }`.replace('...F', '... on Finding { id }'));
    expect(findingStatements()[0]).not.toMatch(/"summary"/);
    const full = await versionFindings(viewer, `${all} t: title summary`);
    expect(narrow).toEqual(full.map((list) => list.map(({ summary: _s, ...rest }: any) => rest)));
  });
});

test('the viewers see different findings (the comparison above is not vacuous)', async () => {
  source = 'lists';
  const byRegulator = (await versionFindings(regulator(), 'publicId')).flat();
  const bySignedOut = (await versionFindings(anonymous, 'publicId')).flat();
  // Regulator: 2 + 2 on v1 and v2; signed out, the publicly disclosed one on each.
  expect(byRegulator).toHaveLength(4);
  expect(bySignedOut).toHaveLength(2);
  expect(new Set(bySignedOut.map((f: any) => f.publicId)).size).toBe(1);
});

test('a field outside the summary, even in a named fragment, reads the whole row', async () => {
  source = 'lists';
  logger.reset();
  const result = await executeOperation<any>(
    db,
    `{ modelVersions(first: 10) { edges { node { findings { publicId ...More } } } } } fragment More on Finding { discoveredAt }`,
    {},
    { viewer: regulator() },
  );
  expect(result.errors).toBeUndefined();
  expect(findingStatements()[0]).toMatch(/"discovered_at"/);
  expect(result.data.modelVersions.edges.flatMap((e: any) => e.node.findings).every((f: any) => typeof f.discoveredAt === 'string')).toBe(true);

  logger.reset();
  const page = await executeOperation<any>(db, `{ findings(first: 5) { edges { node { publicId ... on Finding { summary } } } } }`, {}, { viewer: regulator() });
  expect(page.errors).toBeUndefined();
  expect(logger.statements.find((s) => /FROM "findings" "f"/.test(s))).toMatch(/"summary"/);
  expect(page.data.findings.edges.every((e: any) => typeof e.node.summary === 'string')).toBe(true);
});

test('a page in another order, paged on with its cursor, serves the same summaries as the whole rows', async () => {
  const pageOf = async (selection: string, after: string | null) => {
    const r = await executeOperation<any>(
      db,
      `query ($after: String) { findings(first: 2, after: $after, orderBy: { field: SEVERITY, direction: DESC }) { edges { cursor node { ${selection} } } pageInfo { endCursor } } }`,
      { after },
      { viewer: regulator() },
    );
    expect(r.errors).toBeUndefined();
    return r.data.findings;
  };
  const narrow1 = await pageOf('publicId currentSeverity { level }', null);
  const narrow2 = await pageOf('publicId currentSeverity { level }', narrow1.pageInfo.endCursor);
  const full1 = await pageOf('publicId currentSeverity { level } summary', null);
  const full2 = await pageOf('publicId currentSeverity { level } summary', full1.pageInfo.endCursor);
  const strip = (p: any) => p.edges.map((e: any) => ({ cursor: e.cursor, publicId: e.node.publicId, level: e.node.currentSeverity?.level ?? null }));
  expect(strip(narrow1)).toEqual(strip(full1));
  expect(strip(narrow2)).toEqual(strip(full2));
  expect([...strip(narrow1), ...strip(narrow2)]).toHaveLength(3);
});

test('partial findings are never primed into the shared findingById', async () => {
  const loaders = createLoaders(db);
  const [first] = await loaders.findingSummariesByAffectedVersion.load(versions[0]!.id);
  expect(first).toBeDefined();
  expect((first as any).summary).toBeUndefined();
  logger.reset();
  const whole = await loaders.findingById.load(first!.id);
  expect(logger.count).toBe(1);
  expect(whole).not.toBe(first);
  expect(typeof whole!.summary).toBe('string');
  expect(whole!.discoveredAt).toBeInstanceOf(Date);
});
