/**
 * `findings(orderBy:)`: every ordering (REPORTED_AT, SEVERITY, STATUS, PUBLIC_ID, each ASC and
 * DESC) walked page by page forwards and backwards visits every finding exactly once, in order,
 * with ties broken by id and unassessed findings last; a cursor from one ordering is refused by
 * another (BAD_USER_INPUT naming `after`/`before`, never an internal error).
 * Data: the demo story plus findings sharing a report time, a score or a status, unassessed ones,
 * and public ids whose serials differ in length (MSR-2030-9999 before MSR-2030-10000).
 */
import type { DataSource } from 'typeorm';
import { FINDING_STATUSES } from '../../../src/domain/enums';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createFinding } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { partnerAgency } from '../../support/viewers';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const TIED = new Date('2026-09-01T12:00:00.000Z');

type Field = 'REPORTED_AT' | 'SEVERITY' | 'STATUS' | 'PUBLIC_ID';
type Direction = 'ASC' | 'DESC';
const ORDERINGS: [Field, Direction][] = (['REPORTED_AT', 'SEVERITY', 'STATUS', 'PUBLIC_ID'] as Field[]).flatMap((f) =>
  (['ASC', 'DESC'] as Direction[]).map((d): [Field, Direction] => [f, d]),
);

let testDb: TestDatabase;
let db: DataSource;
let all: any[];

