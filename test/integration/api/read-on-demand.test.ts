/**
 * Reads on demand (issue 12): a connection runs its COUNT only when the operation selects
 * `totalCount` — directly, through an inline fragment or through a named fragment — and the count
 * it serves is still exact; `exportDecisions` reads the decisions' explanations (`reasons` and
 * `path_to_eligibility`, stored once per distinct content in `decision_explanations`) only when
 * the operation selects them, in one statement for the page.
 */
import type { DataSource } from 'typeorm';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { createDecision, createDeveloper, createFinding, createJurisdiction, createModel, createModelVersion } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';
import { DECISION_SUMMARY } from '../../../src/modules/decisions/resolvers';
import { MODEL_VERSION_SUMMARY } from '../../../src/modules/models/loaders';

const logger = new QueryCountingLogger(100);
let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  const dev = await createDeveloper(db);
  const model = await createModel(db, { developer_id: dev.id });
  for (let i = 0; i < 7; i++) {
    const v = await createModelVersion(db, { model_id: model.id });
    if (i < 2) {
      const j = await createJurisdiction(db, { code: i === 0 ? 'DE' : 'FR' });
      await createDecision(db, {
        model_version_id: v.id,
        jurisdiction_id: j.id,
        outcome: 'RESTRICTED',
        reasons: [{ code: 'OPEN_FINDING', message: 'An open finding.' }],
        path_to_eligibility: [{ code: 'FIX', message: 'Fix it.', clearedBy: 'a fix' }],
      });
    }
  }
  for (let i = 0; i < 4; i++) await createFinding(db, { developer_id: dev.id });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const counts = () => logger.statements.filter((s) => /count\(/i.test(s));

async function run(query: string): Promise<any> {
  logger.reset();
  const result = await executeOperation<any>(db, query, {}, { viewer: regulator() });
  expect(result.errors).toBeUndefined();
  return result.data;
}

describe('totalCount on demand', () => {
  test('no COUNT when totalCount is not selected', async () => {
    const data = await run('{ modelVersions(first: 3) { edges { node { name } } pageInfo { hasNextPage } } }');
    expect(data.modelVersions.edges).toHaveLength(3);
    expect(data.modelVersions.pageInfo.hasNextPage).toBe(true);
    expect(counts()).toEqual([]);
    expect(logger.count).toBe(1);
  });

  test('one COUNT, exact, when totalCount is selected directly', async () => {
    const data = await run('{ modelVersions(first: 3) { totalCount edges { node { name } } } }');
    expect(data.modelVersions.totalCount).toBe(7);
    expect(counts()).toHaveLength(1);
    expect(logger.count).toBe(2);
  });

  test('through an inline fragment and through a named fragment', async () => {
    const inline = await run('{ findings(first: 1) { ... on FindingConnection { totalCount } edges { node { publicId } } } }');
    expect(inline.findings.totalCount).toBe(4);
    expect(counts()).toHaveLength(1);

    const named = await run('query { findings(first: 2) { ...Counted } } fragment Counted on FindingConnection { totalCount }');
    expect(named.findings.totalCount).toBe(4);
    expect(counts()).toHaveLength(1);
  });

  test('a filtered count counts only matching rows, and an aliased pair counts each', async () => {
    const data = await run(
      '{ all: modelVersions(first: 1) { totalCount } none: modelVersions(first: 1, filter: { accessStatus: SUSPENDED }) { totalCount edges { cursor } } }',
    );
    expect(data.all.totalCount).toBe(7);
    expect(data.none).toEqual({ totalCount: 0, edges: [] });
    expect(counts()).toHaveLength(2);
  });
});

describe('export decision documents on demand', () => {
  const decisionStatements = () => logger.statements.filter((s) => /FROM "export_decisions"/i.test(s) && !/count\(/i.test(s));
  const explanationStatements = () => logger.statements.filter((s) => /FROM "decision_explanations"/i.test(s));

  test('without reasons or pathToEligibility the explanations are not read', async () => {
    const data = await run('{ exportDecisions(first: 10) { edges { node { outcome tier override { outcome } modelVersion { name } } } } }');
    expect(data.exportDecisions.edges.map((e: any) => e.node.outcome)).toEqual(['RESTRICTED', 'RESTRICTED']);
    const [statement] = decisionStatements();
    expect(statement).toBeDefined();
    expect(statement).not.toMatch(/"reasons"|"path_to_eligibility"/);
    expect(explanationStatements()).toEqual([]);
  });

  test('reasons through a named fragment, pathToEligibility through an inline fragment: read and served', async () => {
    const data = await run(`{ exportDecisions(first: 10, filter: { jurisdictionCode: "DE" }) { edges { node { ...Why ... on ExportDecision { pathToEligibility { clearedBy } } } } } }
      fragment Why on ExportDecision { outcome reasons { code message } }`);
    expect(data.exportDecisions.edges).toEqual([
      { node: { outcome: 'RESTRICTED', reasons: [{ code: 'OPEN_FINDING', message: 'An open finding.' }], pathToEligibility: [{ clearedBy: 'a fix' }] } },
    ]);
    expect(decisionStatements()[0]).not.toMatch(/"reasons"/);
    expect(explanationStatements()).toHaveLength(1);
  });
});

describe('export decision summaries (issue 12): the fields of DECISION_SUMMARY from its columns alone', () => {
  const SELECTIONS: Record<string, string> = {
    __typename: '__typename',
    id: 'id',
    modelVersion: 'modelVersion { id name }',
    jurisdiction: 'jurisdiction { code }',
    tier: 'tier',
    outcome: 'outcome',
    reasons: 'reasons { code message }',
    pathToEligibility: 'pathToEligibility { code clearedBy }',
    history: 'history { outcome }',
  };
  const pageStatement = () => logger.statements.find((s) => /FROM "export_decisions" "d"/i.test(s) && !/count\(/i.test(s));
  const nodes = async (selection: string) =>
    (await run(`{ exportDecisions(first: 10) { edges { cursor node { ${selection} } } } }`)).exportDecisions.edges;

  test('every field has a selection here', () => {
    expect(Object.keys(SELECTIONS).sort()).toEqual([...DECISION_SUMMARY.fields].sort());
  });

  test.each(Object.keys(SELECTIONS))('%s: served as from the whole row', async (field) => {
    const narrow = await nodes(SELECTIONS[field]!);
    expect(pageStatement()).not.toMatch(/"evaluated_at"|"override_outcome"/);
    const full = await nodes(`${SELECTIONS[field]} evaluatedAt`);
    expect(pageStatement()).toMatch(/"evaluated_at"/);
    expect(full).toHaveLength(2);
    expect(narrow).toEqual(full.map(({ cursor, node: { evaluatedAt: _e, ...node } }: any) => ({ cursor, node })));
  });

  test('a field outside it (override, through a fragment) reads the whole row', async () => {
    await run('{ exportDecisions(first: 10) { edges { node { outcome ...O } } } } fragment O on ExportDecision { override { outcome } }');
    expect(pageStatement()).toMatch(/"override_outcome"/);
  });
});

describe('model version summaries (issue 12): the fields of MODEL_VERSION_SUMMARY from its columns alone, read with the page', () => {
  const SELECTIONS: Record<string, string> = {
    __typename: '__typename',
    id: 'id',
    name: 'name',
    developerName: 'developerName',
    modelName: 'modelName',
    model: 'model { id name }',
    developer: 'developer { id name }',
    accessStatus: 'accessStatus',
    accessStatusHistory: 'accessStatusHistory { from to }',
    audits: 'audits { id }',
    exportDecisions: 'exportDecisions { id outcome }',
  };
  const versionStatements = () => logger.statements.filter((s) => /FROM "model_versions" t WHERE/i.test(s));
  const nodes = async (selection: string) =>
    (await run(`{ exportDecisions(first: 10) { edges { node { outcome modelVersion { ${selection} } } } } }`)).exportDecisions.edges;

  test('every field has a selection here', () => {
    expect(Object.keys(SELECTIONS).sort()).toEqual([...MODEL_VERSION_SUMMARY.fields].sort());
  });

  test.each(Object.keys(SELECTIONS))('%s: served as from the whole row', async (field) => {
    const narrow = await nodes(SELECTIONS[field]!);
    // The versions' summary columns come with the page, in its statement (no statement of their own).
    expect(versionStatements()).toHaveLength(0);
    const page = logger.statements.filter((s) => /FROM "export_decisions" "d"/i.test(s));
    expect(page).toHaveLength(1);
    expect(page[0]).toMatch(/JOIN "?model_versions"? "?v"?/i);
    expect(page[0]).toMatch(/v\."name" AS "v_name"/);
    expect(page[0]).not.toMatch(/v\."capability_domains"|v\."created_at"/);
    const full = await nodes(`${SELECTIONS[field]} capabilityDomains`);
    expect(versionStatements()).toHaveLength(1);
    expect(versionStatements()[0]).toMatch(/"capability_domains"/);
    expect(full).toHaveLength(2);
    expect(narrow).toEqual(
      full.map(({ node: { modelVersion: { capabilityDomains: _c, ...version }, ...node } }: any) => ({ node: { ...node, modelVersion: version } })),
    );
  });

  test('with the versions joined, the count, the cursors and paging backwards are unchanged', async () => {
    const joined = await run(
      '{ exportDecisions(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id modelVersion { name } } } } }',
    );
    const plain = await run('{ exportDecisions(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }');
    expect(joined.exportDecisions.totalCount).toBe(2);
    expect(joined.exportDecisions.pageInfo).toEqual(plain.exportDecisions.pageInfo);
    expect(joined.exportDecisions.edges.map((e: any) => [e.cursor, e.node.id])).toEqual(plain.exportDecisions.edges.map((e: any) => [e.cursor, e.node.id]));
    const back = await run(
      `{ exportDecisions(last: 5, before: "${joined.exportDecisions.pageInfo.endCursor}") { edges { node { id } } } x: exportDecisions(last: 5) { edges { node { id modelVersion { name } } } } }`,
    );
    expect(back.exportDecisions.edges).toEqual([]);
    expect(back.x.edges).toHaveLength(2);
    expect(back.x.edges.every((e: any) => typeof e.node.modelVersion.name === 'string')).toBe(true);
  });

  test('a field outside it (releasedAt, through a fragment) reads the whole row', async () => {
    await run('{ exportDecisions(first: 10) { edges { node { modelVersion { name ...E } } } } } fragment E on ModelVersion { releasedAt }');
    expect(versionStatements()[0]).toMatch(/"released_at"/);
  });
});
