/**
 * Issue 11, defects 1, 4, 8, 9, 10 and 12, over the real HTTP and WebSocket server:
 * - a 1 KB document of doubling fragment spreads is answered at once and /healthz stays quick;
 *   fragment definitions and spreads are capped;
 * - NUL and unpaired surrogates are BAD_USER_INPUT naming the argument or variable (queries) or a
 *   payload error naming the input path (mutations), never an internal error;
 * - WebSocket operations per connection and connections per identity are capped;
 * - idempotency keys are scoped by subject, organization and roles, and authorized before replay;
 * - numeric date claims out of range are refused;
 * - anonymous callers at different addresses have their own cost budgets.
 */
import http from 'node:http';
import type { DataSource } from 'typeorm';
import { SignJWT } from 'jose';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createAccessWorld, postGraphQL, startAccessServer, type AccessServer, type AccessWorld } from '../../support/access-fixture';
import { connect, subscribe, waitFor } from '../../support/subscription-client';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { toGlobalId } from '../../../src/graphql/global-id';
import { TOO_MANY_CONNECTIONS_CLOSE_CODE } from '../../../src/modules/events/subscriptions';

jest.setTimeout(60_000);

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;
let strict: AccessServer;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  strict = await startAccessServer(db, {
    COST_BUDGET_PER_MINUTE: '300',
    MAX_COST: '200',
    MAX_FRAGMENTS: '10',
    MAX_FRAGMENT_SPREADS: '30',
    SUBSCRIPTIONS_PER_CONNECTION: '3',
    CONNECTIONS_PER_IDENTITY: '2',
  });
});

afterAll(async () => {
  await server?.stop();
  await strict?.stop();
  await testDb?.destroy();
});

/** `query { ...F0 } fragment F0 on Query { <body> ...F1 ...F1 } …`: each level doubles the expansion. */
function doublingQuery(levels: number, body = '__typename'): string {
  let q = 'query { ...F0 }';
  for (let i = 0; i < levels; i++) q += ` fragment F${i} on Query { ${body} ...F${i + 1} ...F${i + 1} }`;
  return `${q} fragment F${levels} on Query { __typename }`;
}

/** POST from a chosen loopback address (the server sees it as the client's address). */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('defect 1: document analysis is linear in the document', () => {
  test('the 24-level doubling query is answered at once, and /healthz meanwhile too', async () => {
    const query = doublingQuery(24);
    expect(query.length).toBeLessThan(1_400);
    const started = Date.now();
    const [res, health] = await Promise.all([
      postGraphQL(server.url, { query }),
      (async () => {
        const t = Date.now();
        const r = await fetch(`${server.baseUrl}/healthz`);
        return { status: r.status, ms: Date.now() - t };
      })(),
    ]);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
    expect(health.status).toBe(200);
    // Before the fix this took 40 s (and /healthz waited 21 s); a generous bound, not a benchmark.
    expect(elapsed).toBeLessThan(5_000);
    expect(health.ms).toBeLessThan(5_000);
  });

  test('doubling spreads of a costly field are counted wherever used, and refused by cost', async () => {
    const res = await postGraphQL(server.url, { query: doublingQuery(24, 'modelVersions(first: 1) { totalCount }') });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(res.body.errors![0].extensions.requestedCost).toBe(2 ** 24 - 1);
  });

  test('fragment definitions and spreads are capped (MAX_FRAGMENTS, MAX_FRAGMENT_SPREADS)', async () => {
    const many = `{ __typename ${Array.from({ length: 11 }, (_, i) => `...G${i}`).join(' ')} } ${Array.from({ length: 11 }, (_, i) => `fragment G${i} on Query { __typename }`).join(' ')}`;
    const tooMany = await postGraphQL(strict.url, { query: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_FRAGMENTS', fragments: 11 });
    const spreads = await postGraphQL(strict.url, { query: `{ ${Array.from({ length: 31 }, () => '...H').join(' ')} } fragment H on Query { __typename }` });
    expect(spreads.status).toBe(400);
    expect(spreads.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_FRAGMENT_SPREADS', spreads: 31 });
  });

  test('the same document over WebSocket is answered at once too', async () => {
    const client = connect(server.url.replace(/^http/, 'ws'));
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let last: unknown;
        client.subscribe({ query: doublingQuery(24) }, { next: (r) => (last = r), error: reject, complete: () => resolve(last) });
      });
      expect(result.data).toEqual({ __typename: 'Query' });
    } finally {
      await client.dispose();
    }
  });
});

