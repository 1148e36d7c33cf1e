/**
 * `simulatePolicy` and `policyDiff` over the demo registry: a draft's effect is exactly what the
 * live engine gives under each policy, nothing is written, invalid drafts are errors at their JSON
 * path, the changes page with cursors, and only regulators and analysts may simulate.
 */
import type { DataSource } from 'typeorm';
import { getOperationAST, parse } from 'graphql';
import { STARTING_POLICY, type PolicyDocument } from '../../../src/domain';
import { measureOperation } from '../../../src/graphql/plugins/operation-cost';
import { buildSchema } from '../../../src/graphql/schema';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, developer, regulator } from '../../support/viewers';

const NOW = new Date('2026-11-27T10:00:00.000Z');

let testDb: TestDatabase;
let db: DataSource;

const SIMULATE = `query ($input: SimulatePolicyInput!, $first: Int, $after: String) {
  simulatePolicy(input: $input) {
    errors { path code message }
    simulation {
      at currentPolicyVersion draftPolicyVersion evaluatedDecisions changedDecisions
      counts { tier outcome before after }
      changes(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { modelVersion { id name } jurisdiction { code }
          before { tier outcome computedOutcome reasons { code } } after { tier outcome computedOutcome reasons { code } } } }
      }
      deadlineChanges { finding { publicId } kind before { state dueAt durationHours } after { state dueAt durationHours } }
      disclosureChanges { finding { publicId } code before { required dueAt } after { required dueAt } }
      documentChanges { path kind category before after source summary }
    }
  }
}`;

function draftOf(change: (p: PolicyDocument) => void, version = '2026.2-draft'): PolicyDocument {
  const doc = structuredClone(STARTING_POLICY) as PolicyDocument;
  doc.version = version;
  change(doc);
  return doc;
}

/** IE moves from TIER_1 to the default tier (TIER_2): the question a regulator asks first. */
const moveIreland = draftOf((p) => {
  p.jurisdictions.tiers.TIER_1 = p.jurisdictions.tiers.TIER_1.filter((c) => c !== 'IE');
});

async function simulate(document: unknown, vars: Record<string, unknown> = {}, viewer = regulator()) {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  const r = await executeOperation<any>(db, SIMULATE, { input: { document: text, ...(vars.at ? { at: vars.at } : {}) }, ...vars }, { viewer, now: NOW });
  return r;
}

