/**
 * Issue 18: one structured log line per request (request id, operation name and type, status,
 * duration, error codes, viewer roles) — and never a token, a variable or a restricted detail.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { startServer, type RunningServer } from '../../../src/graphql/server';
import { createLogger, prettyLine } from '../../../src/infra/logger';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { toGlobalId } from '../../../src/graphql/global-id';
import { createAccessWorld, postGraphQL, type AccessWorld } from '../../support/access-fixture';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: RunningServer;
let url: string;
const lines: string[] = [];
const config = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1' });

/** Every log line written so far, parsed. */
const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const requestLines = () => entries().filter((e) => e.msg === 'request');

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
  url = `http://127.0.0.1:${server.port}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

/** Waits for the `finish` of the last response (the log line is written then). */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}

test('a request id from the client is kept, returned and logged; an insane one is replaced', async () => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc.123' },
    body: JSON.stringify({ query: 'query Ping { __typename }' }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('req-abc.123');

  for (const bad of ['has space', 'x'.repeat(129), 'new\u00e9line', '']) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': bad },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const id = r.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toBe(bad);
  }
  await settle();
  const line = requestLines().find((e) => e.requestId === 'req-abc.123');
  expect(line).toMatchObject({ component: 'http', method: 'POST', path: '/graphql', status: 200, operation: 'Ping', operationType: 'query', errors: null, roles: [] });
  expect(typeof line!.durationMs).toBe('number');
  expect(line!.durationMs as number).toBeGreaterThanOrEqual(0);
});

test('roles, error codes and the operation type are logged; tokens, variables and restricted details never', async () => {
  const token = await mintDevToken(config.auth, { subject: 'user-regulator-log', organizationId: world.agency.id, roles: ['REGULATOR'] });
  const secretVariable = `SECRET-VARIABLE-${randomUUID()}`;
  const requestId = `log-${randomUUID()}`;
  // A regulator reads restricted details (the markers are in the response, never in the log).
  const read = await postGraphQL(
    url,
    {
      query: `query ReadDetails($id: ID!, $note: String) {
        finding(id: $id) { publicId title(note: $note) restrictedDetails { prompts reproductionSteps notes } }
      }`,
      variables: { id: toGlobalId('Finding', world.findingA.id), note: secretVariable },
    },
    token,
    { 'x-request-id': requestId },
  );
  // `title` takes no argument: a validation error, whose code is logged. Then the same read without it.
  expect(read.status).toBe(400);
  const ok = await postGraphQL(
    url,
    {
      query: 'query ReadDetails($id: ID!, $note: String!) { finding(id: $id) { publicId restrictedDetails { prompts reproductionSteps notes } } t: __type(name: $note) { name } }',
      variables: { id: toGlobalId('Finding', world.findingA.id), note: secretVariable },
    },
    token,
    { 'x-request-id': `${requestId}-ok` },
  );
  expect(ok.status).toBe(200);
  for (const marker of world.markersOf.get(world.findingA.id)!) expect(ok.text).toContain(marker);
  // A mutation with a bad token: 401, no roles.
  const bad = await postGraphQL(url, { query: 'mutation M { __typename }', variables: { x: secretVariable } }, `${token}x`, { 'x-request-id': `${requestId}-bad` });
  expect(bad.status).toBe(401);
  await settle();

  const output = lines.join('\n');
  expect(output).not.toContain(token);
  expect(output).not.toContain(token.split('.')[2]!); // not even the signature
  expect(output).not.toContain(secretVariable);
  for (const marker of world.markers) expect(output).not.toContain(marker);
  expect(output).not.toMatch(/restrictedDetails|reproductionSteps/); // no documents either

  const failed = requestLines().find((e) => e.requestId === requestId);
  expect(failed).toMatchObject({ status: 400, roles: ['REGULATOR'], errors: ['GRAPHQL_VALIDATION_FAILED'] });
  const read2 = requestLines().find((e) => e.requestId === `${requestId}-ok`);
  expect(read2).toMatchObject({ status: 200, operation: 'ReadDetails', operationType: 'query', roles: ['REGULATOR'], errors: null });
  const unauthenticated = requestLines().find((e) => e.requestId === `${requestId}-bad`);
  expect(unauthenticated).toMatchObject({ status: 401, roles: null });
});

test('the query string of a GET request (variables) is not logged', async () => {
  const secret = `SECRET-GET-${randomUUID()}`;
  const q = new URLSearchParams({ query: 'query G($s: String!) { __type(name: $s) { name } }', variables: JSON.stringify({ s: secret }) });
  const res = await fetch(`${url}?${q}`, { headers: { 'apollo-require-preflight': '1', 'x-request-id': 'get-1' } });
  expect(res.status).toBe(200);
  await settle();
  expect(lines.join('\n')).not.toContain(secret);
  expect(requestLines().find((e) => e.requestId === 'get-1')).toMatchObject({ method: 'GET', path: '/graphql', operation: 'G' });
});

test('a client that goes away mid-request is logged with status 499', async () => {
  const socket = net.connect(server.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Request-Id: gone-1\r\nContent-Length: 100\r\n\r\n{"query":');
  await new Promise((r) => setTimeout(r, 100));
  socket.destroy();
  await settle();
  expect(requestLines().find((e) => e.requestId === 'gone-1')).toMatchObject({ method: 'POST', path: '/graphql', status: 499 });
});

test('probes are logged at debug level, other paths at info', async () => {
  await fetch(`http://127.0.0.1:${server.port}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
  await settle();
  const probe = requestLines().find((e) => e.requestId === 'probe-1');
  expect(probe).toMatchObject({ level: 20, path: '/healthz', status: 200 });
  expect(probe).not.toHaveProperty('roles');
});

test('the development format is one readable line per entry', () => {
  const line = prettyLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 2, 3, 4, 5, 6), pid: 1, component: 'http', msg: 'request', status: 503, errors: null, roles: ['ANALYST'] }));
  expect(line).toBe('03:04:05.006 WARN  [http] request  status=503 roles=["ANALYST"]\n');
});
