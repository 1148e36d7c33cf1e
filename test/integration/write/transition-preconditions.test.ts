/**
 * Transition preconditions through the GraphQL API (issue 13): REMEDIATED and VERIFIED follow the
 * policy's remediation settings (starting policy: HIGH and CRITICAL need a named fix version and a
 * passing retest) and count a retest only as the eligibility engine does — by a qualified,
 * independent auditor.
 */
import type { DataSource } from 'typeorm';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import {
  createAccreditation,
  createAudit,
  createAuditFinding,
  createAuditor,
  createDeveloper,
  createFinding,
  createModel,
  createModelVersion,
  createPolicyVersion,
  insertRow,
  type NodeRow,
} from '../../support/factories';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst } from '../../support/viewers';

let testDb: TestDatabase;
let db: DataSource;
let developer: NodeRow;
let affected: NodeRow;
let fix: NodeRow;
let qualified: NodeRow;
let conflicted: NodeRow;
let unaccredited: NodeRow;

const REPORTED_AT = new Date('2026-06-10T09:00:00Z');

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await createPolicyVersion(db);
  developer = await createDeveloper(db);
  const model = await createModel(db, { developer_id: developer.id });
  affected = await createModelVersion(db, { model_id: model.id, name: 'Mythos 5', released_at: new Date('2026-05-01T00:00:00Z') });
  fix = await createModelVersion(db, { model_id: model.id, name: 'Mythos 5.1', released_at: new Date('2026-07-01T00:00:00Z') });
  qualified = await createAuditor(db, { name: 'Sentinel Assurance' });
  await createAccreditation(db, { auditor_id: qualified.id });
  conflicted = await createAuditor(db, { name: 'Conflicted Evals' });
  await createAccreditation(db, { auditor_id: conflicted.id });
  await insertRow(db, 'conflicts_of_interest', {
    auditor_id: conflicted.id,
    developer_id: developer.id,
    description: 'Paid red-teaming contract',
    period_start: new Date('2025-01-01T00:00:00Z'),
  });
  unaccredited = await createAuditor(db, { name: 'Unaccredited Labs' });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const TRANSITION = `mutation($input: TransitionFindingInput!) {
  transitionFinding(input: $input) { finding { status } errors { code message path } }
}`;

async function move(findingId: string, globalId: string, to: string) {
  const [{ row_version }] = await db.query('SELECT row_version FROM findings WHERE id = $1', [findingId]);
  const res = await executeOperation(db, TRANSITION, { input: { findingId: globalId, expectedRowVersion: row_version, to } }, { viewer: analyst() });
  expect(res.errors).toBeUndefined();
  expect(res.internalErrors).toEqual([]);
  return res.data!.transitionFinding as { finding: { status: string } | null; errors: { code: string; message: string; path: string[] }[] };
}

async function statusOf(findingId: string): Promise<string> {
  const [{ status }] = await db.query('SELECT status FROM findings WHERE id = $1', [findingId]);
  return status;
}

/** A finding of this level, REMEDIATED with its fix in Mythos 5.1 (or TRIAGED without one). */
function remediatedFinding(level: 'LOW' | 'HIGH', fixed = true) {
  return createFinding(
    db,
    { developer_id: developer.id, reported_at: REPORTED_AT, ...(fixed ? { fixed_in_version_id: fix.id, fixed_in_version_recorded_at: new Date('2026-07-01T12:00:00Z') } : {}) },
    { affectedVersionIds: [affected.id], level, statusPath: fixed ? ['REPORTED', 'TRIAGED', 'REMEDIATED'] : ['REPORTED', 'TRIAGED'] },
  );
}

let retests = 0;
/** A completed retest of Mythos 5.1 by this auditor, with this result for the finding. */
async function retest(auditorId: string, findingId: string, result: 'PASS' | 'FAIL') {
  const started = new Date(Date.UTC(2026, 6, 2 + retests++));
  const audit = await createAudit(db, {
    auditor_id: auditorId,
    model_version_id: fix.id,
    kind: 'RETEST',
    started_at: started,
    completed_at: new Date(started.getTime() + 3_600_000),
  });
  await createAuditFinding(db, { audit_id: audit.id, finding_id: findingId, role: 'RETESTED', retest_result: result });
}

test('a PASS retest by a conflicted auditor does not verify a HIGH finding; a counting PASS does', async () => {
  const f = await remediatedFinding('HIGH');
  await retest(conflicted.id, f.id, 'PASS');
  const refused = await move(f.id, f.globalId, 'VERIFIED');
  expect(await statusOf(f.id)).toBe('REMEDIATED');
  expect(refused.errors).toEqual([{ code: 'RETEST_REQUIRED', path: ['to'], message: expect.stringContaining('on Mythos 5.1 by a qualified, independent auditor') }]);
  expect(refused.errors[0]!.message).toContain('by Conflicted Evals completed 2026-07-02 retested it with PASS but does not count');
  expect(refused.errors[0]!.message).toContain('declared a conflict with the developer (Paid red-teaming contract)');
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM finding_status_changes WHERE finding_id = $1 AND to_status = 'VERIFIED'`, [f.id]);
  expect(n).toBe(0);

  await retest(qualified.id, f.id, 'PASS');
  const verified = await move(f.id, f.globalId, 'VERIFIED');
  expect(verified.errors).toEqual([]);
  expect(verified.finding!.status).toBe('VERIFIED');
});

test('a PASS retest by an unaccredited auditor does not verify a HIGH finding', async () => {
  const f = await remediatedFinding('HIGH');
  await retest(unaccredited.id, f.id, 'PASS');
  const refused = await move(f.id, f.globalId, 'VERIFIED');
  expect(await statusOf(f.id)).toBe('REMEDIATED');
  expect(refused.errors.map((e) => e.code)).toEqual(['RETEST_REQUIRED']);
  expect(refused.errors[0]!.message).toContain('Unaccredited Labs holds no accreditation covering JAILBREAK');
});

test('a counting retest that FAILED does not verify it either', async () => {
  const f = await remediatedFinding('HIGH');
  await retest(qualified.id, f.id, 'FAIL');
  const refused = await move(f.id, f.globalId, 'VERIFIED');
  expect(refused.errors.map((e) => e.code)).toEqual(['RETEST_REQUIRED']);
  expect(refused.errors[0]!.message).toContain('The latest counting retest on Mythos 5.1, the audit by Sentinel Assurance');
  expect(refused.errors[0]!.message).toContain('did not pass');
});

test('a LOW finding, whose level the policy does not hold to a retest, is VERIFIED without one', async () => {
  const f = await remediatedFinding('LOW');
  const verified = await move(f.id, f.globalId, 'VERIFIED');
  expect(verified.errors).toEqual([]);
  expect(verified.finding!.status).toBe('VERIFIED');
});

test('REMEDIATED needs a named fix version for a HIGH finding, not for a LOW one', async () => {
  const high = await remediatedFinding('HIGH', false);
  const refused = await move(high.id, high.globalId, 'REMEDIATED');
  expect(await statusOf(high.id)).toBe('TRIAGED');
  expect(refused.errors).toEqual([
    { code: 'FIX_VERSION_REQUIRED', path: ['to'], message: expect.stringContaining('Link the version that contains the fix first (linkFixVersion)') },
  ]);
  expect(refused.errors[0]!.message).toContain('is HIGH');

  const low = await remediatedFinding('LOW', false);
  const remediated = await move(low.id, low.globalId, 'REMEDIATED');
  expect(remediated.errors).toEqual([]);
  expect(remediated.finding!.status).toBe('REMEDIATED');
});
