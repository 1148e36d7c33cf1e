/**
 * The story of DOMAIN.md, end to end through the GraphQL API: facts are written with SQL and the
 * decision recompute service (the write API does not exist yet), every outcome is read back over
 * GraphQL — stored decisions, live evaluation, as-of replay, deadlines and disclosure clocks.
 */
import type { DataSource } from 'typeorm';
import { assessSeverity, STARTING_POLICY } from '../../../src/domain';
import { recomputeDecisions } from '../../../src/modules/decisions/recompute-decisions';
import { verifyEventChain } from '../../../src/modules/events/event-log';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency } from '../../support/viewers';

/** Read as a partner agency: the story's findings are not publicly disclosed, so the public sees none. */
const AS_PARTNER = { viewer: partnerAgency() };

const UNIVERSAL_JAILBREAK = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N';

let tdb: TestDatabase;
let db: DataSource;
const ids: Record<string, string> = {};

async function versionId(name: string): Promise<string> {
  const [row] = await db.query('SELECT id FROM model_versions WHERE name = $1', [name]);
  return row.id;
}

async function storedOutcome(version: string, code: string): Promise<string> {
  const { data, errors } = await executeOperation(
    db,
    `query($v: ID!, $c: String!) { exportDecisions(first: 1, filter: { modelVersionId: $v, jurisdictionCode: $c }) {
        edges { node { outcome reasons { code findingPublicIds } pathToEligibility { clearedBy findingPublicIds } } } } }`,
    { v: globalVersionId(version), c: code },
    AS_PARTNER,
  );
  expect(errors).toBeUndefined();
  return data!.exportDecisions.edges[0].node.outcome;
}

function globalVersionId(localId: string): string {
  return Buffer.from(`ModelVersion:${localId}`).toString('base64url');
}

