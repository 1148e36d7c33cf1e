/**
 * Issue 11, defect 5: the log of who read exploit details (`RESTRICTED_DETAILS_READ`) is for
 * regulators, and for the developer of a finding the reads of its own findings. Everyone else —
 * analysts, auditors, other developers, partner agencies, tokens without a role, anonymous callers —
 * must not learn that those events exist: not in `events` (edges and totalCount, with any filter),
 * not through `node`/`nodes`, not in any subscription feed. The findings here are publicly
 * disclosed, so nothing but this rule hides anything.
 */
import type { DataSource } from 'typeorm';
import { RESTRICTED_DETAILS_READ } from '../../../src/modules/access/rules';
import { appendEvent } from '../../../src/modules/events/event-log';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { connect, sleep, subscribe, type TestSubscription } from '../../support/subscription-client';
import {
  createAccessWorld,
  postGraphQL,
  startAccessServer,
  type AccessServer,
  type AccessWorld,
  type PersonaName,
} from '../../support/access-fixture';
import { createDisclosure } from '../../support/factories';

jest.setTimeout(60_000);

let tdb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;

const ALL: PersonaName[] = ['anonymous', 'regulator', 'analyst', 'partnerAgency', 'developerA', 'developerB', 'auditorOfA', 'auditorOfB', 'noRoles', 'developerWithoutOrg'];

