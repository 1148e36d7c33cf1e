import { SignJWT, generateKeyPair, exportJWK, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { loadConfig, ConfigError, DEV_JWT_SECRET, type AuthConfig } from '../../../src/config/config';
import { createAuthenticator, MAX_REMEMBERED } from '../../../src/modules/access/authentication';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { ANONYMOUS } from '../../../src/modules/access/rules';
import { toGlobalId } from '../../../src/graphql/global-id';
import { productionEnv } from '../../support/production-env';

const ORG = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const auth: AuthConfig = loadConfig({ NODE_ENV: 'test' }).auth;
const authenticator = createAuthenticator(auth);

async function refusal(promise: Promise<unknown>): Promise<GraphQLError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphQLError);
  const e = err as GraphQLError;
  expect(e.extensions.code).toBe('UNAUTHENTICATED');
  expect((e.extensions.http as { status: number }).status).toBe(401);
  return e;
}

describe('bearer tokens', () => {
  test('no header, an empty header and no connection params mean anonymous', async () => {
    expect(await authenticator.authenticateAuthorization(undefined)).toEqual(ANONYMOUS);
    expect(await authenticator.authenticateAuthorization('')).toEqual(ANONYMOUS);
    expect(await authenticator.authenticateConnectionParams(undefined)).toEqual(ANONYMOUS);
    expect(await authenticator.authenticateConnectionParams({})).toEqual(ANONYMOUS);
  });

  test('a minted token names the subject, the organization and the roles', async () => {
    const token = await mintDevToken(auth, { subject: 'alice', organizationId: ORG, roles: ['DEVELOPER'] });
    expect(await authenticator.authenticateAuthorization(`Bearer ${token}`)).toEqual({ subject: 'alice', organizationId: ORG, roles: ['DEVELOPER'] });
    expect(await authenticator.authenticateConnectionParams({ authorization: `Bearer ${token}` })).toMatchObject({ subject: 'alice' });
    expect(await authenticator.authenticateConnectionParams({ token })).toMatchObject({ subject: 'alice' });
  });

  test('unknown role names are ignored, never mapped to rights', async () => {
    const token = await mintDevToken(auth, { subject: 'bob', roles: ['ANALYST', 'SUPERUSER' as never] });
    expect((await authenticator.authenticateAuthorization(`Bearer ${token}`)).roles).toEqual(['ANALYST']);
  });

  test('a subject with control characters (which no actor column can store) is refused', async () => {
    const token = await mintDevToken(auth, { subject: 'eve\u0000admin', roles: ['REGULATOR'] });
    expect((await refusal(authenticator.authenticateAuthorization(`Bearer ${token}`))).message).toMatch(/subject/);
  });

  test('an expired token is refused, but one expired within the clock skew is accepted', async () => {
    const stale = await mintDevToken(auth, { subject: 'c', roles: ['ANALYST'], expiresInSeconds: -(auth.clockSkewSeconds + 5) });
    expect((await refusal(authenticator.authenticateAuthorization(`Bearer ${stale}`))).message).toMatch(/expired/);
    const justExpired = await mintDevToken(auth, { subject: 'c', roles: ['ANALYST'], expiresInSeconds: -2 });
    expect((await authenticator.authenticateAuthorization(`Bearer ${justExpired}`)).subject).toBe('c');
  });

  test.each([
    ['another issuer', { issuer: 'someone-else' }],
    ['another audience', { audience: 'another-api' }],
  ])('a token from %s is refused', async (_label, override) => {
    const token = await mintDevToken(auth, { subject: 'd', roles: ['REGULATOR'], ...override });
    await refusal(authenticator.authenticateAuthorization(`Bearer ${token}`));
  });

  test('a token signed with another secret is refused', async () => {
    const token = await mintDevToken({ ...auth, jwtSecret: 'x'.repeat(40) }, { subject: 'e', roles: ['REGULATOR'] });
    await refusal(authenticator.authenticateAuthorization(`Bearer ${token}`));
  });

  test('an unsigned token (alg none) and a token without exp are refused', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = { sub: 'f', roles: ['REGULATOR'], iss: auth.issuer, aud: auth.audience, exp: Math.floor(Date.now() / 1000) + 60 };
    await refusal(authenticator.authenticateAuthorization(`Bearer ${b64({ alg: 'none' })}.${b64(payload)}.`));
    const noExp = await new SignJWT({ roles: ['REGULATOR'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('f')
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .sign(new TextEncoder().encode(auth.jwtSecret!));
    await refusal(authenticator.authenticateAuthorization(`Bearer ${noExp}`));
  });

  test.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer'],
    ['garbage', 'Bearer not.a.jwt!'],
    ['a huge token', `Bearer ${'a'.repeat(10_000)}.b.c`],
  ])('a malformed Authorization header (%s) is refused with 401', async (_label, header) => {
    const err = await refusal(authenticator.authenticateAuthorization(header));
    expect(err.message).not.toContain('dXNlcjpwYXNz');
  });

  test('an organization claim that is not a UUID is refused', async () => {
    const token = await new SignJWT({ roles: ['DEVELOPER'], org: "1' OR '1'='1" })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('g')
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(auth.jwtSecret!));
    await refusal(authenticator.authenticateAuthorization(`Bearer ${token}`));
  });

  test("an organization claim may be the organization's global id, as the API returns it; another type's is refused", async () => {
    const signed = (org: string) =>
      new SignJWT({ roles: ['DEVELOPER'], org })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('g')
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(auth.jwtSecret!));
    const viewer = await authenticator.authenticateAuthorization(`Bearer ${await signed(toGlobalId('Organization', ORG))}`);
    expect(viewer).toEqual({ subject: 'g', organizationId: ORG, roles: ['DEVELOPER'] });
    await refusal(authenticator.authenticateAuthorization(`Bearer ${await signed(toGlobalId('ModelVersion', ORG))}`));
  });
});