async function liveEligibility(version: string, code: string, asOf?: Date) {
  const { data, errors } = await executeOperation(
    db,
    `query($v: ID!, $c: String!, $asOf: DateTime) { modelVersion(id: $v) { name
        eligibility(jurisdictionCode: $c, asOf: $asOf) { outcome tier policyVersion
          reasons { code message findingPublicIds } pathToEligibility { code message clearedBy findingPublicIds } } } }`,
    { v: globalVersionId(version), c: code, asOf: asOf?.toISOString() ?? null },
    AS_PARTNER,
  );
  expect(errors).toBeUndefined();
  return data!.modelVersion.eligibility;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  ids.fable5 = await versionId('Fable 5');
  ids.mythos5 = await versionId('Mythos 5');
  const [dev] = await db.query(`SELECT id FROM organizations WHERE name = 'Northwind AI'`);
  const [sentinel] = await db.query(`SELECT id FROM organizations WHERE name = 'Sentinel Assurance'`);
  const [mythos] = await db.query(`SELECT id FROM models WHERE name = 'Mythos'`);
  ids.developer = dev.id;
  ids.sentinel = sentinel.id;
  ids.mythos = mythos.id;
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

describe('the DOMAIN.md story', () => {
  let beforeJailbreak: Date;

  test('after a passing independent audit, Fable 5 and Mythos 5 are eligible in TIER_1 and TIER_2', async () => {
    for (const v of [ids.fable5, ids.mythos5]) {
      expect(await storedOutcome(v, 'DE')).toBe('ELIGIBLE');
      expect(await storedOutcome(v, 'IN')).toBe('ELIGIBLE');
      const live = await liveEligibility(v, 'US');
      expect(live.outcome).toBe('ELIGIBLE');
      expect(live.tier).toBe('TIER_1');
      expect(live.policyVersion).toBe(STARTING_POLICY.version);
    }
  });

  test('a CRITICAL universal jailbreak suspends both versions in every jurisdiction', async () => {
    beforeJailbreak = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const severity = assessSeverity(
      {
        cvssVector: UNIVERSAL_JAILBREAK,
        aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
        category: 'JAILBREAK',
      },
      STARTING_POLICY,
    );
    expect(severity.level).toBe('CRITICAL');
    expect(severity.interventionTier).toBe('GOVERNMENT_INTERVENTION');

    await db.transaction(async (m) => {
      const reported = new Date();
      const [f] = await m.query(
        `INSERT INTO findings (public_id, developer_id, title, summary, category, status, reporter_name,
                               discovered_at, reported_at, developer_aware_at)
         VALUES ('MSR-2026-0100', $1, 'Universal jailbreak across Fable and Mythos',
                 'A single prompt prefix disables refusals in every domain, including CBRN.', 'JAILBREAK', 'REPORTED',
                 'Independent researcher', $2, $2, $2) RETURNING id`,
        [ids.developer, reported],
      );
      ids.jailbreak = f.id;
      await m.query(
        `INSERT INTO finding_restricted_details (finding_id, reproduction_steps, prompts) VALUES ($1, 'Send the prefix.', 'SECRET-JAILBREAK-PROMPT')`,
        [f.id],
      );
      for (const v of [ids.fable5, ids.mythos5]) {
        await m.query('INSERT INTO finding_affected_versions (finding_id, model_version_id) VALUES ($1, $2)', [f.id, v]);
      }
      await m.query(
        `INSERT INTO finding_status_changes (finding_id, from_status, to_status, actor, occurred_at) VALUES ($1, NULL, 'REPORTED', 'test', $2)`,
        [f.id, reported],
      );
      await m.query(
        `INSERT INTO severity_assessments (finding_id, cvss_vector, cvss_score, capability_domain, universal, success_rate, trials,
           exploited_in_wild, score, level, intervention_tier, tier_rule, policy_version, calculator, assessed_by, assessed_at)
         VALUES ($1, $2, $3, 'CBRN', true, 0.94, 500, false, $4, $5, $6, $7, $8, $9, 'test', $10)`,
        [f.id, severity.cvssVector, severity.cvssScore, severity.score, severity.level, severity.interventionTier,
          severity.tierRule.code, severity.policyVersion, severity.calculator, reported],
      );
      await recomputeDecisions(m, [ids.fable5, ids.mythos5], { cause: 'FINDING_ASSESSED', actor: 'test' });
    });

    for (const v of [ids.fable5, ids.mythos5]) {
      for (const code of ['DE', 'US', 'IN', 'BR']) expect(await storedOutcome(v, code)).toBe('SUSPENDED');
      const live = await liveEligibility(v, 'DE');
      expect(live.outcome).toBe('SUSPENDED');
      expect(live.reasons.some((r: { findingPublicIds: string[] }) => r.findingPublicIds.includes('MSR-2026-0100'))).toBe(true);
    }
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM export_decisions WHERE model_version_id = ANY($1::uuid[]) AND outcome NOT IN ('SUSPENDED', 'PROHIBITED')`,
      [[ids.fable5, ids.mythos5]],
    );
    expect(count).toBe(0);
  });

  test('the government must be notified within 24 hours of the developer becoming aware', async () => {
    const { data, errors } = await executeOperation(
      db,
      `{ findingByPublicId(publicId: "MSR-2026-0100") {
          currentSeverity { level interventionTier }
          deadlines { level deadlines { kind state clockStart dueAt } }
          disclosureObligations { code required state dueAt }
          restrictedDetails { prompts } } }`,
      undefined,
      AS_PARTNER,
    );
    expect(errors).toBeUndefined();
    const f = data!.findingByPublicId;
    expect(f.currentSeverity).toEqual({ level: 'CRITICAL', interventionTier: 'GOVERNMENT_INTERVENTION' });
    const notify = f.deadlines.deadlines.find((d: { kind: string }) => d.kind === 'NOTIFY_GOVERNMENT');
    expect(new Date(notify.dueAt).getTime() - new Date(notify.clockStart).getTime()).toBe(24 * 3600 * 1000);
    expect(['ON_TRACK', 'DUE_SOON']).toContain(notify.state);
    const gov = f.disclosureObligations.find((o: { code: string }) => o.code === 'GOVERNMENT_NOTIFICATION');
    expect(gov.required).toBe(true);
    // Anonymous callers (the public, partner agencies) never see the jailbreak prompt.
    expect(f.restrictedDetails).toBeNull();
    expect(JSON.stringify(data)).not.toContain('SECRET-JAILBREAK-PROMPT');
  });

  test('Mythos 5.1 with the fix stays blocked until an accredited independent auditor retests it', async () => {
    await db.transaction(async (m) => {
      const [v] = await m.query(
        `INSERT INTO model_versions (model_id, developer_id, name, released_at, training_compute_ops, weight_availability, capability_domains)
         VALUES ($1, $2, 'Mythos 5.1', now(), 3e26, 'API_ONLY', '{GENERAL,CODE,BIOLOGY}') RETURNING id`,
        [ids.mythos, ids.developer],
      );
      ids.mythos51 = v.id;
      await m.query(`UPDATE findings SET fixed_in_version_id = $2, fixed_in_version_recorded_at = now(), status = 'REMEDIATED' WHERE id = $1`, [ids.jailbreak, v.id]);
      await m.query(
        `INSERT INTO finding_status_changes (finding_id, from_status, to_status, actor, occurred_at) VALUES ($1, 'REPORTED', 'REMEDIATED', 'test', now())`,
        [ids.jailbreak],
      );
      await recomputeDecisions(m, [ids.fable5, ids.mythos5, ids.mythos51], { cause: 'FIX_LINKED', actor: 'test' });
    });
    const before = await liveEligibility(ids.mythos51, 'DE');
    expect(before.outcome).not.toBe('ELIGIBLE');
    expect(before.pathToEligibility.some((p: { findingPublicIds: string[] }) => p.findingPublicIds.includes('MSR-2026-0100'))).toBe(true);

    await db.transaction(async (m) => {
      const [a] = await m.query(
        `INSERT INTO audits (auditor_id, model_version_id, kind, status, scopes, started_at, completed_at, outcome)
         VALUES ($1, $2, 'RETEST', 'COMPLETED', '{JAILBREAK,CBRN}', now() - interval '1 hour', now(), 'PASS') RETURNING id`,
        [ids.sentinel, ids.mythos51],
      );
      await m.query(
        `INSERT INTO audit_findings (audit_id, finding_id, role, retest_result) VALUES ($1, $2, 'RETESTED', 'PASS')`,
        [a.id, ids.jailbreak],
      );
      await recomputeDecisions(m, [ids.fable5, ids.mythos5, ids.mythos51], { cause: 'AUDIT_COMPLETED', actor: 'test' });
    });

    for (const code of ['DE', 'US', 'IN', 'BR']) expect(await storedOutcome(ids.mythos51, code)).toBe('ELIGIBLE');
    expect((await liveEligibility(ids.mythos51, 'IN')).outcome).toBe('ELIGIBLE');
  });

  test('Fable 5 stays suspended, and its path to eligibility names the open finding', async () => {
    expect(await storedOutcome(ids.fable5, 'DE')).toBe('SUSPENDED');
    const live = await liveEligibility(ids.fable5, 'DE');
    expect(live.outcome).toBe('SUSPENDED');
    const blocker = live.pathToEligibility.find((p: { findingPublicIds: string[] }) => p.findingPublicIds.includes('MSR-2026-0100'));
    expect(blocker).toBeDefined();
    expect(blocker.clearedBy.length).toBeGreaterThan(10);
  });

  test('replaying the matrix as of before the jailbreak shows Mythos 5 eligible again', async () => {
    const past = await liveEligibility(ids.mythos5, 'DE', beforeJailbreak);
    expect(past.outcome).toBe('ELIGIBLE');
    const nowResult = await liveEligibility(ids.mythos5, 'DE');
    expect(nowResult.outcome).toBe('SUSPENDED');
  });

  test('every decision change is kept in the decision history and in the hash-chained event log', async () => {
    const { data, errors } = await executeOperation(
      db,
      `query($v: ID!) { exportDecisions(first: 1, filter: { modelVersionId: $v, jurisdictionCode: "DE" }) {
          edges { node { history { outcome cause } } } } }`,
      { v: globalVersionId(ids.fable5) },
      AS_PARTNER,
    );
    expect(errors).toBeUndefined();
    const history = data!.exportDecisions.edges[0].node.history.map((h: { outcome: string }) => h.outcome);
    expect(history[0]).toBe('ELIGIBLE');
    expect(history).toContain('SUSPENDED');
    const verification = await verifyEventChain(db.manager);
    expect(verification).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(verification.checked).toBeGreaterThan(10);
  });

  test('explanations are stored once per distinct content and version, and a recompute that changes only wording writes nothing', async () => {
    const [{ decisions, explanations }] = await db.query(
      `SELECT count(*)::int AS decisions, count(DISTINCT explanation_id)::int AS explanations FROM export_decisions WHERE model_version_id = $1`,
      [ids.fable5],
    );
    expect(decisions).toBeGreaterThan(200); // every jurisdiction
    expect(explanations).toBeLessThanOrEqual(6);
    // Every decision and history row names a stored explanation, and no two have the same content under one version.
    const [{ missing }] = await db.query(
      `SELECT count(*)::int AS missing FROM export_decision_changes c LEFT JOIN decision_explanations e ON e.id = c.explanation_id WHERE e.id IS NULL`,
    );
    expect(missing).toBe(0);
    // An hour later the overdue wording moves ("… 2d 1h overdue"), the codes and references do not: nothing is stored.
    const [{ n: before }] = await db.query(`SELECT count(*)::int AS n FROM export_decision_changes`);
    const result = await db.transaction((m) =>
      recomputeDecisions(m, [ids.fable5, ids.mythos5], { cause: 'TEST', actor: 'test', now: new Date(Date.now() + 3_600_000) }),
    );
    expect(result.evaluated).toBe(2 * decisions);
    const [{ n: after }] = await db.query(`SELECT count(*)::int AS n FROM export_decision_changes`);
    expect(result.changed).toBe(0);
    expect(after).toBe(before);
  });
});
