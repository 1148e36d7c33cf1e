/**
 * Decisions that change with time alone: an override that expires and a policy version that takes
 * effect later are honoured by the scheduled sweep without any write.
 */
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain';
import { sweepDecisions } from '../../../src/modules/decisions/decision-sweep';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

let tdb: TestDatabase;
let db: DataSource;
let fable5: string;
const HOUR = 3_600_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

async function stored(code: string) {
  const [row] = await db.query(
    `SELECT d.outcome, d.override_outcome FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id
      WHERE d.model_version_id = $1 AND j.code = $2`,
    [fable5, code],
  );
  return row;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  [{ id: fable5 }] = await db.query(`SELECT id FROM model_versions WHERE name = 'Fable 5'`);
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

test('an expired override stops counting at the next sweep, with a history entry', async () => {
  const { data } = await executeOperation(
    db,
    `mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { exportDecision { outcome } errors { code } } }`,
    { input: { modelVersionId: gid('ModelVersion', fable5), jurisdictionCode: 'NL', outcome: 'SUSPENDED', justification: 'Interim hold', expiresAt: new Date(Date.now() + HOUR).toISOString() } },
    { viewer: regulator() },
  );
  expect(data!.overrideExportDecision.exportDecision.outcome).toBe('SUSPENDED');
  const result = await sweepDecisions(db, new Date(Date.now() + 2 * HOUR));
  expect(result.swept).toBe(true);
  expect((await stored('NL')).outcome).toBe('ELIGIBLE');
  const [change] = await db.query(
    `SELECT c.cause, c.outcome FROM export_decision_changes c JOIN export_decisions d ON d.id = c.export_decision_id
       JOIN jurisdictions j ON j.id = d.jurisdiction_id WHERE d.model_version_id = $1 AND j.code = 'NL' ORDER BY c.changed_at DESC LIMIT 1`,
    [fable5],
  );
  expect(change).toEqual({ cause: 'SCHEDULED_SWEEP', outcome: 'ELIGIBLE' });
});

test('a policy version published for later takes effect at the first sweep after its effective date', async () => {
  const later = new Date(Date.now() + HOUR);
  const next = structuredClone(STARTING_POLICY);
  next.version = '2027.1';
  next.effectiveFrom = later.toISOString();
  // The new policy embargoes Norway.
  next.jurisdictions.tiers.TIER_1 = next.jurisdictions.tiers.TIER_1.filter((c) => c !== 'NO');
  next.jurisdictions.tiers.TIER_3 = [...next.jurisdictions.tiers.TIER_3, 'NO'];
  const { data } = await executeOperation(
    db,
    `mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { policyVersion { version } errors { code message path } } }`,
    { input: { document: JSON.stringify(next) } },
    { viewer: regulator() },
  );
  expect(data!.publishPolicyVersion.errors).toEqual([]);
  expect((await stored('NO')).outcome).toBe('ELIGIBLE'); // not yet in force
  await sweepDecisions(db, new Date(later.getTime() + 1000));
  expect(['RESTRICTED', 'PROHIBITED']).toContain((await stored('NO')).outcome);
});

test('a sweep with nothing to change writes nothing', async () => {
  const [{ n: before }] = await db.query('SELECT count(*)::int AS n FROM export_decision_changes');
  const [{ n: events }] = await db.query('SELECT count(*)::int AS n FROM events');
  const at = new Date(Date.now() + 3 * HOUR);
  await sweepDecisions(db, at);
  const [{ n: after }] = await db.query('SELECT count(*)::int AS n FROM export_decision_changes');
  await sweepDecisions(db, at);
  const [{ n: again }] = await db.query('SELECT count(*)::int AS n FROM export_decision_changes');
  const [{ n: eventsAfter }] = await db.query('SELECT count(*)::int AS n FROM events');
  expect(again).toBe(after);
  expect(after).toBeGreaterThanOrEqual(before);
  expect(eventsAfter).toBeGreaterThanOrEqual(events);
});
