/**
 * Limits on a live connection, end to end over a real socket: a client that stops reading is cut
 * off with 4413 and its subscription leaves the hub; a connection whose token expires is closed
 * with 4403 at that moment. And shared delivery: identical subscriptions of one subject share a
 * message, other viewers still get exactly what their rights allow, and every delivered read of
 * restricted details is recorded.
 */
import type { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { loadConfig } from '../../../src/config/config';
import { startServer, type RunningServer } from '../../../src/graphql/server';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { appendEvent } from '../../../src/modules/events/event-log';
import { SLOW_CONSUMER_CLOSE_CODE, TOKEN_EXPIRED_CLOSE_CODE } from '../../../src/modules/events/subscriptions';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { connect, sleep, subscribe, waitFor } from '../../support/subscription-client';
import { createDeveloper, createDisclosure, createFinding, createModel, createModelVersion, type NodeRow } from '../../support/factories';

jest.setTimeout(30_000);

const BUFFER_LIMIT = 3;
let tdb: TestDatabase;
let db: DataSource;
let server: RunningServer;
let wsUrl: string;
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', SUBSCRIPTION_BUFFER_LIMIT: String(BUFFER_LIMIT), AUTH_CLOCK_SKEW_SECONDS: '0' });
let finding: NodeRow;

async function latestCursor(): Promise<string> {
  const [row] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  return row.seq;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  const dev = await createDeveloper(db);
  const version = await createModelVersion(db, { model_id: (await createModel(db, { developer_id: dev.id })).id });
  finding = await createFinding(db, { developer_id: dev.id }, { affectedVersionIds: [version.id], level: 'HIGH', restrictedDetails: { prompts: 'SHARED-SECRET-MARKER' } });
  // Publicly disclosed: anonymous subscribers receive events about it (docs/access-control.md).
  await createDisclosure(db, { finding_id: finding.id, audience: 'PUBLIC' });
  server = await startServer(config, db);
  wsUrl = `ws://127.0.0.1:${server.port}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await tdb?.destroy();
});

/** A bare graphql-transport-ws client, so the test can stop reading from its TCP socket. */
async function rawClient(): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }>; received: () => number }> {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
  let received = 0;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') resolve();
      if (message.type === 'next') received += 1;
    });
    ws.once('error', reject);
  });
  return { ws, closed, received: () => received };
}

test('a client that stops reading is closed with 4413 once its buffer is full, and its subscription is disposed', async () => {
  const before = server.eventHub.subscriberCount;
  const client = await rawClient();
  client.ws.send(
    JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { registryEvents(filter: { type: ["TEST_BLOB"] }) { cursor event { payload } } }' } }),
  );
  await waitFor(() => server.eventHub.subscriberCount === before + 1, 2_000);
  const blob = 'x'.repeat(100_000);
  const emitOne = () =>
    db.transaction((m) => appendEvent(m, { actor: 'test', type: 'TEST_BLOB', subjectType: 'Finding', subjectId: finding.id, payload: { blob } }));
  // While the client reads, one event at a time never fills the buffer.
  for (let i = 0; i < 2 * BUFFER_LIMIT; i++) {
    await emitOne();
    await sleep(20);
  }
  await waitFor(() => client.received() === 2 * BUFFER_LIMIT, 2_000);
  expect(server.eventHub.subscriberCount).toBe(before + 1);
  // The client stops reading its socket: once the kernel's buffers are full, the server's sends
  // stop completing and messages pile up in the subscription's buffer.
  const tcp = (client.ws as unknown as { _socket: import('node:net').Socket })._socket;
  tcp.pause();
  let emitted = 0;
  while (emitted < 500 && server.eventHub.subscriberCount > before) {
    await emitOne();
    emitted += 1;
    await sleep(5);
  }
  // The subscription left the hub: nothing more is buffered for this connection.
  await waitFor(() => server.eventHub.subscriberCount === before, 5_000, () => 'the slow subscription to leave the hub');
  tcp.resume(); // read what was sent, up to the close frame (within the 2 s before the server terminates)
  const { code, reason } = await client.closed;
  expect(code).toBe(SLOW_CONSUMER_CLOSE_CODE);
  expect(reason).toBe(`Subscriber too slow: more than ${BUFFER_LIMIT} messages waiting. Resume with since.`);
  expect(emitted).toBeGreaterThan(BUFFER_LIMIT); // it took a full kernel buffer, not one burst
  expect(client.received()).toBeGreaterThan(2 * BUFFER_LIMIT);
  expect(client.received()).toBeLessThan(2 * BUFFER_LIMIT + emitted);
  expect(server.eventHub.subscriberCount).toBe(before);
});

test('a connection is closed with 4403 when its token expires, and its subscriptions leave the hub', async () => {
  const before = server.eventHub.subscriberCount;
  const token = await mintDevToken(config.auth, { subject: 'short-lived', roles: ['ANALYST'], expiresInSeconds: 2 });
  let closed: { code: number; reason: string } | null = null;
  const client = connect(wsUrl, { connectionParams: { authorization: `Bearer ${token}` }, onClosed: (code, reason) => (closed = { code, reason }) });
  const sub = subscribe(client, 'subscription($since: String) { registryEvents(since: $since) { cursor } }', { since: await latestCursor() });
  await waitFor(() => server.eventHub.subscriberCount === before + 1, 2_000);
  await db.transaction((m) => appendEvent(m, { actor: 'test', type: 'TEST_PING', subjectType: 'Finding', subjectId: finding.id, payload: {} }));
  await sub.take(1); // served while the token is valid
  const openedAt = Date.now();
  await waitFor(() => closed !== null, 4_000, () => 'the connection to close at expiry');
  expect(Date.now() - openedAt).toBeLessThan(3_000);
  expect(closed).toEqual({ code: TOKEN_EXPIRED_CLOSE_CODE, reason: 'Token expired: reconnect with a fresh token and resume with since.' });
  await waitFor(() => server.eventHub.subscriberCount === before, 2_000);
  await client.dispose();
});

test('an already expired token is refused at connection_init (4403 Forbidden)', async () => {
  const token = await mintDevToken(config.auth, { subject: 'expired', roles: ['ANALYST'], expiresInSeconds: -5 });
  let closed: { code: number; reason: string } | null = null;
  const client = connect(wsUrl, { connectionParams: { authorization: `Bearer ${token}` }, onClosed: (code, reason) => (closed = { code, reason }) });
  await waitFor(() => closed !== null, 2_000);
  expect(closed).toEqual({ code: 4403, reason: 'Forbidden' });
  await client.dispose();
});

test('identical subscriptions share messages; restricted details still follow each viewer, and each delivered read is recorded', async () => {
  const query = `subscription($since: String, $id: [ID!]) {
    findingChanges(since: $since, filter: { findingId: $id }) { cursor finding { restrictedDetails { prompts } } }
  }`;
  const since = await latestCursor();
  const regulator = await mintDevToken(config.auth, { subject: 'reg-shared', roles: ['REGULATOR'] });
  const agency = await mintDevToken(config.auth, { subject: 'agency-shared', roles: ['PARTNER_AGENCY'] });
  const clients = [regulator, regulator, agency, agency].map((t) => connect(wsUrl, { connectionParams: { authorization: `Bearer ${t}` } }));
  clients.push(connect(wsUrl)); // anonymous
  const subs = clients.map((c) => subscribe(c, query, { since, id: [finding.globalId] }));
  const changes = await db.transaction(async (m) => [
    await appendEvent(m, { actor: 'test', type: 'FINDING_STATUS_CHANGED', subjectType: 'Finding', subjectId: finding.id, payload: { publicId: finding.public_id, from: 'REPORTED', to: 'TRIAGED' } }),
    await appendEvent(m, { actor: 'test', type: 'FINDING_STATUS_CHANGED', subjectType: 'Finding', subjectId: finding.id, payload: { publicId: finding.public_id, from: 'TRIAGED', to: 'MITIGATING' } }),
  ]);
  const got = await Promise.all(subs.map((s) => s.take(2)));
  const details = got.map((messages) => messages.map((m) => m.finding.restrictedDetails?.prompts ?? null));
  expect(details).toEqual([
    ['SHARED-SECRET-MARKER', 'SHARED-SECRET-MARKER'],
    ['SHARED-SECRET-MARKER', 'SHARED-SECRET-MARKER'],
    [null, null],
    [null, null],
    [null, null],
  ]);
  expect(got.every((messages) => messages.map((m) => m.cursor).join() === changes.map((e) => e.seq).join())).toBe(true);
  // Every message that carried the details to the regulator was recorded (not only the first).
  const reads: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM events WHERE type = 'RESTRICTED_DETAILS_READ' AND actor = 'reg-shared' AND subject_id = $1`,
    [finding.id],
  );
  expect(reads[0]!.n).toBeGreaterThanOrEqual(2);
  await Promise.all(clients.map((c) => c.dispose()));
});
