/**
 * Four eyes (issue 16): with `approvals` on in the policy in force, setting an override and
 * publishing a policy version record a proposed change that changes nothing until a second
 * regulator approves it (then it is applied as the direct mutation would); the proposer and
 * analysts cannot approve, a proposal can be withdrawn, and one whose basis changed is refused.
 */
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain';
import type { Viewer } from '../../../src/modules/access/rules';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, developer, regulator } from '../../support/viewers';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const HOUR = 3_600_000;
let clock = 0;
/** Every operation a little later than the one before. */
const next = () => new Date(NOW.getTime() + ++clock * HOUR);
const second: Viewer = { subject: 'second-regulator@oais.example.gov', organizationId: null, roles: ['REGULATOR'] };

let testDb: TestDatabase;
let db: DataSource;
let versionId: string;
let computed: string;
let imposed: string;
/** The demo's pending policy draft (src/seed/demo-data.ts) and the last event the demo appended. */
let demoDraftId: string;
let demoLastSeq: string;

const PROPOSAL = 'proposedChange { id kind status proposedBy decidedBy reason input exportDecision { id } policyVersion { version } }';
const OVERRIDE = `mutation ($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { errors { code path } exportDecision { id outcome override { outcome } } ${PROPOSAL} } }`;
const PUBLISH = `mutation ($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { errors { code path } policyVersion { version } ${PROPOSAL} } }`;
const APPROVE = `mutation ($input: ApproveProposedChangeInput!) { approveProposedChange(input: $input) { errors { code path } ${PROPOSAL} } }`;
const WITHDRAW = `mutation ($input: WithdrawProposedChangeInput!) { withdrawProposedChange(input: $input) { errors { code path } ${PROPOSAL} } }`;
const DECISION = `query ($id: ID!) { modelVersion(id: $id) { eligibility(jurisdictionCode: "DE") { outcome computedOutcome override { outcome setBy } } } }`;
const LIST = `query ($status: ProposedChangeStatus) { proposedChanges(status: $status, first: 50) { totalCount edges { node { id kind status } } } }`;

async function run(viewer: Viewer, query: string, variables: Record<string, unknown>) {
  const r = await executeOperation<any>(db, query, variables, { viewer, now: next() });
  expect(r.errors).toBeUndefined();
  return r.data!;
}
const policy = (version: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...STARTING_POLICY, version, effectiveFrom: '2026-11-01T00:00:00Z', ...extra });
const override = (viewer: Viewer, outcome: string, justification: string) =>
  run(viewer, OVERRIDE, { input: { modelVersionId: versionId, jurisdictionCode: 'DE', outcome, justification } });
const approve = (viewer: Viewer, id: string) => run(viewer, APPROVE, { input: { proposedChangeId: id } });
const decisionDE = async () => (await run(regulator(), DECISION, { id: versionId })).modelVersion.eligibility;
const count = async (sql: string) => Number((await db.query(sql))[0].n);

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  const [v] = await db.query(`SELECT id FROM model_versions WHERE name = 'Mythos 5'`);
  versionId = Buffer.from(`ModelVersion:${v.id}`).toString('base64url');
  computed = (await decisionDE()).computedOutcome;
  imposed = computed === 'PROHIBITED' ? 'ELIGIBLE' : 'PROHIBITED';
  const demoProposals: { id: string; status: string }[] = await db.query(`SELECT id::text, status FROM proposed_changes`);
  expect(demoProposals).toEqual([{ id: expect.any(String), status: 'PENDING' }]);
  demoDraftId = demoProposals[0]!.id;
  [{ seq: demoLastSeq }] = await db.query(`SELECT max(seq)::text AS seq FROM events`);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('with approvals off, publishing and overriding apply at once (no proposal)', async () => {
  const published = (await run(regulator(), PUBLISH, { input: { document: policy('2026.2', { approvals: { policyPublication: true, exportOverride: true, source: 'Test: four eyes' } }) } }))
    .publishPolicyVersion;
  expect(published).toMatchObject({ errors: [], policyVersion: { version: '2026.2' }, proposedChange: null });
  // Only the demo's draft: nothing was proposed here.
  expect(await count(`SELECT count(*) AS n FROM proposed_changes WHERE id <> '${demoDraftId}'`)).toBe(0);
});

