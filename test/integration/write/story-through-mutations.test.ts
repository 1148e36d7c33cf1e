/**
 * The whole story of DOMAIN.md played through GraphQL mutations alone, from an empty registry,
 * asserting outcomes and reasons at every step.
 */
import { sign } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain';
import { demoKeyPair } from '../../../src/seed/demo-keys';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, auditor, developer, partnerAgency, regulator } from '../../support/viewers';
import type { Viewer } from '../../../src/modules/access/rules';

let tdb: TestDatabase;
let db: DataSource;
const keys = demoKeyPair('story test auditor');
const g: Record<string, string> = {}; // global ids
const local = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

async function ok(viewer: Viewer, query: string, variables: Record<string, unknown>, field: string) {
  const { data, errors } = await executeOperation(db, query, variables, { viewer });
  expect(errors).toBeUndefined();
  expect(data![field].errors).toEqual([]);
  return data![field];
}

async function outcome(versionId: string, code: string): Promise<{ outcome: string; reasons: any[]; path: any[] }> {
  const { data, errors } = await executeOperation(
    db,
    `query($v: ID!, $c: String!) { exportDecisions(first: 1, filter: { modelVersionId: $v, jurisdictionCode: $c }) {
        edges { node { outcome reasons { code findingPublicIds } pathToEligibility { code clearedBy findingPublicIds } } } } }`,
    { v: versionId, c: code },
    { viewer: partnerAgency() }, // the story's findings are not publicly disclosed: the public sees none
  );
  expect(errors).toBeUndefined();
  const node = data!.exportDecisions.edges[0].node;
  return { outcome: node.outcome, reasons: node.reasons, path: node.pathToEligibility };
}

