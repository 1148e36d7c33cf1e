/**
 * Issue 19, across developers: the developer of a derived version sees an inherited finding's
 * summary but never the ancestor's restricted details — unless a regulator grants them to it
 * (`grantInheritedFindingDetails`), recorded with who, why and when, and revocable.
 */
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain';
import { ANONYMOUS, type Viewer } from '../../../src/modules/access/rules';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, developer, partnerAgency, regulator } from '../../support/viewers';

let tdb: TestDatabase;
let db: DataSource;
const g: Record<string, string> = {}; // global ids
const local = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const PROMPT = 'SECRET-GRANT-PREFIX';

async function run(viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
  const result = await executeOperation(db, query, variables, { viewer });
  expect(result.internalErrors).toEqual([]);
  return result;
}

async function ok(viewer: Viewer, query: string, variables: Record<string, unknown>, field: string) {
  const { data, errors } = await run(viewer, query, variables);
  expect(errors).toBeUndefined();
  expect(data![field].errors).toEqual([]);
  return data![field];
}

const REGISTER_ORG = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } errors { code message path } } }`;
const REGISTER_MODEL = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { model { id } errors { code message path } } }`;
const REGISTER_VERSION = `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message path } } }`;
const DECLARE = `mutation($input: DeclareLineageInput!) { declareLineage(input: $input) { modelVersion { id } errors { code message path } } }`;
const GRANT_FIELDS = `modelVersion { name } grantee { name } justification grantedBy grantedAt revokedAt revokedBy revocationReason`;
const GRANT = `mutation($input: GrantInheritedFindingDetailsInput!) { grantInheritedFindingDetails(input: $input) {
  grant { ${GRANT_FIELDS} } errors { code message path } } }`;
const REVOKE = `mutation($input: RevokeInheritedFindingDetailsInput!) { revokeInheritedFindingDetails(input: $input) {
  grant { ${GRANT_FIELDS} } errors { code message path } } }`;
const DETAILS = `query($f: ID!, $v: ID!) {
  finding(id: $f) { publicId summary restrictedDetails { prompts } }
  modelVersion(id: $v) { inheritedFindings { finding { publicId restrictedDetails { prompts } } detailsGrants { ${GRANT_FIELDS} } } } }`;

async function detailsSeenBy(viewer: Viewer) {
  const { data, errors } = await run(viewer, DETAILS, { f: g.jailbreak, v: g.q4 });
  expect(errors).toBeUndefined();
  const [inherited] = data!.modelVersion.inheritedFindings;
  return { direct: data!.finding.restrictedDetails, inherited: inherited.finding.restrictedDetails, grants: inherited.detailsGrants, summary: data!.finding.summary };
}