describe('JWKS (production)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    jwksUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('a token signed by the identity provider is verified against its JWKS', async () => {
    const jwksAuth = loadConfig({ NODE_ENV: 'test', AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'msr' }).auth;
    const a = createAuthenticator({ ...jwksAuth, jwtSecret: null });
    const token = await new SignJWT({ roles: ['PARTNER_AGENCY'], org: ORG })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('agency-user')
      .setIssuer('https://idp.example')
      .setAudience('msr')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await a.authenticateAuthorization(`Bearer ${token}`)).toEqual({ subject: 'agency-user', organizationId: ORG, roles: ['PARTNER_AGENCY'] });
    // With only a JWKS configured, HS256 tokens (even with the development secret) are refused.
    const hs = await mintDevToken({ ...jwksAuth, jwtSecret: DEV_JWT_SECRET }, { subject: 'x', roles: ['REGULATOR'] });
    await refusal(a.authenticateAuthorization(`Bearer ${hs}`));
  });
});

describe('authentication settings', () => {
  test('production has no development secret; a short or default secret stops start-up naming the variable', () => {
    expect(loadConfig(productionEnv()).auth.jwtSecret).toBeNull();
    expect(loadConfig({ NODE_ENV: 'development' }).auth.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_JWT_SECRET })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://idp.example/jwks' })).toThrow(/AUTH_JWKS_URL/);
    expect(() => loadConfig({ AUTH_CLOCK_SKEW_SECONDS: '3600' })).toThrow(/AUTH_CLOCK_SKEW_SECONDS/);
  });

  test('limits, CORS origins and masking come from the environment and are checked', () => {
    const c = loadConfig({ MAX_DEPTH: '8', MAX_COST: '500', COST_BUDGET_PER_MINUTE: '1000', CORS_ORIGINS: 'https://a.example, http://localhost:5173', MASK_ERRORS: '1' });
    expect(c.limits).toMatchObject({ maxDepth: 8, maxCost: 500, costBudgetPerMinute: 1000 });
    expect(c.corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(c.maskErrors).toBe(true);
    expect(loadConfig(productionEnv()).maskErrors).toBe(true);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ MAX_COST: '5000', COST_BUDGET_PER_MINUTE: '100' })).toThrow(/MAX_COST/);
    expect(() => loadConfig({ MAX_DEPTH: 'deep' })).toThrow(/MAX_DEPTH/);
  });
});

describe('verified tokens are remembered', () => {
  test('a remembered token still expires on time, and its viewer cannot be changed', async () => {
    const strict = createAuthenticator({ ...auth, clockSkewSeconds: 0 });
    const token = await mintDevToken(auth, { subject: 'brief', roles: ['ANALYST'], expiresInSeconds: 2 });
    const first = await strict.authenticateAuthorization(`Bearer ${token}`);
    expect(first.subject).toBe('brief');
    // Answered from memory: the same frozen viewer.
    const second = await strict.authenticateAuthorization(`Bearer ${token}`);
    expect(second).toBe(first);
    expect(Object.isFrozen(second) && Object.isFrozen(second.roles)).toBe(true);
    expect(() => (second.roles as string[]).push('REGULATOR')).toThrow();
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await refusal(strict.authenticateAuthorization(`Bearer ${token}`))).message).toMatch(/expired/);
  });

  test('a token that differs in one character of its signature is verified afresh, and refused', async () => {
    const token = await mintDevToken(auth, { subject: 'tamper', roles: ['ANALYST'] });
    expect((await authenticator.authenticateAuthorization(`Bearer ${token}`)).subject).toBe('tamper');
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect((await refusal(authenticator.authenticateAuthorization(`Bearer ${tampered}`))).message).toMatch(/could not be verified/);
  });

  test('memory stays bounded: the oldest tokens are forgotten and verified again', async () => {
    const own = createAuthenticator(auth);
    const tokens = await Promise.all(Array.from({ length: MAX_REMEMBERED + 10 }, (_, i) => mintDevToken(auth, { subject: `many-${i}`, roles: ['ANALYST'] })));
    for (const t of tokens) await own.authenticateAuthorization(`Bearer ${t}`);
    // The first ones were forgotten (verified again, still accepted); the last ones are answered from memory.
    expect((await own.authenticateAuthorization(`Bearer ${tokens[0]}`)).subject).toBe('many-0');
    const lastViewer = await own.authenticateAuthorization(`Bearer ${tokens.at(-1)}`);
    expect(await own.authenticateAuthorization(`Bearer ${tokens.at(-1)}`)).toBe(lastViewer);
  });
});
