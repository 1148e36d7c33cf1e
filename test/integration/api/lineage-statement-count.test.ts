/**
 * Lineage reads stay a fixed number of SQL statements (issue 19): the parents, children, history,
 * ancestors and inherited findings of many versions, and a finding's blast radius, cost the same
 * for a lineage of 3 descendants as for one of 30 (deeper, with merges). Counted as in
 * statement-count.test.ts; the fewest of a few runs is compared (independent batches may coalesce).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { recomputeDecisions } from '../../../src/modules/decisions/recompute-decisions';
import { toGlobalId } from '../../../src/graphql/global-id';
import {
  createDeveloper,
  createFinding,
  createJurisdiction,
  createModel,
  createModelVersion,
  createPolicyVersion,
  insertRow,
  type NodeRow,
} from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

const logger = new QueryCountingLogger(500);
let testDb: TestDatabase;
let db: DataSource;
const RELATIONS = ['FINE_TUNE', 'DISTILLATION', 'QUANTIZATION', 'MERGE', 'CONTINUED_PRETRAINING'];
/** About one statement per relation in the query, plus slack. */
const CEILING = 40;

interface Lineage {
  findingId: string;
  descendantIds: string[];
}
const lineages: Record<'small' | 'large', Lineage> = {} as never;

/** A root with a CRITICAL jailbreak and `n` descendants, each under one or two earlier versions (merges). */
async function seedLineage(m: EntityManager, label: string, n: number): Promise<Lineage> {
  const dev = await createDeveloper(m, { name: `Lab ${label}` });
  const model = await createModel(m, { developer_id: dev.id, name: `Line ${label}` });
  const versions: NodeRow[] = [await createModelVersion(m, { model_id: model.id, name: `${label} root` })];
  for (let i = 1; i <= n; i++) {
    const v = await createModelVersion(m, { model_id: model.id, name: `${label} d${i}` });
    const parents = new Set([versions[Math.floor((i - 1) / 2)]!.id]); // a binary tree: depth grows with n
    if (i % 5 === 0) parents.add(versions[i - 1]!.id); // and every fifth one is a merge of two
    let k = 0;
    for (const parentId of parents) {
      await insertRow(m, 'model_version_lineage', {
        child_version_id: v.id,
        parent_version_id: parentId,
        relation: parents.size > 1 ? 'MERGE' : RELATIONS[(i + k++) % RELATIONS.length],
        declared_by: 'test',
      });
    }
    versions.push(v);
  }
  const finding = await createFinding(m, { developer_id: dev.id, category: 'JAILBREAK' }, { affectedVersionIds: [versions[0]!.id], level: 'CRITICAL' });
  await recomputeDecisions(m, [versions[0]!.id], { cause: 'TEST', actor: 'test' });
  return { findingId: finding.globalId, descendantIds: versions.slice(1).map((v) => toGlobalId('ModelVersion', v.id)) };
}

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  await db.transaction(async (m) => {
    await createPolicyVersion(m);
    for (const code of ['US', 'IN', 'CN']) await createJurisdiction(m, { code });
    lineages.small = await seedLineage(m, 'Small', 3);
    lineages.large = await seedLineage(m, 'Large', 30);
  });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

const LINEAGE_QUERY = `query ($ids: [ID!]!, $finding: ID!) {
  finding(id: $finding) {
    blastRadius { reach status modelVersion { name } path { relation parent { name } child { name } } outcomes { tier outcome } }
  }
  nodes(ids: $ids) { ... on ModelVersion {
    name
    parents { relation parent { name } }
    children { relation child { name } }
    lineageHistory { relation retractedAt }
    ancestors { depth modelVersion { name } path { relation } }
    inheritedFindings { status clearedBy inheritedFrom { name } path { relation } finding { publicId } }
  } }
}`;

async function measure(l: Lineage): Promise<{ count: number; statements: string[]; data: any }> {
  let best: { count: number; statements: string[]; data: any } | null = null;
  for (let i = 0; i < 3; i++) {
    logger.reset();
    const result = await executeOperation<any>(db, LINEAGE_QUERY, { ids: l.descendantIds, finding: l.findingId }, { viewer: regulator() });
    const run = { count: logger.count, statements: [...logger.statements], data: result.data };
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors, null, 2));
    if (!best || run.count < best.count) best = run;
  }
  return best!;
}

test('lineage fields of 30 descendants cost no more statements than those of 3, and the answers are real', async () => {
  const small = await measure(lineages.small);
  const large = await measure(lineages.large);
  const dump = (label: string, m: { count: number; statements: string[] }) =>
    `${label}: ${m.count}\n${m.statements.map((s, i) => `  ${i + 1}. ${s.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')}`;
  if (large.count > small.count) throw new Error(`The statement count grows with the lineage (N+1?).\n${dump('small', small)}\n${dump('large', large)}`);
  expect(Math.max(small.count, large.count)).toBeLessThanOrEqual(CEILING);

  // Every descendant of the large lineage inherits the jailbreak unless a relation on every path stops it.
  const radius = large.data.finding.blastRadius;
  expect(radius[0]).toMatchObject({ reach: 'DIRECT', path: [] });
  expect(radius.length).toBeGreaterThan(20);
  for (const entry of radius.slice(1)) {
    expect(entry.reach).toBe('INHERITED');
    expect(entry.status).toBe('OPEN');
    expect(entry.outcomes).toContainEqual({ tier: 'TIER_1', outcome: 'SUSPENDED' });
  }
  const deepest = large.data.nodes.find((n: any) => n.name === 'Large d30');
  expect(deepest.ancestors.length).toBeGreaterThan(3);
  expect(deepest.inheritedFindings).toHaveLength(1);
  expect(deepest.inheritedFindings[0].inheritedFrom.name).toBe('Large root');
  const inheritedNames = new Set(radius.slice(1).map((e: any) => e.modelVersion.name));
  for (const node of large.data.nodes) {
    expect(inheritedNames.has(node.name)).toBe(node.inheritedFindings.length > 0);
  }
});
