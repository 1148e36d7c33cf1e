/**
 * Decisions stored per version and tier (migrations/1764600001600, recompute-decisions.ts):
 * what the `export_decisions` and `export_decision_changes` views give per jurisdiction is what
 * the engine decides and what happened to that jurisdiction, while a change of a version's facts
 * writes its tiers' rows only. On the demo data, through the public API.
 */
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { evaluateEligibilityMatrix, STARTING_POLICY, type OverrideFact } from '../../../src/domain';
import { loadModelVersionFacts } from '../../../src/modules/decisions/facts-store';
import { policyInForceIn } from '../../../src/modules/decisions/policy-service';
import { reasonsKey } from '../../../src/modules/decisions/recompute-decisions';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

let tdb: TestDatabase;
let db: DataSource;
let fable5: string;
const HOUR = 3_600_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

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

async function mutate(query: string, input: Record<string, unknown>) {
  const { data, errors } = await executeOperation(db, query, { input }, { viewer: regulator() });
  expect(errors).toBeUndefined();
  const payload = Object.values(data!)[0] as { errors: unknown[] };
  expect(payload.errors).toEqual([]);
  return payload;
}

async function rowVersionOf(versionId: string): Promise<number> {
  const [{ row_version }] = await db.query('SELECT row_version FROM model_versions WHERE id = $1', [versionId]);
  return row_version;
}

const suspend = async (versionId: string) =>
  mutate(`mutation($input: ChangeAccessStatusInput!) { suspendModelVersion(input: $input) { errors { code message } } }`, {
    id: gid('ModelVersion', versionId),
    expectedRowVersion: await rowVersionOf(versionId),
    reason: 'Test suspension.',
  });
const reinstate = async (versionId: string) =>
  mutate(`mutation($input: ChangeAccessStatusInput!) { reinstateModelVersion(input: $input) { errors { code message } } }`, {
    id: gid('ModelVersion', versionId),
    expectedRowVersion: await rowVersionOf(versionId),
    reason: 'Test reinstatement.',
  });

/** Every decision as the view gives it, by version and jurisdiction code. */
async function viewDecisions(): Promise<Map<string, Record<string, any>>> {
  const rows = await db.query(
    `SELECT d.*, j.code FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id ORDER BY d.model_version_id, j.code`,
  );
  return new Map(rows.map((r: any) => [`${r.model_version_id}:${r.code}`, r]));
}

/** One decision's history (cause, outcome, computed outcome), oldest first. */
async function historyOf(versionId: string, code: string): Promise<string[]> {
  const rows = await db.query(
    `SELECT c.cause, c.outcome, c.computed_outcome FROM export_decision_changes c
       JOIN export_decisions d ON d.id = c.export_decision_id JOIN jurisdictions j ON j.id = d.jurisdiction_id
      WHERE d.model_version_id = $1 AND j.code = $2 ORDER BY c.changed_at, c.id`,
    [versionId, code],
  );
  return rows.map((r: any) => `${r.cause} ${r.outcome}/${r.computed_outcome}`);
}

/** The engine's decisions now for every version and jurisdiction, with the stored overrides. */
async function engineDecisions(at: Date) {
  const views = await viewDecisions();
  const versionIds: string[] = (await db.query('SELECT id FROM model_versions ORDER BY id')).map((r: any) => r.id);
  const facts = await loadModelVersionFacts(db.manager, versionIds);
  const jurisdictions = await db.query('SELECT code, name FROM jurisdictions ORDER BY code');
  const policy = (await policyInForceIn(db.manager, at))!.document;
  const out = new Map<string, { outcome: string; computed: string; key: string }>();
  for (const versionId of versionIds) {
    const overrides = new Map<string, OverrideFact>();
    for (const j of jurisdictions) {
      const d = views.get(`${versionId}:${j.code}`);
      if (d?.override_outcome) {
        overrides.set(j.code, {
          outcome: d.override_outcome,
          justification: d.override_justification,
          setBy: d.override_by,
          setAt: d.override_at,
          expiresAt: d.override_expires_at,
          recordedAt: d.override_at,
        });
      }
    }
    for (const d of evaluateEligibilityMatrix(facts.get(versionId)!, jurisdictions, policy, at, overrides)) {
      out.set(`${versionId}:${d.jurisdictionCode}`, {
        outcome: d.outcome,
        computed: d.computedOutcome,
        key: reasonsKey(d.reasons),
      });
    }
  }
  return { views, out };
}

