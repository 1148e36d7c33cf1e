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

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;

beforeAll(async () => {
  testDb = await createTestDataSource();
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

  test('a move that needs a reason says so, and REMEDIATED names the missing fix version', async () => {
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
    expect(triaged.data!.finding.availableTransitions).toContainEqual({ to: 'REMEDIATED', unmetPrecondition: 'Link the version that contains the fix first.' });
  });
});
