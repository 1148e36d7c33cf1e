/**
 * The demo story (src/seed/demo-data.ts) as a client sees it through the GraphQL API.
 */
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { ANONYMOUS, type Viewer } from '../../../src/modules/access/rules';
import { executeOperation, stopHarness, type OperationResult } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');

let testDb: TestDatabase;
let db: DataSource;

/**
 * The story as a partner agency sees it by default: no demo finding is publicly disclosed, so the
 * public sees none of them (docs/access-control.md, "Undisclosed findings").
 */
const PARTNER: Viewer = { subject: 'liaison@partner.example', organizationId: null, roles: ['PARTNER_AGENCY'] };

/** Runs an operation at NOW and fails with the errors when there are any. */
async function ok<T = any>(query: string, variables?: Record<string, unknown>, viewer: Viewer = PARTNER): Promise<T> {
  const result: OperationResult<T> = await executeOperation<T>(db, query, variables, { now: NOW, viewer });
  if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

interface VersionNode {
  id: string;
  name: string;
  accessStatus: string;
  developer: { name: string };
  model: { name: string };
}

async function allVersions(): Promise<VersionNode[]> {
  const data = await ok(`{
    modelVersions(first: 100) {
      totalCount
      edges { node { id name accessStatus developer { name } model { name } } }
    }
  }`);
  return data.modelVersions.edges.map((e: { node: VersionNode }) => e.node);
}

async function versionId(name: string): Promise<string> {
  const v = (await allVersions()).find((n) => n.name === name);
  if (!v) throw new Error(`no model version named ${name}`);
  return v.id;
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

describe('the demo story through the API', () => {
  test('model versions include Fable 5 and Mythos 5, both by Northwind AI', async () => {
    const versions = await allVersions();
    const byName = new Map(versions.map((v) => [v.name, v]));
    expect(byName.get('Fable 5')).toMatchObject({ accessStatus: 'ACTIVE', developer: { name: 'Northwind AI' }, model: { name: 'Fable' } });
    expect(byName.get('Mythos 5')).toMatchObject({ accessStatus: 'ACTIVE', developer: { name: 'Northwind AI' }, model: { name: 'Mythos' } });
    expect(byName.get('Fable 4')).toMatchObject({ accessStatus: 'RETIRED', developer: { name: 'Northwind AI' } });
    expect(byName.get('Mythos 4')).toMatchObject({ accessStatus: 'RETIRED', developer: { name: 'Northwind AI' } });
    expect(byName.get('Atlas 3')).toMatchObject({ accessStatus: 'ACTIVE', developer: { name: 'Helix Systems' } });
    // The crisis developer (demo-crisis.test.ts): its versions stay ACTIVE; its decisions are suspended.
    for (const name of ['Lumen 2', 'Lumen 3', 'Lumen 3.1']) {
      expect(byName.get(name)).toMatchObject({ accessStatus: 'ACTIVE', developer: { name: 'Tessera Labs' }, model: { name: 'Lumen' } });
    }
    expect(versions).toHaveLength(8);
  });

  test('the active model versions are Fable 5, Mythos 5, Atlas 3 and the three Lumen versions', async () => {
    const data = await ok(`{ modelVersions(first: 100, filter: { accessStatus: ACTIVE }) { totalCount edges { node { name } } } }`);
    expect(data.modelVersions.totalCount).toBe(6);
    expect(data.modelVersions.edges.map((e: any) => e.node.name).sort()).toEqual(['Atlas 3', 'Fable 5', 'Lumen 2', 'Lumen 3', 'Lumen 3.1', 'Mythos 5']);
  });

  const DECISION = `query ($v: ID!, $code: String!) {
    exportDecisions(first: 10, filter: { modelVersionId: $v, jurisdictionCode: $code }) {
      totalCount
      edges { node { outcome computedOutcome tier policyVersion jurisdiction { code tier } modelVersion { name } reasons { code } } }
    }
  }`;

  async function decision(versionName: string, code: string) {
    const data = await ok(DECISION, { v: await versionId(versionName), code });
    expect(data.exportDecisions.totalCount).toBe(1);
    expect(data.exportDecisions.edges).toHaveLength(1);
    const node = data.exportDecisions.edges[0].node;
    expect(node.modelVersion.name).toBe(versionName);
    expect(node.jurisdiction.code).toBe(code);
    return node;
  }

  test.each([
    ['Fable 5', 'DE'],
    ['Fable 5', 'US'],
    ['Mythos 5', 'DE'],
    ['Mythos 5', 'US'],
  ])('%s is ELIGIBLE in the TIER_1 jurisdiction %s', async (name, code) => {
    const node = await decision(name, code);
    expect(node).toMatchObject({ outcome: 'ELIGIBLE', tier: 'TIER_1', jurisdiction: { tier: 'TIER_1' }, policyVersion: '2026.1' });
  });

  test.each([
    ['Fable 5', 'IN'],
    ['Fable 5', 'BR'],
    ['Mythos 5', 'IN'],
    ['Mythos 5', 'BR'],
  ])('%s is ELIGIBLE in the TIER_2 jurisdiction %s', async (name, code) => {
    const node = await decision(name, code);
    expect(node).toMatchObject({ outcome: 'ELIGIBLE', tier: 'TIER_2', jurisdiction: { tier: 'TIER_2' } });
  });

  test.each([['Fable 5'], ['Mythos 5']])('%s is PROHIBITED or RESTRICTED in the TIER_3 jurisdiction CN', async (name) => {
    const node = await decision(name, 'CN');
    expect(node.tier).toBe('TIER_3');
    expect(node.jurisdiction.tier).toBe('TIER_3');
    expect(['PROHIBITED', 'RESTRICTED']).toContain(node.outcome);
    expect(node.reasons.length).toBeGreaterThan(0);
  });

  test('every model version has one export decision per jurisdiction', async () => {
    const data = await ok(`{ jurisdictions { code } }`);
    const jurisdictions = data.jurisdictions.length;
    expect(jurisdictions).toBeGreaterThanOrEqual(240);
    const fable5 = await versionId('Fable 5');
    const decisions = await ok(`query ($v: ID!) { exportDecisions(first: 1, filter: { modelVersionId: $v }) { totalCount } }`, { v: fable5 });
    expect(decisions.exportDecisions.totalCount).toBe(jurisdictions);
    const all = await ok(`{ exportDecisions(first: 1) { totalCount } }`);
    expect(all.exportDecisions.totalCount).toBe(8 * jurisdictions);
  });

  test('findingByPublicId returns the finding with its developer, affected versions and severity', async () => {
    const data = await ok(`{
      findingByPublicId(publicId: "MSR-2026-0004") {
        publicId title category status
        developer { name }
        affectedVersions { name }
        currentSeverity { level interventionTier policyVersion }
        references { system identifier }
        statusHistory { from to }
      }
    }`);
    expect(data.findingByPublicId).toMatchObject({
      publicId: 'MSR-2026-0004',
      category: 'JAILBREAK',
      status: 'MITIGATING',
      developer: { name: 'Helix Systems' },
      affectedVersions: [{ name: 'Atlas 3' }],
      references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0054' }],
      statusHistory: [
        { from: null, to: 'REPORTED' },
        { from: 'REPORTED', to: 'TRIAGED' },
        { from: 'TRIAGED', to: 'MITIGATING' },
      ],
    });
    expect(data.findingByPublicId.title).toMatch(/jailbreak/i);
    expect(data.findingByPublicId.currentSeverity).not.toBeNull();
  });

  test('findingByPublicId returns null for an unknown or malformed public id', async () => {
    const data = await ok(`{ a: findingByPublicId(publicId: "MSR-2026-9999") { id } b: findingByPublicId(publicId: "nonsense") { id } }`);
    expect(data).toEqual({ a: null, b: null });
  });

  test('the demo findings MSR-2026-0001 to MSR-2026-0008 cover every severity level and many statuses', async () => {
    const data = await ok(`{ findings(first: 100) { totalCount edges { node { publicId status currentSeverity { level } developer { name } } } } }`);
    // Then the crisis: MSR-2026-0009 and MSR-2026-0010 of Tessera Labs (demo-crisis.test.ts).
    expect(data.findings.totalCount).toBe(10);
    const all = data.findings.edges.map((e: any) => e.node);
    expect(all.map((n: any) => n.publicId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `MSR-2026-${String(i + 1).padStart(4, '0')}`),
    );
    expect(all.filter((n: any) => n.developer.name === 'Tessera Labs').map((n: any) => n.publicId).sort()).toEqual(['MSR-2026-0009', 'MSR-2026-0010']);
    const nodes = all.filter((n: any) => n.developer.name !== 'Tessera Labs');
    const levels = new Set(nodes.map((n: any) => n.currentSeverity?.level).filter(Boolean));
    expect([...levels].sort()).toEqual(['CRITICAL', 'HIGH', 'LOW', 'MEDIUM']);
    const statuses = new Set(nodes.map((n: any) => n.status));
    for (const s of ['REPORTED', 'TRIAGED', 'MITIGATING', 'VERIFIED', 'CLOSED', 'REJECTED', 'WITHDRAWN']) expect(statuses).toContain(s);
  });

  test('restrictedDetails is null for a partner agency; the anonymous viewer does not see the undisclosed finding', async () => {
    const q = `{ findingByPublicId(publicId: "MSR-2026-0004") { restrictedDetails { reproductionSteps prompts } } }`;
    expect((await ok(q)).findingByPublicId.restrictedDetails).toBeNull();
    expect((await ok(q, undefined, ANONYMOUS)).findingByPublicId).toBeNull();
  });

  test('restrictedDetails is shown to a regulator and to the affected developer, not to another developer', async () => {
    const orgs = await ok(`{ organizations(first: 100) { edges { node { id name } } } }`);
    const idOf = (name: string) => orgs.organizations.edges.find((e: any) => e.node.name === name).node.id as string;
    const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
    const q = `{ findingByPublicId(publicId: "MSR-2026-0004") { restrictedDetails { reproductionSteps } } }`;

    const regulator = await ok(q, undefined, { subject: 'reg-1', organizationId: null, roles: ['REGULATOR'] });
    expect(regulator.findingByPublicId.restrictedDetails.reproductionSteps).toMatch(/security trainer/);

    const helix = await ok(q, undefined, { subject: 'dev-1', organizationId: localId(idOf('Helix Systems')), roles: ['DEVELOPER'] });
    expect(helix.findingByPublicId.restrictedDetails).not.toBeNull();

    const northwind = await ok(q, undefined, { subject: 'dev-2', organizationId: localId(idOf('Northwind AI')), roles: ['DEVELOPER'] });
    expect(northwind.findingByPublicId.restrictedDetails).toBeNull();
  });

  test('node(id) round-trips every Node type', async () => {
    const data = await ok(`{
      organizations(first: 1) { edges { node { id } } }
      models(first: 1) { edges { node { id } } }
      modelVersions(first: 1) { edges { node { id } } }
      findings(first: 1) { edges { node { id } } }
      audits(first: 1) { edges { node { id } } }
      jurisdictionByCode(code: "DE") { id }
      exportDecisions(first: 1) { edges { node { id } } }
      policyVersions { id }
      events(first: 1) { edges { node { id } } }
    }`);
    const ids: Record<string, string> = {
      Organization: data.organizations.edges[0].node.id,
      Model: data.models.edges[0].node.id,
      ModelVersion: data.modelVersions.edges[0].node.id,
      Finding: data.findings.edges[0].node.id,
      Audit: data.audits.edges[0].node.id,
      Jurisdiction: data.jurisdictionByCode.id,
      ExportDecision: data.exportDecisions.edges[0].node.id,
      PolicyVersion: data.policyVersions[0].id,
      RegistryEvent: data.events.edges[0].node.id,
    };
    for (const [type, id] of Object.entries(ids)) {
      const result = await ok(`query ($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect({ type, node: result.node }).toEqual({ type, node: { __typename: type, id } });
    }
    const many = await ok(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: Object.values(ids) });
    expect(many.nodes).toEqual(Object.entries(ids).map(([type, id]) => ({ __typename: type, id })));
  });

  test('node(id) resolves type-specific fields through fragments', async () => {
    const fable5 = await versionId('Fable 5');
    const data = await ok(`query ($id: ID!) { node(id: $id) { id ... on ModelVersion { name developer { name } } } }`, { id: fable5 });
    expect(data.node).toEqual({ id: fable5, name: 'Fable 5', developer: { name: 'Northwind AI' } });
  });

  test('jurisdictionByCode("DE") is Germany in TIER_1; IN is TIER_2 and CN is TIER_3', async () => {
    const data = await ok(`{
      de: jurisdictionByCode(code: "DE") { code name tier }
      in: jurisdictionByCode(code: "IN") { code tier }
      cn: jurisdictionByCode(code: "CN") { code tier }
      xx: jurisdictionByCode(code: "XX") { code }
    }`);
    expect(data.de).toEqual({ code: 'DE', name: expect.stringMatching(/Germany/), tier: 'TIER_1' });
    expect(data.in).toEqual({ code: 'IN', tier: 'TIER_2' });
    expect(data.cn).toEqual({ code: 'CN', tier: 'TIER_3' });
    expect(data.xx).toBeNull();
  });

  test('the audits of Fable 5 and Mythos 5 are by the accredited Sentinel Assurance and signed', async () => {
    const data = await ok(`{
      audits(first: 100) { edges { node { outcome modelVersion { name } auditor { name accreditations { status } } attestation { signature } } } }
    }`);
    const byVersion = new Map(data.audits.edges.map((e: any) => [e.node.modelVersion.name, e.node]));
    for (const name of ['Fable 5', 'Mythos 5']) {
      expect(byVersion.get(name)).toMatchObject({ outcome: 'PASS', auditor: { name: 'Sentinel Assurance', accreditations: [{ status: 'ACTIVE' }] } });
      expect((byVersion.get(name) as any).attestation.signature).toEqual(expect.any(String));
    }
    expect(byVersion.get('Atlas 3')).toMatchObject({ auditor: { name: 'Keystone Evaluations', accreditations: [{ status: 'EXPIRED' }] } });
  });

  test('policyInForce is 2026.1', async () => {
    const data = await ok(`{ policyInForce { version } policyVersions { version } }`);
    expect(data.policyInForce).toEqual({ version: '2026.1' });
    expect(data.policyVersions).toEqual([{ version: '2026.1' }]);
  });
});