async function expectViewIsTheEngine() {
  const { views, out } = await engineDecisions(new Date());
  expect(views.size).toBe(out.size);
  const differing: string[] = [];
  for (const [key, engine] of out) {
    const view = views.get(key);
    if (!view || view.outcome !== engine.outcome || view.computed_outcome !== engine.computed || view.reasons_key !== engine.key) differing.push(key);
  }
  expect(differing).toEqual([]);
}

test('every decision the view gives is the engine’s for that jurisdiction, overrides included', async () => {
  await expectViewIsTheEngine();
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM export_decisions WHERE override_outcome IS NOT NULL`);
  expect(n).toBeGreaterThan(0); // the demo's override on Lumen 2
});

test('rows follow their tier unless an override gives them a decision of their own', async () => {
  const [shape] = await db.query(
    `SELECT count(*) FILTER (WHERE outcome IS NOT NULL)::int AS own,
            count(*) FILTER (WHERE override_outcome IS NOT NULL)::int AS overridden,
            count(*) FILTER (WHERE outcome IS NULL AND override_outcome IS NULL)::int AS following
       FROM jurisdiction_decisions`,
  );
  expect(shape.own).toBe(shape.overridden);
  expect(shape.following).toBeGreaterThan(1000);
  // One tier row per version and tier the policy places a jurisdiction in.
  const tiers = new Set(Object.keys(STARTING_POLICY.jurisdictions.tiers));
  const [{ versions, rows, distinct_tiers }] = await db.query(
    `SELECT count(DISTINCT model_version_id)::int AS versions, count(*)::int AS rows, count(DISTINCT tier)::int AS distinct_tiers FROM tier_decisions`,
  );
  expect(distinct_tiers).toBeLessThanOrEqual(tiers.size + 1);
  expect(rows).toBe(versions * distinct_tiers);
  // A tier's change and a row's own entry of one moment are never both in a row's history.
  const [{ twice }] = await db.query(
    `SELECT count(*)::int AS twice FROM (SELECT 1 FROM export_decision_changes
      GROUP BY export_decision_id, changed_at, cause, outcome, computed_outcome HAVING count(*) > 1) x`,
  );
  expect(twice).toBe(0);
});

test('a change of a version’s facts writes its tiers’ rows, not its jurisdictions’, and every jurisdiction’s history shows it once', async () => {
  const before = await db.query('SELECT id, row_version FROM jurisdiction_decisions ORDER BY id');
  const [{ n: entriesBefore }] = await db.query('SELECT count(*)::int AS n FROM export_decision_changes');
  const [{ n: changesBefore }] = await db.query('SELECT count(*)::int AS n FROM tier_decision_changes WHERE model_version_id = $1', [fable5]);
  await suspend(fable5);
  expect(await db.query('SELECT id, row_version FROM jurisdiction_decisions ORDER BY id')).toEqual(before);
  const [{ n: changesAfter }] = await db.query('SELECT count(*)::int AS n FROM tier_decision_changes WHERE model_version_id = $1', [fable5]);
  const [{ tiers }] = await db.query('SELECT count(*)::int AS tiers FROM tier_decisions WHERE model_version_id = $1', [fable5]);
  expect(changesAfter - changesBefore).toBe(tiers);
  // Each of Fable 5's 249 jurisdictions gained one history entry, SUSPENDED.
  const [{ n: entriesAfter }] = await db.query('SELECT count(*)::int AS n FROM export_decision_changes');
  const [{ j }] = await db.query('SELECT count(*)::int AS j FROM jurisdictions');
  expect(entriesAfter - entriesBefore).toBe(j);
  expect((await historyOf(fable5, 'DE')).at(-1)).toBe('MODEL_VERSION_SUSPENDED SUSPENDED/SUSPENDED');
  await expectViewIsTheEngine();
  await reinstate(fable5);
  await expectViewIsTheEngine();
});

test('an override takes the jurisdiction out of its tier, and lifting it puts it back, with history throughout', async () => {
  const start = await historyOf(fable5, 'NL');
  const neighbour = await historyOf(fable5, 'DE'); // same tier as NL, never overridden
  const [{ tier }] = await db.query(
    `SELECT d.tier FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id WHERE d.model_version_id = $1 AND j.code = 'NL'`,
    [fable5],
  );
  const [{ tier: deTier }] = await db.query(
    `SELECT d.tier FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id WHERE d.model_version_id = $1 AND j.code = 'DE'`,
    [fable5],
  );
  expect(deTier).toBe(tier);
  await mutate(`mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { errors { code message } } }`, {
    modelVersionId: gid('ModelVersion', fable5),
    jurisdictionCode: 'NL',
    outcome: 'PROHIBITED',
    justification: 'Test hold',
    expiresAt: new Date(Date.now() + HOUR).toISOString(),
  });
  const [own] = await db.query(
    `SELECT r.outcome, r.computed_outcome FROM jurisdiction_decisions r JOIN jurisdictions j ON j.id = r.jurisdiction_id
      WHERE r.model_version_id = $1 AND j.code = 'NL'`,
    [fable5],
  );
  expect(own).toEqual({ outcome: 'PROHIBITED', computed_outcome: 'ELIGIBLE' });
  // While overridden, a change of the tier is recorded on NL's own row (its computed outcome moves).
  await suspend(fable5);
  await reinstate(fable5);
  await mutate(`mutation($input: LiftExportOverrideInput!) { liftExportOverride(input: $input) { errors { code message } } }`, {
    modelVersionId: gid('ModelVersion', fable5),
    jurisdictionCode: 'NL',
    reason: 'Test over.',
  });
  const [back] = await db.query(
    `SELECT r.outcome FROM jurisdiction_decisions r JOIN jurisdictions j ON j.id = r.jurisdiction_id WHERE r.model_version_id = $1 AND j.code = 'NL'`,
    [fable5],
  );
  expect(back.outcome).toBeNull(); // follows its tier again
  // And from then on the tier's changes are NL's again.
  await suspend(fable5);
  await reinstate(fable5);
  expect((await historyOf(fable5, 'NL')).slice(start.length)).toEqual([
    'DECISION_OVERRIDDEN PROHIBITED/ELIGIBLE',
    'MODEL_VERSION_SUSPENDED PROHIBITED/SUSPENDED',
    'MODEL_VERSION_REINSTATED PROHIBITED/ELIGIBLE',
    'DECISION_OVERRIDE_LIFTED ELIGIBLE/ELIGIBLE',
    'MODEL_VERSION_SUSPENDED SUSPENDED/SUSPENDED',
    'MODEL_VERSION_REINSTATED ELIGIBLE/ELIGIBLE',
  ]);
  expect((await historyOf(fable5, 'DE')).slice(neighbour.length)).toEqual([
    'MODEL_VERSION_SUSPENDED SUSPENDED/SUSPENDED',
    'MODEL_VERSION_REINSTATED ELIGIBLE/ELIGIBLE',
    'MODEL_VERSION_SUSPENDED SUSPENDED/SUSPENDED',
    'MODEL_VERSION_REINSTATED ELIGIBLE/ELIGIBLE',
  ]);
  await expectViewIsTheEngine();
});

test('a policy that moves a jurisdiction to another tier moves its rows; its history then follows the new tier only', async () => {
  const next = structuredClone(STARTING_POLICY);
  next.version = '2027.1';
  next.effectiveFrom = new Date(Date.now() - 1000).toISOString();
  next.jurisdictions.tiers.TIER_1 = next.jurisdictions.tiers.TIER_1.filter((c) => c !== 'NO');
  next.jurisdictions.tiers.TIER_3 = [...next.jurisdictions.tiers.TIER_3, 'NO'];
  const noBefore = await historyOf(fable5, 'NO');
  await mutate(`mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { errors { code message path } } }`, {
    document: JSON.stringify(next),
  });
  const tiers = await db.query(
    `SELECT j.code, r.tier, r.outcome IS NULL AS following FROM jurisdiction_decisions r JOIN jurisdictions j ON j.id = r.jurisdiction_id
      WHERE r.model_version_id = $1 AND j.code IN ('NO', 'DE') ORDER BY j.code`,
    [fable5],
  );
  expect(tiers).toEqual([
    { code: 'DE', tier: 'TIER_1', following: true },
    { code: 'NO', tier: 'TIER_3', following: true },
  ]);
  await expectViewIsTheEngine();
  const [{ stale }] = await db.query(`SELECT count(*)::int AS stale FROM tier_decisions WHERE policy_version <> '2027.1' AND tier IN ('TIER_1', 'TIER_3')`);
  expect(stale).toBe(0);
  const moved = (await historyOf(fable5, 'NO')).slice(noBefore.length);
  // Fable 5 is not eligible in a TIER_3 jurisdiction without a licence: the move is a change.
  expect(moved).toHaveLength(1);
  expect(moved[0]).toMatch(/^POLICY_PUBLISHED /);
  const noMoved = await historyOf(fable5, 'NO');
  await suspend(fable5);
  expect((await historyOf(fable5, 'NO')).slice(noMoved.length)).toEqual(['MODEL_VERSION_SUSPENDED SUSPENDED/SUSPENDED']);
  await reinstate(fable5);
  await expectViewIsTheEngine();
});

test('a jurisdiction moved at the moment its old tier changes shows one entry for that moment, its own', async () => {
  // 2027.2 puts Norway back in TIER_1 and, at the same moment, suspends every active version in every tier.
  const next = structuredClone(STARTING_POLICY);
  next.version = '2027.2';
  next.effectiveFrom = new Date(Date.now() - 500).toISOString();
  next.eligibility.suspension.accessStatuses = [...next.eligibility.suspension.accessStatuses, 'ACTIVE'];
  const noBefore = await historyOf(fable5, 'NO');
  const deBefore = await historyOf(fable5, 'DE');
  await mutate(`mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { errors { code message path } } }`, {
    document: JSON.stringify(next),
  });
  expect((await historyOf(fable5, 'NO')).slice(noBefore.length)).toEqual(['POLICY_PUBLISHED SUSPENDED/SUSPENDED']);
  expect((await historyOf(fable5, 'DE')).slice(deBefore.length)).toEqual(['POLICY_PUBLISHED SUSPENDED/SUSPENDED']);
  await expectViewIsTheEngine();
  // And back to the starting policy's rules, as 2027.3.
  const back = structuredClone(STARTING_POLICY);
  back.version = '2027.3';
  back.effectiveFrom = new Date(Date.now() - 200).toISOString();
  await mutate(`mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { errors { code message path } } }`, {
    document: JSON.stringify(back),
  });
  expect((await historyOf(fable5, 'NO')).at(-1)).toBe('POLICY_PUBLISHED ELIGIBLE/ELIGIBLE');
  await expectViewIsTheEngine();
});

test('the migration gives every jurisdiction its decision and history back on the way down, and takes them up again', async () => {
  const decisions = async () =>
    db.query(
      `SELECT id, model_version_id, jurisdiction_id, tier, outcome, computed_outcome, explanation_id, reasons_key, policy_version,
              evaluated_at, override_outcome FROM export_decisions ORDER BY id`,
    );
  const history = async () =>
    db.query(
      `SELECT export_decision_id, outcome, computed_outcome, explanation_id, policy_version, cause, actor, changed_at
         FROM export_decision_changes ORDER BY export_decision_id, changed_at, cause, outcome`,
    );
  const beforeDecisions = await decisions();
  const beforeHistory = await history();
  expect(MIGRATIONS.at(-1)!.name).toBe('DecisionsPerTier1764600001600');
  await db.undoLastMigration({ transaction: 'each' });
  const [{ kind }] = await db.query(`SELECT table_type AS kind FROM information_schema.tables WHERE table_name = 'export_decisions'`);
  expect(kind).toBe('BASE TABLE');
  expect(await decisions()).toEqual(beforeDecisions);
  expect(await history()).toEqual(beforeHistory);
  await db.runMigrations({ transaction: 'each' });
  expect(await decisions()).toEqual(beforeDecisions);
  expect(await history()).toEqual(beforeHistory);
  const [shape] = await db.query(
    `SELECT count(*) FILTER (WHERE outcome IS NOT NULL AND override_outcome IS NULL)::int AS own_without_override FROM jurisdiction_decisions`,
  );
  expect(shape.own_without_override).toBe(0);
  // And the decisions stay the engine's after the next writes.
  await suspend(fable5);
  await reinstate(fable5);
  await expectViewIsTheEngine();
});
