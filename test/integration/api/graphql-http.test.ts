/**
 * `POST /graphql` with JSON goes from node:http straight to Apollo (src/graphql/graphql-http.ts);
 * everything else on /graphql still goes through Express. Both paths must answer alike: the
 * same limits and messages, request ids, CORS, and no crash when a client misbehaves.
 */
import net from 'node:net';
import type { DataSource } from 'typeorm';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { startAccessServer, type AccessServer } from '../../support/access-fixture';

let testDb: TestDatabase;
let db: DataSource;
let server: AccessServer;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  server = await startAccessServer(db, { MAX_BODY_BYTES: '4096', CORS_ORIGINS: 'https://explorer.example' });
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** Sends raw bytes on a socket and returns what came back before the server closed or `ms` passed. */
function rawExchange(payload: string, ms = 1500, endAfterWrite = false): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('error', () => undefined);
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.on('close', done);
    setTimeout(done, ms);
    socket.write(payload, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

describe('POST /graphql with JSON (the node:http path)', () => {
  test('answers with Apollo’s result, a Content-Length and the request id', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'fast-path-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
    expect(res.headers.get('x-request-id')).toBe('fast-path-1');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });

  test('a body over MAX_BODY_BYTES is refused with 413, declared or streamed', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(5000) } });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ errors: [{ message: 'Request body too large.', extensions: { code: 'BAD_REQUEST' } }] });
    // Chunked: no Content-Length, the limit is found while reading.
    const chunks = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${(2 * big.length).toString(16)}\r\n${big}${big}\r\n0\r\n\r\n`;
    const answer = await rawExchange(chunks, 3000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request body too large.');
  });

  test('malformed JSON and JSON that is not an object or array get 400 with no internals', async () => {
    for (const body of ['{ "query": ', '"just a string"', '42', 'null']) {
      const res = await post(body);
      const text = await res.text();
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(JSON.parse(text)).toEqual({ errors: [{ message: 'Malformed request body.', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  test('an empty JSON body is Apollo’s 400, not a crash', async () => {
    const res = await post('');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors?: { message?: string }[] }).errors?.[0]?.message).toBeTruthy();
  });

  test('CORS: an allowed origin gets its header and Vary: Origin; another gets neither header', async () => {
    const allowed = await post(JSON.stringify({ query: '{ __typename }' }), { origin: 'https://explorer.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://explorer.example');
    expect(allowed.headers.get('vary')).toMatch(/origin/i);
    const other = await post(JSON.stringify({ query: '{ __typename }' }), { origin: 'https://evil.example' });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a client that goes away mid-body leaves the server answering', async () => {
    const partial = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"{ __typ`;
    await rawExchange(partial, 200, true);
    const res = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(res.status).toBe(200);
  });
});

describe('the rest of /graphql (through Express)', () => {
  test('another charset is refused as unsupported, never a 5xx', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json; charset=latin1' });
    expect(res.status).toBe(415);
  });

  test('a compressed body is inflated as before', async () => {
    const { gzipSync } = await import('node:zlib');
    const res = await post(gzipSync(JSON.stringify({ query: '{ __typename }' })), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  test('GET with a query still works, with the request id', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true', 'x-request-id': 'get-path-1' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
    expect(res.headers.get('x-request-id')).toBe('get-path-1');
  });
});
