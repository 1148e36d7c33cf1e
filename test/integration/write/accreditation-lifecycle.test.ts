/**
 * The accreditation lifecycle through the API: a regulator suspends Sentinel's accreditation as of
 * a day before its audit of Mythos 5 was completed — the audit stops counting, the change is in the
 * accreditation's history, and replaying a moment before it was recorded still counts the audit;
 * illegal moves and bad dates are typed errors at their input; only regulators may change an
 * accreditation; a declared conflict can be ended.
 */
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { developer, regulator } from '../../support/viewers';

const NOW = new Date(Date.now() + 3_600_000);
const CHANGE = `mutation ($input: ChangeAccreditationInput!) { changeAccreditation(input: $input) {
  errors { code path } auditor { name accreditations { id status history { action previousStatus status reason actor effectiveAt } } } } }`;
const END = `mutation ($input: EndConflictOfInterestInput!) { endConflictOfInterest(input: $input) { errors { code path } auditor { conflictsOfInterest { id periodEnd } } } }`;

let testDb: TestDatabase;
let db: DataSource;
let audit: { id: string; completed_at: Date; model_version_id: string; accreditation_id: string };

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

async function run(query: string, variables: Record<string, unknown>, now = NOW, viewer = regulator()) {
  const r = await executeOperation<any>(db, query, variables, { viewer, now });
  return r;
}

async function qualification(): Promise<{ counts: boolean; reasons: { code: string }[] }> {
  const r = await run(`query ($id: ID!) { node(id: $id) { ... on Audit { qualification { counts reasons { code } } } } }`, { id: gid('Audit', audit.id) });
  expect(r.errors).toBeUndefined();
  return r.data!.node.qualification;
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db)).toBe(true);
  [audit] = await db.query(
    `SELECT a.id, a.completed_at, a.model_version_id, c.id AS accreditation_id
       FROM audits a JOIN organizations o ON o.id = a.auditor_id JOIN model_versions v ON v.id = a.model_version_id
       JOIN accreditations c ON c.auditor_id = o.id AND c.status = 'ACTIVE'
      WHERE o.name = 'Sentinel Assurance' AND v.name = 'Mythos 5' AND a.status = 'COMPLETED' ORDER BY a.completed_at DESC LIMIT 1`,
  );
  expect(audit).toBeDefined();
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('a retroactive suspension covering the completion stops the audit counting, with its history; the past replays as it was', async () => {
  expect((await qualification()).counts).toBe(true);
  const effectiveAt = new Date(audit.completed_at.getTime() - 86_400_000);
  const r = await run(CHANGE, { input: { accreditationId: audit.accreditation_id, action: 'SUSPEND', reason: 'Irregular sampling found on inspection.', effectiveAt: effectiveAt.toISOString() } });
  expect(r.errors).toBeUndefined();
  expect(r.data!.changeAccreditation.errors).toEqual([]);
  const acc = r.data!.changeAccreditation.auditor.accreditations.find((a: any) => a.id === audit.accreditation_id);
  expect(acc).toMatchObject({
    status: 'SUSPENDED',
    history: [{ action: 'SUSPEND', previousStatus: 'ACTIVE', status: 'SUSPENDED', reason: 'Irregular sampling found on inspection.', actor: 'regulator@oais.example.gov', effectiveAt: effectiveAt.toISOString() }],
  });
  const q = await qualification();
  expect(q.counts).toBe(false);
  expect(q.reasons.map((x) => x.code)).toContain('ACCREDITATION_NOT_VALID_AT_COMPLETION');

  // Eligibility now says the audit does not count; as of before the suspension was recorded it did.
  const eligibility = `query ($id: ID!, $asOf: DateTime) { modelVersion(id: $id) { eligibility(jurisdictionCode: "DE", asOf: $asOf) { reasons { code auditIds } } } }`;
  const now = await run(eligibility, { id: gid('ModelVersion', audit.model_version_id) }, new Date(NOW.getTime() + 1000));
  const before = await run(eligibility, { id: gid('ModelVersion', audit.model_version_id), asOf: new Date(NOW.getTime() - 1000).toISOString() }, new Date(NOW.getTime() + 1000));
  const notCounting = (res: any) => res.data.modelVersion.eligibility.reasons.some((x: any) => x.code === 'AUDIT_DOES_NOT_COUNT' && x.auditIds.includes(audit.id));
  expect(notCounting(now)).toBe(true);
  expect(notCounting(before)).toBe(false);
  const [event] = await db.query(`SELECT payload FROM events WHERE type = 'ACCREDITATION_CHANGED'`);
  expect(event.payload).toMatchObject({ action: 'SUSPEND', from: 'ACTIVE', to: 'SUSPENDED' });
});

