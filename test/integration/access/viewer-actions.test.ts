/**
 * `viewerActions` and `Finding.availableTransitions` (issue 14: the explorer shows a control only
 * when the API would accept it) agree with the mutations themselves: for every persona and
 * finding, each listed action gets past authorization (a payload error about the input comes
 * back), and each action not listed is refused with FORBIDDEN or UNAUTHENTICATED. The attempts
 * carry a deliberate input error, so nothing is written.
 */
import type { DataSource } from 'typeorm';
import { FINDING_TRANSITIONS } from '../../../src/domain/finding-transitions';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createAccessWorld, type AccessWorld, type PersonaName } from '../../support/access-fixture';
import {
  createAccreditation,
  createAudit,
  createAuditFinding,
  createAuditor,
  createFinding,
  createModel,
  createModelVersion,
  insertRow,
  type NodeRow,
} from '../../support/factories';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
const logger = new QueryCountingLogger(500);

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  world = await createAccessWorld(db);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const PERSONAS: PersonaName[] = [
  'anonymous',
  'regulator',
  'analyst',
  'partnerAgency',
  'developerA',
  'developerB',
  'auditorOfA',
  'auditorOfB',
  'noRoles',
  'developerWithoutOrg',
];

const READ = `query($f: ID!, $v: ID!) {
  viewerActions
  finding(id: $f) { status rowVersion viewerActions availableTransitions { to reasonRequired unmetPrecondition } }
  modelVersion(id: $v) { viewerActions }
}`;

/** Whether the mutation got past authorization: true (a payload error), false (FORBIDDEN/UNAUTHENTICATED). */
async function passesAuthorization(persona: PersonaName, query: string, input: Record<string, unknown>): Promise<boolean> {
  const viewer = world.personas[persona].viewer ?? undefined;
  const res = await executeOperation(db, query, { input }, { viewer });
  const code = res.errors?.[0]?.extensions?.code;
  if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') return false;
  expect(res.errors).toBeUndefined();
  const payload = Object.values(res.data ?? {})[0] as { errors: { code: string }[] };
  expect(payload.errors.length).toBeGreaterThan(0); // the deliberate input error: nothing written
  return true;
}

