/**
 * Issue 18: OpenTelemetry traces over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT is set —
 * spans for the HTTP request, the GraphQL operation and the pg queries reach a receiver, without
 * tokens or variables — and no SDK loaded at all when it is not set.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { loadConfig } from '../../../src/config/config';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}
interface Received {
  scope: string;
  service: string | undefined;
  span: OtlpSpan;
}

let testDb: TestDatabase;
let receiver: http.Server;
let receiverUrl: string;
const bodies: string[] = [];
const received: Received[] = [];

beforeAll(async () => {
  testDb = await createTestDataSource();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') {
        bodies.push(body);
        const parsed = JSON.parse(body) as {
          resourceSpans: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
        };
        for (const rs of parsed.resourceSpans) {
          const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
          for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push({ scope: ss.scope.name, service, span });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await testDb?.destroy();
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; spans received: ${received.map((r) => `${r.scope}:${r.span.name}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('spans of the HTTP request, the GraphQL operation and pg queries arrive, without tokens or variables', async () => {
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(testDb.url, { OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl, OTEL_SERVICE_NAME: 'msr-trace-test' }, 45_000);
    expect(server.output()).toMatch(/tracing: spans exported over OTLP\/HTTP to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);
    const token = await mintDevToken(loadConfig({ NODE_ENV: 'test' }).auth, { subject: 'trace-user', organizationId: null, roles: ['ANALYST'] });
    const secret = `SECRET-TRACE-${randomUUID()}`;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query TracedModels($s: String!) { modelVersions(first: 3) { totalCount } t: __type(name: $s) { name } x: __type(name: "${secret}-literal") { name } }`,
        variables: { s: secret },
      }),
    });
    expect(res.status).toBe(200);
    const get = new URLSearchParams({ query: 'query G($s: String!) { __type(name: $s) { name } }', variables: JSON.stringify({ s: secret }) });
    expect((await fetch(`${server.url}?${get}`, { headers: { 'apollo-require-preflight': '1' } })).status).toBe(200);

    // One trace holds the HTTP request's server span, the GraphQL operation and its SQL.
    const oneTrace = () => {
      const servers = received.filter((r) => r.scope.includes('instrumentation-http') && r.span.kind === 2);
      return servers.find(
        (h) =>
          received.some((r) => r.scope.includes('instrumentation-graphql') && r.span.traceId === h.span.traceId && /TracedModels/.test(JSON.stringify(r.span))) &&
          received.some((r) => r.scope.includes('instrumentation-pg') && r.span.traceId === h.span.traceId && /model_versions/.test(JSON.stringify(r.span))),
      );
    };
    await waitFor(() => oneTrace() !== undefined, 15_000);
    expect(oneTrace()!.service).toBe('msr-trace-test');
    // Probes are not traced (the spans still buffered are flushed at shutdown).
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(bodies.join('\n')).not.toContain('/healthz');

    const all = bodies.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(secret); // neither the variable, the literal nor the GET query string
  } finally {
    const code = await server?.stop();
    expect(code).toBe(0);
  }
}, 90_000);

test('without an OTLP endpoint no OpenTelemetry SDK is loaded', () => {
  const probe = `require('./src/infra/tracing');
    const loaded = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry'));
    process.stdout.write(JSON.stringify(loaded));`;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test' };
  const off = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  expect(off.status).toBe(0);
  expect(JSON.parse(off.stdout)).toEqual([]);
  const on = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], {
    cwd: ROOT,
    env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(on.status).toBe(0);
  expect((JSON.parse(on.stdout) as string[]).some((k) => k.includes('sdk-trace-node'))).toBe(true);
}, 60_000);