describe('defect 4: text the store cannot hold is a typed input error', () => {
  const regulatorToken = () => server.tokenFor(world.personas.regulator);

  test.each([
    ['findings(filter: { text })', `query ($t: String) { findings(filter: { text: $t }) { totalCount } }`, ['t']],
    ['events(filter: { type })', `query ($t: String!) { events(filter: { type: [$t] }) { totalCount } }`, ['t']],
  ])('NUL in a query variable of %s is BAD_USER_INPUT naming the variable', async (_name, query, path) => {
    const res = await postGraphQL(server.url, { query, variables: { t: 'jail\u0000break' } }, await regulatorToken());
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variablePath: path });
    expect(res.body.errors![0].message).toMatch(/NUL/);
  });

  test('NUL in a literal argument is BAD_USER_INPUT naming the argument', async () => {
    const res = await postGraphQL(server.url, { query: `{ findings(filter: { text: "a\\u0000b" }) { totalCount } }` });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'text'] });
  });

  test('an unpaired surrogate in a query variable is BAD_USER_INPUT', async () => {
    const res = await postGraphQL(server.url, { query: `query ($t: String) { findings(filter: { text: $t }) { totalCount } }`, variables: { t: 'x\uD800y' } });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variablePath: ['t'] });
    expect(res.body.errors![0].message).toMatch(/surrogate/);
  });

  test.each([
    ['NUL in the title', { title: 'Leak\u0000' }, ['title']],
    ['an unpaired surrogate in the title', { title: 'Leak \uD800' }, ['title']],
    ['NUL in a restricted prompt', { restrictedDetails: { prompts: 'a\u0000' } }, ['restrictedDetails', 'prompts']],
  ])('%s of reportFinding is a payload error at its input path, and nothing is written', async (_name, patch, path) => {
    const before = await db.query('SELECT count(*)::int AS n FROM findings');
    const res = await postGraphQL(
      server.url,
      {
        query: `mutation ($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id } errors { code message path } } }`,
        variables: {
          input: {
            affectedVersionIds: [toGlobalId('ModelVersion', world.versionA.id)],
            title: 'Prompt leak',
            category: 'PROMPT_INJECTION',
            summary: 'System prompt leaks.',
            discoveredAt: '2026-11-20T00:00:00Z',
            ...patch,
          },
        },
      },
      await regulatorToken(),
    );
    expect(res.status).toBe(200);
    expect(res.body.data.reportFinding.finding).toBeNull();
    expect(res.body.data.reportFinding.errors).toEqual([expect.objectContaining({ code: 'INVALID_TEXT', path })]);
    expect(await db.query('SELECT count(*)::int AS n FROM findings')).toEqual(before);
  });
});

