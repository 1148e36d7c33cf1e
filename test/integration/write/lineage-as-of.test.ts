/**
 * Issue 19, as-of replay of lineage: a link retracted later still applies to an evaluation as of a
 * moment before its retraction (and not before its declaration, nor after its retraction), through
 * the API's `ModelVersion.eligibility(asOf:)` against real PostgreSQL.
 */
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain';
import type { Viewer } from '../../../src/modules/access/rules';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, developer, partnerAgency, regulator } from '../../support/viewers';

let tdb: TestDatabase;
let db: DataSource;
const g: Record<string, string> = {};
const local = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const tick = () => new Promise((resolve) => setTimeout(resolve, 25));

async function ok(viewer: Viewer, query: string, variables: Record<string, unknown>, field: string) {
  const { data, errors, internalErrors } = await executeOperation(db, query, variables, { viewer });
  expect(internalErrors).toEqual([]);
  expect(errors).toBeUndefined();
  expect(data![field].errors).toEqual([]);
  return data![field];
}

async function evaluation(asOf: string | null): Promise<{ outcome: string; codes: string[]; messages: string[] }> {
  const { data, errors } = await executeOperation(
    db,
    `query($id: ID!, $asOf: DateTime) { modelVersion(id: $id) { eligibility(jurisdictionCode: "DE", asOf: $asOf) { outcome reasons { code message } } } }`,
    { id: g.q4, asOf },
    { viewer: partnerAgency() },
  );
  expect(errors).toBeUndefined();
  const e = data!.modelVersion.eligibility;
  return { outcome: e.outcome, codes: e.reasons.map((r: { code: string }) => r.code), messages: e.reasons.map((r: { message: string }) => r.message) };
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

test('a lineage link retracted later still applies to as-of evaluation before its retraction', async () => {
  await ok(
    regulator(),
    `mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { policyVersion { version } errors { code message path } } }`,
    { input: { document: JSON.stringify(STARTING_POLICY), summary: 'Starting policy with inheritance' } },
    'publishPolicyVersion',
  );
  const orgOf = async (name: string) =>
    (
      await ok(
        regulator(),
        `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } errors { code message path } } }`,
        { input: { name, kind: 'DEVELOPER', countryCode: 'US' } },
        'registerOrganization',
      )
    ).organization.id as string;
  g.northwind = await orgOf('Northwind AI');
  const dev = developer(local(g.northwind));
  const version = async (model: string, name: string) => {
    const modelId = (
      await ok(dev, `mutation($input: RegisterModelInput!) { registerModel(input: $input) { model { id } errors { code message path } } }`, { input: { developerId: g.northwind, name: model } }, 'registerModel')
    ).model.id;
    return (
      await ok(
        dev,
        `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message path } } }`,
        { input: { modelId, name, releasedAt: '2026-09-22T00:00:00Z', trainingComputeOps: 1e24, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL'] } },
        'registerModelVersion',
      )
    ).modelVersion.id as string;
  };
  g.mythos5 = await version('Mythos', 'Mythos 5');
  g.q4 = await version('Mythos Q', 'Mythos 5 Q4');
  const reported = await ok(
    analyst(),
    `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message path } } }`,
    { input: { affectedVersionIds: [g.mythos5], title: 'Universal jailbreak', summary: 'One prefix disables refusals.', category: 'JAILBREAK', discoveredAt: new Date(Date.now() - 3_600_000).toISOString() } },
    'reportFinding',
  );
  await ok(
    analyst(),
    `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message path } } }`,
    {
      input: {
        findingId: reported.finding.id,
        cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
        aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
      },
    },
    'assessFindingSeverity',
  );
  await tick();
  const beforeDeclaration = new Date().toISOString();
  await tick();
  await ok(dev, `mutation($input: DeclareLineageInput!) { declareLineage(input: $input) { modelVersion { id } errors { code message path } } }`, { input: { childVersionId: g.q4, parentVersionId: g.mythos5, relation: 'QUANTIZATION' } }, 'declareLineage');
  await tick();
  const whileDeclared = new Date().toISOString();
  expect((await evaluation(null)).outcome).toBe('SUSPENDED');
  await tick();
  await ok(
    dev,
    `mutation($input: RetractLineageInput!) { retractLineage(input: $input) { modelVersion { id } errors { code message path } } }`,
    { input: { childVersionId: g.q4, parentVersionId: g.mythos5, reason: 'Declared against the wrong base.' } },
    'retractLineage',
  );
  await tick();
  const afterRetraction = new Date().toISOString();

  // Now: the link no longer stands, nothing is inherited.
  const now = await evaluation(null);
  expect(now.outcome).not.toBe('SUSPENDED');
  expect(now.messages.join(' ')).not.toContain('inherited');
  // As of a moment while it stood: the retracted link is replayed, and the Q4 was suspended by inheritance.
  const then = await evaluation(whileDeclared);
  expect(then.outcome).toBe('SUSPENDED');
  expect(then.messages.join(' ')).toContain('inherited: Mythos 5 → QUANTIZATION → Mythos 5 Q4');
  // Before its declaration and after its retraction: not.
  expect((await evaluation(beforeDeclaration)).outcome).not.toBe('SUSPENDED');
  expect((await evaluation(afterRetraction)).outcome).not.toBe('SUSPENDED');
});
