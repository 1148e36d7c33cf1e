/**
 * Issue 11, defect 13: a finding is hidden from the public (anonymous callers, tokens without a
 * role) until a public disclosure is recorded for it — like CVE's reserved records and GitHub's
 * private advisories — on every read path: single lookups, `node`/`nodes`, `_entities`, the
 * `findings` connection (totalCount, pages, search), nested lists, audits, events (HTTP and
 * subscriptions) and decision reasons, which name it "an undisclosed finding". Partner agencies and
 * every other role keep seeing summaries (never details). Disclosures to the government or to
 * partner agencies do not make a finding public; a PUBLIC one does, on every path at once.
 */
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { appendEvent } from '../../../src/modules/events/event-log';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { connect, sleep, subscribe, type TestSubscription } from '../../support/subscription-client';
import { postGraphQL, startAccessServer, type AccessServer, type Persona } from '../../support/access-fixture';
import {
  createAudit,
  createAuditFinding,
  createAuditor,
  createDeveloper,
  createDisclosure,
  createFinding,
  createJurisdiction,
  createModel,
  createModelVersion,
  createOrganization,
  createPolicyVersion,
  type NodeRow,
} from '../../support/factories';

jest.setTimeout(60_000);

const MARKER = 'UNDISCLOSED-SECRET-PROMPT-7f3a';
const TITLE = 'Universal CBRN uplift jailbreak through role-play chaining';

let tdb: TestDatabase;
let db: DataSource;
let server: AccessServer;
let wsUrl: string;
let developer: NodeRow;
let v1: NodeRow;
let v2: NodeRow;
let audit: NodeRow;
/** The publicly disclosed finding (a sentinel every viewer sees). */
let disclosed: NodeRow;
/** The finding under test: reported, assessed CRITICAL, notified to government and partners, not public. */
const u = { id: '', localId: '', publicId: '' };
const tokens: Record<string, string | undefined> = {};

type Who = 'anonymous' | 'noRoles' | 'partner' | 'regulator' | 'developer' | 'analyst';
const PUBLIC: Who[] = ['anonymous', 'noRoles'];
const AUTHENTICATED: Who[] = ['partner', 'regulator'];

