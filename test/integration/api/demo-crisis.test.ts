/**
 * The demo's second developer in the middle of a crisis (src/seed/demo-data.ts, Tessera Labs), as
 * an analyst and a regulator see it through the GraphQL API: something to triage on first start.
 */
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import type { Viewer } from '../../../src/modules/access/rules';
import { executeOperation, stopHarness, type OperationResult } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const DAY = 86_400_000;

const ANALYST: Viewer = { subject: 'analyst@oais.example.gov', organizationId: null, roles: ['ANALYST'] };
const REGULATOR: Viewer = { subject: 'regulator@oais.example.gov', organizationId: null, roles: ['REGULATOR'] };

let testDb: TestDatabase;
let db: DataSource;

async function ok<T = any>(query: string, variables: Record<string, unknown> | undefined, viewer: Viewer): Promise<T> {
  const result: OperationResult<T> = await executeOperation<T>(db, query, variables, { now: NOW, viewer });
  if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

interface Decision {
  tier: string;
  outcome: string;
  computedOutcome: string;
  jurisdiction: { code: string };
  override: { outcome: string; justification: string; setBy: string; setAt: string; expiresAt: string | null } | null;
}

const DECISION_FIELDS = 'tier outcome computedOutcome jurisdiction { code } override { outcome justification setBy setAt expiresAt }';

async function versionIds(): Promise<Map<string, string>> {
  const data = await ok(`{ modelVersions(first: 100) { edges { node { id name } } } }`, undefined, ANALYST);
  return new Map(data.modelVersions.edges.map((e: any) => [e.node.name, e.node.id]));
}

async function decisionsOf(modelVersionId: string): Promise<Decision[]> {
  const all: Decision[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await ok(
      `query($f: ExportDecisionFilter, $after: String) {
        exportDecisions(first: 100, after: $after, filter: $f) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { ${DECISION_FIELDS} } }
        }
      }`,
      { f: { modelVersionId }, after },
      ANALYST,
    );
    all.push(...data.exportDecisions.edges.map((e: any) => e.node));
    if (!data.exportDecisions.pageInfo.hasNextPage) {
      expect(all).toHaveLength(data.exportDecisions.totalCount);
      return all;
    }
    after = data.exportDecisions.pageInfo.endCursor;
  }
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

describe('the demo crisis through the API', () => {
  test('Tessera Labs is a registered developer with Lumen 2, Lumen 3 and Lumen 3.1, all still ACTIVE', async () => {
    const data = await ok(`{ organizations(first: 100) { edges { node { name kind countryCode models { name } } } } }`, undefined, ANALYST);
    const tessera = data.organizations.edges.map((e: any) => e.node).find((n: any) => n.name === 'Tessera Labs');
    expect(tessera).toEqual({ name: 'Tessera Labs', kind: 'DEVELOPER', countryCode: 'FR', models: [{ name: 'Lumen' }] });
    const versions = await ok(`{ modelVersions(first: 100) { edges { node { name accessStatus developer { name } model { name } } } } }`, undefined, ANALYST);
    const lumen = versions.modelVersions.edges.map((e: any) => e.node).filter((n: any) => n.developer.name === 'Tessera Labs');
    expect(lumen.map((n: any) => n.name).sort()).toEqual(['Lumen 2', 'Lumen 3', 'Lumen 3.1']);
    expect(lumen.every((n: any) => n.accessStatus === 'ACTIVE' && n.model.name === 'Lumen')).toBe(true);
  });

  test('its CRITICAL universal jailbreak is open, assessed for government intervention, with overdue clocks', async () => {
    const data = await ok(
      `query($f: FindingFilter) {
        findings(first: 100, filter: $f) {
          edges { node {
            publicId status reportedAt
            affectedVersions { name }
            currentSeverity { level interventionTier aiFactors { universal capabilityDomain } }
            disclosures { audience }
            deadlines { level deadlines { kind state dueAt metAt secondsOverdue } }
          } }
        }
      }`,
      { f: { severityLevel: ['CRITICAL'], status: ['REPORTED', 'TRIAGED', 'MITIGATING'] } },
      ANALYST,
    );
    const open = data.findings.edges.map((e: any) => e.node);
    // The only open CRITICAL finding of the demo: Northwind's starting point has none.
    expect(open).toHaveLength(1);
    const crisis = open[0];
    expect(crisis).toMatchObject({
      status: 'TRIAGED',
      currentSeverity: { level: 'CRITICAL', interventionTier: 'GOVERNMENT_INTERVENTION', aiFactors: { universal: true, capabilityDomain: 'CYBER_OFFENSE' } },
      disclosures: [],
    });
    expect(crisis.affectedVersions.map((v: any) => v.name).sort()).toEqual(['Lumen 3', 'Lumen 3.1']);
    expect(new Date(crisis.reportedAt).getTime()).toBe(NOW.getTime() - 5 * DAY);

    const byKind = new Map(crisis.deadlines.deadlines.map((d: any) => [d.kind, d]));
    expect(crisis.deadlines.level).toBe('CRITICAL');
    // Notify within 24 h and mitigate within 3 days, neither done: overdue by 4 and 2 days.
    expect(byKind.get('NOTIFY_GOVERNMENT')).toMatchObject({ state: 'OVERDUE', secondsOverdue: 4 * 86_400, metAt: null });
    expect(byKind.get('MITIGATE')).toMatchObject({ state: 'OVERDUE', secondsOverdue: 2 * 86_400, metAt: null });
    // Acknowledged (triaged) two days after its 24 h deadline: met, and late.
    expect(byKind.get('ACKNOWLEDGE')).toMatchObject({ state: 'MET', secondsOverdue: 2 * 86_400 });
    expect(byKind.get('REMEDIATE')).toMatchObject({ state: 'ON_TRACK', dueAt: new Date(NOW.getTime() + 9 * DAY).toISOString() });

    const overdue = await ok(
      `query($f: FindingFilter) { findings(first: 100, filter: $f) { edges { node { publicId } } } }`,
      { f: { deadlineState: ['OVERDUE'], severityLevel: ['CRITICAL'] } },
      ANALYST,
    );
    expect(overdue.findings.edges.map((e: any) => e.node.publicId)).toEqual([crisis.publicId]);
  });

  test('a fresh report on Lumen 3.1 waits for triage and assessment', async () => {
    const data = await ok(
      `query($f: FindingFilter) { findings(first: 100, filter: $f) { edges { node { title status currentSeverity { level } affectedVersions { name } } } } }`,
      { f: { status: ['REPORTED'], category: ['PROMPT_INJECTION'] } },
      ANALYST,
    );
    expect(data.findings.edges.map((e: any) => e.node)).toContainEqual({
      title: 'Indirect prompt injection through retrieved web pages',
      status: 'REPORTED',
      currentSeverity: null,
      affectedVersions: [{ name: 'Lumen 3.1' }],
    });
  });

  test('Lumen 3 and Lumen 3.1 are SUSPENDED by the open CRITICAL finding wherever they are not PROHIBITED anyway', async () => {
    const ids = await versionIds();
    const [{ count: jurisdictions }] = await db.query('SELECT count(*)::int AS count FROM jurisdictions');
    for (const name of ['Lumen 3', 'Lumen 3.1']) {
      const decisions = await decisionsOf(ids.get(name)!);
      expect(decisions).toHaveLength(jurisdictions);
      // TIER_3 keeps the stricter PROHIBITED (above the compute threshold); everywhere else SUSPENDED.
      const expected = (d: Decision) => (d.tier === 'TIER_3' ? 'PROHIBITED' : 'SUSPENDED');
      expect(decisions.filter((d) => d.outcome !== expected(d) || d.computedOutcome !== expected(d) || d.override)).toEqual([]);
      expect(decisions.filter((d) => d.outcome === 'SUSPENDED').length).toBeGreaterThan(200);
      for (const code of ['FR', 'US', 'DE', 'IN', 'BR']) expect(decisions.find((d) => d.jurisdiction.code === code)?.outcome).toBe('SUSPENDED');
    }
  });

  test('a regulator’s precautionary override suspends Lumen 2 in the US, in force until its expiry', async () => {
    const ids = await versionIds();
    const data = await ok(
      `{ exportDecisions(first: 100, filter: { hasOverride: true }) { edges { node { modelVersion { name } ${DECISION_FIELDS} } } } }`,
      undefined,
      REGULATOR,
    );
    const inForce = data.exportDecisions.edges.map((e: any) => e.node);
    expect(inForce).toHaveLength(1);
    expect(inForce[0]).toMatchObject({
      modelVersion: { name: 'Lumen 2' },
      jurisdiction: { code: 'US' },
      outcome: 'SUSPENDED',
      computedOutcome: 'ELIGIBLE',
      override: {
        outcome: 'SUSPENDED',
        justification: expect.stringMatching(/^Precautionary suspension/),
        setAt: new Date(NOW.getTime() - DAY).toISOString(),
        expiresAt: new Date(NOW.getTime() + 13 * DAY).toISOString(),
      },
    });
    // Elsewhere Lumen 2 is what the rules give: unaffected by the jailbreak, audited, eligible in TIER_1.
    const lumen2 = await decisionsOf(ids.get('Lumen 2')!);
    expect(lumen2.find((d) => d.jurisdiction.code === 'GB')).toMatchObject({ outcome: 'ELIGIBLE', override: null });

    // Recorded in the override history as `overrideExportDecision` records it.
    const history = await db.query(
      `SELECT c.action, c.outcome, c.actor FROM export_override_changes c JOIN model_versions v ON v.id = c.model_version_id WHERE v.name = 'Lumen 2'`,
    );
    expect(history).toEqual([{ action: 'SET', outcome: 'SUSPENDED', actor: 'seed:demo' }]);
  });

  test('a pending policy draft tightens the CRITICAL timeline, waiting for a second regulator', async () => {
    const data = await ok(
      `{ proposedChanges(status: PENDING, first: 100) { totalCount edges { node { kind input proposedBy status policyVersion { version } } } } }`,
      undefined,
      REGULATOR,
    );
    expect(data.proposedChanges.totalCount).toBe(1);
    const draft = data.proposedChanges.edges[0].node;
    expect(draft).toMatchObject({ kind: 'POLICY_PUBLICATION', status: 'PENDING', proposedBy: 'seed:demo', policyVersion: null });
    const input = JSON.parse(draft.input);
    const document = JSON.parse(input.document);
    expect(document).toMatchObject({ version: '2026.2', timelines: { CRITICAL: { mitigateHours: 48, remediateHours: 240 } } });
    expect(new Date(document.effectiveFrom).getTime()).toBeGreaterThan(NOW.getTime());
  });

  test('the Live feed has the crisis: the report, its assessment, the override and the draft', async () => {
    const data = await ok(
      `query($f: RegistryEventFilter) { events(last: 100, filter: $f) { edges { node { type subjectType payload } } } }`,
      { f: { type: ['FINDING_REPORTED', 'FINDING_ASSESSED', 'DECISION_OVERRIDDEN', 'CHANGE_PROPOSED'] } },
      REGULATOR,
    );
    const events = data.events.edges.map((e: any) => ({ type: e.node.type, payload: JSON.parse(e.node.payload) }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'FINDING_REPORTED', payload: expect.objectContaining({ title: expect.stringMatching(/^Universal jailbreak/) }) }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'FINDING_ASSESSED', payload: expect.objectContaining({ level: 'CRITICAL', tier: 'GOVERNMENT_INTERVENTION' }) }));
    expect(events).toContainEqual({ type: 'DECISION_OVERRIDDEN', payload: expect.objectContaining({ versionName: 'Lumen 2', jurisdiction: 'US', outcome: 'SUSPENDED' }) });
    expect(events).toContainEqual({ type: 'CHANGE_PROPOSED', payload: expect.objectContaining({ kind: 'POLICY_PUBLICATION', version: '2026.2' }) });
  });

  test('the material is actionable: a second regulator approves the draft and the override is lifted', async () => {
    const ids = await versionIds();
    const list = await ok(`{ proposedChanges(status: PENDING, first: 100) { edges { node { id } } } }`, undefined, REGULATOR);
    const approved = await ok(
      `mutation($input: ApproveProposedChangeInput!) { approveProposedChange(input: $input) { errors { code path } proposedChange { status policyVersion { version } } } }`,
      { input: { proposedChangeId: list.proposedChanges.edges[0].node.id, reason: 'Agreed.' } },
      REGULATOR,
    );
    expect(approved.approveProposedChange).toEqual({ errors: [], proposedChange: { status: 'APPROVED', policyVersion: { version: '2026.2' } } });

    const lifted = await ok(
      `mutation($input: LiftExportOverrideInput!) { liftExportOverride(input: $input) { errors { code path } } }`,
      { input: { modelVersionId: ids.get('Lumen 2'), jurisdictionCode: 'US', reason: 'Tessera showed Lumen 2 does not ship the affected planner.' } },
      REGULATOR,
    );
    expect(lifted.liftExportOverride.errors).toEqual([]);
    expect((await decisionsOf(ids.get('Lumen 2')!)).find((d) => d.jurisdiction.code === 'US')).toMatchObject({ outcome: 'ELIGIBLE', override: null });
  });

  test('Northwind’s starting point is unchanged: Fable 5 and Mythos 5 eligible in TIER_1 and TIER_2', async () => {
    const ids = await versionIds();
    for (const name of ['Fable 5', 'Mythos 5']) {
      const decisions = await decisionsOf(ids.get(name)!);
      for (const code of ['GB', 'US', 'BR']) expect(decisions.find((d) => d.jurisdiction.code === code)).toMatchObject({ outcome: 'ELIGIBLE', override: null });
    }
  });
});
