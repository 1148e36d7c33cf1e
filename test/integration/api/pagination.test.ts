/**
 * Relay connections: keyset pagination forwards and backwards, page-size limits, forged cursors,
 * totalCount and every documented filter. Data: the demo story plus a few findings created with
 * the factories that share one `reportedAt` (so the tie-break on id is exercised) and a FAIL audit.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createAudit, createFinding } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency } from '../../support/viewers';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const TIED_REPORTED_AT = new Date('2026-08-01T12:00:00.000Z');

let testDb: TestDatabase;
let db: DataSource;

// As a partner agency: the demo findings are not publicly disclosed, so the public would see none.
async function run(query: string, variables?: Record<string, unknown>) {
  return executeOperation<any>(db, query, variables, { now: NOW, viewer: partnerAgency() });
}

async function ok(query: string, variables?: Record<string, unknown>): Promise<any> {
  const result = await run(query, variables);
  if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data;
}

/** The error of a failing operation: exactly one, with no data for the field. */
async function failure(query: string, variables?: Record<string, unknown>) {
  const result = await run(query, variables);
  expect(result.errors).toBeDefined();
  expect(result.errors!.length).toBeGreaterThanOrEqual(1);
  expect(result.internalErrors).toEqual([]);
  return result.errors![0]!;
}

// ---------------------------------------------------------------------------------------------
// Generic connection access

interface ConnectionSpec {
  field: string;
  filterType?: string;
  /** Selection of each node (besides `id`). */
  fields: string;
}

const FINDINGS: ConnectionSpec = {
  field: 'findings',
  filterType: 'FindingFilter',
  fields: 'publicId title status category reportedAt currentSeverity { level } developer { id } affectedVersions { id }',
};
const MODEL_VERSIONS: ConnectionSpec = {
  field: 'modelVersions',
  filterType: 'ModelVersionFilter',
  fields: 'name createdAt accessStatus capabilityDomains developer { id } model { id }',
};
const AUDITS: ConnectionSpec = {
  field: 'audits',
  filterType: 'AuditFilter',
  fields: 'startedAt outcome auditor { id } modelVersion { id }',
};
const DECISIONS: ConnectionSpec = {
  field: 'exportDecisions',
  filterType: 'ExportDecisionFilter',
  fields: 'outcome tier jurisdiction { code } modelVersion { id }',
};
const ORGANIZATIONS: ConnectionSpec = { field: 'organizations', filterType: 'OrganizationFilter', fields: 'name' };
const EVENTS: ConnectionSpec = { field: 'events', filterType: 'RegistryEventFilter', fields: 'sequence' };

interface PageArgs {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
  filter?: Record<string, unknown>;
}

function pageQuery(spec: ConnectionSpec): string {
  const filterVar = spec.filterType ? `, $filter: ${spec.filterType}` : '';
  const filterArg = spec.filterType ? ', filter: $filter' : '';
  return `query ($first: Int, $after: String, $last: Int, $before: String${filterVar}) {
    ${spec.field}(first: $first, after: $after, last: $last, before: $before${filterArg}) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id ${spec.fields} } }
    }
  }`;
}

async function page(spec: ConnectionSpec, args: PageArgs) {
  const data = await ok(pageQuery(spec), args as Record<string, unknown>);
  const conn = data[spec.field];
  // pageInfo cursors always agree with the edges.
  expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor ?? null);
  expect(conn.pageInfo.endCursor).toBe(conn.edges[conn.edges.length - 1]?.cursor ?? null);
  return conn;
}

/** Every node, following endCursor forwards. */
async function walkForward(spec: ConnectionSpec, first: number, filter?: Record<string, unknown>) {
  const nodes: any[] = [];
  const pageSizes: number[] = [];
  let after: string | undefined;
  for (let i = 0; i < 200; i++) {
    const conn = await page(spec, { first, after, filter });
    expect(conn.pageInfo.hasPreviousPage).toBe(after !== undefined);
    nodes.push(...conn.edges.map((e: any) => e.node));
    pageSizes.push(conn.edges.length);
    if (!conn.pageInfo.hasNextPage) return { nodes, pageSizes, totalCount: conn.totalCount };
    expect(conn.edges).toHaveLength(first);
    after = conn.pageInfo.endCursor;
  }
  throw new Error('walkForward: more than 200 pages');
}

