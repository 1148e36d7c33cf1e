/**
 * The N+1 guard: the number of SQL statements a deep query issues must not grow with the number
 * of rows it returns (every nested list goes through a DataLoader), and stays under a small
 * absolute ceiling. Statements are counted by QueryCountingLogger on the test DataSource.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { toGlobalId } from '../../../src/graphql/global-id';
import { createLoaders } from '../../../src/graphql/context';
import type { Viewer } from '../../../src/modules/access/rules';
import {
  createAccreditation,
  createAudit,
  createAuditFinding,
  createAuditor,
  createDecision,
  createDeveloper,
  createDisclosure,
  createFinding,
  createFindingReference,
  createJurisdiction,
  createModel,
  createModelVersion,
  createPolicyVersion,
  createSeverityAssessment,
  type NodeRow,
} from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const VERSIONS = 50;
/** Absolute ceiling for the deep query: about one statement per relation in it, plus slack. */
const CEILING = 30;

const logger = new QueryCountingLogger(500);
let testDb: TestDatabase;
let db: DataSource;
const auditors: NodeRow[] = [];
const findingGlobalIds: string[] = [];

const DEEP_MODEL_VERSIONS = `query ($first: Int!) {
  modelVersions(first: $first) {
    totalCount
    edges { node {
      name
      model { name developer { name } }
      developer { name }
      findings {
        publicId
        currentSeverity { level }
        references { identifier }
        statusHistory { to }
        affectedVersions { name }
      }
      audits {
        outcome
        auditor { name accreditations { body } }
        findings { role finding { publicId } }
      }
      exportDecisions {
        outcome
        jurisdiction { code tier }
        history { outcome }
      }
    } }
  }
}`;

const DEEP_FINDINGS = `query ($first: Int!) {
  findings(first: $first) {
    totalCount
    edges { node {
      publicId
      developer { name models { name } }
      reporterOrganization { name }
      currentSeverity { level aiFactors { capabilityDomain } }
      severityAssessments { score }
      statusHistory { from to }
      disclosures { audience }
      references { system identifier }
      restrictedDetails { reproductionSteps }
      fixedInVersion { name }
      affectedVersions {
        name
        model { name }
        accessStatusHistory { to }
        audits { outcome auditor { name conflictsOfInterest { description } } }
        exportDecisions { outcome jurisdiction { code } }
      }
    } }
  }
}`;

interface Measured {
  count: number;
  statements: string[];
  data: any;
}

async function measureOnce(query: string, variables: Record<string, unknown>, viewer?: Viewer): Promise<Measured> {
  logger.reset();
  const result = await executeOperation<any>(db, query, variables, { now: NOW, viewer });
  const measured = { count: logger.count, statements: [...logger.statements] };
  if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return { ...measured, data: result.data };
}

/**
 * Independent DataLoader batches can coalesce or not depending on which SQL result arrives first
 * (for example `findingById`, reached both through `findings` and through `audits.findings`), so a
 * single run may show one statement more (or fewer). Counting is repeated RUNS times per size and
 * the large page's fewest statements are compared with the small page's most: rows must not add
 * statements; every run must still stay under the ceiling.
 */
const RUNS = 3;

interface Measurement {
  best: Measured;
  counts: number[];
}

async function measure(query: string, variables: Record<string, unknown>, viewer?: Viewer): Promise<Measurement> {
  const runs: Measured[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(query, variables, viewer));
  const best = runs.reduce((a, b) => (b.count < a.count ? b : a));
  return { best, counts: runs.map((r) => r.count) };
}

/** A readable dump of the statements, for failure messages. */
function dump(label: string, m: Measurement): string {
  const lines = m.best.statements.map((s, i) => `  ${String(i + 1).padStart(3)}. ${s.replace(/\s+/g, ' ').slice(0, 400)}`);
  return `${label}: ${m.best.count} statements (runs: ${m.counts.join(', ')})\n${lines.join('\n')}`;
}

function expectConstantAndBounded(small: Measurement, large: Measurement, ceiling: number, what: string) {
  const report = `${what}\n${dump('small page', small)}\n\n${dump('large page', large)}`;
  // Growth is the failure: the large page's best run costs more than the small page's worst. (A
  // lucky small run may coalesce one batch the large runs did not; an N+1 adds a statement per row.)
  const smallWorst = Math.max(...small.counts);
  if (large.best.count > smallWorst) {
    throw new Error(`The statement count grows with the number of rows (N+1?): ${smallWorst} → ${large.best.count}.\n${report}`);
  }
  const worst = Math.max(...small.counts, ...large.counts);
  if (worst > ceiling) {
    throw new Error(`The statement count ${worst} exceeds the ceiling of ${ceiling}.\n${report}`);
  }
}

