/**
 * Finding owners (issue 14): government staff assign a finding to a person of their own
 * organization, reassign and unassign it; every change is kept, each is an event, and nobody
 * else may assign.
 */
import type { DataSource } from 'typeorm';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createAccessWorld, type AccessWorld } from '../../support/access-fixture';

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

const ASSIGN = `mutation($input: AssignFindingInput!) {
  assignFinding(input: $input) {
    finding { assignment { assignee organization { name } note assignedBy } }
    errors { code path message }
  }
}`;
const HISTORY = `query($id: ID!) { finding(id: $id) { assignment { assignee } assignmentHistory { assignee assignedBy note } } }`;

const assign = (viewer: keyof AccessWorld['personas'], input: Record<string, unknown>) =>
  executeOperation(db, ASSIGN, { input: { findingId: world.findingA.globalId, ...input } }, { viewer: world.personas[viewer].viewer ?? undefined });

test('an analyst assigns, reassigns and unassigns a finding, and the history keeps every change', async () => {
  const first = await assign('analyst', { assignee: ' triage-lead@agency.example ', note: 'Take the first look.' });
  expect(first.errors).toBeUndefined();
  const [agency] = await db.query('SELECT name FROM organizations WHERE id = $1', [world.agency.id]);
  expect(first.data!.assignFinding).toEqual({
    finding: { assignment: { assignee: 'triage-lead@agency.example', organization: { name: agency.name }, note: 'Take the first look.', assignedBy: 'user-analyst' } },
    errors: [],
  });
  const again = await assign('regulator', { assignee: 'triage-lead@agency.example' });
  expect(again.data!.assignFinding.errors).toEqual([
    { code: 'NOTHING_TO_CHANGE', path: ['assignee'], message: expect.stringContaining('already assigned to triage-lead@agency.example') },
  ]);
  expect((await assign('regulator', { assignee: 'second@agency.example' })).data!.assignFinding.errors).toEqual([]);
  expect((await assign('analyst', { assignee: null, note: 'Back to the pool.' })).data!.assignFinding.finding.assignment).toBeNull();

  const history = await executeOperation(db, HISTORY, { id: world.findingA.globalId }, { viewer: world.personas.analyst.viewer! });
  expect(history.data!.finding).toEqual({
    assignment: null,
    assignmentHistory: [
      { assignee: 'triage-lead@agency.example', assignedBy: 'user-analyst', note: 'Take the first look.' },
      { assignee: 'second@agency.example', assignedBy: 'user-regulator', note: null },
      { assignee: null, assignedBy: 'user-analyst', note: 'Back to the pool.' },
    ],
  });
  const events = await db.query(`SELECT type, payload->>'assignee' AS assignee FROM events WHERE subject_id = $1 AND type LIKE 'FINDING_%ASSIGNED' ORDER BY seq`, [world.findingA.id]);
  expect(events).toEqual([
    { type: 'FINDING_ASSIGNED', assignee: 'triage-lead@agency.example' },
    { type: 'FINDING_ASSIGNED', assignee: 'second@agency.example' },
    { type: 'FINDING_UNASSIGNED', assignee: null },
  ]);
});

test('developers, auditors and partner agencies may not assign; an empty assignee is refused at its path', async () => {
  for (const persona of ['developerA', 'auditorOfA', 'partnerAgency'] as const) {
    const res = await assign(persona, { assignee: 'someone@example' });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
  expect((await assign('anonymous', { assignee: 'someone@example' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const blank = await assign('analyst', { assignee: '   ' });
  expect(blank.data!.assignFinding.errors).toEqual([{ code: 'REQUIRED', path: ['assignee'], message: 'Must not be empty.' }]);
});

test('an analyst whose token names no government organization cannot assign an owner', async () => {
  const res = await executeOperation(
    db,
    ASSIGN,
    { input: { findingId: world.findingB.globalId, assignee: 'x@agency.example' } },
    { viewer: { subject: 'analyst-without-org', roles: ['ANALYST'], organizationId: null } },
  );
  expect(res.data!.assignFinding.errors).toEqual([{ code: 'NOT_GOVERNMENT', path: ['assignee'], message: expect.any(String) }]);
});