describe('defect 8: WebSocket caps', () => {
  test('operations beyond SUBSCRIPTIONS_PER_CONNECTION on one connection are refused; the others keep running', async () => {
    const client = connect(strict.url.replace(/^http/, 'ws'));
    try {
      const subs = Array.from({ length: 4 }, () => subscribe(client, 'subscription { registryEvents { cursor } }'));
      const refused = await subs[3]!.error();
      expect(JSON.stringify(refused)).toMatch(/RATE_LIMITED/);
      expect(JSON.stringify(refused)).toMatch(/SUBSCRIPTIONS_PER_CONNECTION/);
      expect(subs.slice(0, 3).every((s) => s.errors.length === 0)).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  test('connections beyond CONNECTIONS_PER_IDENTITY for one token are closed with 4429; another identity still connects', async () => {
    const token = await strict.tokenFor(world.personas.partnerAgency);
    const wsUrl = strict.url.replace(/^http/, 'ws');
    const closes: number[] = [];
    const clients = Array.from({ length: 3 }, () => connect(wsUrl, { connectionParams: { authorization: `Bearer ${token}` }, onClosed: (code) => closes.push(code) }));
    const other = connect(wsUrl, { connectionParams: { authorization: `Bearer ${await strict.tokenFor(world.personas.regulator)}` }, onClosed: (code) => closes.push(code) });
    try {
      await waitFor(() => closes.length >= 1, 5_000, () => `closes ${closes}`);
      expect(closes).toEqual([TOO_MANY_CONNECTIONS_CLOSE_CODE]);
      // The regulator (another identity) is served.
      const res = await new Promise<any>((resolve, reject) => {
        let last: unknown;
        other.subscribe({ query: '{ __typename }' }, { next: (r) => (last = r), error: reject, complete: () => resolve(last) });
      });
      expect(res.data).toEqual({ __typename: 'Query' });
    } finally {
      await Promise.all([...clients, other].map((c) => c.dispose()));
    }
  });
});

describe('defect 9: idempotency keys belong to subject, organization and roles', () => {
  const REPORT = `mutation ($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id title } errors { code path } } }`;
  const input = (key: string) => ({
    affectedVersionIds: [toGlobalId('ModelVersion', world.versionA.id)],
    title: 'Replayed?',
    category: 'PROMPT_INJECTION',
    summary: 'Idempotency scope test.',
    discoveredAt: '2026-11-20T00:00:00Z',
    idempotencyKey: key,
  });

  test('a partner token with the regulator\'s subject cannot replay the regulator\'s report', async () => {
    const subject = 'shared-subject-1';
    const regulator = await mintDevToken(server.config.auth, { subject, roles: ['REGULATOR'], organizationId: null });
    const partner = await mintDevToken(server.config.auth, { subject, roles: ['PARTNER_AGENCY'], organizationId: world.agency.id });
    const first = await postGraphQL(server.url, { query: REPORT, variables: { input: input('k-1') } }, regulator);
    expect(first.body.data.reportFinding.finding.id).toBeTruthy();
    const replay = await postGraphQL(server.url, { query: REPORT, variables: { input: input('k-1') } }, partner);
    expect(replay.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(replay.text).not.toContain(first.body.data.reportFinding.finding.id);
  });

  test('another organization or other roles under the same subject get their own key space', async () => {
    const subject = 'shared-subject-2';
    const regulator = await mintDevToken(server.config.auth, { subject, roles: ['REGULATOR'], organizationId: null });
    const analyst = await mintDevToken(server.config.auth, { subject, roles: ['ANALYST'], organizationId: null });
    const first = await postGraphQL(server.url, { query: REPORT, variables: { input: input('k-2') } }, regulator);
    const again = await postGraphQL(server.url, { query: REPORT, variables: { input: input('k-2') } }, regulator);
    expect(again.body.data.reportFinding.finding.id).toBe(first.body.data.reportFinding.finding.id);
    const other = await postGraphQL(server.url, { query: REPORT, variables: { input: input('k-2') } }, analyst);
    expect(other.body.data.reportFinding.errors).toEqual([]);
    expect(other.body.data.reportFinding.finding.id).not.toBe(first.body.data.reportFinding.finding.id);
  });
});

describe('defect 10: numeric date claims out of range', () => {
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ roles: ['REGULATOR'], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('far-future')
      .setIssuer(server.config.auth.issuer)
      .setAudience(server.config.auth.audience)
      .sign(new TextEncoder().encode(server.config.auth.jwtSecret!));

  test.each([
    ['exp = 1e20', { exp: 1e20 }],
    ['exp = 1e13 (a time in milliseconds)', { exp: 1e13 }],
    ['iat = 1e20', { exp: Math.floor(Date.now() / 1000) + 600, iat: 1e20 }],
  ])('%s is refused over HTTP (401) and WebSocket (4403)', async (_name, claims) => {
    const token = await sign(claims);
    const res = await postGraphQL(server.url, { query: '{ __typename }' }, token);
    expect(res.status).toBe(401);
    expect(res.body.errors![0].message).toMatch(/out of range/);
    let closed = 0;
    const client = connect(server.url.replace(/^http/, 'ws'), { connectionParams: { authorization: `Bearer ${token}` }, onClosed: (code) => (closed = code) });
    try {
      await waitFor(() => closed !== 0, 5_000);
      expect(closed).toBe(4403);
    } finally {
      await client.dispose();
    }
  });
});

describe('defect 12: anonymous callers are budgeted by their own address', () => {
  test('one anonymous client spending its budget leaves another address its own', async () => {
    const small = { query: '{ modelVersions(first: 10) { edges { node { developer { name } } } } }' }; // 1 + 10 × 3 = 31 points
    let status = 200;
    let spent = 0;
    while (status === 200 && spent < 20) {
      status = (await postFrom('127.0.0.2', strict.url, small)).status;
      spent += 1;
    }
    expect(status).toBe(429);
    const other = await postFrom('127.0.0.3', strict.url, small);
    expect(other.status).toBe(200);
    expect(other.body.extensions.cost.budget.remaining).toBe(300 - 31);
  });
});