test('an invalid approvals setting is a validation error at its path', async () => {
  const r = (await run(regulator(), PUBLISH, { input: { document: policy('2026.bad', { approvals: { policyPublication: 'yes', exportOverride: true, source: 'x' } }) } })).publishPolicyVersion;
  expect(r.errors).toEqual([{ code: 'INVALID_POLICY', path: ['document', 'approvals', 'policyPublication'] }]);
});

test('an override proposal changes nothing; the proposer and analysts cannot approve; another regulator can', async () => {
  const historyBefore = await count(`SELECT count(*) AS n FROM export_override_changes`);
  const proposed = (await override(regulator(), imposed, 'Board decision 7.')).overrideExportDecision;
  expect(proposed.errors).toEqual([]);
  expect(proposed.exportDecision).toMatchObject({ outcome: computed, override: null });
  expect(proposed.proposedChange).toMatchObject({ kind: 'EXPORT_OVERRIDE', status: 'PENDING', proposedBy: 'regulator@oais.example.gov', decidedBy: null, exportDecision: { id: proposed.exportDecision.id } });
  expect(JSON.parse(proposed.proposedChange.input)).toMatchObject({ modelVersionId: versionId, jurisdictionCode: 'DE', outcome: imposed, justification: 'Board decision 7.' });
  expect(await decisionDE()).toMatchObject({ outcome: computed, override: null });
  expect(await count(`SELECT count(*) AS n FROM export_override_changes`)).toBe(historyBefore);

  // Visible to analysts, pending.
  const listed = (await run(analyst(), LIST, { status: 'PENDING' })).proposedChanges;
  expect(listed.edges.map((e: any) => e.node.id)).toEqual([demoDraftId, proposed.proposedChange.id]);

  const own = (await approve(regulator(), proposed.proposedChange.id)).approveProposedChange;
  expect(own).toEqual({ errors: [{ code: 'SAME_REGULATOR', path: ['proposedChangeId'] }], proposedChange: null });
  const byAnalyst = await executeOperation<any>(db, APPROVE, { input: { proposedChangeId: proposed.proposedChange.id } }, { viewer: analyst(), now: next() });
  expect(byAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await decisionDE()).toMatchObject({ outcome: computed, override: null });

  const approved = (await approve(second, proposed.proposedChange.id)).approveProposedChange;
  expect(approved.errors).toEqual([]);
  expect(approved.proposedChange).toMatchObject({ status: 'APPROVED', decidedBy: 'second-regulator@oais.example.gov' });
  expect(await decisionDE()).toMatchObject({ outcome: imposed, override: { outcome: imposed, setBy: 'regulator@oais.example.gov' } });
  expect(await count(`SELECT count(*) AS n FROM export_override_changes`)).toBe(historyBefore + 1);
  const events = await db.query(
    `SELECT type FROM events WHERE seq > $1 AND type IN ('CHANGE_PROPOSED', 'CHANGE_APPROVED', 'DECISION_OVERRIDDEN') ORDER BY seq`,
    [demoLastSeq],
  );
  expect(events.map((e: any) => e.type)).toEqual(['CHANGE_PROPOSED', 'DECISION_OVERRIDDEN', 'CHANGE_APPROVED']);

  const again = (await approve(second, proposed.proposedChange.id)).approveProposedChange;
  expect(again.errors).toEqual([{ code: 'NOT_PENDING', path: ['proposedChangeId'] }]);
});

