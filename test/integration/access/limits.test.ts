/**
 * API hardening over real HTTP: authentication failures, depth/cost limits with variables, the
 * per-token cost budget, input limits, introspection and masking settings, CSRF and CORS.
 */
import type { DataSource } from 'typeorm';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createAccessWorld, postGraphQL, startAccessServer, type AccessServer, type AccessWorld } from '../../support/access-fixture';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;
let strict: AccessServer;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000', CORS_ORIGINS: 'https://explorer.example' });
  strict = await startAccessServer(db, {
    MAX_DEPTH: '4',
    MAX_COST: '200',
    COST_BUDGET_PER_MINUTE: '300',
    MAX_LIST_LENGTH: '5',
    MAX_STRING_LENGTH: '300',
    MAX_TOKENS: '200',
    MAX_BODY_BYTES: '4096',
    INTROSPECTION: '0',
    MASK_ERRORS: '1',
  });
});

afterAll(async () => {
  await server?.stop();
  await strict?.stop();
  await testDb?.destroy();
});

const PAGE = `query ($n: Int) { findings(first: $n) { edges { node { developer { name } } } } }`;

describe('authentication over HTTP', () => {
  test('an invalid token is 401 UNAUTHENTICATED with a Bearer challenge, never anonymous access', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc.def.ghi' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  test('an expired token is 401 and says so', async () => {
    const token = await mintDevToken(server.config.auth, { subject: 'late', roles: ['REGULATOR'], expiresInSeconds: -3600 });
    const res = await postGraphQL(server.url, { query: '{ __typename }' }, token);
    expect(res.status).toBe(401);
    expect(res.body.errors![0].message).toMatch(/expired/);
  });
});