describe('viewerActions agree with what the mutations accept', () => {
  test.each(PERSONAS)('for %s, on each finding and its version', async (persona) => {
    for (const [finding, version, other] of [
      [world.findingA, world.versionA, world.versionB],
      [world.findingB, world.versionB, world.versionA],
    ] as const) {
      const viewer = world.personas[persona].viewer ?? undefined;
      const read = await executeOperation(db, READ, { f: finding.globalId, v: version.globalId }, { viewer });
      expect(read.errors).toBeUndefined();
      // Anonymous callers and role-less tokens do not see undisclosed findings at all: nothing listed.
      const [row] = await db.query('SELECT status, row_version FROM findings WHERE id = $1', [finding.id]);
      const f = read.data!.finding ?? { status: row.status, rowVersion: row.row_version, viewerActions: [], availableTransitions: [] };
      if (!read.data!.finding) expect(read.data!.viewerActions).toEqual([]);
      const listed = new Set<string>(f.viewerActions);
      const tried = {
        TRANSITION_FINDING: await passesAuthorization(
          persona,
          `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { errors { code } } }`,
          { findingId: finding.globalId, expectedRowVersion: f.rowVersion, to: f.status }, // SAME_STATUS
        ),
        ASSESS_FINDING_SEVERITY: await passesAuthorization(
          persona,
          `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { errors { code } } }`,
          {
            findingId: finding.globalId,
            cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N',
            aiFactors: { capabilityDomain: 'GENERAL', universal: false, successRate: 2, trials: 1, exploitedInWild: false }, // OUT_OF_RANGE
          },
        ),
        LINK_FIX_VERSION: await passesAuthorization(
          persona,
          `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { errors { code } } }`,
          { findingId: finding.globalId, expectedRowVersion: f.rowVersion, fixedInVersionId: other.globalId }, // DIFFERENT_DEVELOPER
        ),
        RECORD_DISCLOSURE: await passesAuthorization(
          persona,
          `mutation($input: RecordDisclosureInput!) { recordDisclosure(input: $input) { errors { code } } }`,
          { findingId: finding.globalId, audience: 'GOVERNMENT', kind: 'INITIAL', disclosedAt: '2999-01-01T00:00:00Z' }, // FUTURE_DATE
        ),
        ASSIGN_FINDING: await passesAuthorization(
          persona,
          `mutation($input: AssignFindingInput!) { assignFinding(input: $input) { errors { code } } }`,
          { findingId: finding.globalId, assignee: '   ' }, // REQUIRED
        ),
      };
      for (const [action, accepted] of Object.entries(tried)) {
        expect([action, listed.has(action)]).toEqual([action, accepted]);
      }
      // Every legal move is offered to whoever may transition, none to anyone else.
      expect(f.availableTransitions.map((t: { to: string }) => t.to)).toEqual(tried.TRANSITION_FINDING ? FINDING_TRANSITIONS[f.status as 'REPORTED'] : []);

      const overrideAccepted = await passesAuthorization(
        persona,
        `mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { errors { code } } }`,
        { modelVersionId: version.globalId, jurisdictionCode: 'DE', outcome: 'RESTRICTED', justification: ' ' }, // REQUIRED
      );
      expect(read.data!.modelVersion.viewerActions.includes('OVERRIDE_EXPORT_DECISION')).toBe(overrideAccepted);
      // Government staff and auditors report on any version, a developer on its own only.
      const ownVersion = (persona === 'developerA' && version === world.versionA) || (persona === 'developerB' && version === world.versionB);
      const mayReport = ['regulator', 'analyst', 'auditorOfA', 'auditorOfB'].includes(persona) || ownVersion;
      expect(read.data!.modelVersion.viewerActions.includes('REPORT_FINDING')).toBe(mayReport);
      expect(read.data!.viewerActions.includes('OVERRIDE_EXPORT_DECISION')).toBe(overrideAccepted);
    }
  });

  test('a move that needs a reason says so, and a LOW finding may be REMEDIATED without a fix version', async () => {
    const res = await executeOperation(
      db,
      `query($f: ID!) { finding(id: $f) { status availableTransitions { to reasonRequired unmetPrecondition } } }`,
      { f: world.findingWithoutDetails.globalId },
      { viewer: world.personas.analyst.viewer! },
    );
    const moves = res.data!.finding.availableTransitions as { to: string; reasonRequired: boolean; unmetPrecondition: string | null }[];
    expect(res.data!.finding.status).toBe('REPORTED');
    expect(moves).toEqual([
      { to: 'TRIAGED', reasonRequired: false, unmetPrecondition: null },
      { to: 'REJECTED', reasonRequired: true, unmetPrecondition: null },
      { to: 'WITHDRAWN', reasonRequired: true, unmetPrecondition: null },
    ]);
    await db.query(`UPDATE findings SET status = 'TRIAGED' WHERE id = $1`, [world.findingWithoutDetails.id]);
    const triaged = await executeOperation(
      db,
      `query($f: ID!) { finding(id: $f) { availableTransitions { to unmetPrecondition } } }`,
      { f: world.findingWithoutDetails.globalId },
      { viewer: world.personas.analyst.viewer! },
    );
    // findingWithoutDetails is LOW: the starting policy asks a fix version (and a retest) of HIGH and CRITICAL only.
    expect(triaged.data!.finding.availableTransitions).toContainEqual({ to: 'REMEDIATED', unmetPrecondition: null });
  });
});

/**
 * `unmetPrecondition` is decided by the rule `transitionFinding` enforces (`transitionPreconditions`:
 * the policy's remediation settings and the engine's counting retests), so it reads exactly as the
 * mutation's payload error.
 */
