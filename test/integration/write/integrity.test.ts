/**
 * Integrity of the write API: conflicting writers, failures midway, retried requests, tampering
 * with the event log, and bad input — each leaves the registry as it should be.
 */
import type { DataSource } from 'typeorm';
import { createContext } from '../../../src/graphql/context';
import { reportFinding, transitionFinding } from '../../../src/modules/findings/mutations';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, auditor, developer, regulator } from '../../support/viewers';

let tdb: TestDatabase;
let db: DataSource;
const ids: Record<string, string> = {};
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

async function counts() {
  const [row] = await db.query(`SELECT
    (SELECT count(*) FROM findings)::int AS findings, (SELECT count(*) FROM events)::int AS events,
    (SELECT count(*) FROM finding_status_changes)::int AS changes, (SELECT count(*) FROM export_decision_changes)::int AS decisions,
    (SELECT count(*) FROM audits)::int AS audits, (SELECT count(*) FROM severity_assessments)::int AS assessments`);
  return row;
}

const REPORT = `mutation($input: ReportFindingInput!) { reportFinding(input: $input) {
  finding { id publicId rowVersion } errors { code message path } } }`;

function reportInput(overrides: Record<string, unknown> = {}) {
  return {
    affectedVersionIds: [gid('ModelVersion', ids.fable5)],
    title: 'Prompt leak',
    summary: 'System prompt leaks through tool output.',
    category: 'PROMPT_INJECTION',
    discoveredAt: new Date(Date.now() - 86_400_000).toISOString(),
    ...overrides,
  };
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  const one = async (sql: string) => (await db.query(sql))[0].id as string;
  ids.northwind = await one(`SELECT id FROM organizations WHERE name = 'Northwind AI'`);
  ids.helix = await one(`SELECT id FROM organizations WHERE name = 'Helix Systems'`);
  ids.keystone = await one(`SELECT id FROM organizations WHERE name = 'Keystone Evaluations'`);
  ids.fable5 = await one(`SELECT id FROM model_versions WHERE name = 'Fable 5'`);
  ids.fable4 = await one(`SELECT id FROM model_versions WHERE name = 'Fable 4'`);
  ids.atlas3 = await one(`SELECT id FROM model_versions WHERE name = 'Atlas 3'`);
});

afterAll(async () => {
  await stopHarness();
  await tdb.destroy();
});

describe('concurrency', () => {
  test('two concurrent conflicting transitions: exactly one wins, the other gets a conflict', async () => {
    const { data } = await executeOperation(db, REPORT, { input: reportInput({ title: 'Race target' }) }, { viewer: analyst() });
    const finding = data!.reportFinding.finding;
    const move = (to: string, reason?: string) =>
      transitionFinding(createContext({ db, viewer: analyst() }), {
        findingId: finding.id,
        expectedRowVersion: finding.rowVersion,
        to: to as never,
        reason,
      });
    const results = await Promise.all([move('TRIAGED'), move('REJECTED', 'Duplicate report')]);
    const winners = results.filter((r) => r.errors.length === 0);
    const losers = results.filter((r) => r.errors.length > 0);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.errors[0]).toMatchObject({ code: 'STALE_VERSION', path: ['expectedRowVersion'] });
    const history = await db.query('SELECT to_status FROM finding_status_changes WHERE finding_id = $1', [
      Buffer.from(finding.id, 'base64url').toString().split(':')[1],
    ]);
    expect(history).toHaveLength(2); // REPORTED + the winner's move, never both moves
  });
});