async function gql(who: Who, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await postGraphQL(server.url, { query, variables }, tokens[who]);
  if (res.status !== 200 || res.body.errors) throw new Error(`${who}: ${res.status} ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

async function mutate(who: Who, query: string, input: Record<string, unknown>): Promise<any> {
  const data = await gql(who, query, { input });
  const payload = Object.values(data)[0] as { errors: unknown[] };
  expect(payload.errors).toEqual([]);
  return payload;
}

const RECORD_DISCLOSURE = `mutation($input: RecordDisclosureInput!) { recordDisclosure(input: $input) { finding { id } errors { code message path } } }`;
const TRANSITION = `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { status rowVersion } errors { code message path } } }`;

async function rowVersion(): Promise<number> {
  return (await gql('regulator', `query($id: ID!) { finding(id: $id) { rowVersion } }`, { id: u.id })).finding.rowVersion;
}

async function latestCursor(): Promise<string> {
  const [row] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  return row.seq;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await createPolicyVersion(db);
  await createJurisdiction(db, { code: 'DE' });
  developer = await createDeveloper(db);
  const model = await createModel(db, { developer_id: developer.id });
  v1 = await createModelVersion(db, { model_id: model.id, name: 'Undisclosed 1' });
  v2 = await createModelVersion(db, { model_id: model.id, name: 'Undisclosed 2' });
  const auditor = await createAuditor(db);
  const agency = await createOrganization(db, { kind: 'AGENCY', country_code: 'DE' });
  disclosed = await createFinding(db, { developer_id: developer.id, title: 'Publicly disclosed prompt leak' }, { affectedVersionIds: [v1.id], level: 'LOW' });
  await createDisclosure(db, { finding_id: disclosed.id, audience: 'PUBLIC' });

  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  wsUrl = server.url.replace(/^http/, 'ws');
  const personas: Record<Who, Persona> = {
    anonymous: { name: 'anonymous', viewer: null },
    noRoles: { name: 'no roles', viewer: { subject: 'user-none', organizationId: agency.id, roles: [] } },
    partner: { name: 'partner', viewer: { subject: 'user-partner', organizationId: agency.id, roles: ['PARTNER_AGENCY'] } },
    regulator: { name: 'regulator', viewer: { subject: 'user-regulator', organizationId: agency.id, roles: ['REGULATOR'] } },
    analyst: { name: 'analyst', viewer: { subject: 'user-analyst', organizationId: agency.id, roles: ['ANALYST'] } },
    developer: { name: 'developer', viewer: { subject: 'user-dev', organizationId: developer.id, roles: ['DEVELOPER'] } },
  };
  for (const [who, persona] of Object.entries(personas)) tokens[who] = await server.tokenFor(persona);

  // The finding goes through the write API, so its events and stored decisions are the real ones.
  const reported = await mutate(
    'analyst',
    `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message path } } }`,
    {
      affectedVersionIds: [v1.globalId],
      title: TITLE,
      category: 'JAILBREAK',
      summary: 'Role-play chaining elicits step-by-step synthesis guidance.',
      discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
      restrictedDetails: { prompts: MARKER },
    },
  );
  u.id = reported.finding.id;
  u.publicId = reported.finding.publicId;
  u.localId = Buffer.from(u.id, 'base64url').toString('utf8').split(':')[1]!;
  await mutate(
    'analyst',
    `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message path } } }`,
    {
      findingId: u.id,
      cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
      aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
    },
  );
  // Disclosures to the government and to partner agencies do not make it public.
  await mutate('regulator', RECORD_DISCLOSURE, { findingId: u.id, audience: 'GOVERNMENT', kind: 'INITIAL' });
  await mutate('regulator', RECORD_DISCLOSURE, { findingId: u.id, audience: 'PARTNER_AGENCIES', kind: 'INITIAL' });
  await mutate(
    'developer',
    `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { id } errors { code message path } } }`,
    { findingId: u.id, expectedRowVersion: await rowVersion(), fixedInVersionId: v2.globalId },
  );
  audit = await createAudit(db, { auditor_id: auditor.id, model_version_id: v1.id, outcome: 'PASS_WITH_FINDINGS' });
  await createAuditFinding(db, { audit_id: audit.id, finding_id: u.localId, role: 'RAISED' });
  await createAuditFinding(db, { audit_id: audit.id, finding_id: disclosed.id, role: 'RAISED' });
});

afterAll(async () => {
  await server?.stop();
  await tdb?.destroy();
});

const SINGLE = `query($id: ID!, $publicId: String!, $reps: [_Any!]!) {
  finding(id: $id) { publicId title restrictedDetails { prompts } }
  findingByPublicId(publicId: $publicId) { publicId title }
  node(id: $id) { id ... on Finding { title } }
  nodes(ids: [$id]) { id }
  _entities(representations: $reps) { ... on Finding { publicId title } }
}`;
const singleVars = () => ({
  id: u.id,
  publicId: u.publicId,
  reps: [
    { __typename: 'Finding', id: u.id },
    { __typename: 'Finding', publicId: u.publicId },
  ],
});

const LISTS = `query($v1: ID!, $v2: ID!, $audit: ID!, $text: String!) {
  findings(first: 1) { totalCount pageInfo { hasNextPage } edges { node { publicId } } }
  all: findings(first: 100) { totalCount edges { node { publicId } } }
  byVersion: findings(first: 100, filter: { modelVersionId: $v1 }) { totalCount edges { node { publicId } } }
  search: findings(first: 100, filter: { text: $text }) { totalCount edges { node { publicId } } }
  critical: findings(first: 100, filter: { severityLevel: [CRITICAL] }) { totalCount }
  v1: modelVersion(id: $v1) { findings { publicId } }
  v2: modelVersion(id: $v2) { fixedFindings { publicId } }
  audit: audit(id: $audit) { findings { role finding { publicId } } }
}`;
const listVars = () => ({ v1: v1.globalId, v2: v2.globalId, audit: audit.globalId, text: 'role-play chaining' });

const EVENTS = `query($subject: ID!) {
  all: events(first: 100) { totalCount edges { node { id type subjectId payload } } }
  about: events(first: 100, filter: { subjectId: $subject }) { totalCount edges { node { id type } } }
}`;

const REASONS = `query($v1: ID!) {
  modelVersion(id: $v1) {
    eligibility(jurisdictionCode: "DE") { outcome reasons { code message findingPublicIds } pathToEligibility { message clearedBy findingPublicIds } }
    exportDecisions { outcome reasons { message findingPublicIds } pathToEligibility { message clearedBy findingPublicIds } history { reasons { message findingPublicIds } } }
  }
  exportDecisions(first: 10, filter: { modelVersionId: $v1 }) { edges { node { reasons { message findingPublicIds } } } }
}`;

/** Every `message`/`clearedBy` string and every `findingPublicIds` entry of a reasons answer. */
function reasonTexts(data: any): { texts: string[]; ids: string[] } {
  const texts: string[] = [];
  const ids: string[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'message' || k === 'clearedBy') && typeof x === 'string') texts.push(x);
        else if (k === 'findingPublicIds' && Array.isArray(x)) ids.push(...(x as string[]));
        else walk(x);
      }
    }
  };
  walk(data);
  return { texts, ids };
}

describe('before any public disclosure', () => {
  test.each(PUBLIC)('%s: finding, findingByPublicId, node, nodes and _entities (by id and public id) answer null', async (who) => {
    const data = await gql(who, SINGLE, singleVars());
    expect(data).toEqual({ finding: null, findingByPublicId: null, node: null, nodes: [null], _entities: [null, null] });
  });

  test.each(AUTHENTICATED)('%s: sees the summary everywhere; only the regulator sees details', async (who) => {
    const data = await gql(who, SINGLE, singleVars());
    expect(data.finding).toEqual({ publicId: u.publicId, title: TITLE, restrictedDetails: who === 'regulator' ? { prompts: MARKER } : null });
    expect(data.findingByPublicId).toEqual({ publicId: u.publicId, title: TITLE });
    expect(data.node).toEqual({ id: u.id, title: TITLE });
    expect(data.nodes).toEqual([{ id: u.id }]);
    expect(data._entities).toEqual([
      { publicId: u.publicId, title: TITLE },
      { publicId: u.publicId, title: TITLE },
    ]);
  });

  test.each(PUBLIC)('%s: the findings connection (totalCount, pages, filters, search), version and audit lists leave it out', async (who) => {
    const data = await gql(who, LISTS, listVars());
    const only = [{ node: { publicId: disclosed.public_id } }];
    expect(data.findings).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: only });
    expect(data.all).toEqual({ totalCount: 1, edges: only });
    expect(data.byVersion).toEqual({ totalCount: 1, edges: only });
    expect(data.search).toEqual({ totalCount: 0, edges: [] });
    expect(data.critical).toEqual({ totalCount: 0 });
    expect(data.v1.findings).toEqual([{ publicId: disclosed.public_id }]);
    expect(data.v2.fixedFindings).toEqual([]);
    expect(data.audit.findings).toEqual([{ role: 'RAISED', finding: { publicId: disclosed.public_id } }]);
  });

  test('partner agency: every list has it', async () => {
    const data = await gql('partner', LISTS, listVars());
    expect(data.findings).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    expect(data.all.totalCount).toBe(2);
    expect(data.byVersion.totalCount).toBe(2);
    expect(data.search).toEqual({ totalCount: 1, edges: [{ node: { publicId: u.publicId } }] });
    expect(data.critical).toEqual({ totalCount: 1 });
    expect(data.v1.findings.map((f: any) => f.publicId).sort()).toEqual([u.publicId, disclosed.public_id].sort());
    expect(data.v2.fixedFindings).toEqual([{ publicId: u.publicId }]);
    expect(data.audit.findings).toHaveLength(2);
  });

  test.each(PUBLIC)('%s: events about it are left out of events (totalCount too) and node(id)', async (who) => {
    const partner = await gql('partner', EVENTS, { subject: u.id });
    const mine = await gql(who, EVENTS, { subject: u.id });
    const aboutIt = partner.about.edges.map((e: any) => e.node);
    expect(aboutIt.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['FINDING_REPORTED', 'FINDING_ASSESSED', 'DISCLOSURE_RECORDED', 'FINDING_FIX_LINKED']),
    );
    expect(mine.about).toEqual({ totalCount: 0, edges: [] });
    expect(mine.all.totalCount).toBe(partner.all.totalCount - aboutIt.length);
    expect(JSON.stringify(mine.all)).not.toContain(u.publicId);
    expect(JSON.stringify(mine.all)).not.toContain(TITLE);
    const node = await gql(who, `query($id: ID!) { node(id: $id) { id } }`, { id: aboutIt[0].id });
    expect(node.node).toBeNull();
    expect((await gql('partner', `query($id: ID!) { node(id: $id) { id } }`, { id: aboutIt[0].id })).node).toEqual({ id: aboutIt[0].id });
  });

  test('decision reasons name "an undisclosed finding" for the public, and its public id for a partner agency', async () => {
    const partner = reasonTexts(await gql('partner', REASONS, { v1: v1.globalId }));
    expect(partner.ids).toContain(u.publicId);
    expect(partner.texts.some((t) => t.includes(u.publicId))).toBe(true);
    expect(partner.texts.some((t) => /undisclosed finding/i.test(t))).toBe(false);

    for (const who of PUBLIC) {
      const data = await gql(who, REASONS, { v1: v1.globalId });
      const mine = reasonTexts(data);
      expect(mine.ids).not.toContain(u.publicId);
      expect(mine.texts.filter((t) => t.includes(u.publicId))).toEqual([]);
      expect(mine.texts.some((t) => /undisclosed finding/i.test(t))).toBe(true);
      // The same decision, only the naming differs: the outcome and the number of reasons are kept.
      expect(data.modelVersion.eligibility.outcome).not.toBe('ELIGIBLE');
      expect(mine.texts).toHaveLength(partner.texts.length);
    }
  });

  test('over WebSocket, findingChanges and registryEvents do not deliver its events to the public; a partner agency gets them', async () => {
    const since = await latestCursor();
    const subs: Record<string, { changes: TestSubscription; events: TestSubscription }> = {};
    const clients = [];
    for (const who of ['anonymous', 'noRoles', 'partner'] as Who[]) {
      const client = connect(wsUrl, { connectionParams: tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : undefined });
      clients.push(client);
      subs[who] = {
        changes: subscribe(client, `subscription($since: String) { findingChanges(since: $since) { kind status finding { publicId title } } }`, { since }),
        events: subscribe(client, `subscription($since: String) { registryEvents(since: $since) { cursor event { type subjectId payload } } }`, { since }),
      };
    }
    await mutate('developer', TRANSITION, { findingId: u.id, expectedRowVersion: await rowVersion(), to: 'TRIAGED' });
    // A later change of the disclosed finding: once it arrives, everything before it was decided.
    await db.transaction((m) =>
      appendEvent(m, {
        actor: 'test',
        type: 'FINDING_STATUS_CHANGED',
        subjectType: 'Finding',
        subjectId: disclosed.id,
        payload: { publicId: disclosed.public_id, from: 'REPORTED', to: 'TRIAGED' },
      }),
    );
    const [p1, p2] = await subs.partner!.changes.take(2);
    expect([p1.finding.publicId, p2.finding.publicId]).toEqual([u.publicId, disclosed.public_id]);
    const partnerEvents = await subs.partner!.events.take(2);
    expect(partnerEvents.some((e) => e.event.subjectId === u.id)).toBe(true);
    for (const who of PUBLIC) {
      const [m] = await subs[who]!.changes.take(1);
      expect(m.finding.publicId).toBe(disclosed.public_id);
      const events = await waitForSubject(subs[who]!.events, toGlobalId('Finding', disclosed.id));
      expect(events.every((e) => e.event.subjectId !== u.id)).toBe(true);
      await sleep(100);
      expect(subs[who]!.changes.messages).toHaveLength(1);
      expect(JSON.stringify(subs[who]!.events.messages)).not.toContain(u.publicId);
    }
    for (const c of clients) await c.dispose();
  });
});

/** Waits until a registryEvents message about `subjectId` arrived; returns every message so far. */
async function waitForSubject(sub: TestSubscription, subjectId: string): Promise<any[]> {
  for (let n = 1; ; n++) {
    const messages = await sub.take(n);
    if (messages.some((m) => m.event.subjectId === subjectId)) return sub.messages;
  }
}

describe('after a public disclosure is recorded', () => {
  let since: string;
  beforeAll(async () => {
    since = await latestCursor();
    await mutate('developer', RECORD_DISCLOSURE, { findingId: u.id, audience: 'PUBLIC', kind: 'INITIAL', summary: 'Advisory published.' });
  });

  test.each(PUBLIC)('%s: sees the finding on every path, its summary but not its details', async (who) => {
    const single = await gql(who, SINGLE, singleVars());
    expect(single.finding).toEqual({ publicId: u.publicId, title: TITLE, restrictedDetails: null });
    expect(single.findingByPublicId).toEqual({ publicId: u.publicId, title: TITLE });
    expect(single.node).toEqual({ id: u.id, title: TITLE });
    expect(single._entities).toHaveLength(2);
    expect(single._entities.every((e: any) => e.publicId === u.publicId)).toBe(true);

    const lists = await gql(who, LISTS, listVars());
    expect(lists.all.totalCount).toBe(2);
    expect(lists.search.edges).toEqual([{ node: { publicId: u.publicId } }]);
    expect(lists.v2.fixedFindings).toEqual([{ publicId: u.publicId }]);
    expect(lists.audit.findings).toHaveLength(2);

    const events = await gql(who, EVENTS, { subject: u.id });
    const partner = await gql('partner', EVENTS, { subject: u.id });
    expect(events.about.totalCount).toBe(partner.about.totalCount);
    expect(events.about.edges.map((e: any) => e.node.type)).toContain('FINDING_REPORTED');

    const reasons = reasonTexts(await gql(who, REASONS, { v1: v1.globalId }));
    expect(reasons.ids).toContain(u.publicId);
    expect(reasons.texts.some((t) => /undisclosed finding/i.test(t))).toBe(false);
  });

  test('anonymous subscribers now receive its events, replayed from the log too', async () => {
    const client = connect(wsUrl);
    const changes = subscribe(client, `subscription { findingChanges(since: "0") { kind finding { publicId } } }`);
    const replayed = await changes.take(4);
    expect(replayed.map((m) => [m.kind, m.finding.publicId])).toEqual([
      ['REPORTED', u.publicId],
      ['SEVERITY_ASSESSED', u.publicId],
      ['STATUS_CHANGED', u.publicId],
      ['STATUS_CHANGED', disclosed.public_id],
    ]);
    const events = subscribe(client, `subscription($since: String) { registryEvents(since: $since) { event { type subjectId } } }`, { since });
    const [disclosure] = await events.take(1);
    expect(disclosure.event).toEqual({ type: 'DISCLOSURE_RECORDED', subjectId: u.id });
    await client.dispose();
  });
});
