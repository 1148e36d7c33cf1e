/**
 * Issue 18: operations over WebSocket get log lines too — one `ws operation` line when each
 * operation ends (completed, refused or failed) and one `ws connection` line when the connection
 * closes, with the upgrade request's id — and never a token, a variable or a document. Queries
 * over WebSocket are counted in the request metrics like HTTP ones.
 */
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { startServer, type RunningServer } from '../../../src/graphql/server';
import { createLogger } from '../../../src/infra/logger';
import { registry } from '../../../src/infra/metrics';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { createAccessWorld, type AccessWorld } from '../../support/access-fixture';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { waitFor } from '../../support/subscription-client';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: RunningServer;
let wsUrl: string;
const lines: string[] = [];
const config = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1' });
const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(line);
      done();
    },
  });
  server = await startServer(config, db, { logger: createLogger({ level: 'debug', format: 'json' }, sink) });
  wsUrl = `ws://127.0.0.1:${server.port}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

interface Message {
  id?: string;
  type: string;
  payload?: unknown;
}

/** A bare graphql-transport-ws client: the test controls ids, headers and the order of messages. */
async function open(headers: Record<string, string>, connectionParams: Record<string, unknown>) {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { headers });
  const received: Message[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Message;
      received.push(m);
      if (m.type === 'connection_ack') resolve();
    });
    ws.once('error', reject);
  });
  const send = (m: Message) => ws.send(JSON.stringify(m));
  const until = (id: string, type: string) => waitFor(() => received.some((m) => m.id === id && m.type === type), 10_000, () => `${type} for ${id}`);
  return { ws, received, closed, send, until };
}

test('each operation over WebSocket ends in one log line, the connection in another; no token, variable or document', async () => {
  const token = await mintDevToken(config.auth, { subject: 'user-ws-log', organizationId: world.agency.id, roles: ['REGULATOR'] });
  const before = (await registry.getSingleMetricAsString('msr_graphql_request_duration_seconds')).match(/_count\{[^}]*operation="WsPing"[^}]*\} (\d+)/)?.[1] ?? '0';
  const c = await open({ 'x-request-id': 'ws-req-42' }, { authorization: `Bearer ${token}` });

  // A query: completes.
  c.send({ id: 'q1', type: 'subscribe', payload: { query: 'query WsPing($id: ID!) { node(id: $id) { id } }', operationName: 'WsPing', variables: { id: 'VARIABLE-MARKER' } } });
  await c.until('q1', 'complete');
  // A document that does not validate: refused.
  c.send({ id: 'bad', type: 'subscribe', payload: { query: '{ noSuchField }' } });
  await c.until('bad', 'error');
  // A subscription: runs until the client completes it.
  c.send({ id: 's1', type: 'subscribe', payload: { query: 'subscription WsLive { registryEvents { cursor } }', operationName: 'WsLive' } });
  await new Promise((r) => setTimeout(r, 200));
  c.send({ id: 's1', type: 'complete' });
  await waitFor(() => entries().some((e) => e.msg === 'ws operation' && e.operationId === 's1'), 10_000, () => 'the subscription line');
  // A subscription still running when the connection closes.
  c.send({ id: 's2', type: 'subscribe', payload: { query: 'subscription { registryEvents { cursor } }' } });
  await new Promise((r) => setTimeout(r, 200));
  c.ws.close(1000);
  expect(await c.closed).toBe(1000);
  await waitFor(() => entries().some((e) => e.msg === 'ws connection' && e.requestId === 'ws-req-42'), 10_000, () => 'the connection line');

  const ops = entries().filter((e) => e.msg === 'ws operation' && e.requestId === 'ws-req-42');
  const byId = new Map(ops.map((e) => [e.operationId, e]));
  expect(ops).toHaveLength(4);
  expect(byId.get('q1')).toMatchObject({ component: 'ws', operation: 'WsPing', operationType: 'query', outcome: 'completed', messages: 1, roles: ['REGULATOR'] });
  // The answer's error codes (a malformed id), never its message or the variable.
  const answer = c.received.find((m) => m.id === 'q1' && m.type === 'next') as { payload: { errors?: { extensions: { code: string } }[] } };
  expect(byId.get('q1')!.errors).toEqual(answer.payload.errors?.map((e) => e.extensions.code) ?? null);
  expect(byId.get('bad')).toMatchObject({ operation: null, operationType: null, outcome: 'refused', messages: 0, errors: ['GRAPHQL_VALIDATION_FAILED'] });
  expect(byId.get('s1')).toMatchObject({ operation: 'WsLive', operationType: 'subscription', outcome: 'completed' });
  expect(byId.get('s2')).toMatchObject({ operationType: 'subscription' });
  expect(['completed', 'connection closed']).toContain(byId.get('s2')!.outcome);
  for (const e of ops) expect(typeof e.durationMs).toBe('number');
  expect(entries().find((e) => e.msg === 'ws connection' && e.requestId === 'ws-req-42')).toMatchObject({ component: 'ws', closeCode: 1000, operations: 4, roles: ['REGULATOR'] });

  const all = lines.join('\n');
  expect(all).not.toContain(token);
  expect(all).not.toContain('VARIABLE-MARKER');
  expect(all).not.toContain('noSuchField');
  expect(all).not.toContain('registryEvents');

  const after = (await registry.getSingleMetricAsString('msr_graphql_request_duration_seconds')).match(/_count\{[^}]*operation="WsPing"[^}]*\} (\d+)/)?.[1];
  expect(Number(after)).toBe(Number(before) + 1);
});

test('a connection without a sane request id gets a generated one', async () => {
  const seen = entries().filter((e) => e.msg === 'ws connection').length;
  const c = await open({ 'x-request-id': 'has space' }, {});
  c.ws.close(1000);
  await c.closed;
  await waitFor(() => entries().filter((e) => e.msg === 'ws connection').length > seen, 10_000, () => 'the second connection line');
  const line = entries().filter((e) => e.msg === 'ws connection').at(-1)!;
  expect(line.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(line).toMatchObject({ operations: 0, roles: [] });
});