describe('unmetPrecondition says what transitionFinding would answer', () => {
  let developer: NodeRow;
  let affected: NodeRow;
  let fix: NodeRow;
  let conflicted: NodeRow;

  beforeAll(async () => {
    developer = world.developerA;
    const model = await createModel(db, { developer_id: developer.id });
    affected = await createModelVersion(db, { model_id: model.id, name: 'Mythos 5', released_at: new Date('2026-05-01T00:00:00Z') });
    fix = await createModelVersion(db, { model_id: model.id, name: 'Mythos 5.1', released_at: new Date('2026-07-01T00:00:00Z') });
    conflicted = await createAuditor(db, { name: 'Conflicted Evals' });
    await createAccreditation(db, { auditor_id: conflicted.id, valid_until: null });
    await insertRow(db, 'conflicts_of_interest', {
      auditor_id: conflicted.id,
      developer_id: developer.id,
      description: 'Paid red-teaming contract',
      period_start: new Date('2025-01-01T00:00:00Z'),
    });
  });

  const OPTIONS = `query($f: ID!) { finding(id: $f) { status availableTransitions { to unmetPrecondition } } }`;
  const TRANSITION = `mutation($input: TransitionFindingInput!) {
    transitionFinding(input: $input) { finding { status } errors { code message path } }
  }`;

  async function optionsOf(f: NodeRow): Promise<Map<string, string | null>> {
    const res = await executeOperation(db, OPTIONS, { f: f.globalId }, { viewer: world.personas.analyst.viewer! });
    expect(res.errors).toBeUndefined();
    const moves = res.data!.finding.availableTransitions as { to: string; unmetPrecondition: string | null }[];
    return new Map(moves.map((m) => [m.to, m.unmetPrecondition]));
  }

  async function attempt(f: NodeRow, to: string) {
    const [{ row_version }] = await db.query('SELECT row_version FROM findings WHERE id = $1', [f.id]);
    const res = await executeOperation(db, TRANSITION, { input: { findingId: f.globalId, expectedRowVersion: row_version, to } }, { viewer: world.personas.analyst.viewer! });
    expect(res.errors).toBeUndefined();
    return res.data!.transitionFinding as { finding: { status: string } | null; errors: { code: string; message: string; path: string[] }[] };
  }

  const triagedFinding = (level: 'LOW' | 'HIGH') =>
    createFinding(db, { developer_id: developer.id, category: 'JAILBREAK' }, { affectedVersionIds: [affected.id], level, statusPath: ['REPORTED', 'TRIAGED'] });

  test('a LOW finding without a fix version shows REMEDIATED available, and the move goes through', async () => {
    const low = await triagedFinding('LOW');
    const options = await optionsOf(low);
    expect(options.has('REMEDIATED')).toBe(true);
    expect(options.get('REMEDIATED')).toBeNull();
    const moved = await attempt(low, 'REMEDIATED');
    expect(moved.errors).toEqual([]);
    expect(moved.finding!.status).toBe('REMEDIATED');
  });

  test('a HIGH finding without a fix version shows the fix-version message transitionFinding returns', async () => {
    const high = await triagedFinding('HIGH');
    const shown = (await optionsOf(high)).get('REMEDIATED');
    expect(shown).toContain('Link the version that contains the fix first (linkFixVersion)');
    expect(shown).toContain(`${high.public_id} is HIGH`);
    const refused = await attempt(high, 'REMEDIATED');
    expect(refused.errors.map((e) => e.code)).toEqual(['FIX_VERSION_REQUIRED']);
    expect(shown).toBe(refused.errors[0]!.message);
  });

  test('a HIGH finding fixed in a version with only a non-counting PASS retest shows VERIFIED unmet, as the mutation says', async () => {
    const high = await createFinding(
      db,
      { developer_id: developer.id, category: 'JAILBREAK', fixed_in_version_id: fix.id, fixed_in_version_recorded_at: new Date('2026-07-01T12:00:00Z') },
      { affectedVersionIds: [affected.id], level: 'HIGH', statusPath: ['REPORTED', 'TRIAGED', 'REMEDIATED'] },
    );
    const audit = await createAudit(db, {
      auditor_id: conflicted.id,
      model_version_id: fix.id,
      kind: 'RETEST',
      started_at: new Date('2026-07-02T09:00:00Z'),
      completed_at: new Date('2026-07-02T10:00:00Z'),
    });
    await createAuditFinding(db, { audit_id: audit.id, finding_id: high.id, role: 'RETESTED', retest_result: 'PASS' });
    const shown = (await optionsOf(high)).get('VERIFIED');
    expect(shown).toContain('A passing retest of');
    expect(shown).toContain('on Mythos 5.1 by a qualified, independent auditor is needed first');
    expect(shown).toContain('by Conflicted Evals completed 2026-07-02 retested it with PASS but does not count');
    const refused = await attempt(high, 'VERIFIED');
    expect(refused.errors.map((e) => e.code)).toEqual(['RETEST_REQUIRED']);
    expect(shown).toBe(refused.errors[0]!.message);
    const [{ status }] = await db.query('SELECT status FROM findings WHERE id = $1', [high.id]);
    expect(status).toBe('REMEDIATED');
  });

  test('the facts are loaded once per page of findings, not once per finding or per move', async () => {
    const page = async (findings: NodeRow[]) => {
      logger.reset();
      const res = await executeOperation(
        db,
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Finding { availableTransitions { to unmetPrecondition } } } }`,
        { ids: findings.map((f) => f.globalId) },
        { viewer: world.personas.analyst.viewer! },
      );
      expect(res.errors).toBeUndefined();
      return logger.count;
    };
    const remediated = () =>
      createFinding(
        db,
        { developer_id: developer.id, category: 'JAILBREAK', fixed_in_version_id: fix.id, fixed_in_version_recorded_at: new Date('2026-07-01T12:00:00Z') },
        { affectedVersionIds: [affected.id], level: 'HIGH', statusPath: ['REPORTED', 'TRIAGED', 'REMEDIATED'] },
      );
    const one = await page([await remediated()]);
    const many: NodeRow[] = [];
    for (let i = 0; i < 8; i++) many.push(i % 2 ? await remediated() : await triagedFinding('HIGH'));
    const eight = await page(many);
    expect(one).toBeGreaterThan(0);
    // 7 statements for one finding or eight (a per-finding or per-move load would add one each); independent
    // batches may coalesce differently from run to run (statement-count.test.ts), hence the slack of one.
    expect(eight).toBeLessThanOrEqual(one + 1);
  });
});