describe('depth and cost', () => {
  test('every response reports its cost, depth and the remaining budget', async () => {
    const token = await server.tokenFor(world.personas.analyst);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE, variables: { n: 3 } }),
    });
    const body: any = await res.json();
    expect(body.extensions.cost).toMatchObject({ requested: 1 + 3 * 3, depth: 5, maxCost: 10000, maxDepth: 12, budget: { limit: 10000000 } });
    expect(Date.parse(body.extensions.cost.budget.resetAt)).toBeGreaterThan(Date.now());
    expect(res.headers.get('x-ratelimit-remaining')).toBe(String(body.extensions.cost.budget.remaining));
  });

  test('a query nested deeper than MAX_DEPTH is refused with DEPTH_LIMIT_EXCEEDED before anything runs', async () => {
    const res = await postGraphQL(strict.url, { query: `{ findings(first: 1) { edges { node { developer { models { name } } } } } }` });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'DEPTH_LIMIT_EXCEEDED', depth: 6, maxDepth: 4 });
    expect(res.body.data).toBeUndefined();
  });

  test('the same cached document is measured again with new variables: cheap passes, expensive is COST_LIMIT_EXCEEDED', async () => {
    const q = `query ($n: Int) { findings(first: $n) { edges { node { id } } } }`;
    const cheap = await postGraphQL(strict.url, { query: q, variables: { n: 2 } });
    expect(cheap.body.errors).toBeUndefined();
    const dear = await postGraphQL(strict.url, { query: q, variables: { n: 100 } });
    expect(dear.status).toBe(400);
    expect(dear.body.errors![0].extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', requestedCost: 201, maxCost: 200 });
  });

  test('aliases do not dodge the cost: each alias is counted', async () => {
    const aliases = Array.from({ length: 3 }, (_, i) => `a${i}: findings(first: 40) { edges { node { id } } }`).join(' ');
    const res = await postGraphQL(strict.url, { query: `{ ${aliases} }` });
    expect(res.body.errors![0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
  });
});

describe('the cost budget per token per minute', () => {
  test('when spent, the next operation is 429 RATE_LIMITED with Retry-After; other tokens keep their own budget', async () => {
    const q = `query ($n: Int) { findings(first: $n) { edges { node { id } } } }`;
    const tokenA = await strict.tokenFor(world.personas.partnerAgency);
    const tokenB = await strict.tokenFor(world.personas.developerA);
    const first = await postGraphQL(strict.url, { query: q, variables: { n: 99 } }, tokenA); // 199
    expect(first.body.errors).toBeUndefined();
    expect(first.body.extensions.cost.budget.remaining).toBe(101);
    const res = await fetch(strict.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenA}` },
      body: JSON.stringify({ query: q, variables: { n: 99 } }),
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body: any = await res.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, cost: { requested: 199, budget: { remaining: 101 } } });
    // a cheaper operation still fits in what is left
    expect((await postGraphQL(strict.url, { query: q, variables: { n: 10 } }, tokenA)).body.errors).toBeUndefined();
    expect((await postGraphQL(strict.url, { query: q, variables: { n: 99 } }, tokenB)).body.errors).toBeUndefined();
  });
});

describe('input limits', () => {
  test('a list argument over MAX_LIST_LENGTH is BAD_USER_INPUT naming it', async () => {
    const res = await postGraphQL(strict.url, { query: `query ($s: [FindingStatus!]) { findings(first: 1, filter: { status: $s }) { totalCount } }`, variables: { s: Array(6).fill('REPORTED') } });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variablePath: ['s'], limit: 'MAX_LIST_LENGTH' });
  });

  test('a string over MAX_STRING_LENGTH is BAD_USER_INPUT naming it', async () => {
    const res = await postGraphQL(strict.url, { query: `query ($id: ID!) { finding(id: $id) { id } }`, variables: { id: 'x'.repeat(301) } });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variablePath: ['id'], limit: 'MAX_STRING_LENGTH' });
  });

  test('a document over MAX_TOKENS is a parse failure, and a body over MAX_BODY_BYTES is 413', async () => {
    const many = await postGraphQL(strict.url, { query: `{ ${Array.from({ length: 70 }, (_, i) => `a${i}: __typename`).join(' ')} }` });
    expect(many.status).toBe(400);
    expect(many.body.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const big = await postGraphQL(strict.url, { query: '{ __typename }', variables: { pad: 'x'.repeat(5000) } });
    expect(big.status).toBe(413);
  });
});

describe('introspection and error masking follow their settings', () => {
  test('introspection is refused when INTROSPECTION=0 and allowed by default outside production', async () => {
    const off = await postGraphQL(strict.url, { query: `{ __schema { queryType { name } } }` });
    expect(off.body.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const on = await postGraphQL(server.url, { query: `{ __schema { queryType { name } } }` });
    expect(on.body.data.__schema.queryType.name).toBe('Query');
  });

  test('with MASK_ERRORS, validation errors give no "Did you mean" hints about the schema', async () => {
    const masked = await postGraphQL(strict.url, { query: `{ finding(id: "x") { restrictedDetail { prompts } } }` });
    expect(masked.body.errors![0].message).not.toMatch(/Did you mean/);
    expect(masked.text).not.toMatch(/restrictedDetails/);
    const open = await postGraphQL(server.url, { query: `{ finding(id: "x") { restrictedDetail { prompts } } }` });
    expect(open.body.errors![0].message).toMatch(/Did you mean "restrictedDetails"/);
  });

  test('errors never carry stack traces or file paths', async () => {
    const res = await postGraphQL(server.url, { query: `{ finding(id: "%%%") { id } }` });
    expect(res.text).not.toMatch(/stacktrace|\/work\/|node_modules|\.ts:\d+/);
  });
});

describe('CSRF prevention and CORS', () => {
  test('a simple cross-site request (GET without a preflight header, or text/plain POST) is refused', async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    const plain = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
    const withHeader = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(withHeader.status).toBe(200);
  });

  test('only configured origins get CORS headers; a preflight from them is answered', async () => {
    const pre = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://explorer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://explorer.example');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(server.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const post = await postGraphQL(server.url, { query: '{ __typename }' }, undefined, { origin: 'https://evil.example' });
    expect(post.status).toBe(200); // served (no CORS header, so a browser hides it), never a wildcard
  });
});