test('illegal moves, future dates, an empty reason and a bad id are typed errors at their input; only regulators change accreditations', async () => {
  const again = await run(CHANGE, { input: { accreditationId: audit.accreditation_id, action: 'SUSPEND', reason: 'Again.' } });
  expect(again.data!.changeAccreditation).toMatchObject({ auditor: null, errors: [{ code: 'ILLEGAL_TRANSITION', path: ['action'] }] });
  const future = await run(CHANGE, { input: { accreditationId: audit.accreditation_id, action: 'REINSTATE', reason: 'x', effectiveAt: new Date(NOW.getTime() + 86_400_000).toISOString() } });
  expect(future.data!.changeAccreditation.errors).toEqual([{ code: 'FUTURE_DATE', path: ['effectiveAt'] }]);
  const renew = await run(CHANGE, { input: { accreditationId: audit.accreditation_id, action: 'REVOKE', reason: '' } });
  expect(renew.data!.changeAccreditation.errors).toEqual([{ code: 'REQUIRED', path: ['reason'] }]);
  const bad = await run(CHANGE, { input: { accreditationId: 'not-a-uuid', action: 'REVOKE', reason: 'x' } });
  expect(bad.data!.changeAccreditation.errors).toEqual([{ code: 'INVALID_ID', path: ['accreditationId'] }]);
  const [dev] = await db.query(`SELECT id FROM organizations WHERE kind = 'DEVELOPER' LIMIT 1`);
  const forbidden = await run(CHANGE, { input: { accreditationId: audit.accreditation_id, action: 'REINSTATE', reason: 'x' } }, NOW, developer(dev.id));
  expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await db.query(`SELECT count(*)::int n FROM accreditation_changes`)).toEqual([{ n: 1 }]);
});

test('a declared conflict of interest can be ended, not before it started', async () => {
  const [conflict] = await db.query(`SELECT id, period_start FROM conflicts_of_interest ORDER BY period_start LIMIT 1`);
  const tooEarly = await run(END, { input: { conflictId: conflict.id, periodEnd: new Date(conflict.period_start.getTime() - 86_400_000).toISOString(), reason: 'x' } });
  expect(tooEarly.data!.endConflictOfInterest.errors).toEqual([{ code: 'DATES_OUT_OF_ORDER', path: ['periodEnd'] }]);
  const end = new Date(conflict.period_start.getTime() + 86_400_000);
  const ok = await run(END, { input: { conflictId: conflict.id, periodEnd: end.toISOString(), reason: 'Contract terminated.' } });
  expect(ok.data!.endConflictOfInterest.errors).toEqual([]);
  expect(ok.data!.endConflictOfInterest.auditor.conflictsOfInterest).toContainEqual({ id: conflict.id, periodEnd: end.toISOString() });
  expect(await db.query(`SELECT reason FROM conflict_of_interest_changes`)).toEqual([{ reason: 'Contract terminated.' }]);
  await expect(db.query(`UPDATE conflict_of_interest_changes SET reason = 'rewritten'`)).rejects.toThrow(/never updated/);
});