/** Every node, following startCursor backwards; returned in connection order. */
async function walkBackward(spec: ConnectionSpec, last: number, filter?: Record<string, unknown>) {
  const pages: any[][] = [];
  let before: string | undefined;
  for (let i = 0; i < 200; i++) {
    const conn = await page(spec, { last, before, filter });
    expect(conn.pageInfo.hasNextPage).toBe(before !== undefined);
    pages.unshift(conn.edges.map((e: any) => e.node));
    if (!conn.pageInfo.hasPreviousPage) return pages.flat();
    expect(conn.edges).toHaveLength(last);
    before = conn.pageInfo.startCursor;
  }
  throw new Error('walkBackward: more than 200 pages');
}

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

// ---------------------------------------------------------------------------------------------

let allFindings: any[];
const extraFindingIds: string[] = [];

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);

  const [northwind] = await db.query(`SELECT id::text FROM organizations WHERE name = 'Northwind AI'`);
  const [keystone] = await db.query(`SELECT id::text FROM organizations WHERE name = 'Keystone Evaluations'`);
  const [fable5] = await db.query(`SELECT id::text FROM model_versions WHERE name = 'Fable 5'`);
  const [fable4] = await db.query(`SELECT id::text FROM model_versions WHERE name = 'Fable 4'`);
  // Four findings reported at the same instant: their order depends on the tie-break only.
  const tied = [
    { title: 'Encoded-payload jailbreak through base64 wrapping', category: 'JAILBREAK', level: 'HIGH' as const },
    { title: 'Indirect prompt injection via retrieved web pages', category: 'PROMPT_INJECTION', level: 'MEDIUM' as const },
    { title: 'Memorised PII surfaced by completion attacks', category: 'DATA_EXFILTRATION', level: 'LOW' as const },
    { title: 'Unreviewed tool call executes shell commands', category: 'OTHER', level: undefined },
  ];
  for (const t of tied) {
    const f = await createFinding(
      db,
      { developer_id: northwind.id, title: t.title, category: t.category, reported_at: TIED_REPORTED_AT },
      { affectedVersionIds: [fable5.id], level: t.level, statusPath: ['REPORTED', 'TRIAGED'] },
    );
    extraFindingIds.push(f.globalId);
  }
  await createAudit(db, { auditor_id: keystone.id, model_version_id: fable4.id, outcome: 'FAIL', started_at: new Date('2025-12-01T09:00:00Z') });

  allFindings = (await page(FINDINGS, { first: 100 })).edges.map((e: any) => e.node);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

