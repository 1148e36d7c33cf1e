/**
 * The typed subscriptions and their filters, per-message read rules, the deadline sweep, bounded
 * buffers and a clean shutdown — against one in-process server (real WebSocket, real PostgreSQL).
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { startServer, type RunningServer } from '../../../src/graphql/server';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { sweepDeadlines } from '../../../src/modules/events/deadline-sweep';
import { EventHub } from '../../../src/modules/events/event-hub';
import { appendEvent, type NewEvent } from '../../../src/modules/events/event-log';
import { EventStream } from '../../../src/modules/events/event-stream';
import type { EventEntity } from '../../../src/persistence/entities';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { connect, sleep, subscribe, waitFor } from '../../support/subscription-client';
import {
  createDeveloper,
  createDisclosure,
  createFinding,
  createJurisdiction,
  createModel,
  createModelVersion,
  createPolicyVersion,
  type NodeRow,
} from '../../support/factories';

jest.setTimeout(30_000);

let tdb: TestDatabase;
let db: DataSource;
let server: RunningServer;
let wsUrl: string;
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test' });
let devA: NodeRow;
let devB: NodeRow;
let versionA: NodeRow;
let findingA: NodeRow;
let findingB: NodeRow;

const append = (events: Omit<NewEvent, 'actor'>[]) =>
  db.transaction(async (m) => {
    const out: EventEntity[] = [];
    for (const e of events) out.push(await appendEvent(m, { actor: 'test', ...e }));
    return out;
  });

async function latestCursor(): Promise<string> {
  const [row] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  return row.seq;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await createPolicyVersion(db);
  await createJurisdiction(db, { code: 'DE' });
  await createJurisdiction(db, { code: 'CN' });
  devA = await createDeveloper(db);
  devB = await createDeveloper(db);
  versionA = await createModelVersion(db, { model_id: (await createModel(db, { developer_id: devA.id })).id });
  findingA = await createFinding(
    db,
    { developer_id: devA.id, developer_aware_at: new Date('2030-01-01T00:00:00Z'), reported_at: new Date('2030-01-01T00:00:00Z') },
    { affectedVersionIds: [versionA.id], level: 'CRITICAL', restrictedDetails: { prompts: 'SECRET-PROMPT-MARKER' } },
  );
  findingB = await createFinding(db, { developer_id: devB.id });
  // Publicly disclosed, so anonymous subscribers receive its changes (before disclosure they do not:
  // test/integration/security/undisclosed-findings.test.ts).
  await createDisclosure(db, { finding_id: findingA.id, audience: 'PUBLIC' });
  server = await startServer(config, db);
  wsUrl = `ws://127.0.0.1:${server.port}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await tdb?.destroy();
});

test('findingChanges delivers status changes matching the filter, with the finding as it is now', async () => {
  const client = connect(wsUrl);
  const sub = subscribe(
    client,
    `subscription($since: String, $dev: ID) {
      findingChanges(since: $since, filter: { status: [TRIAGED], developerId: $dev }) {
        cursor kind previousStatus status actor finding { publicId }
      }
    }`,
    { since: await latestCursor(), dev: devA.globalId },
  );
  const events = await append([
    { type: 'FINDING_STATUS_CHANGED', subjectType: 'Finding', subjectId: findingB.id, payload: { publicId: findingB.public_id, from: 'REPORTED', to: 'TRIAGED' } },
    { type: 'FINDING_STATUS_CHANGED', subjectType: 'Finding', subjectId: findingA.id, payload: { publicId: findingA.public_id, from: 'TRIAGED', to: 'MITIGATING' } },
    { type: 'FINDING_STATUS_CHANGED', subjectType: 'Finding', subjectId: findingA.id, payload: { publicId: findingA.public_id, from: 'REPORTED', to: 'TRIAGED' } },
  ]);
  const [m] = await sub.take(1);
  await sleep(200);
  expect(sub.messages).toHaveLength(1);
  expect(m).toEqual({
    cursor: events[2]!.seq,
    kind: 'STATUS_CHANGED',
    previousStatus: 'REPORTED',
    status: 'TRIAGED',
    actor: 'test',
    finding: { publicId: findingA.public_id },
  });
  await client.dispose();
});

test('restricted details in a message follow the subscriber\'s rights, checked per message', async () => {
  const query = `subscription($since: String, $id: [ID!]) {
    findingChanges(since: $since, filter: { findingId: $id, kind: [SEVERITY_ASSESSED] }) {
      level interventionTier finding { restrictedDetails { prompts } }
    }
  }`;
  const since = await latestCursor();
  const regulatorToken = await mintDevToken(config.auth, { subject: 'reg-1', roles: ['REGULATOR'] });
  const agencyToken = await mintDevToken(config.auth, { subject: 'agency-1', roles: ['PARTNER_AGENCY'] });
  const regulator = connect(wsUrl, { connectionParams: { authorization: `Bearer ${regulatorToken}` } });
  const agency = connect(wsUrl, { connectionParams: { authorization: `Bearer ${agencyToken}` } });
  const anonymous = connect(wsUrl);
  const subs = [regulator, agency, anonymous].map((c) => subscribe(c, query, { since, id: [findingA.globalId] }));
  await append([
    { type: 'FINDING_ASSESSED', subjectType: 'Finding', subjectId: findingA.id, payload: { publicId: findingA.public_id, from: 'HIGH', level: 'CRITICAL', tier: 'GOVERNMENT_INTERVENTION' } },
  ]);
  const [[r], [a], [n]] = await Promise.all(subs.map((s) => s.take(1)));
  expect(r).toEqual({ level: 'CRITICAL', interventionTier: 'GOVERNMENT_INTERVENTION', finding: { restrictedDetails: { prompts: 'SECRET-PROMPT-MARKER' } } });
  expect(a.finding.restrictedDetails).toBeNull();
  expect(n.finding.restrictedDetails).toBeNull();
  await Promise.all([regulator.dispose(), agency.dispose(), anonymous.dispose()]);
});

test('exportDecisionChanges lists only the outcome moves that match jurisdiction, tier and outcome filters', async () => {
  const client = connect(wsUrl);
  const sub = subscribe(
    client,
    `subscription($since: String, $v: [ID!]) {
      exportDecisionChanges(since: $since, filter: { modelVersionId: $v, tier: [TIER_1, TIER_3], outcome: [SUSPENDED] }) {
        cause policyVersion modelVersion { id }
        changes { jurisdictionCode jurisdiction { code } tier previousOutcome outcome }
      }
    }`,
    { since: await latestCursor(), v: [versionA.globalId] },
  );
  const outcomes = (list: [string, string, string | null, string][]) => list.map(([jurisdiction, tier, from, to]) => ({ jurisdiction, tier, from, to }));
  await append([
    // No matching move: filtered out entirely.
    { type: 'EXPORT_DECISIONS_CHANGED', subjectType: 'ModelVersion', subjectId: versionA.id, payload: { cause: 'X', policyVersion: 'p1', changed: 1, outcomes: outcomes([['DE', 'TIER_1', 'SUSPENDED', 'ELIGIBLE']]) } },
    {
      type: 'EXPORT_DECISIONS_CHANGED',
      subjectType: 'ModelVersion',
      subjectId: versionA.id,
      payload: {
        cause: 'FINDING_ASSESSED',
        policyVersion: 'p1',
        changed: 3,
        outcomes: outcomes([
          ['DE', 'TIER_1', 'ELIGIBLE', 'SUSPENDED'],
          ['FR', 'TIER_2', 'ELIGIBLE', 'SUSPENDED'],
          ['CN', 'TIER_3', 'PROHIBITED', 'SUSPENDED'],
        ]),
      },
    },
  ]);
  const [m] = await sub.take(1);
  await sleep(200);
  expect(sub.messages).toHaveLength(1);
  expect(m).toEqual({
    cause: 'FINDING_ASSESSED',
    policyVersion: 'p1',
    modelVersion: { id: versionA.globalId },
    changes: [
      { jurisdictionCode: 'DE', jurisdiction: { code: 'DE' }, tier: 'TIER_1', previousOutcome: 'ELIGIBLE', outcome: 'SUSPENDED' },
      { jurisdictionCode: 'CN', jurisdiction: { code: 'CN' }, tier: 'TIER_3', previousOutcome: 'PROHIBITED', outcome: 'SUSPENDED' },
    ],
  });
  await client.dispose();
});

test('exportDecisionOverrides delivers overrides placed and lifted through the mutations; the outcome move also reaches exportDecisionChanges', async () => {
  const regulator = await mintDevToken(config.auth, { subject: 'reg-override', roles: ['REGULATOR'] });
  const client = connect(wsUrl);
  const since = await latestCursor();
  const overrides = subscribe(
    client,
    `subscription($since: String, $v: [ID!]) {
      exportDecisionOverrides(since: $since, filter: { modelVersionId: $v, jurisdictionCode: ["de"] }) {
        kind jurisdictionCode jurisdiction { code } outcome previousOverride expiresAt reason actor
        modelVersion { id } decision { outcome override { outcome justification } }
      }
    }`,
    { since, v: [versionA.globalId] },
  );
  const moves = subscribe(
    client,
    `subscription($since: String, $v: [ID!]) {
      exportDecisionChanges(since: $since, filter: { modelVersionId: $v, jurisdictionCode: ["DE"] }) { cause changes { outcome } }
    }`,
    { since, v: [versionA.globalId] },
  );
  const mutate = async (query: string, input: Record<string, unknown>) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${regulator}` },
      body: JSON.stringify({ query, variables: { input } }),
    });
    const body = (await response.json()) as { data?: Record<string, { errors: unknown[] }>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!)[0]!.errors).toEqual([]);
  };
  const expiresAt = '2031-01-01T00:00:00.000Z';
  const override = `mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { errors { code } } }`;
  await mutate(override, { modelVersionId: versionA.globalId, jurisdictionCode: 'CN', outcome: 'PROHIBITED', justification: 'Not this one' });
  await mutate(override, { modelVersionId: versionA.globalId, jurisdictionCode: 'DE', outcome: 'PROHIBITED', justification: 'Export control order 7', expiresAt });
  await mutate(`mutation($input: LiftExportOverrideInput!) { liftExportOverride(input: $input) { errors { code } } }`, {
    modelVersionId: versionA.globalId,
    jurisdictionCode: 'DE',
    reason: 'Order withdrawn',
  });
  const [placed, lifted] = await overrides.take(2);
  await sleep(200);
  expect(overrides.messages).toHaveLength(2); // CN filtered out
  expect(placed).toEqual({
    kind: 'OVERRIDDEN',
    jurisdictionCode: 'DE',
    jurisdiction: { code: 'DE' },
    outcome: 'PROHIBITED',
    previousOverride: null,
    expiresAt,
    reason: null,
    actor: 'reg-override',
    modelVersion: { id: versionA.globalId },
    // The decision as it is when the message is built: the lift may already have happened.
    decision: expect.objectContaining({ outcome: expect.any(String) }),
  });
  expect(lifted).toMatchObject({ kind: 'LIFTED', jurisdictionCode: 'DE', outcome: null, previousOverride: 'PROHIBITED', expiresAt: null, reason: 'Order withdrawn', decision: { override: null } });
  // (The first override may first materialise the stored decisions: a move of its own.)
  await waitFor(() => moves.messages.some((m) => m.cause === 'DECISION_OVERRIDE_LIFTED'), 5_000);
  const causes = moves.messages.map((m) => [m.cause, m.changes.map((c: { outcome: string }) => c.outcome)]);
  expect(causes).toContainEqual(['DECISION_OVERRIDDEN', ['PROHIBITED']]);
  await client.dispose();
});

test('modelVersionAccessChanges reports suspensions and reinstatements with the reason', async () => {
  const client = connect(wsUrl);
  const sub = subscribe(
    client,
    `subscription($since: String, $dev: ID) {
      modelVersionAccessChanges(since: $since, filter: { developerId: $dev }) { previousStatus status reason modelVersion { id } }
    }`,
    { since: await latestCursor(), dev: devA.globalId },
  );
  await append([
    { type: 'MODEL_VERSION_SUSPENDED', subjectType: 'ModelVersion', subjectId: versionA.id, payload: { from: 'ACTIVE', to: 'SUSPENDED', reason: 'Universal jailbreak' } },
    { type: 'MODEL_VERSION_REINSTATED', subjectType: 'ModelVersion', subjectId: versionA.id, payload: { from: 'SUSPENDED', to: 'ACTIVE', reason: 'Fixed and retested' } },
  ]);
  expect(await sub.take(2)).toEqual([
    { previousStatus: 'ACTIVE', status: 'SUSPENDED', reason: 'Universal jailbreak', modelVersion: { id: versionA.globalId } },
    { previousStatus: 'SUSPENDED', status: 'ACTIVE', reason: 'Fixed and retested', modelVersion: { id: versionA.globalId } },
  ]);
  await client.dispose();
});

test('the deadline sweep announces due-soon, then overdue, once each, and deadlineAlerts delivers them', async () => {
  const client = connect(wsUrl);
  const sub = subscribe(
    client,
    `subscription($since: String) {
      deadlineAlerts(since: $since, filter: { kind: [ACKNOWLEDGE] }) { kind state dueAt level policyVersion finding { publicId } }
    }`,
    { since: await latestCursor() },
  );
  const aware = new Date('2030-01-01T00:00:00Z').getTime();
  const hours = (h: number) => new Date(aware + h * 3_600_000);

  const first = await sweepDeadlines(db, hours(23.5)); // CRITICAL: acknowledge and notify within 24 h
  expect(first.appended).toBeGreaterThan(0);
  expect((await sweepDeadlines(db, hours(23.6))).appended).toBe(0); // nothing new: never twice
  await sweepDeadlines(db, hours(25));
  expect((await sweepDeadlines(db, hours(26))).appended).toBe(0);

  const messages = await sub.take(2);
  await sleep(200);
  expect(sub.messages).toHaveLength(2);
  expect(messages.map((m) => [m.kind, m.state, m.dueAt, m.level, m.finding.publicId])).toEqual([
    ['ACKNOWLEDGE', 'DUE_SOON', hours(24).toISOString(), 'CRITICAL', findingA.public_id],
    ['ACKNOWLEDGE', 'OVERDUE', hours(24).toISOString(), 'CRITICAL', findingA.public_id],
  ]);
  await client.dispose();
});

describe('bounded buffers', () => {
  let hub: EventHub;
  beforeAll(async () => {
    hub = new EventHub({ db, listenConnection: { connectionString: tdb.url }, log: () => undefined });
    await hub.start();
  });
  afterAll(() => hub.stop());

  const ping = (n: number) => append(Array.from({ length: n }, () => ({ type: 'TEST_PING', subjectType: 'Finding', subjectId: findingB.id, payload: {} })));

  test('a live subscriber that stops reading is cut off at the buffer limit, never buffering without bound', async () => {
    let overflowed = 0;
    const stream = new EventStream<EventEntity>({
      db,
      hub,
      since: null,
      types: null,
      matches: (e) => e.type === 'TEST_PING',
      toMessage: async (e) => e,
      bufferLimit: 5,
      onOverflow: () => (overflowed += 1),
    });
    const before = hub.subscriberCount;
    await ping(6); // nobody reads
    await waitFor(() => overflowed > 0, 2_000);
    expect(overflowed).toBe(1);
    expect(hub.subscriberCount).toBe(before - 1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  test('a subscriber catching up whose live buffer fills reads the overflow from the log instead: nothing lost, in order', async () => {
    const since = BigInt(await latestCursor());
    const old = await ping(30); // to replay
    await waitFor(() => hub.currentPosition >= BigInt(old[old.length - 1]!.seq), 2_000);
    let overflowed = 0;
    const stream = new EventStream<EventEntity>({
      db,
      hub,
      since,
      types: ['TEST_PING'],
      matches: (e) => e.type === 'TEST_PING',
      toMessage: async (e) => e,
      bufferLimit: 5,
      onOverflow: () => (overflowed += 1),
      replayPageSize: 4,
    });
    const first = await stream.next(); // replay started; now 20 live events arrive (4× the buffer)
    const live = await ping(20);
    await waitFor(() => hub.currentPosition >= BigInt(live[live.length - 1]!.seq), 2_000);
    const got = [first.value!.seq];
    while (got.length < 50) got.push((await stream.next()).value!.seq);
    expect(got).toEqual([...old, ...live].map((e) => e.seq));
    expect(overflowed).toBe(0);
    await stream.return();
  });
});

test('stopping the server closes subscribers with 1001 and releases the listening connection', async () => {
  const other = await startServer(config, db);
  let closed: number | null = null;
  const client = connect(`ws://127.0.0.1:${other.port}/graphql`, { onClosed: (code) => (closed = code) });
  subscribe(client, 'subscription { registryEvents { cursor } }');
  await sleep(200);
  const listeners = async () =>
    Number(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'msr-event-listener'`,
        )
      )[0].n,
    );
  expect(await listeners()).toBe(2); // this server's and the shared one's
  await other.stop();
  await waitFor(() => closed !== null, 2_000);
  expect(closed).toBe(1001);
  await sleep(100);
  expect(await listeners()).toBe(1);
  await client.dispose();
});
