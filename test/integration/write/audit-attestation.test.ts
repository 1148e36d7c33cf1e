/**
 * `auditAttestation` (issue 14): the payload an auditor signs, or — where the deprecated
 * `auditAttestationPayload` answers null with no reason — the same typed errors `completeAudit`
 * returns for that input.
 */
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createAudit } from '../../support/factories';
import { createAccessWorld, type AccessWorld } from '../../support/access-fixture';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let openAudit: string;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  const audit = await createAudit(db, { auditor_id: world.auditorOfA.id, model_version_id: world.versionA.id, status: 'OPEN', completed_at: null, outcome: null });
  openAudit = audit.globalId;
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const ATTESTATION = `query($input: CompleteAuditInput!) {
  auditAttestation(input: $input) { payload errors { code path message } }
  auditAttestationPayload(input: $input)
}`;
const COMPLETE = `mutation($input: CompleteAuditInput!) { completeAudit(input: $input) { errors { code path message } } }`;

const input = (overrides: Record<string, unknown> = {}) => ({
  auditId: openAudit,
  expectedRowVersion: 1,
  outcome: 'PASS',
  completedAt: new Date(Date.now() - 60_000).toISOString(),
  attestationSignature: 'AAAA',
  ...overrides,
});

test('a valid completion gets the payload to sign, the same text as the deprecated field', async () => {
  const res = await executeOperation(db, ATTESTATION, { input: input() }, { viewer: world.personas.auditorOfA.viewer! });
  expect(res.errors).toBeUndefined();
  expect(res.data!.auditAttestation.errors).toEqual([]);
  expect(res.data!.auditAttestation.payload).toBe(res.data!.auditAttestationPayload);
  expect(JSON.parse(res.data!.auditAttestation.payload)).toMatchObject({ outcome: 'PASS' });
});

test.each([
  ['an unknown audit', () => input({ auditId: toGlobalId('Audit', '00000000-0000-4000-8000-000000000000') })],
  ['a malformed audit id', () => input({ auditId: 'not-an-id' })],
  ['a finding named as raised that does not exist', () => input({ raisedFindingIds: [toGlobalId('Finding', '00000000-0000-4000-8000-000000000001')] })],
])('%s: the typed errors completeAudit returns, where the old field said only null', async (_label, make) => {
  const viewer = world.personas.auditorOfA.viewer!;
  const res = await executeOperation(db, ATTESTATION, { input: make() }, { viewer });
  expect(res.data!.auditAttestationPayload).toBeNull();
  expect(res.data!.auditAttestation.payload).toBeNull();
  const errors = res.data!.auditAttestation.errors;
  expect(errors.length).toBeGreaterThan(0);
  const completed = await executeOperation(db, COMPLETE, { input: make() }, { viewer });
  expect(completed.data!.completeAudit.errors).toEqual(errors);
});
