/**
 * Object-level checks on writes: every mutation attempted by the wrong developer or auditor (or a
 * role without the right) is refused with FORBIDDEN (UNAUTHENTICATED when anonymous) and writes
 * nothing — no row changes and no event.
 */
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain/policy/starting-policy';
import { toGlobalId } from '../../../src/graphql/global-id';
import { buildSchema } from '../../../src/graphql/schema';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createAudit, createJurisdiction } from '../../support/factories';
import { createAccessWorld, httpTransport, startAccessServer, type AccessServer, type AccessWorld, type PersonaName, type Transport } from '../../support/access-fixture';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;
let http: Transport;
let openAuditOfA: string;

const TABLES = [
  'organizations',
  'accreditations',
  'conflicts_of_interest',
  'models',
  'model_versions',
  'findings',
  'finding_status_changes',
  'finding_restricted_details',
  'severity_assessments',
  'disclosures',
  'audits',
  'export_decisions',
  'tier_decisions',
  'policy_versions',
  'events',
];

/** A fingerprint of every table a write could touch. */
async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [row] = await db.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS h FROM ${t} x`);
    out[t] = `${row.n}:${row.h}`;
  }
  return out;
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  await createJurisdiction(db, { code: 'DE' }).catch(() => undefined);
  const open = await createAudit(db, { auditor_id: world.auditorOfA.id, model_version_id: world.versionA.id, status: 'OPEN', completed_at: null, outcome: null });
  openAuditOfA = open.globalId;
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  http = httpTransport(server);
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

const NOW = '2026-06-10T00:00:00.000Z';
type Case = [label: string, persona: PersonaName, mutation: string, input: () => Record<string, unknown>];

const modelOfA = () => toGlobalId('Model', world.versionA.model_id);
const CASES: Case[] = [
  ['another developer moves a finding through its lifecycle', 'developerB', 'transitionFinding', () => ({ findingId: world.findingA.globalId, expectedRowVersion: 1, to: 'TRIAGED' })],
  ['another developer links a fix version', 'developerB', 'linkFixVersion', () => ({ findingId: world.findingA.globalId, expectedRowVersion: 1, fixedInVersionId: world.versionA.globalId })],
  ['another developer records a disclosure', 'developerB', 'recordDisclosure', () => ({ findingId: world.findingA.globalId, audience: 'PUBLIC', kind: 'INITIAL', disclosedAt: NOW })],
  ['another developer registers a model for a developer', 'developerB', 'registerModel', () => ({ developerId: world.developerA.globalId, name: 'Hijack' })],
  ['another developer registers a version of a model', 'developerB', 'registerModelVersion', () => ({ modelId: modelOfA(), name: 'Hijack 1', weightAvailability: 'OPEN_WEIGHTS', capabilityDomains: ['GENERAL'] })],
  ['another developer updates a version', 'developerB', 'updateModelVersion', () => ({ id: world.versionA.globalId, expectedRowVersion: 1, weightAvailability: 'OPEN_WEIGHTS' })],
  ['another developer retires a version', 'developerB', 'retireModelVersion', () => ({ id: world.versionA.globalId, expectedRowVersion: 1, reason: 'sabotage' })],
  ['another developer reports a finding against a version', 'developerB', 'reportFinding', () => ({ affectedVersionIds: [world.versionA.globalId], title: 't', summary: 's', category: 'OTHER', discoveredAt: NOW })],
  ['a developer suspends its own version (regulators only)', 'developerA', 'suspendModelVersion', () => ({ id: world.versionA.globalId, expectedRowVersion: 1, reason: 'no' })],
  ['a developer overrides an export decision', 'developerA', 'overrideExportDecision', () => ({ modelVersionId: world.versionA.globalId, jurisdictionCode: 'DE', outcome: 'ELIGIBLE', justification: 'self-service' })],
  ['a developer publishes a policy', 'developerA', 'publishPolicyVersion', () => ({ document: JSON.stringify({ ...STARTING_POLICY, version: '9.9.9' }) })],
  ['a developer assesses the severity of its own finding', 'developerA', 'assessFindingSeverity', () => ({ findingId: world.findingA.globalId, cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', aiFactors: { capabilityDomain: 'GENERAL', universal: false, successRate: 0.1, trials: 10, exploitedInWild: false } })],
  ['an auditor opens an audit in another auditor\'s name', 'auditorOfB', 'openAudit', () => ({ auditorId: world.auditorOfA.globalId, modelVersionId: world.versionA.globalId, kind: 'INITIAL', scopes: ['JAILBREAK'] })],
  ['an auditor completes another auditor\'s audit', 'auditorOfB', 'completeAudit', () => ({ auditId: openAuditOfA, expectedRowVersion: 1, outcome: 'PASS', completedAt: NOW, attestationSignature: 'AAAA' })],
  ['an auditor declares a conflict for another auditor', 'auditorOfB', 'declareConflictOfInterest', () => ({ auditorId: world.auditorOfA.globalId, developerId: world.developerA.globalId, description: 'x', periodStart: NOW })],
  ['an auditor registers an accreditation', 'auditorOfA', 'registerAccreditation', () => ({ auditorId: world.auditorOfA.globalId, body: 'Self', scopes: ['JAILBREAK'], validFrom: NOW })],
  ['a partner agency registers an organization', 'partnerAgency', 'registerOrganization', () => ({ name: 'Shell Co', kind: 'DEVELOPER', countryCode: 'US' })],
  ['an analyst suspends a version (regulators only)', 'analyst', 'suspendModelVersion', () => ({ id: world.versionA.globalId, expectedRowVersion: 1, reason: 'no' })],
  ['an anonymous caller moves a finding', 'anonymous', 'transitionFinding', () => ({ findingId: world.findingA.globalId, expectedRowVersion: 1, to: 'TRIAGED' })],
];

describe('writes by the wrong party are refused and write nothing', () => {
  test.each(CASES)('%s: refused', async (_label, persona, mutation, input) => {
    const before = await fingerprint();
    const res = await http.run(
      `mutation ($input: ${await inputTypeOf(mutation)}) { ${mutation}(input: $input) { __typename } }`,
      { input: input() },
      await server.tokenFor(world.personas[persona]),
    );
    const codes = (res.body.errors ?? []).map((e: any) => e.extensions?.code);
    expect({ codes, data: res.body.data?.[mutation] ?? null }).toEqual({
      codes: [persona === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'],
      data: null,
    });
    expect(res.text).not.toMatch(/RESTRICTED-/);
    expect(await fingerprint()).toEqual(before);
  });
});

test('the rightful party may do the same (the refusals above are not vacuous)', async () => {
  const before = await fingerprint();
  const res = await http.run(
    `mutation ($input: TransitionFindingInput!) { transitionFinding(input: $input) { __typename } }`,
    { input: { findingId: world.findingA.globalId, expectedRowVersion: 1, to: 'TRIAGED' } },
    await server.tokenFor(world.personas.developerA),
  );
  expect(res.body.errors).toBeUndefined();
  expect(await fingerprint()).not.toEqual(before);
});

let schemaTypes: Map<string, string> | null = null;
async function inputTypeOf(mutation: string): Promise<string> {
  if (!schemaTypes) {
    const m = buildSchema().getMutationType()!;
    schemaTypes = new Map(Object.values(m.getFields()).map((f) => [f.name, String(f.args.find((a) => a.name === 'input')!.type)]));
  }
  return schemaTypes.get(mutation)!;
}
