/**
 * `viewerOrganization`, `Organization.viewerActions` and `Model.viewerActions` (issue 14): what a
 * client needs to offer "open an audit" and "register a model or a version" only to those who may,
 * answered by the same rules the mutations enforce — and each listed action really passes them.
 */
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createModel } from '../../support/factories';
import { createAccessWorld, type AccessWorld, type PersonaName } from '../../support/access-fixture';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let modelA: string;
let modelB: string;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  modelA = (await createModel(db, { developer_id: world.developerA.id })).globalId;
  modelB = (await createModel(db, { developer_id: world.developerB.id })).globalId;
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const QUERY = `query($a: ID!, $b: ID!, $auditor: ID!, $ma: ID!, $mb: ID!) {
  viewerOrganization { id name }
  a: organization(id: $a) { viewerActions }
  b: organization(id: $b) { viewerActions }
  auditor: organization(id: $auditor) { viewerActions }
  ma: model(id: $ma) { viewerActions }
  mb: model(id: $mb) { viewerActions }
}`;

async function ask(persona: PersonaName) {
  const res = await executeOperation(
    db,
    QUERY,
    { a: world.developerA.globalId, b: world.developerB.globalId, auditor: world.auditorOfA.globalId, ma: modelA, mb: modelB },
    { viewer: world.personas[persona].viewer ?? undefined },
  );
  expect(res.errors).toBeUndefined();
  const d = res.data!;
  return {
    organization: d.viewerOrganization?.id ?? null,
    registerModelFor: [d.a.viewerActions.length ? 'A' : null, d.b.viewerActions.length ? 'B' : null, d.auditor.viewerActions.length ? 'auditor' : null].filter(Boolean),
    registerVersionOf: [d.ma.viewerActions.length ? 'A' : null, d.mb.viewerActions.length ? 'B' : null].filter(Boolean),
  };
}

test.each([
  ['anonymous', null, [], []],
  ['regulator', 'agency', ['A', 'B'], ['A', 'B']],
  ['analyst', 'agency', [], []],
  ['partnerAgency', 'agency', [], []],
  ['developerA', 'developerA', ['A'], ['A']],
  ['developerB', 'developerB', ['B'], ['B']],
  ['auditorOfA', 'auditorOfA', [], []],
  ['developerWithoutOrg', null, [], []],
] as const)('%s: its organization and where it may register models and versions', async (persona, org, models, versions) => {
  const found = await ask(persona);
  const expectedOrg = org ? (world[org] as { globalId: string }).globalId : null;
  expect(found).toEqual({ organization: expectedOrg, registerModelFor: [...models], registerVersionOf: [...versions] });
});

test("an auditor's organization is the global id openAudit takes as auditorId, with the audit actions", async () => {
  // (A token may carry that global id as its org claim too: test/unit/access/authentication.test.ts.)
  const res = await executeOperation(db, '{ viewerOrganization { id kind } viewerActions }', {}, { viewer: world.personas.auditorOfA.viewer! });
  expect(res.data!.viewerOrganization).toEqual({ id: toGlobalId('Organization', world.auditorOfA.id), kind: 'AUDITOR' });
  expect(res.data!.viewerActions).toEqual(expect.arrayContaining(['OPEN_AUDIT', 'COMPLETE_AUDIT']));
});

test('each listed registration passes the mutation, and an unlisted one is refused', async () => {
  const register = (persona: PersonaName, modelId: string, name: string) =>
    executeOperation(
      db,
      `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { name } errors { code } } }`,
      { input: { modelId, name, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL'] } },
      { viewer: world.personas[persona].viewer ?? undefined },
    );
  const listed = await register('developerA', modelA, 'Listed 1');
  expect(listed.errors).toBeUndefined();
  expect(listed.data!.registerModelVersion).toEqual({ modelVersion: { name: 'Listed 1' }, errors: [] });
  const unlisted = await register('developerA', modelB, 'Unlisted 1');
  expect(unlisted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
