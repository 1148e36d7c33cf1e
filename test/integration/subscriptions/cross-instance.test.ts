/**
 * Two registry processes (`tsx src/main.ts`) on one database: live fan-out through LISTEN/NOTIFY,
 * resuming from a cursor, surviving a killed listening connection, never delivering rolled-back
 * events, and refusing bad tokens.
 */
import type { DataSource } from 'typeorm';
import { appendEvent } from '../../../src/modules/events/event-log';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { connect, sleep, subscribe, waitFor } from '../../support/subscription-client';
import { createDeveloper, createDisclosure, createFinding } from '../../support/factories';

const FEED = `subscription Feed($since: String, $filter: RegistryEventStreamFilter) {
  registryEvents(since: $since, filter: $filter) { cursor event { sequence type subjectType payload } }
}`;

jest.setTimeout(30_000);

let tdb: TestDatabase;
let db: DataSource;
let a: ServerProcess;
let b: ServerProcess;
let findingId: string;

async function latestCursor(): Promise<string> {
  const [row] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  return row.seq;
}

/** Appends events in one committed transaction; returns their sequences. */
async function emit(count: number, type = 'TEST_PING'): Promise<string[]> {
  return db.transaction(async (m) => {
    const seqs: string[] = [];
    for (let i = 0; i < count; i++) {
      const e = await appendEvent(m, { actor: 'test', type, subjectType: 'Finding', subjectId: findingId, payload: { i } });
      seqs.push(e.seq);
    }
    return seqs;
  });
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  const dev = await createDeveloper(db);
  findingId = (await createFinding(db, { developer_id: dev.id })).id;
  // Publicly disclosed: anonymous subscribers receive events about it (docs/access-control.md).
  await createDisclosure(db, { finding_id: findingId, audience: 'PUBLIC' });
  [a, b] = await Promise.all([startServerProcess(tdb.url), startServerProcess(tdb.url)]);
}, 60_000);

afterAll(async () => {
  const codes = await Promise.all([a?.stop(), b?.stop()]);
  await tdb?.destroy();
  // A clean shutdown exits 0: the listener and the sockets closed without being forced.
  expect(codes).toEqual([0, 0]);
});

test('a change committed through one instance reaches subscribers of both instances within a second', async () => {
  const since = await latestCursor();
  const clientA = connect(a.wsUrl);
  const clientB = connect(b.wsUrl);
  const subA = subscribe(clientA, FEED, { since });
  const subB = subscribe(clientB, FEED, { since });
  await sleep(300); // both subscriptions registered and live

  const committedAt = Date.now();
  const [seq] = await emit(1);
  const [[mA], [mB]] = await Promise.all([subA.take(1, 1_000), subB.take(1, 1_000)]);
  expect(Date.now() - committedAt).toBeLessThan(1_000);
  expect(mA.cursor).toBe(seq);
  expect(mB.cursor).toBe(seq);
  expect(mB.event).toMatchObject({ sequence: seq, type: 'TEST_PING', subjectType: 'Finding' });
  await Promise.all([clientA.dispose(), clientB.dispose()]);
});

test('a subscriber that disconnects and resumes from its last cursor on the other instance gets exactly the events it missed', async () => {
  const since = await latestCursor();
  const first = connect(a.wsUrl);
  const sub1 = subscribe(first, FEED, { since, filter: { type: ['TEST_PING'] } });
  const before = await emit(2);
  const got = await sub1.take(2);
  expect(got.map((m) => m.cursor)).toEqual(before);
  await first.dispose();

  // Missed while away: 3 matching events and one of another type.
  const missed = await emit(3);
  await emit(1, 'TEST_OTHER');

  const second = connect(b.wsUrl);
  const sub2 = subscribe(second, FEED, { since: got[1].cursor, filter: { type: ['TEST_PING'] } });
  const replayed = await sub2.take(3);
  expect(replayed.map((m) => m.cursor)).toEqual(missed);

  const live = await emit(1);
  await waitFor(() => sub2.messages.length >= 4, 2_000);
  await sleep(200);
  expect(sub2.messages.map((m) => m.cursor)).toEqual([...missed, ...live]); // no gap, no duplicate
  await second.dispose();
});

test('killing the listening connection loses nothing: the instance reconnects and catches up from the log', async () => {
  const since = await latestCursor();
  const client = connect(b.wsUrl);
  const sub = subscribe(client, FEED, { since, filter: { type: ['TEST_PING'] } });
  await sleep(300);

  const beforeKill = await emit(2);
  const [{ killed }] = await db.query(
    `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'msr-event-listener'`,
  );
  expect(killed).toBe(2); // one listener per instance
  const whileDown = await emit(3); // committed while the listeners reconnect
  await sleep(50);
  const after = await emit(2);

  const all = [...beforeKill, ...whileDown, ...after];
  await sub.take(all.length, 10_000).catch((err) => {
    throw new Error(`${err.message}\ngot ${JSON.stringify(sub.messages.map((m) => m.cursor))} of ${JSON.stringify(all)}\n${b.output()}`);
  });
  await sleep(200);
  expect(sub.messages.map((m) => m.cursor)).toEqual(all);
  await waitFor(() => /listening again/.test(b.output()), 5_000);
  await client.dispose();
});

test('events of a rolled-back transaction are never delivered', async () => {
  const since = await latestCursor();
  const client = connect(a.wsUrl);
  const sub = subscribe(client, FEED, { since, filter: { type: ['TEST_ROLLBACK', 'TEST_PING'] } });
  await sleep(200);

  await expect(
    db.transaction(async (m) => {
      await appendEvent(m, { actor: 'test', type: 'TEST_ROLLBACK', subjectType: 'Finding', subjectId: findingId, payload: {} });
      throw new Error('abort');
    }),
  ).rejects.toThrow('abort');
  const [committed] = await emit(1);

  await sub.take(1);
  await sleep(300);
  expect(sub.messages.map((m) => [m.cursor, m.event.type])).toEqual([[committed, 'TEST_PING']]);
  await client.dispose();
});

test('a bad token closes the connection with 4403', async () => {
  let closed: [number, string] | null = null;
  const client = connect(a.wsUrl, {
    connectionParams: { authorization: 'Bearer not-a-jwt' },
    onClosed: (code, reason) => (closed = [code, reason]),
  });
  const sub = subscribe(client, FEED, {});
  await waitFor(() => closed !== null, 5_000);
  expect(closed![0]).toBe(4403);
  expect(sub.messages).toEqual([]);
  await client.dispose();
});

test('a bad cursor or an unknown argument fails that subscription only; the connection keeps serving others', async () => {
  const since = await latestCursor();
  const client = connect(a.wsUrl);
  const good = subscribe(client, FEED, { since, filter: { type: ['TEST_PING'] } });
  const badCursor = subscribe(client, FEED, { since: 'abc' });
  const pastEnd = subscribe(client, FEED, { since: '999999999' });
  const unknownArg = subscribe(client, 'subscription { registryEvents(after: "1") { cursor } }');

  const [e1, e2, e3] = await Promise.all([badCursor.error(), pastEnd.error(), unknownArg.error()]);
  expect(JSON.stringify(e1)).toContain('BAD_USER_INPUT');
  expect(JSON.stringify(e1)).toContain('since');
  expect(JSON.stringify(e2)).toContain('past the end');
  expect(JSON.stringify(e3)).toContain('Unknown argument');

  const [seq] = await emit(1);
  const [m] = await good.take(1);
  expect(m.cursor).toBe(seq);
  await client.dispose();
});
