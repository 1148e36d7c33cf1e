/**
 * `GET /dev/tokens`: in development it answers with one short-lived token per role, bound to the
 * demo organizations, and the tokens work (a REGULATOR token reads restricted details); with a
 * production-like configuration (or in tests by default) the path does not exist (404, never the
 * explorer's HTML). `DEV_TOKENS` asked for where it cannot be stops start-up.
 */
import type { DataSource } from 'typeorm';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../../src/config/config';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startHttpServer, type HttpServerHandle } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { productionEnv } from '../../support/production-env';

let tdb: TestDatabase;
let db: DataSource;
const servers: HttpServerHandle[] = [];

async function serve(env: Record<string, string>): Promise<HttpServerHandle> {
  const server = await startHttpServer(db, env);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await tdb?.destroy();
});

interface DemoToken {
  role: string;
  subject: string;
  organizationId: string | null;
  organizationName: string;
  token: string;
  expiresAt: string;
}

async function graphql(url: string, token: string, query: string): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('GET /dev/tokens in development', () => {
  let server: HttpServerHandle;
  let tokens: DemoToken[];

  beforeAll(async () => {
    server = await serve({ NODE_ENV: 'development' });
    const res = await fetch(`${server.baseUrl}/dev/tokens`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    tokens = ((await res.json()) as { tokens: DemoToken[] }).tokens;
  });

  test('answers with one token per role, each bound to its demo organization', async () => {
    expect(tokens.map((t) => t.role).sort()).toEqual(['ANALYST', 'AUDITOR', 'DEVELOPER', 'PARTNER_AGENCY', 'REGULATOR']);
    const orgOf = Object.fromEntries(tokens.map((t) => [t.role, t.organizationName]));
    expect(orgOf).toEqual({
      REGULATOR: 'Office of AI Security',
      ANALYST: 'Office of AI Security',
      AUDITOR: 'Sentinel Assurance',
      DEVELOPER: 'Northwind AI',
      PARTNER_AGENCY: 'Federal AI Safety Office',
    });
    for (const t of tokens) {
      const [row] = await db.query('SELECT id::text AS id FROM organizations WHERE name = $1', [t.organizationName]);
      expect(t.organizationId).toBe(row.id);
      const claims = JSON.parse(Buffer.from(t.token.split('.')[1]!, 'base64url').toString('utf8'));
      expect(claims).toMatchObject({ roles: [t.role], org: row.id, sub: t.subject });
      // Short-lived: one hour.
      expect(claims.exp - claims.iat).toBe(3600);
      expect(Date.parse(t.expiresAt)).toBe(claims.exp * 1000);
    }
  });

  test('a REGULATOR token from it reads restricted details; a PARTNER_AGENCY token does not', async () => {
    const query = `{ findings(first: 100) { edges { node { publicId restrictedDetails { prompts } } } } }`;
    const regulator = tokens.find((t) => t.role === 'REGULATOR')!;
    const asRegulator = await graphql(server.url, regulator.token, query);
    expect(asRegulator.errors).toBeUndefined();
    const withDetails = asRegulator.data.findings.edges.filter((e: any) => e.node.restrictedDetails !== null);
    expect(withDetails.length).toBeGreaterThan(0);

    const partner = tokens.find((t) => t.role === 'PARTNER_AGENCY')!;
    const asPartner = await graphql(server.url, partner.token, query);
    expect(asPartner.errors).toBeUndefined();
    expect(asPartner.data.findings.edges.every((e: any) => e.node.restrictedDetails === null)).toBe(true);
  });
});

describe('GET /dev/tokens elsewhere', () => {
  test.each([
    ['production-like config', productionEnv({ AUTH_JWT_SECRET: 'a-production-secret-of-at-least-32-characters' })],
    ['production without any secret', productionEnv()],
    ['tests by default', { NODE_ENV: 'test' }],
    ['development with another secret', { NODE_ENV: 'development', AUTH_JWT_SECRET: 'another-secret-of-at-least-32-characters!' }],
    ['development with DEV_TOKENS=0', { NODE_ENV: 'development', DEV_TOKENS: '0' }],
  ])('is 404 with %s (never the explorer page)', async (_label, env) => {
    const server = await serve(env);
    const res = await fetch(`${server.baseUrl}/dev/tokens`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type') ?? '').not.toContain('application/json');
    expect(await res.text()).not.toMatch(/id="root"|"token"/);
  });

  test('DEV_TOKENS=1 enables it outside development (tests) with the development secret', () => {
    expect(loadConfig({ NODE_ENV: 'test', DEV_TOKENS: '1' }).devTokens).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).devTokens).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).devTokens).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', AUTH_JWT_SECRET: DEV_JWT_SECRET }).devTokens).toBe(true);
  });

  test('DEV_TOKENS=1 in production or with another secret stops start-up naming the variable', () => {
    expect(() => loadConfig(productionEnv({ DEV_TOKENS: '1' }))).toThrow(ConfigError);
    expect(() => loadConfig(productionEnv({ DEV_TOKENS: '1' }))).toThrow(/DEV_TOKENS/);
    expect(() => loadConfig({ NODE_ENV: 'development', DEV_TOKENS: 'yes', AUTH_JWT_SECRET: 'another-secret-of-at-least-32-characters!' })).toThrow(/DEV_TOKENS/);
    expect(() => loadConfig({ NODE_ENV: 'development', DEV_TOKENS: 'maybe' })).toThrow(/DEV_TOKENS/);
  });
});