const fmt = (m: Measurement) => `${m.best.count} (runs: ${m.counts.join(', ')})`;

async function seed(m: EntityManager): Promise<void> {
  await createPolicyVersion(m);
  const jurisdictions = [];
  for (const code of ['US', 'IN', 'CN']) jurisdictions.push(await createJurisdiction(m, { code }));
  const researcher = await createDeveloper(m, { name: 'Test Research Group', kind: 'RESEARCHER' });

  const developers = [];
  for (let d = 0; d < 3; d++) developers.push(await createDeveloper(m, { name: `Lab ${d}` }));
  const models = [];
  for (const dev of developers) {
    for (let k = 0; k < 2; k++) models.push(await createModel(m, { developer_id: dev.id, name: `Line ${dev.name} ${k}` }));
  }
  for (let a = 0; a < 3; a++) {
    const auditor = await createAuditor(m, { name: `Audit Firm ${a}` });
    auditors.push(auditor);
    await createAccreditation(m, { auditor_id: auditor.id, body: `Body ${a}A` });
    await createAccreditation(m, { auditor_id: auditor.id, body: `Body ${a}B`, valid_from: new Date('2024-01-01T00:00:00Z') });
    await m.query(
      `INSERT INTO conflicts_of_interest (auditor_id, developer_id, description, period_start) VALUES ($1, $2, 'Consulting', '2025-01-01')`,
      [auditor.id, developers[a]!.id],
    );
  }

  const versions: NodeRow[] = [];
  for (let i = 0; i < VERSIONS; i++) {
    const model = models[i % models.length]!;
    const v = await createModelVersion(m, {
      model_id: model.id,
      developer_id: model.developer_id,
      name: `${model.name} v${i}`,
      capability_domains: ['GENERAL', 'CODE'],
    });
    versions.push(v);
    await m.query(
      `INSERT INTO model_version_status_changes (model_version_id, from_status, to_status, actor, occurred_at) VALUES ($1, NULL, 'ACTIVE', 'test', now())`,
      [v.id],
    );

    // 2–3 findings, each with assessments, a status history and references; every other one
    // also affects the previous version.
    const findings: NodeRow[] = [];
    const findingCount = 2 + (i % 2);
    for (let k = 0; k < findingCount; k++) {
      const affected = k === 0 && i > 0 ? [v.id, versions[i - 1]!.id] : [v.id];
      const f = await createFinding(
        m,
        {
          developer_id: model.developer_id,
          title: `Finding ${k} of version ${i}`,
          category: k === 0 ? 'JAILBREAK' : 'PROMPT_INJECTION',
          reporter_organization_id: researcher.id,
          fixed_in_version_id: k === 1 ? v.id : null,
          fixed_in_version_recorded_at: k === 1 ? new Date() : null,
        },
        {
          affectedVersionIds: affected,
          level: (['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const)[(i + k) % 4],
          statusPath: k === 2 ? ['REPORTED'] : ['REPORTED', 'TRIAGED', 'MITIGATING'],
          references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0054' }],
          restrictedDetails: { reproduction_steps: `Steps for finding ${k} of version ${i}.` },
        },
      );
      await createFindingReference(m, { finding_id: f.id });
      await createSeverityAssessment(m, { finding_id: f.id, level: 'HIGH', assessed_at: new Date('2026-10-01T00:00:00Z') });
      // Public: the anonymous deep queries below see the findings (and pay the disclosure check).
      await createDisclosure(m, { finding_id: f.id, audience: 'PUBLIC' });
      findings.push(f);
      findingGlobalIds.push(f.globalId);
    }

    // 1–2 audits with audit findings (raised, and a retest in the second audit, still open: an
    // open audit is what gives its auditor access to restricted details).
    const auditCount = 1 + (i % 2);
    for (let a = 0; a < auditCount; a++) {
      const audit = await createAudit(m, {
        auditor_id: auditors[(i + a) % auditors.length]!.id,
        model_version_id: v.id,
        kind: a === 0 ? 'INITIAL' : 'RETEST',
        ...(a === 0 ? { outcome: 'PASS_WITH_FINDINGS' } : { status: 'OPEN', completed_at: null, outcome: null }),
      });
      if (a === 0) {
        for (const f of findings.slice(0, 2)) await createAuditFinding(m, { audit_id: audit.id, finding_id: f.id, role: 'RAISED' });
      } else {
        await createAuditFinding(m, { audit_id: audit.id, finding_id: findings[0]!.id, role: 'RETESTED' });
      }
    }

    // Export decisions in three jurisdictions, with one or two recorded changes each.
    for (const [j, jurisdiction] of jurisdictions.entries()) {
      const outcome = jurisdiction.code === 'CN' ? 'PROHIBITED' : 'ELIGIBLE';
      await createDecision(
        m,
        { model_version_id: v.id, jurisdiction_id: jurisdiction.id, outcome, tier: ['TIER_1', 'TIER_2', 'TIER_3'][j] },
        { history: j === 0 ? ['RESTRICTED', outcome] : [outcome] },
      );
    }
  }
}

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  await db.transaction((m) => seed(m));
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

describe('statement count of deep queries', () => {
  test('the deep modelVersions query costs the same number of statements for 5 and for 50 versions, and at most 30', async () => {
    // Warm-up: the first operation of a fresh schema may do one-off work.
    await measureOnce(DEEP_MODEL_VERSIONS, { first: 1 });

    const large = await measure(DEEP_MODEL_VERSIONS, { first: VERSIONS });
    const small = await measure(DEEP_MODEL_VERSIONS, { first: 5 });

    // The query really walked the whole graph.
    const nodes = large.best.data.modelVersions.edges.map((e: any) => e.node);
    expect(large.best.data.modelVersions.totalCount).toBe(VERSIONS);
    expect(nodes).toHaveLength(VERSIONS);
    for (const [i, n] of nodes.entries()) {
      expect(n.findings.length).toBeGreaterThanOrEqual(2);
      expect(n.audits.length).toBe(1 + (i % 2));
      expect(n.exportDecisions).toHaveLength(3);
      expect(n.model.developer.name).toBe(n.developer.name);
      for (const f of n.findings) {
        expect(f.currentSeverity).not.toBeNull();
        expect(f.statusHistory.length).toBeGreaterThanOrEqual(1);
        expect(f.references).toHaveLength(2);
        expect(f.affectedVersions.map((v: any) => v.name)).toContain(n.name);
      }
      for (const a of n.audits) {
        expect(a.auditor.accreditations).toHaveLength(2);
        expect(a.findings.length).toBeGreaterThanOrEqual(1);
        for (const af of a.findings) expect(af.finding.publicId).toMatch(/^MSR-/);
      }
      for (const d of n.exportDecisions) {
        expect(d.history.length).toBeGreaterThanOrEqual(1);
        expect(['TIER_1', 'TIER_2', 'TIER_3']).toContain(d.jurisdiction.tier);
      }
    }
    expect(small.best.data.modelVersions.edges).toHaveLength(5);

    console.info(`[statement-count] deep modelVersions query: first: 5 → ${fmt(small)}, first: ${VERSIONS} → ${fmt(large)} statements`);
    expectConstantAndBounded(small, large, CEILING, 'Deep modelVersions query');
  });

  test('the deep findings query (through affected versions to audits and decisions) does not grow with the number of findings', async () => {
    const large = await measure(DEEP_FINDINGS, { first: 100 });
    const small = await measure(DEEP_FINDINGS, { first: 5 });
    expect(large.best.data.findings.edges).toHaveLength(100);
    expect(large.best.data.findings.totalCount).toBe(findingGlobalIds.length);
    console.info(`[statement-count] deep findings query: first: 5 → ${fmt(small)}, first: 100 → ${fmt(large)} statements`);
    expectConstantAndBounded(small, large, CEILING, 'Deep findings query (anonymous)');
  });

  test('restricted details for an auditor viewer are decided with batched statements too', async () => {
    const auditorViewer: Viewer = { subject: 'auditor-1', organizationId: auditors[0]!.id, roles: ['AUDITOR'] };
    const large = await measure(DEEP_FINDINGS, { first: 100 }, auditorViewer);
    const small = await measure(DEEP_FINDINGS, { first: 5 }, auditorViewer);
    const shown = large.best.data.findings.edges.filter((e: any) => e.node.restrictedDetails !== null);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(100);
    console.info(`[statement-count] deep findings query as an auditor: first: 5 → ${fmt(small)}, first: 100 → ${fmt(large)}`);
    expectConstantAndBounded(small, large, CEILING, 'Deep findings query (auditor viewer)');
  });

  test('one version by id with its developer is one statement, and the same answer as through the model', async () => {
    const page = await measureOnce(`{ modelVersions(first: 3) { edges { node { id } } } }`, {});
    for (const { node } of page.data.modelVersions.edges) {
      const joined = await measureOnce(
        `query ($id: ID!) { modelVersion(id: $id) { name developerName developer { id name } model { developer { id name } } } }`,
        { id: node.id },
      );
      const version = joined.data.modelVersion;
      expect(version.developer).toEqual(version.model.developer);
      expect(version.developerName).toBe(version.developer.name);
      // The version and its developer in one statement, the model in a second; the model's developer is the primed one.
      expect(joined.count).toBe(2);
      const alone = await measureOnce(`query ($id: ID!) { modelVersion(id: $id) { name developer { id name } } }`, { id: node.id });
      expect(alone.count).toBe(1);
      expect(alone.data.modelVersion.developer).toEqual(version.developer);
    }
    const missing = await measureOnce(`query ($id: ID!) { modelVersion(id: $id) { developer { name } } }`, {
      id: toGlobalId('ModelVersion', '00000000-0000-4000-8000-000000000000'),
    });
    expect(missing.data.modelVersion).toBeNull();
  });

  test('the partner mix: 50 versions with findings and audits with auditors in three statements, the same answers as the separate loaders', async () => {
    const q = `query ($first: Int!) { modelVersions(first: $first) { edges { node { name findings { publicId title status } audits { outcome auditor { name } } } } } }`;
    const joined = await measureOnce(q, { first: VERSIONS });
    // The page; the findings with whether each is public; the audits with their auditors.
    expect(joined.count).toBe(3);
    // Asked without auditors and findings' visibility shortcuts, the same lists: auditors one by one through `audit(id:)`.
    const plain = await measureOnce(
      `query ($first: Int!) { modelVersions(first: $first) { edges { node { name findings { publicId title status } audits { id outcome } } } } }`,
      { first: VERSIONS },
    );
    const nodes = joined.data.modelVersions.edges.map((e: any) => e.node);
    const plainNodes = plain.data.modelVersions.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.findings)).toEqual(plainNodes.map((n: any) => n.findings));
    const auditIds = plainNodes.flatMap((n: any) => n.audits.map((a: any) => a.id));
    const one = await measureOnce(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Audit { outcome auditor { name } } } }`, { ids: auditIds });
    expect(nodes.flatMap((n: any) => n.audits)).toEqual(one.data.nodes);
    expect(nodes.flatMap((n: any) => n.audits).every((a: any) => a.auditor?.name)).toBe(true);
  });

  test("an operation's loaders are built on first read, once, and share each other", async () => {
    const loaders = createLoaders(db);
    expect(Object.getOwnPropertyNames(loaders)).toEqual(['db']);
    const byId = loaders.findingById;
    expect(loaders.findingById).toBe(byId);
    expect(Object.getOwnPropertyNames(loaders).sort()).toEqual(['db', 'findingById']);
    // findingsByAffectedVersion primes this operation's findingById: the finding is then read without a statement.
    const [version] = await db.query(`SELECT model_version_id::text AS id FROM finding_affected_versions LIMIT 1`);
    const [first] = await loaders.findingsByAffectedVersion.load(version.id);
    logger.reset();
    expect(await loaders.findingById.load(first!.id)).toBe(first);
    expect(logger.count).toBe(0);
    // Another operation's loaders are its own.
    expect(createLoaders(db).findingById).not.toBe(byId);
  });

  test('nodes(ids:) costs the same for 5 and for 50 ids', async () => {
    const q = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Finding { publicId affectedVersions { name } currentSeverity { level } } } }`;
    const large = await measure(q, { ids: findingGlobalIds.slice(0, 50) });
    const small = await measure(q, { ids: findingGlobalIds.slice(0, 5) });
    expect(large.best.data.nodes.every((n: any) => n !== null)).toBe(true);
    console.info(`[statement-count] nodes(ids:) with findings: 5 ids → ${fmt(small)}, 50 ids → ${fmt(large)}`);
    expectConstantAndBounded(small, large, 10, 'nodes(ids:)');
  });
});