const REGISTER_ORG = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) {
  organization { id name } errors { code message path } } }`;
const REGISTER_VERSION = `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) {
  modelVersion { id name rowVersion } errors { code message path } } }`;
const OPEN_AUDIT = `mutation($input: OpenAuditInput!) { openAudit(input: $input) { audit { id rowVersion } errors { code message path } } }`;
const COMPLETE_AUDIT = `mutation($input: CompleteAuditInput!) { completeAudit(input: $input) {
  audit { id status outcome attestation { verified } qualification { counts } } errors { code message path } } }`;
const PAYLOAD = `query($input: CompleteAuditInput!) { auditAttestationPayload(input: $input) }`;

async function passAudit(versionId: string, kind: 'INITIAL' | 'RETEST', scopes: string[], retest: string[] = []) {
  const opened = await ok(
    auditor(local(g.sentinel)),
    OPEN_AUDIT,
    { input: { auditorId: g.sentinel, modelVersionId: versionId, kind, scopes, retestFindingIds: retest } },
    'openAudit',
  );
  const completion = {
    auditId: opened.audit.id,
    expectedRowVersion: opened.audit.rowVersion,
    outcome: 'PASS',
    completedAt: new Date().toISOString(),
    retestResults: retest.map((findingId) => ({ findingId, result: 'PASS' })),
    attestationSignature: '',
  };
  const { data } = await executeOperation(db, PAYLOAD, { input: completion });
  const payload: string = data!.auditAttestationPayload;
  expect(payload).toContain(local(opened.audit.id));
  completion.attestationSignature = sign(null, Buffer.from(payload), keys.privateKey).toString('base64');
  const done = await ok(auditor(local(g.sentinel)), COMPLETE_AUDIT, { input: completion }, 'completeAudit');
  expect(done.audit).toMatchObject({ status: 'COMPLETED', outcome: 'PASS', attestation: { verified: true }, qualification: { counts: true } });
  return done.audit.id as string;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

describe('the DOMAIN.md story through mutations alone', () => {
  test('a regulator publishes the starting policy and registers the organizations', async () => {
    const published = await ok(
      regulator(),
      `mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { policyVersion { version } errors { code message path } } }`,
      { input: { document: JSON.stringify(STARTING_POLICY), summary: 'Starting policy' } },
      'publishPolicyVersion',
    );
    expect(published.policyVersion.version).toBe('2026.1');
    g.northwind = (await ok(regulator(), REGISTER_ORG, { input: { name: 'Northwind AI', kind: 'DEVELOPER', countryCode: 'US' } }, 'registerOrganization')).organization.id;
    g.sentinel = (
      await ok(
        regulator(),
        REGISTER_ORG,
        { input: { name: 'Sentinel Assurance', kind: 'AUDITOR', countryCode: 'GB', attestationPublicKey: keys.publicKeyPem } },
        'registerOrganization',
      )
    ).organization.id;
    await ok(
      regulator(),
      `mutation($input: RegisterAccreditationInput!) { registerAccreditation(input: $input) { auditor { accreditations { scopes } } errors { code message path } } }`,
      {
        input: {
          auditorId: g.sentinel,
          body: 'UKAS',
          scopes: ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'GENERAL'],
          validFrom: '2025-01-01T00:00:00Z',
          validUntil: '2028-01-01T00:00:00Z',
        },
      },
      'registerAccreditation',
    );
  });

  test('the developer releases Fable 5 and Mythos 5; without an audit they are restricted in TIER_2', async () => {
    const dev = developer(local(g.northwind));
    for (const name of ['Fable', 'Mythos']) {
      const m = await ok(
        dev,
        `mutation($input: RegisterModelInput!) { registerModel(input: $input) { model { id } errors { code message path } } }`,
        { input: { developerId: g.northwind, name } },
        'registerModel',
      );
      g[name] = m.model.id;
    }
    g.fable5 = (await ok(dev, REGISTER_VERSION, { input: { modelId: g.Fable, name: 'Fable 5', releasedAt: '2026-09-15T00:00:00Z', trainingComputeOps: 8e25, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL', 'CODE'] } }, 'registerModelVersion')).modelVersion.id;
    g.mythos5 = (await ok(dev, REGISTER_VERSION, { input: { modelId: g.Mythos, name: 'Mythos 5', releasedAt: '2026-09-22T00:00:00Z', trainingComputeOps: 3e26, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL', 'CODE'] } }, 'registerModelVersion')).modelVersion.id;
    expect((await outcome(g.fable5, 'IN')).outcome).toBe('RESTRICTED');
    expect((await outcome(g.fable5, 'DE')).outcome).toBe('ELIGIBLE');
  });

  test('after a passing independent audit both are eligible in TIER_1 and TIER_2', async () => {
    await passAudit(g.fable5, 'INITIAL', ['JAILBREAK', 'GENERAL']);
    await passAudit(g.mythos5, 'INITIAL', ['JAILBREAK', 'GENERAL']);
    for (const v of [g.fable5, g.mythos5]) {
      expect((await outcome(v, 'DE')).outcome).toBe('ELIGIBLE');
      expect((await outcome(v, 'IN')).outcome).toBe('ELIGIBLE');
    }
  });

  test('a reported universal jailbreak assessed CRITICAL suspends both versions everywhere', async () => {
    const reported = await ok(
      analyst(),
      `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId status rowVersion } errors { code message path } } }`,
      {
        input: {
          affectedVersionIds: [g.fable5, g.mythos5],
          title: 'Universal jailbreak across Fable and Mythos',
          summary: 'One prompt prefix disables refusals in every domain.',
          category: 'JAILBREAK',
          reporterName: 'Independent researcher',
          discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
          restrictedDetails: { prompts: 'SECRET-PREFIX-PROMPT', reproductionSteps: 'Prepend the prefix.' },
          references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0054', atlasRelease: 'v4.9.0' }],
        },
      },
      'reportFinding',
    );
    g.jailbreak = reported.finding.id;
    g.jailbreakPublicId = reported.finding.publicId;
    expect(g.jailbreakPublicId).toMatch(/^MSR-\d{4}-0001$/);
    const assessed = await ok(
      analyst(),
      `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) {
          finding { currentSeverity { level interventionTier tierRule } deadlines { deadlines { kind dueAt clockStart state } } }
          errors { code message path } } }`,
      {
        input: {
          findingId: g.jailbreak,
          cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
          aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
        },
      },
      'assessFindingSeverity',
    );
    expect(assessed.finding.currentSeverity).toMatchObject({ level: 'CRITICAL', interventionTier: 'GOVERNMENT_INTERVENTION' });
    const notify = assessed.finding.deadlines.deadlines.find((d: any) => d.kind === 'NOTIFY_GOVERNMENT');
    expect(Date.parse(notify.dueAt) - Date.parse(notify.clockStart)).toBe(24 * 3_600_000);
    for (const v of [g.fable5, g.mythos5]) {
      for (const code of ['DE', 'US', 'IN', 'BR']) {
        const d = await outcome(v, code);
        expect(d.outcome).toBe('SUSPENDED');
        expect(d.reasons.some((r) => r.findingPublicIds.includes(g.jailbreakPublicId))).toBe(true);
      }
    }
  });

  test('Mythos 5.1 with the fix is not eligible until an independent retest passes, then it is', async () => {
    const dev = developer(local(g.northwind));
    const TRANSITION = `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { status rowVersion } errors { code message path } } }`;
    let f = await ok(dev, TRANSITION, { input: { findingId: g.jailbreak, expectedRowVersion: await rowVersion(g.jailbreak), to: 'TRIAGED' } }, 'transitionFinding');
    expect(f.finding.status).toBe('TRIAGED');
    g.mythos51 = (await ok(dev, REGISTER_VERSION, { input: { modelId: g.Mythos, name: 'Mythos 5.1', releasedAt: new Date().toISOString(), trainingComputeOps: 3e26, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL', 'CODE'] } }, 'registerModelVersion')).modelVersion.id;
    await ok(
      dev,
      `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { fixedInVersion { name } } errors { code message path } } }`,
      { input: { findingId: g.jailbreak, expectedRowVersion: f.finding.rowVersion, fixedInVersionId: g.mythos51 } },
      'linkFixVersion',
    );
    f = await ok(dev, TRANSITION, { input: { findingId: g.jailbreak, expectedRowVersion: await rowVersion(g.jailbreak), to: 'REMEDIATED' } }, 'transitionFinding');
    expect(f.finding.status).toBe('REMEDIATED');
    const before = await outcome(g.mythos51, 'DE');
    expect(before.outcome).not.toBe('ELIGIBLE');
    expect(before.path.some((p) => p.findingPublicIds.includes(g.jailbreakPublicId))).toBe(true);

    await passAudit(g.mythos51, 'RETEST', ['JAILBREAK', 'CBRN'], [g.jailbreak]);
    for (const code of ['DE', 'US', 'IN', 'BR']) expect((await outcome(g.mythos51, code)).outcome).toBe('ELIGIBLE');
  });

  test('Fable 5 stays suspended, and its path to eligibility says exactly why', async () => {
    const d = await outcome(g.fable5, 'DE');
    expect(d.outcome).toBe('SUSPENDED');
    const blocker = d.path.find((p) => p.findingPublicIds.includes(g.jailbreakPublicId));
    expect(blocker.clearedBy).toMatch(/retest|fix/i);
  });

  test('a partner agency sees the decisions and the summary, never the jailbreak prompt; the developer sees it', async () => {
    const query = `query($id: ID!) { finding(id: $id) { publicId summary currentSeverity { level } restrictedDetails { prompts } } }`;
    const partner = await executeOperation(db, query, { id: g.jailbreak }, { viewer: partnerAgency() });
    expect(partner.errors).toBeUndefined();
    expect(partner.data!.finding.restrictedDetails).toBeNull();
    expect(JSON.stringify(partner.data)).not.toContain('SECRET-PREFIX-PROMPT');
    const dev = await executeOperation(db, query, { id: g.jailbreak }, { viewer: developer(local(g.northwind)) });
    expect(dev.data!.finding.restrictedDetails.prompts).toBe('SECRET-PREFIX-PROMPT');
  });

  test('every step is in the hash-chained event log, which verifies', async () => {
    const { data } = await executeOperation(db, `{ verifyEventChain { ok checked firstBrokenSequence }
      events(first: 100) { totalCount edges { node { type } } } }`, undefined, { viewer: partnerAgency() });
    expect(data!.verifyEventChain).toMatchObject({ ok: true, firstBrokenSequence: null });
    const types = data!.events.edges.map((e: any) => e.node.type);
    for (const t of ['POLICY_PUBLISHED', 'FINDING_REPORTED', 'FINDING_ASSESSED', 'FINDING_STATUS_CHANGED', 'FINDING_FIX_LINKED', 'AUDIT_COMPLETED', 'EXPORT_DECISIONS_CHANGED']) {
      expect(types).toContain(t);
    }
  });
});

async function rowVersion(findingId: string): Promise<number> {
  const { data } = await executeOperation(db, `query($id: ID!) { finding(id: $id) { rowVersion } }`, { id: findingId }, { viewer: partnerAgency() });
  return data!.finding.rowVersion;
}