const Q = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: FindingOrder, $filter: FindingFilter) {
  findings(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id publicId status reportedAt currentSeverity { score } } }
  }
}`;

// As a partner agency: undisclosed findings are hidden from the public (docs/access-control.md).
async function run(variables: Record<string, unknown>) {
  return executeOperation<any>(db, Q, variables, { now: NOW, viewer: partnerAgency() });
}

async function page(variables: Record<string, unknown>) {
  const result = await run(variables);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data.findings;
}

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

/** The order the API promises, computed here from the nodes themselves. */
function expectedOrder(nodes: any[], field: Field, direction: Direction): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  const key = (n: any): number | [number, number] | null => {
    switch (field) {
      case 'REPORTED_AT':
        return Date.parse(n.reportedAt);
      case 'SEVERITY':
        return n.currentSeverity?.score ?? null;
      case 'STATUS':
        return FINDING_STATUSES.indexOf(n.status);
      case 'PUBLIC_ID': {
        const [, year, serial] = n.publicId.split('-');
        return [Number(year), Number(serial)];
      }
    }
  };
  const cmpKey = (a: any, b: any): number => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1; // unassessed last, either way
    if (Array.isArray(ka) && Array.isArray(kb)) return sign * (ka[0] - kb[0] || ka[1] - kb[1]);
    return sign * ((ka as number) - (kb as number));
  };
  return [...nodes]
    .sort((a, b) => cmpKey(a, b) || sign * (uuidOf(a.id) < uuidOf(b.id) ? -1 : uuidOf(a.id) > uuidOf(b.id) ? 1 : 0))
    .map((n) => n.id);
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  const [northwind] = await db.query(`SELECT id::text FROM organizations WHERE name = 'Northwind AI'`);
  const [fable5] = await db.query(`SELECT id::text FROM model_versions WHERE name = 'Fable 5'`);
  const specs: { level?: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; path: string[]; publicId?: string }[] = [
    { level: 'HIGH', path: ['REPORTED', 'TRIAGED'] },
    { level: 'HIGH', path: ['REPORTED', 'TRIAGED'] },
    { level: 'MEDIUM', path: ['REPORTED'] },
    { path: ['REPORTED'] },
    { path: ['REPORTED', 'TRIAGED', 'MITIGATING'] },
    { path: ['REPORTED', 'REJECTED'], publicId: 'MSR-2030-9999' },
    { level: 'LOW', path: ['REPORTED', 'WITHDRAWN'], publicId: 'MSR-2030-10000' },
    { level: 'CRITICAL', path: ['REPORTED', 'TRIAGED'] },
  ];
  for (const [i, s] of specs.entries()) {
    await createFinding(
      db,
      { developer_id: northwind.id, reported_at: i < 5 ? TIED : new Date(TIED.getTime() + i * 86_400_000), ...(s.publicId ? { public_id: s.publicId } : {}) },
      { affectedVersionIds: [fable5.id], level: s.level, statusPath: s.path },
    );
  }
  all = (await page({ first: 100 })).edges.map((e: any) => e.node);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('the data set has ties in every ordering and unassessed findings', () => {
  expect(all.length).toBeGreaterThanOrEqual(16);
  expect(all.filter((f) => f.currentSeverity === null).length).toBeGreaterThanOrEqual(2);
  expect(all.filter((f) => f.reportedAt === TIED.toISOString())).toHaveLength(5);
  expect(all.filter((f) => f.currentSeverity?.score === all.find((g) => g.currentSeverity?.level === 'HIGH')?.currentSeverity?.score).length).toBeGreaterThanOrEqual(2);
});

test('without orderBy the order is REPORTED_AT DESC, and so is orderBy: {} (the defaults)', async () => {
  const ids = all.map((n) => n.id);
  expect(ids).toEqual(expectedOrder(all, 'REPORTED_AT', 'DESC'));
  expect((await page({ first: 100, orderBy: {} })).edges.map((e: any) => e.node.id)).toEqual(ids);
  expect((await page({ first: 100, orderBy: { field: 'REPORTED_AT' } })).edges.map((e: any) => e.node.id)).toEqual(ids);
});

describe.each(ORDERINGS)('orderBy %s %s', (field, direction) => {
  const orderBy = { field, direction };

  test.each([1, 3, 7])('walking forwards with first: %i visits every finding once, in order', async (n) => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const conn = await page({ first: n, after, orderBy });
      expect(conn.totalCount).toBe(all.length);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== undefined);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expectedOrder(all, field, direction));
  });

  test('walking backwards with last: 4 gives the same sequence', async () => {
    const pages: string[][] = [];
    let before: string | undefined;
    for (let i = 0; i < 100; i++) {
      const conn = await page({ last: 4, before, orderBy });
      pages.unshift(conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    expect(pages.flat()).toEqual(expectedOrder(all, field, direction));
  });

  test('filters combine with the ordering', async () => {
    const filter = { status: ['REPORTED', 'TRIAGED'] };
    const conn = await page({ first: 100, orderBy, filter });
    const expected = expectedOrder(all.filter((f) => filter.status.includes(f.status)), field, direction);
    expect(conn.edges.map((e: any) => e.node.id)).toEqual(expected);
    expect(conn.totalCount).toBe(expected.length);
  });
});

describe('a cursor is valid only with the ordering that issued it', () => {
  const cursorOf = async (orderBy?: { field: Field; direction: Direction }) => (await page({ first: 2, ...(orderBy ? { orderBy } : {}) })).pageInfo.endCursor as string;

  test.each([
    ['SEVERITY ASC', 'SEVERITY DESC', { field: 'SEVERITY', direction: 'ASC' }, { field: 'SEVERITY', direction: 'DESC' }],
    ['REPORTED_AT DESC (default)', 'REPORTED_AT ASC', undefined, { field: 'REPORTED_AT', direction: 'ASC' }],
    ['REPORTED_AT DESC (default)', 'PUBLIC_ID DESC', undefined, { field: 'PUBLIC_ID', direction: 'DESC' }],
    ['PUBLIC_ID ASC', 'the default', { field: 'PUBLIC_ID', direction: 'ASC' }, undefined],
    ['STATUS DESC', 'SEVERITY DESC', { field: 'STATUS', direction: 'DESC' }, { field: 'SEVERITY', direction: 'DESC' }],
    ['SEVERITY DESC', 'STATUS ASC', { field: 'SEVERITY', direction: 'DESC' }, { field: 'STATUS', direction: 'ASC' }],
  ] as const)('a cursor of %s is BAD_USER_INPUT with %s', async (_from, _to, issuing, using) => {
    const cursor = await cursorOf(issuing as any);
    for (const [arg, vars] of [
      ['after', { first: 2, after: cursor }],
      ['before', { last: 2, before: cursor }],
    ] as const) {
      const result = await run({ ...vars, ...(using ? { orderBy: using } : {}) });
      expect(result.internalErrors).toEqual([]);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: [arg] });
      expect(result.errors?.[0]?.message).toContain(`"${arg}"`);
    }
  });

  test('a cursor of another connection (organizations) is BAD_USER_INPUT in every ordering', async () => {
    const orgs = await executeOperation<any>(db, `{ organizations(first: 1) { pageInfo { endCursor } } }`, {}, { now: NOW });
    for (const [field, direction] of ORDERINGS) {
      const result = await run({ first: 2, after: orgs.data.organizations.pageInfo.endCursor, orderBy: { field, direction } });
      expect(result.internalErrors).toEqual([]);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
    }
  });

  test('a forged tagged cursor with a key of the wrong type is BAD_USER_INPUT, not an internal error', async () => {
    const id = uuidOf(all[0].id);
    for (const [field, key] of [
      ['SEVERITY', 'not-a-number'],
      ['STATUS', '1.5'],
      ['REPORTED_AT', 'yesterday'],
    ] as const) {
      const forged = Buffer.from(`msr1:${JSON.stringify([key, id, `findings:${field}:ASC`])}`).toString('base64url');
      const result = await run({ first: 2, after: forged, orderBy: { field, direction: 'ASC' } });
      expect(result.internalErrors).toEqual([]);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
    }
  });

  test('a cursor stays valid with its own ordering (the same page comes back)', async () => {
    const orderBy = { field: 'SEVERITY', direction: 'DESC' };
    const first = await page({ first: 3, orderBy });
    const next = await page({ first: 3, after: first.pageInfo.endCursor, orderBy });
    const again = await page({ first: 3, after: first.pageInfo.endCursor, orderBy });
    expect(again.edges.map((e: any) => e.node.id)).toEqual(next.edges.map((e: any) => e.node.id));
  });
});