describe('forward and backward pagination', () => {
  test('the data set has the 10 demo findings and 4 findings sharing one reportedAt', () => {
    expect(allFindings).toHaveLength(14);
    expect(allFindings.filter((f) => f.reportedAt === TIED_REPORTED_AT.toISOString())).toHaveLength(4);
    expect(extraFindingIds.every((id) => allFindings.some((f) => f.id === id))).toBe(true);
  });

  test('findings are ordered newest report first', () => {
    const times = allFindings.map((f) => Date.parse(f.reportedAt));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
  });

  test('paging forwards through all findings with first: 3 visits every finding exactly once, in order', async () => {
    const { nodes, pageSizes, totalCount } = await walkForward(FINDINGS, 3);
    expect(totalCount).toBe(14);
    expect(pageSizes).toEqual([3, 3, 3, 3, 2]);
    expect(new Set(ids(nodes)).size).toBe(nodes.length);
    expect(ids(nodes)).toEqual(ids(allFindings));
  });

  test.each([1, 2, 5, 7, 13, 14, 15])('paging forwards with first: %i gives the same sequence', async (n) => {
    const { nodes } = await walkForward(FINDINGS, n);
    expect(ids(nodes)).toEqual(ids(allFindings));
  });

  test('paging backwards with last/before gives the same sequence', async () => {
    for (const n of [3, 5, 14]) {
      const nodes = await walkBackward(FINDINGS, n);
      expect(ids(nodes)).toEqual(ids(allFindings));
    }
  });

  test('last: 3 without a cursor gives the three oldest findings, in connection order', async () => {
    const conn = await page(FINDINGS, { last: 3 });
    expect(ids(conn.edges.map((e: any) => e.node))).toEqual(ids(allFindings.slice(-3)));
    expect(conn.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  test('after the last cursor the page is empty and has no next page', async () => {
    const { pageInfo } = await page(FINDINGS, { first: 100 });
    const conn = await page(FINDINGS, { first: 3, after: pageInfo.endCursor });
    expect(conn.edges).toEqual([]);
    expect(conn.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
    expect(conn.totalCount).toBe(14);
  });

  test('after and before together give the window between two cursors', async () => {
    const edges = (await page(FINDINGS, { first: 100 })).edges;
    const conn = await page(FINDINGS, { first: 100, after: edges[2].cursor, before: edges[8].cursor });
    expect(ids(conn.edges.map((e: any) => e.node))).toEqual(ids(allFindings.slice(3, 8)));
  });

  test('first: 0 gives no edges but the full totalCount', async () => {
    const conn = await page(FINDINGS, { first: 0 });
    expect(conn.edges).toEqual([]);
    expect(conn.totalCount).toBe(14);
  });

  test('without first or last the default page size applies (20) and totalCount covers everything', async () => {
    const conn = await page(DECISIONS, {});
    expect(conn.edges).toHaveLength(20);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(conn.totalCount).toBeGreaterThan(1000);
  });

  test('paging forwards through every export decision (over a thousand) visits each once', async () => {
    const { nodes, totalCount } = await walkForward(DECISIONS, 100);
    expect(nodes).toHaveLength(totalCount);
    expect(new Set(ids(nodes)).size).toBe(totalCount);
  });

  test('model versions page in registration order, forwards and backwards', async () => {
    const { nodes } = await walkForward(MODEL_VERSIONS, 2);
    expect(nodes.map((n) => n.name)).toEqual(['Fable 4', 'Fable 5', 'Mythos 4', 'Mythos 5', 'Atlas 3', 'Lumen 2', 'Lumen 3', 'Lumen 3.1']);
    const times = nodes.map((n) => Date.parse(n.createdAt));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(ids(await walkBackward(MODEL_VERSIONS, 2))).toEqual(ids(nodes));
  });

  test('organizations (ordered by name, a text key) page consistently', async () => {
    const { nodes, totalCount } = await walkForward(ORGANIZATIONS, 2);
    expect(totalCount).toBe(8);
    expect(nodes.map((n) => n.name)).toEqual([
      'Federal AI Safety Office',
      'Helix Systems',
      'Keystone Evaluations',
      'Northwind AI',
      'Office of AI Security',
      'Redline Research',
      'Sentinel Assurance',
      'Tessera Labs',
    ]);
    expect(ids(await walkBackward(ORGANIZATIONS, 3))).toEqual(ids(nodes));
  });

  test('registry events (ordered by sequence, a bigint key) page consistently, oldest first', async () => {
    const { nodes, totalCount } = await walkForward(EVENTS, 25);
    expect(nodes).toHaveLength(totalCount);
    const seqs = nodes.map((n) => BigInt(n.sequence));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
    expect(ids(await walkBackward(EVENTS, 25))).toEqual(ids(nodes));
  });

  test('audits are ordered newest start first and page consistently', async () => {
    const { nodes } = await walkForward(AUDITS, 1);
    expect(nodes).toHaveLength(7); // 6 in the demo data (5 by Sentinel, 1 by Keystone) + 1 of this file
    const times = nodes.map((n) => Date.parse(n.startedAt));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
    expect(ids(await walkBackward(AUDITS, 3))).toEqual(ids(nodes));
  });
});

describe('page-size and cursor validation', () => {
  const Q = `query ($first: Int, $last: Int, $after: String, $before: String) {
    findings(first: $first, last: $last, after: $after, before: $before) { totalCount edges { cursor } }
  }`;

  test('first: 100 is allowed', async () => {
    const data = await ok(Q, { first: 100 });
    expect(data.findings.edges).toHaveLength(14);
  });

  test('first: 101 is BAD_USER_INPUT naming ["first"]', async () => {
    const err = await failure(Q, { first: 101 });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['first'] });
    expect(err.message).toMatch(/100/);
  });

  test('last: 101 is BAD_USER_INPUT naming ["last"]', async () => {
    const err = await failure(Q, { last: 101 });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['last'] });
  });

  test('first: 101 as a literal is rejected the same way', async () => {
    const err = await failure(`{ modelVersions(first: 101) { totalCount } }`);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['first'] });
  });

  test('first and last together are BAD_USER_INPUT', async () => {
    const err = await failure(Q, { first: 2, last: 2 });
    expect(err.extensions?.code).toBe('BAD_USER_INPUT');
    expect(err.extensions?.argumentPath).toEqual(expect.arrayContaining([expect.stringMatching(/^(first|last)$/)]));
  });

  test('a negative first or last is BAD_USER_INPUT naming the argument', async () => {
    expect((await failure(Q, { first: -1 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['first'] });
    expect((await failure(Q, { last: -5 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['last'] });
  });

  test('a forged cursor (base64 of "hello") is BAD_USER_INPUT naming "after" or "before"', async () => {
    const forged = Buffer.from('hello').toString('base64');
    const a = await failure(Q, { first: 3, after: forged });
    expect(a.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
    expect(a.message).toMatch(/after/);
    const b = await failure(Q, { last: 3, before: forged });
    expect(b.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['before'] });
  });

  test.each([
    ['garbage with symbols', '!!not a cursor!!'],
    ['an empty-looking cursor', '____'],
    ['valid prefix, broken JSON', Buffer.from('msr1:[oops').toString('base64url')],
    ['valid prefix, wrong arity', Buffer.from('msr1:["a"]').toString('base64url')],
    ['valid prefix, id not a uuid', Buffer.from('msr1:["2026-01-01 00:00:00+00","x"]').toString('base64url')],
    ['a very long cursor', 'A'.repeat(1000)],
  ])('a malformed cursor (%s) is BAD_USER_INPUT naming "after"', async (_label, cursor) => {
    const err = await failure(Q, { first: 3, after: cursor });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
  });

  test('a well-formed cursor whose sort key is not a timestamp is BAD_USER_INPUT, not an internal error', async () => {
    const forged = Buffer.from(`msr1:${JSON.stringify(['not-a-timestamp', randomUUID()])}`).toString('base64url');
    const result = await run(Q, { first: 3, after: forged });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
  });

  test('a cursor issued by another connection (organizations, ordered by name) is BAD_USER_INPUT for findings', async () => {
    const orgs = await ok(`{ organizations(first: 1) { pageInfo { endCursor } } }`);
    const result = await run(Q, { first: 3, after: orgs.organizations.pageInfo.endCursor });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
  });
});

describe('totalCount and filters', () => {
  const demoIdOf = async (query: string, name: string): Promise<string> => {
    const data = await ok(query);
    const field = Object.keys(data)[0]!;
    const node = data[field].edges.map((e: any) => e.node).find((n: any) => n.name === name);
    if (!node) throw new Error(`no ${name}`);
    return node.id;
  };
  const orgId = (name: string) => demoIdOf(`{ organizations(first: 100) { edges { node { id name } } } }`, name);
  const versionId = (name: string) => demoIdOf(`{ modelVersions(first: 100) { edges { node { id name } } } }`, name);
  const modelId = (name: string) => demoIdOf(`{ models(first: 100) { edges { node { id name } } } }`, name);

  /** Server-side filter result == the same condition applied to the unfiltered list; totalCount agrees. */
  async function expectFindingFilter(filter: Record<string, unknown>, predicate: (f: any) => boolean, atLeast = 1) {
    const conn = await page(FINDINGS, { first: 100, filter });
    const expected = allFindings.filter(predicate);
    expect(expected.length).toBeGreaterThanOrEqual(atLeast);
    expect(ids(conn.edges.map((e: any) => e.node))).toEqual(ids(expected));
    expect(conn.totalCount).toBe(expected.length);
    // totalCount does not depend on the page size.
    expect((await page(FINDINGS, { first: 1, filter })).totalCount).toBe(expected.length);
    return conn;
  }

  test('findings by status', async () => {
    await expectFindingFilter({ status: ['REPORTED'] }, (f) => f.status === 'REPORTED');
    await expectFindingFilter({ status: ['CLOSED', 'VERIFIED'] }, (f) => ['CLOSED', 'VERIFIED'].includes(f.status), 3);
    await expectFindingFilter({ status: ['TRIAGED'] }, (f) => f.status === 'TRIAGED', 5);
  });

  test('findings by severityLevel (of the current assessment)', async () => {
    for (const level of ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']) {
      await expectFindingFilter({ severityLevel: [level] }, (f) => f.currentSeverity?.level === level);
    }
    await expectFindingFilter({ severityLevel: ['HIGH', 'CRITICAL'] }, (f) => ['HIGH', 'CRITICAL'].includes(f.currentSeverity?.level), 2);
  });

  test('findings by category', async () => {
    await expectFindingFilter({ category: ['JAILBREAK'] }, (f) => f.category === 'JAILBREAK', 3);
    await expectFindingFilter({ category: ['DATA_EXFILTRATION', 'WEIGHT_EXFILTRATION'] }, (f) => /EXFILTRATION$/.test(f.category), 3);
  });

  test('findings by developerId', async () => {
    const helix = await orgId('Helix Systems');
    const conn = await expectFindingFilter({ developerId: helix }, (f) => f.developer.id === helix);
    expect(conn.edges.map((e: any) => e.node.publicId)).toEqual(['MSR-2026-0004']);
    const northwind = await orgId('Northwind AI');
    await expectFindingFilter({ developerId: northwind }, (f) => f.developer.id === northwind, 11);
  });

  test('findings by modelVersionId (affected version)', async () => {
    const fable5 = await versionId('Fable 5');
    await expectFindingFilter({ modelVersionId: fable5 }, (f) => f.affectedVersions.some((v: any) => v.id === fable5), 6);
    const mythos4 = await versionId('Mythos 4');
    const conn = await expectFindingFilter({ modelVersionId: mythos4 }, (f) => f.affectedVersions.some((v: any) => v.id === mythos4), 2);
    expect(conn.edges.map((e: any) => e.node.publicId)).toEqual(['MSR-2026-0002', 'MSR-2026-0001']);
  });

  test('findings by reportedAt range: from is inclusive, to is exclusive', async () => {
    const at = TIED_REPORTED_AT.toISOString();
    await expectFindingFilter({ reportedAt: { from: at } }, (f) => f.reportedAt >= at, 4);
    await expectFindingFilter({ reportedAt: { to: at } }, (f) => f.reportedAt < at, 3);
    await expectFindingFilter(
      { reportedAt: { from: '2026-03-01T00:00:00Z', to: '2026-06-01T00:00:00Z' } },
      (f) => f.reportedAt >= '2026-03-01T00:00:00.000Z' && f.reportedAt < '2026-06-01T00:00:00.000Z',
      2,
    );
    await expectFindingFilter({ reportedAt: { from: at, to: at } }, () => false, 0);
  });

  test('a reportedAt range that starts after it ends is BAD_USER_INPUT', async () => {
    const err = await failure(pageQuery(FINDINGS), {
      first: 5,
      filter: { reportedAt: { from: '2026-06-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } },
    });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'reportedAt', 'from'] });
  });

  test('findings by text search ("jailbreak") over public id, title and summary', async () => {
    const conn = await expectFindingFilter({ text: 'jailbreak' }, (f) => /jailbreak/i.test(f.title), 2);
    expect(conn.edges.map((e: any) => e.node.publicId)).toContain('MSR-2026-0004');
    await expectFindingFilter({ text: 'MSR-2026-0003' }, (f) => f.publicId === 'MSR-2026-0003');
    await expectFindingFilter({ text: 'msr-2026-0003' }, (f) => f.publicId === 'MSR-2026-0003');
    await expectFindingFilter({ text: 'zzyzx-nothing-matches' }, () => false, 0);
  });

  test('text search tolerates punctuation and quotes', async () => {
    for (const text of [`"prompt injection"`, `jailbreak OR malware`, `-jailbreak`, `a & b | c`, `' ; DROP TABLE findings; --`, `:*`]) {
      const result = await run(pageQuery(FINDINGS), { first: 5, filter: { text } });
      expect({ text, errors: result.errors }).toEqual({ text, errors: undefined });
    }
  });

  test('findings filters combine with AND', async () => {
    const fable5 = await versionId('Fable 5');
    await expectFindingFilter(
      { modelVersionId: fable5, category: ['JAILBREAK'], status: ['TRIAGED'] },
      (f) => f.affectedVersions.some((v: any) => v.id === fable5) && f.category === 'JAILBREAK' && f.status === 'TRIAGED',
      1,
    );
  });

  test('filtered findings page forwards and backwards consistently', async () => {
    const northwind = await orgId('Northwind AI');
    const { nodes, totalCount } = await walkForward(FINDINGS, 3, { developerId: northwind });
    expect(totalCount).toBe(11);
    expect(ids(nodes)).toEqual(ids(allFindings.filter((f) => f.developer.id === northwind)));
    expect(ids(await walkBackward(FINDINGS, 4, { developerId: northwind }))).toEqual(ids(nodes));
  });

  test('model versions by developerId, modelId, accessStatus and capabilityDomain', async () => {
    const names = async (filter: Record<string, unknown>) => {
      const conn = await page(MODEL_VERSIONS, { first: 100, filter });
      expect(conn.totalCount).toBe(conn.edges.length);
      return conn.edges.map((e: any) => e.node.name);
    };
    expect(await names({ developerId: await orgId('Northwind AI') })).toEqual(['Fable 4', 'Fable 5', 'Mythos 4', 'Mythos 5']);
    expect(await names({ developerId: await orgId('Helix Systems') })).toEqual(['Atlas 3']);
    expect(await names({ developerId: await orgId('Tessera Labs') })).toEqual(['Lumen 2', 'Lumen 3', 'Lumen 3.1']);
    expect(await names({ developerId: await orgId('Sentinel Assurance') })).toEqual([]);
    expect(await names({ modelId: await modelId('Mythos') })).toEqual(['Mythos 4', 'Mythos 5']);
    expect(await names({ accessStatus: 'RETIRED' })).toEqual(['Fable 4', 'Mythos 4']);
    expect(await names({ accessStatus: 'SUSPENDED' })).toEqual([]);
    expect(await names({ capabilityDomain: 'BIOLOGY' })).toEqual(['Mythos 5']);
    expect(await names({ capabilityDomain: 'AUTONOMY' })).toEqual(['Atlas 3', 'Lumen 3', 'Lumen 3.1']);
    expect(await names({ capabilityDomain: 'CODE' })).toEqual(['Fable 4', 'Fable 5', 'Mythos 4', 'Mythos 5', 'Atlas 3', 'Lumen 2', 'Lumen 3', 'Lumen 3.1']);
    expect(await names({ developerId: await orgId('Northwind AI'), accessStatus: 'ACTIVE', capabilityDomain: 'BIOLOGY' })).toEqual(['Mythos 5']);
  });

  test('models by developerId', async () => {
    const data = await ok(`query ($d: ID) { models(first: 100, developerId: $d) { totalCount edges { node { name } } } }`, {
      d: await orgId('Northwind AI'),
    });
    expect(data.models.totalCount).toBe(2);
    expect(data.models.edges.map((e: any) => e.node.name)).toEqual(['Fable', 'Mythos']);
  });

  test('audits by auditorId, modelVersionId and outcome', async () => {
    const audits = async (filter: Record<string, unknown>): Promise<any[]> => {
      const conn = await page(AUDITS, { first: 100, filter });
      expect(conn.totalCount).toBe(conn.edges.length);
      return conn.edges.map((e: any) => e.node);
    };
    const sentinel = await orgId('Sentinel Assurance');
    const keystone = await orgId('Keystone Evaluations');
    expect((await audits({ auditorId: sentinel })).map((a) => a.auditor.id)).toEqual([sentinel, sentinel, sentinel, sentinel, sentinel]);
    expect(await audits({ auditorId: keystone })).toHaveLength(2);
    const atlas3 = await versionId('Atlas 3');
    expect((await audits({ modelVersionId: atlas3 })).map((a) => a.outcome)).toEqual(['PASS_WITH_FINDINGS']);
    expect((await audits({ outcome: ['PASS'] })).map((a) => a.outcome)).toEqual(['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
    expect((await audits({ outcome: ['FAIL'] })).map((a) => a.modelVersion.id)).toEqual([await versionId('Fable 4')]);
    expect(await audits({ outcome: ['PASS_WITH_FINDINGS', 'FAIL'] })).toHaveLength(2);
    expect(await audits({ auditorId: sentinel, outcome: ['FAIL'] })).toEqual([]);
  });

  test('export decisions by jurisdictionCode, modelVersionId and outcome', async () => {
    const jurisdictions = (await ok(`{ jurisdictions { code } }`)).jurisdictions.length;

    const de = await page(DECISIONS, { first: 100, filter: { jurisdictionCode: 'DE' } });
    expect(de.totalCount).toBe(8);
    expect(de.edges.every((e: any) => e.node.jurisdiction.code === 'DE' && e.node.tier === 'TIER_1')).toBe(true);

    const mythos5 = await versionId('Mythos 5');
    const byVersion = await walkForward(DECISIONS, 100, { modelVersionId: mythos5 });
    expect(byVersion.totalCount).toBe(jurisdictions);
    expect(byVersion.nodes.every((n) => n.modelVersion.id === mythos5)).toBe(true);
    expect(new Set(byVersion.nodes.map((n) => n.jurisdiction.code)).size).toBe(jurisdictions);

    const [{ n: prohibited }] = await db.query(`SELECT count(*)::int AS n FROM export_decisions WHERE outcome = 'PROHIBITED'`);
    const p = await walkForward(DECISIONS, 100, { outcome: ['PROHIBITED'] });
    expect(p.totalCount).toBe(prohibited);
    expect(p.nodes).toHaveLength(prohibited);
    expect(p.nodes.every((n) => n.outcome === 'PROHIBITED')).toBe(true);

    const [{ n: eligibleOrProhibited }] = await db.query(
      `SELECT count(*)::int AS n FROM export_decisions WHERE outcome IN ('ELIGIBLE', 'PROHIBITED')`,
    );
    expect((await page(DECISIONS, { first: 1, filter: { outcome: ['ELIGIBLE', 'PROHIBITED'] } })).totalCount).toBe(eligibleOrProhibited);

    const both = await page(DECISIONS, { first: 100, filter: { jurisdictionCode: 'CN', modelVersionId: mythos5 } });
    expect(both.totalCount).toBe(1);
    expect(both.edges[0].node).toMatchObject({ jurisdiction: { code: 'CN' }, tier: 'TIER_3' });

    const tier3 = await page(DECISIONS, { first: 1, filter: { tier: 'TIER_3' } });
    const [{ n: tier3Count }] = await db.query(`SELECT count(*)::int AS n FROM export_decisions WHERE tier = 'TIER_3'`);
    expect(tier3.totalCount).toBe(tier3Count);

    expect((await page(DECISIONS, { first: 10, filter: { jurisdictionCode: 'XX' } })).totalCount).toBe(0);
  });

  test('filters on unknown but well-formed ids match nothing', async () => {
    const ghostOrg = Buffer.from(`Organization:${randomUUID()}`).toString('base64url');
    const ghostVersion = Buffer.from(`ModelVersion:${randomUUID()}`).toString('base64url');
    expect((await page(FINDINGS, { first: 5, filter: { developerId: ghostOrg } })).totalCount).toBe(0);
    expect((await page(FINDINGS, { first: 5, filter: { modelVersionId: ghostVersion } })).totalCount).toBe(0);
    expect((await page(MODEL_VERSIONS, { first: 5, filter: { developerId: ghostOrg } })).totalCount).toBe(0);
    expect((await page(AUDITS, { first: 5, filter: { auditorId: ghostOrg } })).totalCount).toBe(0);
    expect((await page(DECISIONS, { first: 5, filter: { modelVersionId: ghostVersion } })).totalCount).toBe(0);
  });
});
