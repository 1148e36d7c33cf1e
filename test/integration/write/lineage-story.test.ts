/**
 * Issue 19's story through the API alone: "Mythos 5 Mini", distilled from Mythos 5, is SUSPENDED
 * by inheritance after the universal jailbreak; Mythos 5.1's fix does not lift it; its own retest
 * does. Around it: cycles refused on the input path, a descendant of another developer that sees
 * the summary but never the prompt, a regulator's "not affected", a retraction kept in history,
 * the blast radius, and the events that subscriptions and webhooks deliver.
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
const keys = demoKeyPair('lineage story auditor');
const g: Record<string, string> = {}; // global ids
const local = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

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

async function outcome(versionId: string, code: string): Promise<{ outcome: string; reasons: any[]; path: any[] }> {
  const { data, errors } = await run(
    partnerAgency(),
    `query($v: ID!, $c: String!) { exportDecisions(first: 1, filter: { modelVersionId: $v, jurisdictionCode: $c }) {
        edges { node { outcome reasons { code message findingPublicIds } pathToEligibility { code message clearedBy findingPublicIds } } } } }`,
    { v: versionId, c: code },
  );
  expect(errors).toBeUndefined();
  const node = data!.exportDecisions.edges[0].node;
  return { outcome: node.outcome, reasons: node.reasons, path: node.pathToEligibility };
}

const REGISTER_ORG = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } errors { code message path } } }`;
const REGISTER_MODEL = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { model { id } errors { code message path } } }`;
const REGISTER_VERSION = `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message path } } }`;
const DECLARE = `mutation($input: DeclareLineageInput!) { declareLineage(input: $input) {
  modelVersion { name parents { relation parent { name } declaredBy } } errors { code message path } } }`;
const RETRACT = `mutation($input: RetractLineageInput!) { retractLineage(input: $input) {
  modelVersion { parents { relation } lineageHistory { relation retractedAt retractionReason parent { name } } } errors { code message path } } }`;
const NOT_AFFECTED = `mutation($input: RecordNotAffectedInput!) { recordNotAffected(input: $input) {
  modelVersion { inheritedFindings { status notAffected { justification evidence recordedBy } } } errors { code message path } } }`;
const INHERITED = `query($id: ID!) { modelVersion(id: $id) {
  inheritedFindings { status clearedBy inheritedFrom { name } path { relation parent { name } child { name } }
    finding { publicId summary restrictedDetails { prompts } } clearedByAudit { id } } } }`;
const OPEN_AUDIT = `mutation($input: OpenAuditInput!) { openAudit(input: $input) { audit { id rowVersion } errors { code message path } } }`;
const COMPLETE_AUDIT = `mutation($input: CompleteAuditInput!) { completeAudit(input: $input) { audit { id status } errors { code message path } } }`;
const PAYLOAD = `query($input: CompleteAuditInput!) { auditAttestationPayload(input: $input) }`;
const TRANSITION = `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { status } errors { code message path } } }`;

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
  const { data } = await run(auditor(local(g.sentinel)), PAYLOAD, { input: completion });
  completion.attestationSignature = sign(null, Buffer.from(data!.auditAttestationPayload), keys.privateKey).toString('base64');
  await ok(auditor(local(g.sentinel)), COMPLETE_AUDIT, { input: completion }, 'completeAudit');
  return opened.audit.id as string;
}

async function rowVersion(findingId: string): Promise<number> {
  const { data } = await run(partnerAgency(), `query($id: ID!) { finding(id: $id) { rowVersion } }`, { id: findingId });
  return data!.finding.rowVersion;
}

const inheritedOf = async (viewer: Viewer, versionId: string) => (await run(viewer, INHERITED, { id: versionId })).data!.modelVersion.inheritedFindings;

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

describe('model lineage: a flaw follows the weights', () => {
  test('the registry is set up: policy, a developer, a second developer, an accredited auditor', async () => {
    await ok(
      regulator(),
      `mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { policyVersion { version } errors { code message path } } }`,
      { input: { document: JSON.stringify(STARTING_POLICY), summary: 'Starting policy with inheritance' } },
      'publishPolicyVersion',
    );
    g.northwind = (await ok(regulator(), REGISTER_ORG, { input: { name: 'Northwind AI', kind: 'DEVELOPER', countryCode: 'US' } }, 'registerOrganization')).organization.id;
    g.lakeside = (await ok(regulator(), REGISTER_ORG, { input: { name: 'Lakeside Labs', kind: 'DEVELOPER', countryCode: 'FR' } }, 'registerOrganization')).organization.id;
    g.sentinel = (
      await ok(regulator(), REGISTER_ORG, { input: { name: 'Sentinel Assurance', kind: 'AUDITOR', countryCode: 'GB', attestationPublicKey: keys.publicKeyPem } }, 'registerOrganization')
    ).organization.id;
    await ok(
      regulator(),
      `mutation($input: RegisterAccreditationInput!) { registerAccreditation(input: $input) { auditor { id } errors { code message path } } }`,
      { input: { auditorId: g.sentinel, body: 'UKAS', scopes: ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'GENERAL'], validFrom: '2025-01-01T00:00:00Z', validUntil: '2028-01-01T00:00:00Z' } },
      'registerAccreditation',
    );
  });

  test('a developer registers "Mythos 5 Mini" distilled from Mythos 5; both pass an audit and are eligible', async () => {
    const dev = developer(local(g.northwind));
    g.Mythos = (await ok(dev, REGISTER_MODEL, { input: { developerId: g.northwind, name: 'Mythos' } }, 'registerModel')).model.id;
    // Its own model line (the auditor's rotation limit counts audits per model line).
    g.MythosMini = (await ok(dev, REGISTER_MODEL, { input: { developerId: g.northwind, name: 'Mythos Mini' } }, 'registerModel')).model.id;
    const versionInput = (name: string, compute: number, modelId = g.Mythos) => ({
      input: { modelId, name, releasedAt: '2026-09-22T00:00:00Z', trainingComputeOps: compute, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL', 'CODE'] },
    });
    g.mythos5 = (await ok(dev, REGISTER_VERSION, versionInput('Mythos 5', 3e26), 'registerModelVersion')).modelVersion.id;
    g.mini = (await ok(dev, REGISTER_VERSION, versionInput('Mythos 5 Mini', 2e24, g.MythosMini), 'registerModelVersion')).modelVersion.id;
    const declared = await ok(dev, DECLARE, { input: { childVersionId: g.mini, parentVersionId: g.mythos5, relation: 'DISTILLATION', note: 'Student of Mythos 5' } }, 'declareLineage');
    expect(declared.modelVersion.parents).toEqual([{ relation: 'DISTILLATION', parent: { name: 'Mythos 5' }, declaredBy: `developer@${local(g.northwind)}` }]);
    const { data } = await run(partnerAgency(), `query($id: ID!) { modelVersion(id: $id) { children { child { name } relation } } }`, { id: g.mythos5 });
    expect(data!.modelVersion.children).toEqual([{ child: { name: 'Mythos 5 Mini' }, relation: 'DISTILLATION' }]);

    await passAudit(g.mythos5, 'INITIAL', ['JAILBREAK', 'GENERAL']);
    await passAudit(g.mini, 'INITIAL', ['JAILBREAK', 'GENERAL']);
    for (const v of [g.mythos5, g.mini]) {
      expect((await outcome(v, 'DE')).outcome).toBe('ELIGIBLE');
      expect((await outcome(v, 'IN')).outcome).toBe('ELIGIBLE');
    }
  });

  test('a declaration that would make a version its own ancestor is refused on the input path, and nothing is written', async () => {
    const dev = developer(local(g.northwind));
    const { data } = await run(dev, DECLARE, { input: { childVersionId: g.mythos5, parentVersionId: g.mini, relation: 'FINE_TUNE' } });
    expect(data!.declareLineage.modelVersion).toBeNull();
    expect(data!.declareLineage.errors).toEqual([
      { code: 'LINEAGE_CYCLE', path: ['parentVersionId'], message: expect.stringContaining('Mythos 5 → Mythos 5 Mini → Mythos 5') },
    ]);
    const self = await run(dev, DECLARE, { input: { childVersionId: g.mini, parentVersionId: g.mini, relation: 'FINE_TUNE' } });
    expect(self.data!.declareLineage.errors).toMatchObject([{ code: 'LINEAGE_CYCLE', path: ['parentVersionId'] }]);
    const twice = await run(dev, DECLARE, { input: { childVersionId: g.mini, parentVersionId: g.mythos5, relation: 'QUANTIZATION' } });
    expect(twice.data!.declareLineage.errors).toMatchObject([{ code: 'ALREADY_DECLARED', path: ['parentVersionId'] }]);
    const { data: after } = await run(partnerAgency(), `query($id: ID!) { modelVersion(id: $id) { parents { parent { name } } } }`, { id: g.mythos5 });
    expect(after!.modelVersion.parents).toEqual([]);
  });

  test('another developer may not declare the lineage of Northwind’s version', async () => {
    const other = await run(developer(local(g.lakeside)), DECLARE, { input: { childVersionId: g.mini, parentVersionId: g.mythos5, relation: 'FINE_TUNE' } });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('after the universal jailbreak of Mythos 5, Mythos 5 Mini is SUSPENDED by inheritance everywhere', async () => {
    const reported = await ok(
      analyst(),
      `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message path } } }`,
      {
        input: {
          affectedVersionIds: [g.mythos5],
          title: 'Universal jailbreak of Mythos 5',
          summary: 'One prompt prefix disables refusals in every domain.',
          category: 'JAILBREAK',
          reporterName: 'Independent researcher',
          discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
          restrictedDetails: { prompts: 'SECRET-PREFIX-PROMPT', reproductionSteps: 'Prepend the prefix.' },
        },
      },
      'reportFinding',
    );
    g.jailbreak = reported.finding.id;
    g.pid = reported.finding.publicId;
    await ok(
      analyst(),
      `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message path } } }`,
      {
        input: {
          findingId: g.jailbreak,
          cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
          aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
        },
      },
      'assessFindingSeverity',
    );
    for (const code of ['DE', 'US', 'IN', 'BR']) {
      const d = await outcome(g.mini, code);
      expect(d.outcome).toBe('SUSPENDED');
      const blocker = d.path.find((p) => p.code === 'OPEN_INTERVENTION_FINDING');
      expect(blocker.findingPublicIds).toEqual([g.pid]);
      expect(blocker.message).toContain('inherited: Mythos 5 → DISTILLATION → Mythos 5 Mini');
      expect(blocker.clearedBy).toContain(`a passing retest of ${g.pid} on Mythos 5 Mini`);
    }
    const [inherited] = await inheritedOf(developer(local(g.northwind)), g.mini);
    expect(inherited).toMatchObject({
      status: 'OPEN',
      inheritedFrom: { name: 'Mythos 5' },
      path: [{ relation: 'DISTILLATION', parent: { name: 'Mythos 5' }, child: { name: 'Mythos 5 Mini' } }],
      finding: { publicId: g.pid },
      clearedByAudit: null,
    });
  });

  test('the finding’s blast radius lists Mythos 5 directly and Mythos 5 Mini by inheritance, with outcomes per tier', async () => {
    const { data, errors } = await run(
      partnerAgency(),
      `query($id: ID!) { finding(id: $id) { blastRadius { reach status modelVersion { name } path { relation } outcomes { tier outcome } } } }`,
      { id: g.jailbreak },
    );
    expect(errors).toBeUndefined();
    const tiers = (tier3: string) => [
      { tier: 'TIER_1', outcome: 'SUSPENDED' },
      { tier: 'TIER_2', outcome: 'SUSPENDED' },
      { tier: 'TIER_3', outcome: tier3 },
    ];
    expect(data!.finding.blastRadius).toEqual([
      // Mythos 5 (3e26 operations) is PROHIBITED in TIER_3, worse than SUSPENDED; the Mini's own compute is below the threshold.
      { reach: 'DIRECT', status: 'OPEN', modelVersion: { name: 'Mythos 5' }, path: [], outcomes: tiers('PROHIBITED') },
      { reach: 'INHERITED', status: 'OPEN', modelVersion: { name: 'Mythos 5 Mini' }, path: [{ relation: 'DISTILLATION' }], outcomes: tiers('SUSPENDED') },
    ]);
  });

  test('after Mythos 5.1’s fix and passing retest, Mythos 5.1 is eligible but Mythos 5 Mini stays suspended', async () => {
    const dev = developer(local(g.northwind));
    await ok(dev, TRANSITION, { input: { findingId: g.jailbreak, expectedRowVersion: await rowVersion(g.jailbreak), to: 'TRIAGED' } }, 'transitionFinding');
    g.mythos51 = (
      await ok(dev, REGISTER_VERSION, { input: { modelId: g.Mythos, name: 'Mythos 5.1', releasedAt: new Date().toISOString(), trainingComputeOps: 3e26, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL', 'CODE'] } }, 'registerModelVersion')
    ).modelVersion.id;
    await ok(
      dev,
      `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { id } errors { code message path } } }`,
      { input: { findingId: g.jailbreak, expectedRowVersion: await rowVersion(g.jailbreak), fixedInVersionId: g.mythos51 } },
      'linkFixVersion',
    );
    await ok(dev, TRANSITION, { input: { findingId: g.jailbreak, expectedRowVersion: await rowVersion(g.jailbreak), to: 'REMEDIATED' } }, 'transitionFinding');
    await passAudit(g.mythos51, 'RETEST', ['JAILBREAK', 'CBRN'], [g.jailbreak]);
    await ok(analyst(), TRANSITION, { input: { findingId: g.jailbreak, expectedRowVersion: await rowVersion(g.jailbreak), to: 'VERIFIED' } }, 'transitionFinding');
    for (const code of ['DE', 'US', 'IN', 'BR']) expect((await outcome(g.mythos51, code)).outcome).toBe('ELIGIBLE');
    for (const code of ['DE', 'US', 'IN', 'BR']) {
      const d = await outcome(g.mini, code);
      expect(d.outcome).toBe('SUSPENDED');
      expect(d.path.find((p) => p.findingPublicIds.includes(g.pid)).clearedBy).toMatch(/a fix or retest of Mythos 5 does not clear it here/);
    }
  });

  test('Mythos 5 Mini’s own passing retest clears the inherited finding, and it is eligible again', async () => {
    const retestId = await passAudit(g.mini, 'RETEST', ['JAILBREAK', 'CBRN'], [g.jailbreak]);
    const de = await outcome(g.mini, 'DE');
    expect([de.outcome, de.reasons.map((r) => r.message)]).toEqual(['ELIGIBLE', expect.arrayContaining([expect.stringMatching(/^No rule of policy/)])]);
    for (const code of ['US', 'IN', 'BR']) expect((await outcome(g.mini, code)).outcome).toBe('ELIGIBLE');
    const [inherited] = await inheritedOf(regulator(), g.mini);
    expect(inherited).toMatchObject({ status: 'CLEARED_BY_RETEST', clearedByAudit: { id: retestId } });
    // Issue 14: the audit as people know it (auditor and day), never its id.
    expect(inherited.clearedBy).toMatch(/on Mythos 5 Mini by a qualified, independent auditor, in the audit by Sentinel Assurance completed \d{4}-\d{2}-\d{2}$/);
    expect(inherited.clearedBy).not.toContain(local(retestId));
  });

  test('a descendant of another developer is suspended too; its developer sees the summary, never the prompt', async () => {
    const lake = developer(local(g.lakeside));
    const model = (await ok(lake, REGISTER_MODEL, { input: { developerId: g.lakeside, name: 'Lakeside Q' } }, 'registerModel')).model.id;
    g.q = (
      await ok(lake, REGISTER_VERSION, { input: { modelId: model, name: 'Mythos 5 Q4', releasedAt: new Date().toISOString(), trainingComputeOps: 1e20, weightAvailability: 'OPEN_WEIGHTS', capabilityDomains: ['GENERAL'] } }, 'registerModelVersion')
    ).modelVersion.id;
    await ok(lake, DECLARE, { input: { childVersionId: g.q, parentVersionId: g.mythos5, relation: 'QUANTIZATION' } }, 'declareLineage');
    expect((await outcome(g.q, 'DE')).outcome).toBe('SUSPENDED');
    // The parent's compute counts through a quantization: above the threshold in an embargoed tier.
    const cn = await outcome(g.q, 'CN');
    expect(cn.reasons.map((r) => r.code)).toContain('COMPUTE_ABOVE_THRESHOLD');

    const seen = await run(lake, INHERITED, { id: g.q });
    expect(seen.errors).toBeUndefined();
    const [inherited] = seen.data!.modelVersion.inheritedFindings;
    expect(inherited.finding).toMatchObject({ publicId: g.pid, summary: 'One prompt prefix disables refusals in every domain.', restrictedDetails: null });
    expect(JSON.stringify(seen.data)).not.toContain('SECRET-PREFIX-PROMPT');

    // An auditor opens a retest of the inherited finding on Lakeside's version (another developer's finding).
    const retest = { auditorId: g.sentinel, modelVersionId: g.q, kind: 'RETEST', scopes: ['JAILBREAK'], retestFindingIds: [g.jailbreak] };
    await ok(auditor(local(g.sentinel)), OPEN_AUDIT, { input: retest }, 'openAudit');
    g.retestInput = JSON.stringify(retest);
  });

  test('a regulator records the quantization as not affected, with evidence; only regulators may', async () => {
    const input = { findingId: g.jailbreak, modelVersionId: g.q, justification: 'Retokenised build ignores the prefix.', evidence: 'Evaluation report EV-2026-17' };
    const refused = await run(developer(local(g.lakeside)), NOT_AFFECTED, { input });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = await run(regulator(), NOT_AFFECTED, { input: { ...input, evidence: ' ' } });
    expect(blank.data!.recordNotAffected.errors).toMatchObject([{ code: 'REQUIRED', path: ['evidence'] }]);
    const notInherited = await run(regulator(), NOT_AFFECTED, { input: { ...input, modelVersionId: g.mythos51 } });
    expect(notInherited.data!.recordNotAffected.errors).toMatchObject([{ code: 'NOT_INHERITED', path: ['findingId'] }]);

    const recorded = await ok(regulator(), NOT_AFFECTED, { input }, 'recordNotAffected');
    expect(recorded.modelVersion.inheritedFindings).toEqual([
      { status: 'NOT_AFFECTED', notAffected: { justification: input.justification, evidence: input.evidence, recordedBy: 'regulator@oais.example.gov' } },
    ]);
    expect((await outcome(g.q, 'DE')).outcome).toBe('ELIGIBLE');
    const again = await run(regulator(), NOT_AFFECTED, { input });
    expect(again.data!.recordNotAffected.errors).toMatchObject([{ code: 'ALREADY_RECORDED' }]);
  });

  test('a retracted declaration stays in the history and no longer carries findings', async () => {
    const lake = developer(local(g.lakeside));
    const retracted = await ok(lake, RETRACT, { input: { childVersionId: g.q, parentVersionId: g.mythos5, reason: 'Declared against the wrong base.' } }, 'retractLineage');
    expect(retracted.modelVersion.parents).toEqual([]);
    expect(retracted.modelVersion.lineageHistory).toEqual([
      { relation: 'QUANTIZATION', retractedAt: expect.any(String), retractionReason: 'Declared against the wrong base.', parent: { name: 'Mythos 5' } },
    ]);
    expect(await inheritedOf(regulator(), g.q)).toEqual([]);
    const missing = await run(lake, RETRACT, { input: { childVersionId: g.q, parentVersionId: g.mythos5, reason: 'Again.' } });
    expect(missing.data!.retractLineage.errors).toMatchObject([{ code: 'NOT_DECLARED', path: ['parentVersionId'] }]);
    // No longer inherited: another developer's finding cannot be retested on it any more.
    const reopened = await run(auditor(local(g.sentinel)), OPEN_AUDIT, { input: JSON.parse(g.retestInput!) });
    expect(reopened.data!.openAudit.errors).toMatchObject([{ code: 'DIFFERENT_DEVELOPER', path: ['retestFindingIds', '0'] }]);
  });

  test('the inherited changes are events (what subscriptions and webhooks deliver), and the chain verifies', async () => {
    const { data, errors } = await run(
      regulator(),
      `{ verifyEventChain { ok } events(first: 100) { edges { node { type subjectId payload } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.verifyEventChain.ok).toBe(true);
    const events = data!.events.edges.map((e: any) => e.node);
    const types = events.map((e: any) => e.type);
    for (const t of ['LINEAGE_DECLARED', 'LINEAGE_RETRACTED', 'LINEAGE_NOT_AFFECTED_RECORDED']) expect(types).toContain(t);
    // Assessing Mythos 5's finding moved Mythos 5 Mini's decisions: an event about Mythos 5 Mini.
    const miniMoved = events.filter((e: any) => e.type === 'EXPORT_DECISIONS_CHANGED' && e.subjectId === g.mini);
    const payloads = miniMoved.map((e: any) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload));
    expect(payloads.some((p: any) => p.cause === 'FINDING_ASSESSED' && p.outcomes.some((o: any) => o.to === 'SUSPENDED'))).toBe(true);
  });
});