async function grantRows(): Promise<number> {
  const [{ n }] = await db.query('SELECT count(*)::int AS n FROM inherited_finding_details_grants');
  return n;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await ok(
    regulator(),
    `mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { policyVersion { version } errors { code message path } } }`,
    { input: { document: JSON.stringify(STARTING_POLICY), summary: 'Starting policy with inheritance' } },
    'publishPolicyVersion',
  );
  const org = async (name: string, countryCode: string) =>
    (await ok(regulator(), REGISTER_ORG, { input: { name, kind: 'DEVELOPER', countryCode } }, 'registerOrganization')).organization.id as string;
  g.northwind = await org('Northwind AI', 'US');
  g.lakeside = await org('Lakeside Labs', 'FR');
  g.eastgate = await org('Eastgate Systems', 'DE');
  const version = async (developerId: string, model: string, name: string) => {
    const dev = developer(local(developerId));
    const modelId = (await ok(dev, REGISTER_MODEL, { input: { developerId, name: model } }, 'registerModel')).model.id;
    const input = { modelId, name, releasedAt: '2026-09-22T00:00:00Z', trainingComputeOps: 1e24, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL'] };
    return (await ok(dev, REGISTER_VERSION, { input }, 'registerModelVersion')).modelVersion.id as string;
  };
  g.mythos5 = await version(g.northwind, 'Mythos', 'Mythos 5');
  g.q4 = await version(g.lakeside, 'Lakeside Q', 'Mythos 5 Q4');
  g.eastgateV = await version(g.eastgate, 'Eastgate One', 'Eastgate One 1');
  await ok(developer(local(g.lakeside)), DECLARE, { input: { childVersionId: g.q4, parentVersionId: g.mythos5, relation: 'QUANTIZATION' } }, 'declareLineage');
  const reported = await ok(
    analyst(),
    `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message path } } }`,
    {
      input: {
        affectedVersionIds: [g.mythos5],
        title: 'Universal jailbreak of Mythos 5',
        summary: 'One prompt prefix disables refusals.',
        category: 'JAILBREAK',
        reporterName: 'Independent researcher',
        discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
        restrictedDetails: { prompts: PROMPT, reproductionSteps: 'Prepend the prefix.' },
      },
    },
    'reportFinding',
  );
  g.jailbreak = reported.finding.id;
  g.pid = reported.finding.publicId;
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

describe('restricted details of an inherited finding, granted by a regulator', () => {
  const input = () => ({ findingId: g.jailbreak, modelVersionId: g.q4, justification: 'Lakeside must reproduce the jailbreak to retest its quantization.' });

  test('before any grant the descendant’s developer sees the summary but not the ancestor’s details', async () => {
    const seen = await detailsSeenBy(developer(local(g.lakeside)));
    expect(seen).toEqual({ direct: null, inherited: null, grants: [], summary: 'One prompt prefix disables refusals.' });
    // The finding's own developer reads them, as always.
    expect((await detailsSeenBy(developer(local(g.northwind)))).direct).toEqual({ prompts: PROMPT });
  });

  test('developers, analysts, partner agencies and anonymous callers may not grant; nothing is written', async () => {
    for (const viewer of [developer(local(g.lakeside)), developer(local(g.northwind)), analyst(), partnerAgency()]) {
      const { errors } = await run(viewer, GRANT, { input: input() });
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await run(ANONYMOUS, GRANT, { input: input() });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await grantRows()).toBe(0);
  });

  test('viewerActions offers the grant on the version to regulators only', async () => {
    const actionsOf = async (viewer: Viewer) =>
      (await run(viewer, `query($id: ID!) { modelVersion(id: $id) { viewerActions } }`, { id: g.q4 })).data!.modelVersion.viewerActions as string[];
    expect(await actionsOf(regulator())).toContain('GRANT_INHERITED_FINDING_DETAILS');
    for (const viewer of [developer(local(g.lakeside)), developer(local(g.northwind)), analyst(), partnerAgency()]) {
      expect(await actionsOf(viewer)).not.toContain('GRANT_INHERITED_FINDING_DETAILS');
    }
  });

  test('bad input is a typed error on its path, and nothing is written', async () => {
    const errorsOf = async (i: Record<string, unknown>) => (await run(regulator(), GRANT, { input: i })).data!.grantInheritedFindingDetails;
    expect(await errorsOf({ ...input(), findingId: 'not-an-id' })).toEqual({ grant: null, errors: [{ code: 'INVALID_ID', message: expect.any(String), path: ['findingId'] }] });
    expect((await errorsOf({ ...input(), modelVersionId: g.jailbreak })).errors).toMatchObject([{ code: 'INVALID_ID', path: ['modelVersionId'] }]);
    expect((await errorsOf({ ...input(), findingId: globalId('Finding', '00000000-0000-4000-8000-000000000000') })).errors).toMatchObject([
      { code: 'NOT_FOUND', path: ['findingId'] },
    ]);
    expect((await errorsOf({ ...input(), justification: '  ' })).errors).toMatchObject([{ code: 'REQUIRED', path: ['justification'] }]);
    expect((await errorsOf({ ...input(), justification: 'x'.repeat(4001) })).errors).toMatchObject([{ path: ['justification'] }]);
    expect((await errorsOf({ ...input(), idempotencyKey: 'no spaces allowed' })).errors).toMatchObject([{ code: 'INVALID_IDEMPOTENCY_KEY', path: ['idempotencyKey'] }]);
    const notInherited = await errorsOf({ ...input(), modelVersionId: g.eastgateV });
    expect(notInherited.errors).toEqual([
      { code: 'NOT_INHERITED', path: ['findingId'], message: `Eastgate One 1 does not inherit ${g.pid} from any ancestor under the policy in force.` },
    ]);
    expect((await errorsOf({ ...input(), modelVersionId: g.mythos5 })).errors).toMatchObject([{ code: 'ALREADY_READABLE', path: ['findingId'] }]);
    expect(await grantRows()).toBe(0);
  });

  test('after a regulator’s grant the descendant’s developer reads the details (the read is logged); another developer never does', async () => {
    const granted = await ok(regulator(), GRANT, { input: { ...input(), idempotencyKey: 'grant-q4-1' } }, 'grantInheritedFindingDetails');
    expect(granted.grant).toEqual({
      modelVersion: { name: 'Mythos 5 Q4' },
      grantee: { name: 'Lakeside Labs' },
      justification: input().justification,
      grantedBy: 'regulator@oais.example.gov',
      grantedAt: expect.any(String),
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
    });
    // The same key gives the first answer back without a second grant.
    const replay = await ok(regulator(), GRANT, { input: { ...input(), idempotencyKey: 'grant-q4-1' } }, 'grantInheritedFindingDetails');
    expect(replay.grant).toEqual(granted.grant);
    expect(await grantRows()).toBe(1);
    const again = await run(regulator(), GRANT, { input: input() });
    expect(again.data!.grantInheritedFindingDetails.errors).toMatchObject([{ code: 'ALREADY_GRANTED', path: ['findingId'] }]);

    const lakeside = await detailsSeenBy(developer(local(g.lakeside)));
    expect(lakeside).toMatchObject({ direct: { prompts: PROMPT }, inherited: { prompts: PROMPT }, grants: [granted.grant] });
    const eastgate = await detailsSeenBy(developer(local(g.eastgate)));
    expect(eastgate).toMatchObject({ direct: null, inherited: null, grants: [] });
    expect((await detailsSeenBy(partnerAgency())).direct).toBeNull();
    expect((await detailsSeenBy(developer(local(g.northwind)))).grants).toEqual([granted.grant]);

    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'RESTRICTED_DETAILS_READ' AND payload->>'organizationId' = $1`,
      [local(g.lakeside)],
    );
    expect(n).toBeGreaterThan(0);
  });

  test('a regulator revokes the grant with a reason: the details are gone again and the grant stays in the history', async () => {
    const refused = await run(developer(local(g.lakeside)), REVOKE, { input: { findingId: g.jailbreak, modelVersionId: g.q4, reason: 'Done.' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = await run(regulator(), REVOKE, { input: { findingId: g.jailbreak, modelVersionId: g.q4, reason: '' } });
    expect(blank.data!.revokeInheritedFindingDetails.errors).toMatchObject([{ code: 'REQUIRED', path: ['reason'] }]);

    const revoked = await ok(regulator(), REVOKE, { input: { findingId: g.jailbreak, modelVersionId: g.q4, reason: 'The retest is complete.' } }, 'revokeInheritedFindingDetails');
    expect(revoked.grant).toMatchObject({ revokedAt: expect.any(String), revokedBy: 'regulator@oais.example.gov', revocationReason: 'The retest is complete.' });
    const lakeside = await detailsSeenBy(developer(local(g.lakeside)));
    expect(lakeside).toMatchObject({ direct: null, inherited: null, grants: [revoked.grant] });
    const twice = await run(regulator(), REVOKE, { input: { findingId: g.jailbreak, modelVersionId: g.q4, reason: 'Again.' } });
    expect(twice.data!.revokeInheritedFindingDetails.errors).toMatchObject([{ code: 'NOT_GRANTED', path: ['findingId'] }]);

    // Granted anew: two grants in the history, oldest first.
    await ok(regulator(), GRANT, { input: input() }, 'grantInheritedFindingDetails');
    const after = await detailsSeenBy(developer(local(g.lakeside)));
    expect(after.direct).toEqual({ prompts: PROMPT });
    expect(after.grants.map((x: { revokedAt: string | null }) => x.revokedAt !== null)).toEqual([true, false]);
  });

  test('grants and revocations are events about the finding, and the chain verifies', async () => {
    const { data, errors } = await run(regulator(), `{ verifyEventChain { ok } events(last: 100) { edges { node { type subjectId } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.verifyEventChain.ok).toBe(true);
    const grantEvents = data!.events.edges
      .map((e: { node: { type: string; subjectId: string } }) => e.node)
      .filter((e: { type: string }) => e.type.startsWith('INHERITED_FINDING_DETAILS_'));
    expect(grantEvents.map((e: { type: string }) => e.type).sort()).toEqual([
      'INHERITED_FINDING_DETAILS_GRANTED',
      'INHERITED_FINDING_DETAILS_GRANTED',
      'INHERITED_FINDING_DETAILS_REVOKED',
    ]);
    expect(new Set(grantEvents.map((e: { subjectId: string }) => e.subjectId))).toEqual(new Set([expect.stringMatching(new RegExp(`^(${g.jailbreak}|${local(g.jailbreak)})$`))]));
  });
});