async function gql(who: PersonaName, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await postGraphQL(server.url, { query, variables }, await server.tokenFor(world.personas[who]));
  if (res.status !== 200 || res.body.errors) throw new Error(`${who}: ${res.status} ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const readDetails = (who: PersonaName, findingId: string) =>
  gql(who, `query($id: ID!) { finding(id: $id) { restrictedDetails { prompts } } }`, { id: findingId });

/** Which reads each persona may list: the rule of docs/access-control.md ("Events"). */
function expectedReadsOf(who: PersonaName, reads: { finding: 'A' | 'B' }[]): number {
  if (who === 'regulator') return reads.length;
  if (who === 'developerA') return reads.filter((r) => r.finding === 'A').length;
  if (who === 'developerB') return reads.filter((r) => r.finding === 'B').length;
  return 0;
}

const EVENTS = `query($a: ID!) {
  all: events(first: 100) { totalCount edges { node { id type subjectId actor payload } } }
  reads: events(first: 100, filter: { type: ["${RESTRICTED_DETAILS_READ}"] }) { totalCount edges { node { id } } }
  aboutA: events(first: 100, filter: { subjectId: $a }) { totalCount edges { node { id type } } }
}`;

const reads: { finding: 'A' | 'B' }[] = [];

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  world = await createAccessWorld(db);
  for (const f of [world.findingA, world.findingB, world.findingWithoutDetails]) await createDisclosure(db, { finding_id: f.id, audience: 'PUBLIC' });
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  // A regulator reads both findings' details, an analyst A's, developer B its own.
  for (const [who, key] of [['regulator', 'A'], ['regulator', 'B'], ['analyst', 'A'], ['developerB', 'B']] as const) {
    const data = await readDetails(who, (key === 'A' ? world.findingA : world.findingB).globalId);
    expect(data.finding.restrictedDetails).not.toBeNull();
    reads.push({ finding: key });
  }
  // An ordinary event everyone may see.
  await db.transaction((m) =>
    appendEvent(m, { actor: 'test', type: 'MODEL_VERSION_UPDATED', subjectType: 'ModelVersion', subjectId: world.versionA.id, payload: { name: 'x' } }),
  );
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [RESTRICTED_DETAILS_READ]);
  expect(n).toBe(4);
});

afterAll(async () => {
  await server?.stop();
  await tdb?.destroy();
});

describe('Query.events and node(id)', () => {
  test.each(ALL)('%s lists exactly the reads the rule allows, and totalCount says nothing more', async (who) => {
    const data = await gql(who, EVENTS, { a: world.findingA.globalId });
    const expected = expectedReadsOf(who, reads);
    expect(data.reads.totalCount).toBe(expected);
    expect(data.reads.edges).toHaveLength(expected);
    expect(data.all.totalCount).toBe(expected + 1);
    expect(data.all.edges.filter((e: any) => e.node.type === RESTRICTED_DETAILS_READ)).toHaveLength(expected);
    const readsOfA = who === 'regulator' ? 2 : who === 'developerA' ? 2 : 0;
    expect(data.aboutA.totalCount).toBe(readsOfA);
    if (expected === 0) {
      // Not the reader's subject, roles or organization either.
      expect(JSON.stringify(data)).not.toMatch(/user-regulator|user-analyst|REGULATOR|ANALYST/);
    }
  });

  test.each(ALL)('%s: node and nodes of every read event follow the same rule as the listing', async (who) => {
    const everything = await gql('regulator', EVENTS, { a: world.findingA.globalId });
    const readIds: string[] = everything.reads.edges.map((e: any) => e.node.id);
    const listed = new Set((await gql(who, EVENTS, { a: world.findingA.globalId })).reads.edges.map((e: any) => e.node.id));
    const data = await gql(who, `query($ids: [ID!]!, $one: ID!) { nodes(ids: $ids) { id } node(id: $one) { id } }`, { ids: readIds, one: readIds[0] });
    expect(data.nodes.map((n: any) => (n ? n.id : null))).toEqual(readIds.map((id) => (listed.has(id) ? id : null)));
    expect(data.node === null).toBe(!listed.has(readIds[0]));
    expect(data.nodes.filter((n: unknown) => n !== null)).toHaveLength(expectedReadsOf(who, reads));
  });
});

describe('subscription feeds', () => {
  test('registryEvents delivers a new read to the regulator and the finding\'s developer only; the others get the next event and nothing else', async () => {
    const [{ seq: since }] = await db.query(`SELECT max(seq)::text AS seq FROM events`);
    const wsUrl = server.url.replace(/^http/, 'ws');
    const who: PersonaName[] = ['regulator', 'developerA', 'developerB', 'analyst', 'partnerAgency', 'anonymous'];
    const clients = [];
    const subs = new Map<PersonaName, TestSubscription>();
    for (const p of who) {
      const token = await server.tokenFor(world.personas[p]);
      const client = connect(wsUrl, { connectionParams: token ? { authorization: `Bearer ${token}` } : undefined });
      clients.push(client);
      subs.set(p, subscribe(client, `subscription($since: String) { registryEvents(since: $since) { cursor event { type subjectId actor payload } } }`, { since }));
      // Typed filter on the read type itself: still nothing for those who may not list reads.
      subs.set(`${p}:typed` as PersonaName, subscribe(client, `subscription($since: String) { registryEvents(since: $since, filter: { type: ["${RESTRICTED_DETAILS_READ}"] }) { cursor } }`, { since }));
    }
    await readDetails('regulator', world.findingA.globalId);
    await db.transaction((m) =>
      appendEvent(m, { actor: 'test', type: 'MODEL_VERSION_UPDATED', subjectType: 'ModelVersion', subjectId: world.versionA.id, payload: { name: 'y' } }),
    );
    for (const p of who) {
      const sees = p === 'regulator' || p === 'developerA';
      const messages = await subs.get(p)!.take(sees ? 2 : 1);
      expect(messages.map((m) => m.event.type)).toEqual(sees ? [RESTRICTED_DETAILS_READ, 'MODEL_VERSION_UPDATED'] : ['MODEL_VERSION_UPDATED']);
      if (sees) await subs.get(`${p}:typed` as PersonaName)!.take(1);
    }
    await sleep(300);
    for (const p of who) {
      const sees = p === 'regulator' || p === 'developerA';
      expect(subs.get(p)!.messages).toHaveLength(sees ? 2 : 1);
      expect(subs.get(`${p}:typed` as PersonaName)!.messages).toHaveLength(sees ? 1 : 0);
    }
    for (const c of clients) await c.dispose();
  });
});

describe('other event types', () => {
  test('FINDING_REPORTED reads the same with and without restricted details: no event says which findings have them', async () => {
    const report = (title: string, details: boolean) =>
      gql(
        'analyst',
        `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id } errors { code } } }`,
        {
          input: {
            affectedVersionIds: [world.versionA.globalId],
            title,
            category: 'JAILBREAK',
            summary: 'Same shape either way.',
            discoveredAt: new Date(Date.now() - 60_000).toISOString(),
            ...(details ? { restrictedDetails: { prompts: 'HIDDEN-PROMPT-91c2' } } : {}),
          },
        },
      );
    const withDetails = (await report('With details', true)).reportFinding.finding.id;
    const without = (await report('Without details', false)).reportFinding.finding.id;
    const payloadOf = async (id: string) => {
      const data = await gql('regulator', `query($id: ID!) { events(first: 10, filter: { subjectId: $id }) { edges { node { type payload } } } }`, { id });
      return data.events.edges.map((e: any) => [e.node.type, Object.keys(JSON.parse(e.node.payload)).sort()]);
    };
    expect(await payloadOf(withDetails)).toEqual(await payloadOf(without));
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM events WHERE payload::text LIKE '%HIDDEN-PROMPT-91c2%'`);
    expect(n).toBe(0);
  });
});