test('a withdrawn proposal is never applied', async () => {
  const before = await decisionDE();
  const proposed = (await override(regulator(), 'CONDITIONAL', 'Interim licence.')).overrideExportDecision.proposedChange;
  const missingReason = (await run(second, WITHDRAW, { input: { proposedChangeId: proposed.id, reason: ' ' } })).withdrawProposedChange;
  expect(missingReason.errors).toEqual([{ code: 'REQUIRED', path: ['reason'] }]);
  const withdrawn = (await run(regulator(), WITHDRAW, { input: { proposedChangeId: proposed.id, reason: 'Superseded.' } })).withdrawProposedChange;
  expect(withdrawn).toMatchObject({ errors: [], proposedChange: { status: 'WITHDRAWN', decidedBy: 'regulator@oais.example.gov', reason: 'Superseded.' } });
  expect((await approve(second, proposed.id)).approveProposedChange.errors).toEqual([{ code: 'NOT_PENDING', path: ['proposedChangeId'] }]);
  expect(await decisionDE()).toEqual(before);
  expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'CHANGE_WITHDRAWN'`)).toBe(1);
});

test('proposals and their events are for regulators and analysts only', async () => {
  const EVENTS = `{ events(first: 100, filter: { type: ["CHANGE_PROPOSED", "CHANGE_APPROVED", "CHANGE_WITHDRAWN"] }) { totalCount } }`;
  const [dev] = await db.query(`SELECT id FROM organizations WHERE kind = 'DEVELOPER' LIMIT 1`);
  // The demo draft's CHANGE_PROPOSED and the four of the tests above.
  expect((await run(analyst(), EVENTS, {})).events.totalCount).toBe(5);
  expect((await run(developer(dev.id), EVENTS, {})).events.totalCount).toBe(0);
  const list = await executeOperation<any>(db, LIST, {}, { viewer: developer(dev.id), now: next() });
  expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await executeOperation<any>(db, EVENTS, {}, { viewer: { subject: null, organizationId: null, roles: [] }, now: next() })).data.events.totalCount).toBe(0);
});

test('a proposal whose basis changed since is refused at approval', async () => {
  const first = (await override(regulator(), 'CONDITIONAL', 'Option A.')).overrideExportDecision.proposedChange;
  const rival = (await override(regulator(), computed, 'Option B.')).overrideExportDecision.proposedChange;
  expect((await approve(second, first.id)).approveProposedChange.errors).toEqual([]);
  expect((await decisionDE()).override.outcome).toBe('CONDITIONAL');
  expect((await approve(second, rival.id)).approveProposedChange.errors).toEqual([{ code: 'STALE_PROPOSAL', path: ['proposedChangeId'] }]);
  expect((await decisionDE()).override.outcome).toBe('CONDITIONAL');
});

test('a publication proposal publishes nothing until approved; a rival publication is then stale', async () => {
  const versions = () => db.query(`SELECT version, published_by FROM policy_versions ORDER BY published_at, version`);
  const before = await versions();
  const proposed = (await run(regulator(), PUBLISH, { input: { document: policy('2026.3', { effectiveFrom: '2026-11-02T00:00:00Z', approvals: { policyPublication: true, exportOverride: false, source: 'Test' } }), summary: 'Overrides without four eyes.' } }))
    .publishPolicyVersion;
  expect(proposed).toMatchObject({ errors: [], policyVersion: null, proposedChange: { kind: 'POLICY_PUBLICATION', status: 'PENDING', policyVersion: null } });
  const rival = (await run(regulator(), PUBLISH, { input: { document: policy('2026.4', { effectiveFrom: '2026-11-03T00:00:00Z' }) } })).publishPolicyVersion.proposedChange;
  expect(await versions()).toEqual(before);
  const inForce = async () => (await run(analyst(), `{ policyInForce { version } modelVersion(id: "${versionId}") { eligibility(jurisdictionCode: "DE") { policyVersion } } }`, {}));
  expect(await inForce()).toEqual({ policyInForce: { version: '2026.2' }, modelVersion: { eligibility: { policyVersion: '2026.2' } } });

  const approved = (await approve(second, proposed.proposedChange.id)).approveProposedChange;
  expect(approved).toMatchObject({ errors: [], proposedChange: { status: 'APPROVED', policyVersion: { version: '2026.3' } } });
  expect((await versions()).at(-1)).toEqual({ version: '2026.3', published_by: 'regulator@oais.example.gov' });
  // In force now, exactly as after a direct publication.
  expect(await inForce()).toEqual({ policyInForce: { version: '2026.3' }, modelVersion: { eligibility: { policyVersion: '2026.3' } } });
  expect((await approve(second, rival.id)).approveProposedChange.errors).toEqual([{ code: 'STALE_PROPOSAL', path: ['proposedChangeId'] }]);

  // 2026.3 no longer requires four eyes for overrides: they apply at once again.
  const direct = (await override(regulator(), computed, 'Back to the rules.')).overrideExportDecision;
  expect(direct).toMatchObject({ errors: [], proposedChange: null, exportDecision: { override: { outcome: computed } } });
  const all = (await run(regulator(), LIST, {})).proposedChanges;
  // The demo's draft first (still pending), then the ones of this file.
  expect(all.edges.map((e: any) => e.node.status)).toEqual(['PENDING', 'APPROVED', 'WITHDRAWN', 'APPROVED', 'PENDING', 'APPROVED', 'PENDING']);
});