async function allChanges(document: unknown, first: number) {
  const nodes: any[] = [];
  let after: string | undefined;
  for (let i = 0; i < 500; i++) {
    const r = await simulate(document, { first, after });
    expect(r.errors).toBeUndefined();
    const page = r.data!.simulatePolicy.simulation.changes;
    nodes.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return nodes;
}

async function tableCounts() {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM export_decisions) d, (SELECT count(*) FROM export_decision_changes) h,
            (SELECT count(*) FROM policy_versions) p, (SELECT count(*) FROM events) e, (SELECT count(*) FROM export_override_changes) o`,
  );
  return row;
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('moving a country out of TIER_1 changes exactly the decisions the live engine gives differently, and writes nothing', async () => {
  const before = await tableCounts();
  const r = await simulate(moveIreland, { first: 100 });
  expect(r.errors).toBeUndefined();
  const { errors, simulation } = r.data!.simulatePolicy;
  expect(errors).toEqual([]);
  expect(await tableCounts()).toEqual(before);

  const [{ n: versions }] = await db.query('SELECT count(*)::int n FROM model_versions');
  const [{ n: jurisdictions }] = await db.query('SELECT count(*)::int n FROM jurisdictions');
  expect(simulation.evaluatedDecisions).toBe(versions * jurisdictions);
  expect(simulation).toMatchObject({ currentPolicyVersion: STARTING_POLICY.version, draftPolicyVersion: '2026.2-draft' });

  // Only Ireland moves, so every change is in IE, from TIER_1 to TIER_2.
  const changes = simulation.changes.edges.map((e: any) => e.node);
  expect(simulation.changedDecisions).toBe(changes.length);
  expect(changes.length).toBeGreaterThan(0);
  for (const c of changes) {
    expect(c.jurisdiction.code).toBe('IE');
    expect(c.before.tier).toBe('TIER_1');
    expect(c.after.tier).toBe('TIER_2');
    expect(c.before.outcome).not.toBe(c.after.outcome);
  }

  // The "before" side is what the live engine answers for each version in IE today.
  const live = await executeOperation<any>(
    db,
    `{ modelVersions(first: 100) { edges { node { id eligibility(jurisdictionCode: "IE") { outcome tier reasons { code } } } } } }`,
    {},
    { viewer: regulator(), now: NOW },
  );
  const liveById = new Map(live.data!.modelVersions.edges.map((e: any) => [e.node.id, e.node.eligibility]));
  for (const c of changes) {
    expect(liveById.get(c.modelVersion.id)).toMatchObject({ outcome: c.before.outcome, tier: 'TIER_1', reasons: c.before.reasons });
  }
  // Versions not listed keep their outcome (the tally agrees: one TIER_1 decision fewer per version).
  const count = (side: 'before' | 'after', tier: string) =>
    simulation.counts.filter((x: any) => x.tier === tier).reduce((n: number, x: any) => n + x[side], 0);
  expect(count('before', 'TIER_1') - count('after', 'TIER_1')).toBe(versions);
  expect(count('after', 'TIER_2') - count('before', 'TIER_2')).toBe(versions);
  expect(simulation.counts).toHaveLength(15);

  expect(simulation.documentChanges).toEqual([
    expect.objectContaining({ path: ['version'], category: 'SETTING', before: JSON.stringify(STARTING_POLICY.version), after: '"2026.2-draft"' }),
    expect.objectContaining({ path: ['jurisdictions', 'IE'], kind: 'CHANGED', category: 'TIER', before: '"TIER_1"', after: '"TIER_2"', source: STARTING_POLICY.jurisdictions.source }),
  ]);
  expect(simulation.deadlineChanges).toEqual([]);
  expect(simulation.disclosureChanges).toEqual([]);
});

test('a shorter HIGH remediation timeline moves exactly the REMEDIATE deadlines of open HIGH findings', async () => {
  const hours = STARTING_POLICY.timelines.HIGH.remediateHours!;
  const draft = draftOf((p) => {
    p.timelines.HIGH.remediateHours = hours / 2;
  });
  const r = await simulate(draft);
  expect(r.errors).toBeUndefined();
  const sim = r.data!.simulatePolicy.simulation;
  // The demo's one open HIGH finding (the role-play jailbreak of Atlas 3, MITIGATING).
  const [high] = await db.query(`SELECT public_id FROM findings WHERE title LIKE 'Role-play jailbreak%'`);
  expect(sim.deadlineChanges.map((c: any) => c.finding.publicId)).toEqual([high.public_id]);
  for (const c of sim.deadlineChanges) {
    expect(c.kind).toBe('REMEDIATE');
    expect(c.before.durationHours).toBe(hours);
    expect(c.after.durationHours).toBe(hours / 2);
    expect(Date.parse(c.before.dueAt) - Date.parse(c.after.dueAt)).toBe((hours / 2) * 3_600_000);
  }
  expect(sim.documentChanges.filter((c: any) => c.path[0] !== 'version')).toEqual([
    expect.objectContaining({ path: ['timelines', 'HIGH', 'remediateHours'], category: 'NUMBER', before: String(hours), after: String(hours / 2), source: STARTING_POLICY.timelines.HIGH.source }),
  ]);
});

test('the changes page with cursors: every change once, in order, across pages', async () => {
  // A strict draft: every open HIGH finding prohibits in TIER_2 (many changes).
  const strict = draftOf((p) => {
    p.eligibility.tiers.TIER_2 = [
      ...p.eligibility.tiers.TIER_2,
      { kind: 'OPEN_FINDINGS', code: 'OPEN_HIGH_PROHIBITS', description: 'No open HIGH finding.', levels: ['HIGH'], outcome: 'PROHIBITED', outcomeWhenMitigated: null, source: 'draft' },
    ];
  });
  const whole = (await simulate(strict, { first: 100 })).data!.simulatePolicy.simulation;
  const paged = await allChanges(strict, 7);
  expect(paged.length).toBe(whole.changedDecisions);
  const keys = paged.map((c) => `${c.modelVersion.id}/${c.jurisdiction.code}`);
  expect(new Set(keys).size).toBe(keys.length);
  if (whole.changedDecisions <= 100) {
    expect(keys).toEqual(whole.changes.edges.map((e: any) => `${e.node.modelVersion.id}/${e.node.jurisdiction.code}`));
  }
  expect(paged.every((c) => c.after.outcome === 'PROHIBITED' && c.after.reasons.some((x: any) => x.code === 'OPEN_HIGH_PROHIBITS'))).toBe(true);
  expect(whole.documentChanges.filter((c: any) => c.path[0] !== 'version')).toEqual([expect.objectContaining({ path: ['eligibility', 'tiers', 'TIER_2', 'OPEN_HIGH_PROHIBITS'], kind: 'ADDED', category: 'RULE', source: 'draft' })]);
});

test('a cursor of another connection is refused, naming "after"', async () => {
  const decisions = await executeOperation<any>(db, `{ exportDecisions(first: 1) { pageInfo { endCursor } } }`, {}, { viewer: regulator(), now: NOW });
  const foreign = decisions.data!.exportDecisions.pageInfo.endCursor;
  const r = await simulate(moveIreland, { after: foreign });
  expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
});

test('an invalid draft returns every validation error at its JSON path and no simulation', async () => {
  const bad = draftOf((p) => {
    (p.timelines.CRITICAL as any).remediateHours = -5;
    (p.jurisdictions as any).defaultTier = 'TIER_9';
  });
  const r = await simulate(bad);
  expect(r.errors).toBeUndefined();
  expect(r.data!.simulatePolicy.simulation).toBeNull();
  const errors = r.data!.simulatePolicy.errors;
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ code: 'INVALID_POLICY', path: ['document', 'timelines', 'CRITICAL', 'remediateHours'] }),
      expect.objectContaining({ code: 'INVALID_POLICY', path: ['document', 'jurisdictions', 'defaultTier'] }),
    ]),
  );
  const notJson = await simulate('{"version": ');
  expect(notJson.data!.simulatePolicy).toMatchObject({ simulation: null, errors: [{ code: 'INVALID_JSON', path: ['document'] }] });
});

test('a moment before any policy was in force is an error naming "at"', async () => {
  const r = await simulate(moveIreland, { at: '2020-01-01T00:00:00Z' });
  expect(r.data!.simulatePolicy).toMatchObject({ simulation: null, errors: [{ code: 'NO_POLICY_IN_FORCE', path: ['at'] }] });
});

test('only regulators and analysts may simulate', async () => {
  expect((await simulate(moveIreland, {}, analyst())).data!.simulatePolicy.errors).toEqual([]);
  const [dev] = await db.query(`SELECT id FROM organizations WHERE kind = 'DEVELOPER' LIMIT 1`);
  expect((await simulate(moveIreland, {}, developer(dev.id))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const anonymous = await executeOperation<any>(db, SIMULATE, { input: { document: '{}' } }, { now: NOW });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('policyDiff lists what changed between two published versions, each with its source', async () => {
  const next = draftOf((p) => {
    p.effectiveFrom = '2027-01-01T00:00:00Z';
    p.jurisdictions.tiers.TIER_1 = [...p.jurisdictions.tiers.TIER_1, 'PL'];
    p.severity.bands = p.severity.bands.map((b) => (b.level === 'CRITICAL' ? { ...b, minScore: 8.5, source: 'draft: CRITICAL from 8.5' } : b));
  }, '2027.1');
  const published = await executeOperation<any>(
    db,
    `mutation ($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { errors { path code } policyVersion { version } } }`,
    { input: { document: JSON.stringify(next), summary: 'PL to TIER_1; CRITICAL from 8.5' } },
    { viewer: regulator(), now: NOW },
  );
  expect(published.data!.publishPolicyVersion.errors).toEqual([]);
  const r = await executeOperation<any>(
    db,
    `{ policyDiff(from: "${STARTING_POLICY.version}", to: "2027.1") { from { version } to { version } changes { path kind category before after source summary } } }`,
    {},
    { now: NOW },
  );
  expect(r.errors).toBeUndefined();
  const { changes } = r.data!.policyDiff;
  expect(changes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: ['effectiveFrom'], category: 'SETTING' }),
      expect.objectContaining({ path: ['severity', 'bands', 'CRITICAL', 'minScore'], kind: 'CHANGED', category: 'RULE', before: '9', after: '8.5', source: 'draft: CRITICAL from 8.5' }),
      expect.objectContaining({ path: ['jurisdictions', 'PL'], category: 'TIER', before: '"TIER_2"', after: '"TIER_1"', summary: 'PL moves from TIER_2 to TIER_1' }),
    ]),
  );
  const unknown = await executeOperation<any>(db, `{ policyDiff(from: "${STARTING_POLICY.version}", to: "1999.9") { changes { summary } } }`, {}, { now: NOW });
  expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['to'] });
});

test('the what-if is priced as the work it does', () => {
  const schema = buildSchema();
  const doc = parse(`{ simulatePolicy(input: { document: "{}" }) { simulation { changedDecisions } } }`);
  expect(measureOperation(schema, doc, getOperationAST(doc)!).cost).toBeGreaterThanOrEqual(2_000);
});
