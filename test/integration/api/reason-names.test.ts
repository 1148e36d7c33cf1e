/**
 * Explanations name versions and audits as people know them (issue 14): "the fix is in another
 * version (Mythos 5.1)", "The audit by Sentinel Assurance completed 2026-10-15 counts" — never by an
 * internal id, in what the engine writes now and in explanations stored before, which are served
 * with their ids named.
 */
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency, regulator } from '../../support/viewers';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let testDb: TestDatabase;
let db: DataSource;
const ids: Record<string, string> = {};
let jailbreak: string;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await seedDemoData(db);
  // The story's next step: Mythos 5.1 ships the fix of a CRITICAL jailbreak affecting Fable 5 and Mythos 5.
  const write = async (query: string, input: Record<string, unknown>) => {
    const res = await executeOperation(db, query, { input }, { viewer: regulator() });
    const payload = Object.values(res.data ?? {})[0] as { errors: unknown[] } & Record<string, any>;
    if (res.errors || payload.errors.length) throw new Error(JSON.stringify(res.errors ?? payload.errors));
    return payload;
  };
  for (const name of ['Fable 5', 'Mythos 5']) {
    const [row] = await db.query('SELECT id FROM model_versions WHERE name = $1', [name]);
    ids[name] = row.id;
  }
  const [mythos] = await db.query(`SELECT id FROM models WHERE name = 'Mythos'`);
  const fix = await write(`mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code } } }`, {
    modelId: toGlobalId('Model', mythos.id),
    name: 'Mythos 5.1',
    releasedAt: new Date(Date.now() - 60_000).toISOString(),
    weightAvailability: 'API_ONLY',
    capabilityDomains: ['GENERAL'],
  });
  ids['Mythos 5.1'] = Buffer.from(fix.modelVersion.id, 'base64url').toString('utf8').split(':')[1]!;
  const reported = await write(`mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code } } }`, {
    affectedVersionIds: [toGlobalId('ModelVersion', ids['Fable 5']!), toGlobalId('ModelVersion', ids['Mythos 5']!)],
    title: 'Universal jailbreak',
    summary: 'A universal jailbreak.',
    category: 'JAILBREAK',
    discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  const findingId = reported.finding.id;
  jailbreak = reported.finding.publicId;
  await write(`mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { rowVersion } errors { code } } }`, {
    findingId,
    cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
    aiFactors: { capabilityDomain: 'GENERAL', universal: true, successRate: 0.9, trials: 100, exploitedInWild: false },
  });
  const [{ row_version }] = await db.query('SELECT row_version FROM findings WHERE id = $1', [Buffer.from(findingId, 'base64url').toString('utf8').split(':')[1]]);
  await write(`mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { id } errors { code } } }`, {
    findingId,
    expectedRowVersion: row_version,
    fixedInVersionId: fix.modelVersion.id,
  });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const DECISIONS = `query($v: ID!) { exportDecisions(first: 100, filter: { modelVersionId: $v }) { edges { node {
  jurisdiction { code } reasons { code message } pathToEligibility { code message clearedBy } } } } }`;
const AUDITS = `{ audits(first: 100) { edges { node { auditor { name } completedAt qualification { reasons { code message } } } } } }`;

const texts = (decisions: any[]) =>
  decisions.flatMap((d) => [...d.reasons.map((r: any) => r.message), ...d.pathToEligibility.flatMap((p: any) => [p.message, p.clearedBy])]);

test("Fable 5's path names the version its fix ships in, and no explanation names an internal id", async () => {
  const v = toGlobalId('ModelVersion', ids['Fable 5']!);
  const live = await executeOperation(db, `query($v: ID!) { modelVersion(id: $v) { eligibility(jurisdictionCode: "US") {
    reasons { message } pathToEligibility { message clearedBy } } } }`, { v }, { viewer: regulator() });
  expect(live.errors).toBeUndefined();
  const clearedBy = live.data!.modelVersion.eligibility.pathToEligibility.map((p: any) => p.clearedBy);
  expect(clearedBy).toContain(
    `the fix is in another version (Mythos 5.1), not Fable 5: Fable 5 clears only when ${jailbreak} is VERIFIED or CLOSED and a passing retest of ` +
      `${jailbreak} on Fable 5 by a qualified, independent auditor; otherwise users move to the fixed version`,
  );
  const res = await executeOperation(db, DECISIONS, { v }, { viewer: regulator() });
  expect(res.errors).toBeUndefined();
  const decisions = res.data!.exportDecisions.edges.map((e: any) => e.node);
  expect(decisions.length).toBeGreaterThan(0);
  const all = [...texts(decisions), ...texts([live.data!.modelVersion.eligibility])];
  expect(all.filter((t) => UUID.test(t))).toEqual([]);
});

test('audits are named by their auditor and day in their qualification', async () => {
  const res = await executeOperation(db, AUDITS, {}, { viewer: partnerAgency() });
  const audits = res.data!.audits.edges.map((e: any) => e.node).filter((a: any) => a.qualification);
  const messages = audits.flatMap((a: any) => a.qualification.reasons.map((r: any) => r.message));
  expect(messages.filter((m: string) => UUID.test(m))).toEqual([]);
  const counting = audits.find((a: any) => a.auditor.name === 'Sentinel Assurance' && a.completedAt);
  expect(counting.qualification.reasons[0].message).toMatch(
    new RegExp(`^The audit by Sentinel Assurance completed ${counting.completedAt.slice(0, 10)} counts: `),
  );
});

test('an explanation stored with internal ids is served with the version and the audit named', async () => {
  const [audit] = await db.query(
    `SELECT a.id, a.completed_at FROM audits a JOIN organizations o ON o.id = a.auditor_id
      WHERE o.name = 'Sentinel Assurance' AND a.status = 'COMPLETED' ORDER BY a.completed_at LIMIT 1`,
  );
  const legacyReason = `Audit ${audit.id} does not count: an old wording.`;
  const legacyPath = `the fix is in another version (${ids['Mythos 5.1']}), not Mythos 5`;
  // The wording the engine used before: ids in the text (the explanation of Mythos 5's decision in DE).
  const [decision] = await db.query(
    `SELECT d.explanation_id FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id
      WHERE d.model_version_id = $1 AND j.code = 'DE'`,
    [ids['Mythos 5']],
  );
  await db.query(
    `UPDATE decision_explanations SET
       reasons = jsonb_set(reasons, '{0,message}', to_jsonb($2::text)),
       path_to_eligibility = jsonb_set(path_to_eligibility, '{0,clearedBy}', to_jsonb($3::text))
     WHERE id = $1`,
    [decision.explanation_id, legacyReason, legacyPath],
  );
  const res = await executeOperation(
    db,
    `query($v: ID!) { exportDecisions(first: 1, filter: { modelVersionId: $v, jurisdictionCode: "DE" }) { edges { node {
      reasons { message } pathToEligibility { clearedBy } } } } }`,
    { v: toGlobalId('ModelVersion', ids['Mythos 5']!) },
    { viewer: regulator() },
  );
  const node = res.data!.exportDecisions.edges[0].node;
  const day = new Date(audit.completed_at).toISOString().slice(0, 10);
  expect(node.reasons[0].message).toBe(`The audit by Sentinel Assurance completed ${day} does not count: an old wording.`);
  expect(node.pathToEligibility[0].clearedBy).toBe('the fix is in another version (Mythos 5.1), not Mythos 5');
});