describe('atomicity', () => {
  test('a failure injected midway through a mutation leaves no trace', async () => {
    const before = await counts();
    const ctx = createContext({
      db,
      viewer: analyst(),
      faultInjector: (step) => {
        if (step === 'reportFinding:after-insert') throw new Error('injected failure');
      },
    });
    const input = { ...reportInput({ title: 'Never stored' }), discoveredAt: new Date(Date.now() - 86_400_000) };
    await expect(reportFinding(ctx, input as never)).rejects.toThrow('injected failure');
    expect(await counts()).toEqual(before);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE title = 'Never stored'`);
    expect(n).toBe(0);
  });
});

describe('idempotency', () => {
  test('a retried mutation with the same idempotency key writes once and returns the first result', async () => {
    const input = reportInput({ title: 'Retried report', idempotencyKey: 'report-42' });
    const first = await executeOperation(db, REPORT, { input }, { viewer: analyst() });
    expect(first.errors).toBeUndefined();
    expect(first.data!.reportFinding.errors).toEqual([]);
    const before = await counts();
    const second = await executeOperation(db, REPORT, { input }, { viewer: analyst() });
    expect(second.data!.reportFinding.errors).toEqual([]);
    expect(second.data!.reportFinding.finding.id).toBe(first.data!.reportFinding.finding.id);
    expect(await counts()).toEqual(before);
  });

  test('the same idempotency key with a different input is an error and writes nothing', async () => {
    const before = await counts();
    const other = await executeOperation(
      db,
      REPORT,
      { input: reportInput({ title: 'Another report', idempotencyKey: 'report-42' }) },
      { viewer: analyst() },
    );
    expect(other.data!.reportFinding.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', path: ['idempotencyKey'] });
    expect(await counts()).toEqual(before);
  });
});

describe('the tamper-evident event log', () => {
  // The log is append-only in the database (a trigger): tampering on purpose takes the owner's
  // rights with the triggers off for one transaction. Regulators get the full verification.
  const asOwnerWithTriggersOff = (sql: string, params: unknown[]) =>
    db.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(sql, params);
    });

  test('an event row altered directly in the database is detected at the right link', async () => {
    const clean = await executeOperation(db, '{ verifyEventChain { ok checked } }', {}, { viewer: regulator() });
    expect(clean.data!.verifyEventChain.ok).toBe(true);
    const [victim] = await db.query('SELECT seq FROM events ORDER BY seq OFFSET 5 LIMIT 1');
    await asOwnerWithTriggersOff(`UPDATE events SET payload = payload || '{"tampered": true}' WHERE seq = $1`, [victim.seq]);
    const { data } = await executeOperation(db, '{ verifyEventChain { ok firstBrokenSequence problem } }', {}, { viewer: regulator() });
    expect(data!.verifyEventChain).toMatchObject({ ok: false, firstBrokenSequence: String(victim.seq) });
    await asOwnerWithTriggersOff(`UPDATE events SET payload = payload - 'tampered' WHERE seq = $1`, [victim.seq]);
    expect((await executeOperation(db, '{ verifyEventChain { ok } }', {}, { viewer: regulator() })).data!.verifyEventChain.ok).toBe(true);
  });

  test('without disabling the trigger, even the owner cannot alter an event', async () => {
    const [victim] = await db.query('SELECT seq FROM events ORDER BY seq OFFSET 5 LIMIT 1');
    await expect(db.query(`UPDATE events SET payload = payload || '{"tampered": true}' WHERE seq = $1`, [victim.seq])).rejects.toThrow(/append-only/);
  });
});

describe('bad input is a typed error naming the field, and nothing is written', () => {
  const cases: [string, () => Promise<{ data?: any; errors?: any }>, string, string[]][] = [];
  const expectRejected = (name: string, run: () => Promise<{ data?: any; errors?: any }>, code: string, path: string[]) =>
    cases.push([name, run, code, path]);

  expectRejected(
    'an unknown affected version',
    () => executeOperation(db, REPORT, { input: reportInput({ affectedVersionIds: [gid('ModelVersion', '00000000-0000-4000-8000-000000000000')] }) }, { viewer: analyst() }),
    'NOT_FOUND',
    ['affectedVersionIds', '0'],
  );
  expectRejected(
    "versions of two developers in one report",
    () => executeOperation(db, REPORT, { input: reportInput({ affectedVersionIds: [gid('ModelVersion', ids.fable5), gid('ModelVersion', ids.atlas3)] }) }, { viewer: analyst() }),
    'DIFFERENT_DEVELOPER',
    ['affectedVersionIds', '1'],
  );
  expectRejected(
    'a discovery date in the future',
    () => executeOperation(db, REPORT, { input: reportInput({ discoveredAt: new Date(Date.now() + 86_400_000).toISOString() }) }, { viewer: analyst() }),
    'FUTURE_DATE',
    ['discoveredAt'],
  );
  expectRejected(
    'awareness before discovery',
    () => executeOperation(db, REPORT, { input: reportInput({ developerAwareAt: new Date(Date.now() - 5 * 86_400_000).toISOString() }) }, { viewer: analyst() }),
    'DATES_OUT_OF_ORDER',
    ['developerAwareAt'],
  );
  expectRejected(
    'an oversized title',
    () => executeOperation(db, REPORT, { input: reportInput({ title: 'x'.repeat(301) }) }, { viewer: analyst() }),
    'TOO_LONG',
    ['title'],
  );
  expectRejected(
    'a duplicate public id',
    () => executeOperation(db, REPORT, { input: reportInput({ publicId: 'MSR-2026-0001' }) }, { viewer: analyst() }),
    'DUPLICATE_PUBLIC_ID',
    ['publicId'],
  );
  expectRejected(
    'a malformed CVE reference',
    () => executeOperation(db, REPORT, { input: reportInput({ references: [{ system: 'CVE', identifier: 'CVE-26-1' }] }) }, { viewer: analyst() }),
    'INVALID_REFERENCE',
    ['references', '0', 'identifier'],
  );
  expectRejected(
    'an invalid CVSS vector (the message names the metric)',
    async () => {
      const [f] = await db.query(`SELECT id FROM findings WHERE public_id = 'MSR-2026-0006'`);
      return executeOperation(
        db,
        `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message path } } }`,
        { input: { findingId: gid('Finding', f.id), cvssVector: 'CVSS:4.0/AV:Q/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', aiFactors: { capabilityDomain: 'GENERAL', universal: false, successRate: 0.1, trials: 10, exploitedInWild: false } } },
        { viewer: analyst() },
      );
    },
    'INVALID_CVSS_VECTOR',
    ['cvssVector'],
  );
  expectRejected(
    'an illegal transition',
    async () => {
      const [f] = await db.query(`SELECT id, row_version FROM findings WHERE public_id = 'MSR-2026-0006'`);
      return executeOperation(
        db,
        `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { id } errors { code message path } } }`,
        { input: { findingId: gid('Finding', f.id), expectedRowVersion: f.row_version, to: 'CLOSED' } },
        { viewer: analyst() },
      );
    },
    'ILLEGAL_TRANSITION',
    ['to'],
  );
  expectRejected(
    'a fixed-in version that predates the affected one',
    async () => {
      const [f] = await db.query(`SELECT id, row_version FROM findings WHERE public_id = 'MSR-2026-0006'`);
      await db.query(`INSERT INTO finding_affected_versions (finding_id, model_version_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [f.id, ids.fable5]);
      return executeOperation(
        db,
        `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { id } errors { code message path } } }`,
        { input: { findingId: gid('Finding', f.id), expectedRowVersion: f.row_version, fixedInVersionId: gid('ModelVersion', ids.fable4) } },
        { viewer: developer(ids.northwind) },
      );
    },
    'FIX_PREDATES_AFFECTED',
    ['fixedInVersionId'],
  );
  expectRejected(
    'a fixed-in version that is itself one of the affected versions',
    async () => {
      const [f] = await db.query(
        `SELECT f.id, f.row_version, fav.model_version_id AS affected FROM findings f JOIN finding_affected_versions fav ON fav.finding_id = f.id
          WHERE f.public_id = 'MSR-2026-0006' LIMIT 1`,
      );
      return executeOperation(
        db,
        `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { id } errors { code message path } } }`,
        { input: { findingId: gid('Finding', f.id), expectedRowVersion: f.row_version, fixedInVersionId: gid('ModelVersion', f.affected) } },
        { viewer: developer(ids.northwind) },
      );
    },
    'FIX_IS_AFFECTED',
    ['fixedInVersionId'],
  );
  expectRejected(
    'an audit by an auditor without a valid accreditation',
    () =>
      executeOperation(
        db,
        `mutation($input: OpenAuditInput!) { openAudit(input: $input) { audit { id } errors { code message path } } }`,
        { input: { auditorId: gid('Organization', ids.keystone), modelVersionId: gid('ModelVersion', ids.fable5), kind: 'INITIAL', scopes: ['JAILBREAK'] } },
        { viewer: auditor(ids.keystone) },
      ),
    'NOT_ACCREDITED',
    ['scopes', '0'],
  );

  test.each(cases.map((c) => [c[0], c] as const))('%s', async (_name, [, run, code, path]) => {
    const before = await counts();
    const result = await run();
    expect(result.errors).toBeUndefined();
    const payload = Object.values(result.data!)[0] as { errors: { code: string; path: string[]; message: string }[] };
    expect(payload.errors.length).toBeGreaterThan(0);
    expect(payload.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code, path })]));
    if (code === 'INVALID_CVSS_VECTOR') expect(payload.errors[0]!.message).toMatch(/AV/);
    const after = await counts();
    expect({ ...after }).toEqual({ ...before });
  });

  test("a developer cannot report against another developer's model, and nothing is written", async () => {
    const before = await counts();
    const { data, errors } = await executeOperation(
      db,
      REPORT,
      { input: reportInput({ affectedVersionIds: [gid('ModelVersion', ids.atlas3)] }) },
      { viewer: developer(ids.northwind) },
    );
    expect(data?.reportFinding ?? null).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  test("a developer probing another developer's finding learns nothing: FORBIDDEN, never NOT_FOUND or STALE_VERSION", async () => {
    const [f] = await db.query(`SELECT f.id FROM findings f WHERE f.developer_id = $1 LIMIT 1`, [ids.helix]);
    const { data, errors } = await executeOperation(
      db,
      `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { id } errors { code } } }`,
      { input: { findingId: gid('Finding', f.id), expectedRowVersion: 999, to: 'REJECTED', reason: 'probe' } },
      { viewer: developer(ids.northwind) },
    );
    expect(data?.transitionFinding ?? null).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const partner = await executeOperation(
      db,
      `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { id } errors { code } } }`,
      { input: { findingId: gid('Finding', '00000000-0000-4000-8000-000000000000'), expectedRowVersion: 1, to: 'TRIAGED' } },
      { viewer: { subject: 'liaison', organizationId: null, roles: ['PARTNER_AGENCY'] } },
    );
    expect(partner.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  test('anonymous callers cannot write', async () => {
    const { errors } = await executeOperation(db, REPORT, { input: reportInput() });
    expect(errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  test('only regulators override decisions; an override wins and the computed outcome stays visible', async () => {
    const OVERRIDE = `mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) {
      exportDecision { outcome computedOutcome override { outcome justification expiresAt } } errors { code message path } } }`;
    const input = { modelVersionId: gid('ModelVersion', ids.fable5), jurisdictionCode: 'FR', outcome: 'RESTRICTED', justification: 'Pending review', expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    const denied = await executeOperation(db, OVERRIDE, { input }, { viewer: developer(ids.northwind) });
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const { data } = await executeOperation(db, OVERRIDE, { input }, { viewer: regulator() });
    expect(data!.overrideExportDecision.errors).toEqual([]);
    expect(data!.overrideExportDecision.exportDecision).toMatchObject({ outcome: 'RESTRICTED', computedOutcome: 'ELIGIBLE', override: { outcome: 'RESTRICTED' } });
    const lifted = await executeOperation(
      db,
      `mutation($input: LiftExportOverrideInput!) { liftExportOverride(input: $input) { exportDecision { outcome override { outcome } } errors { code } } }`,
      { input: { modelVersionId: input.modelVersionId, jurisdictionCode: 'FR', reason: 'Review done' } },
      { viewer: regulator() },
    );
    expect(lifted.data!.liftExportOverride.exportDecision).toEqual({ outcome: 'ELIGIBLE', override: null });
  });

  test('a bad policy document is rejected with the path of each error', async () => {
    const { data } = await executeOperation(
      db,
      `mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { policyVersion { id } errors { code message path } } }`,
      { input: { document: JSON.stringify({ version: '2027.1', effectiveFrom: 'soon' }) } },
      { viewer: regulator() },
    );
    const errors = data!.publishPolicyVersion.errors;
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.every((e: { path: string[]; code: string }) => e.path[0] === 'document' && e.code === 'INVALID_POLICY')).toBe(true);
  });
});

// Last: it raises Fable 5's and Fable 4's findings, which the tests above expect clean.
describe('an assessment in one statement (recordSeverityAssessment)', () => {
  const ASSESS = `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) {
    finding { id rowVersion currentSeverity { level } } errors { code message path } } }`;
  const assess = (findingId: string, vector: string) =>
    executeOperation<any>(
      db,
      ASSESS,
      { input: { findingId: gid('Finding', findingId), cvssVector: vector, aiFactors: { capabilityDomain: 'GENERAL', universal: false, successRate: 0.1, trials: 10, exploitedInWild: false } } },
      { viewer: analyst() },
    );

  test('the event names the level before it, the row version moves by one, and the versions concerned are re-decided', async () => {
    const { data } = await executeOperation<any>(db, REPORT, { input: reportInput({ title: 'Assessed twice', affectedVersionIds: [gid('ModelVersion', ids.fable5), gid('ModelVersion', ids.fable4)] }) }, { viewer: analyst() });
    const findingId = Buffer.from(data.reportFinding.finding.id, 'base64url').toString().split(':')[1]!;
    const before = data.reportFinding.finding.rowVersion as number;

    const first = await assess(findingId, 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N');
    expect(first.errors).toBeUndefined();
    expect(first.data.assessFindingSeverity.errors).toEqual([]);
    const firstLevel = first.data.assessFindingSeverity.finding.currentSeverity.level;
    expect(first.data.assessFindingSeverity.finding.rowVersion).toBe(before + 1);

    const second = await assess(findingId, 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N');
    expect(second.data.assessFindingSeverity.errors).toEqual([]);
    const secondLevel = second.data.assessFindingSeverity.finding.currentSeverity.level;
    expect(secondLevel).not.toBe(firstLevel);
    expect(second.data.assessFindingSeverity.finding.rowVersion).toBe(before + 2);

    const events = await db.query(`SELECT payload FROM events WHERE type = 'FINDING_ASSESSED' AND subject_id = $1 ORDER BY seq`, [findingId]);
    expect(events.map((e: any) => [e.payload.from, e.payload.level])).toEqual([
      [null, firstLevel],
      [firstLevel, secondLevel],
    ]);
    // Both affected versions were re-decided by the assessment that raised the level.
    const recomputed = await db.query(
      `SELECT DISTINCT d.model_version_id::text AS id FROM export_decision_changes c JOIN export_decisions d ON d.id = c.export_decision_id
        WHERE c.cause = 'FINDING_ASSESSED' AND d.model_version_id = ANY($1::uuid[])`,
      [[ids.fable5, ids.fable4]],
    );
    expect(recomputed.map((r: any) => r.id).sort()).toEqual([ids.fable5, ids.fable4].sort());
  });
});
