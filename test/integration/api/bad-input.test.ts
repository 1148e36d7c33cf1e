/**
 * Bad input is the client's fault: every malformed id, enum, date, cursor or request body gets a
 * client error with a code (and the argument path where there is an argument), never an
 * INTERNAL_SERVER_ERROR, a 500, or any internals (SQL, stack traces, file paths) in the response.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, startHttpServer, stopHarness, type HttpServerHandle } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency } from '../../support/viewers';
import type { Viewer } from '../../../src/modules/access/rules';

const NOW = new Date('2026-11-27T10:00:00.000Z');

let testDb: TestDatabase;
let db: DataSource;
let http: HttpServerHandle;
/** Real global ids of the demo data, by type. */
const real: Record<string, string> = {};

const gid = (type: string, local: string) => Buffer.from(`${type}:${local}`, 'utf8').toString('base64url');

async function run(query: string, variables?: Record<string, unknown>) {
  return executeOperation<any>(db, query, variables, { now: NOW });
}

/** The operation fails with a client error (not INTERNAL_SERVER_ERROR, no 5xx); returns the first error. */
async function clientError(query: string, variables?: Record<string, unknown>) {
  const result = await run(query, variables);
  const summary = { query, variables, errors: result.errors, internalErrors: result.internalErrors.map(String) };
  expect(summary.errors?.length ?? 0).toBeGreaterThan(0);
  expect(result.internalErrors.map(String)).toEqual([]);
  for (const e of result.errors!) expect({ ...summary, code: e.extensions?.code }).not.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  expect(result.httpStatus ?? 200).toBeLessThan(500);
  return result.errors![0]!;
}

async function okData(query: string, variables?: Record<string, unknown>, viewer?: Viewer) {
  const result = viewer ? await executeOperation<any>(db, query, variables, { now: NOW, viewer }) : await run(query, variables);
  expect({ query, variables, errors: result.errors }).toEqual({ query, variables, errors: undefined });
  return result.data;
}

/** Nothing internal may reach a client. */
function expectNoInternals(body: string) {
  expect(body).not.toContain('SELECT');
  expect(body).not.toContain('at /');
  expect(body).not.toContain('node_modules');
  expect(body).not.toMatch(/\n\s+at /);
  expect(body).not.toMatch(/stacktrace/i);
  expect(body).not.toMatch(/QueryFailedError|invalid input syntax|\.ts:\d+/);
}

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(http.url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, contentType: res.headers.get('content-type') ?? '' };
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  const data = await okData(`{
    organizations(first: 1) { edges { node { id } } }
    models(first: 1) { edges { node { id } } }
    modelVersions(first: 1) { edges { node { id } } }
    findings(first: 1) { edges { node { id } } }
    audits(first: 1) { edges { node { id } } }
    jurisdictionByCode(code: "DE") { id }
    exportDecisions(first: 1) { edges { node { id } } }
    events(first: 1) { edges { node { id } } }
  }`, undefined, partnerAgency()); // the demo findings are not publicly disclosed: the public sees none
  real.Organization = data.organizations.edges[0].node.id;
  real.Model = data.models.edges[0].node.id;
  real.ModelVersion = data.modelVersions.edges[0].node.id;
  real.Finding = data.findings.edges[0].node.id;
  real.Audit = data.audits.edges[0].node.id;
  real.Jurisdiction = data.jurisdictionByCode.id;
  real.ExportDecision = data.exportDecisions.edges[0].node.id;
  real.RegistryEvent = data.events.edges[0].node.id;
  http = await startHttpServer(db);
});

afterAll(async () => {
  await http?.stop();
  await stopHarness();
  await testDb?.destroy();
});

// ---------------------------------------------------------------------------------------------

/** Query field taking `id: ID!` → the Node type it expects. */
const BY_ID: [string, string][] = [
  ['organization', 'Organization'],
  ['model', 'Model'],
  ['modelVersion', 'ModelVersion'],
  ['finding', 'Finding'],
  ['audit', 'Audit'],
  ['jurisdiction', 'Jurisdiction'],
  ['exportDecision', 'ExportDecision'],
];

const MALFORMED_IDS: [string, string][] = [
  ['an empty string', ''],
  ['punctuation', 'not-an-id!'],
  ['percent signs', '%%%'],
  ['plain text', 'hello'],
  ['a bare uuid', randomUUID()],
  ['an unknown type', gid('Bogus', randomUUID())],
  ['a known type with a non-uuid', gid('ModelVersion', 'not-a-uuid')],
  ['a known type with a SQL fragment', gid('ModelVersion', "1' OR '1'='1")],
  ['no separator', Buffer.from('ModelVersion').toString('base64url')],
  ['standard base64 with padding', Buffer.from(`ModelVersion:${randomUUID()}`).toString('base64') + '=='],
  ['a very long string', 'A'.repeat(10_000)],
  ['unicode', 'ümlaut-🙂'],
];

describe('global ids', () => {
  test.each(MALFORMED_IDS)('a malformed id (%s) in modelVersion(id:) is BAD_USER_INPUT naming ["id"]', async (_label, id) => {
    const err = await clientError(`query ($id: ID!) { modelVersion(id: $id) { id } }`, { id });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
    expect(err.message.length).toBeLessThan(300);
  });

  test.each(BY_ID)('a malformed id in %s(id:) is BAD_USER_INPUT naming ["id"]', async (field) => {
    const err = await clientError(`query ($id: ID!) { ${field}(id: $id) { id } }`, { id: 'garbage!' });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
  });

  test('a malformed id in node(id:) is BAD_USER_INPUT naming ["id"]', async () => {
    const err = await clientError(`{ node(id: "%%%") { id } }`);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
  });

  test('a malformed id in nodes(ids:) names its index', async () => {
    const err = await clientError(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [real.Finding, 'nope!'] });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['ids', 1] });
  });

  test('more than 100 ids in nodes(ids:) is BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, () => gid('Finding', randomUUID()));
    const err = await clientError(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['ids'] });
  });

  test('an Organization id passed to modelVersion(id:) is BAD_USER_INPUT', async () => {
    const err = await clientError(`query ($id: ID!) { modelVersion(id: $id) { id } }`, { id: real.Organization });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
    expect(err.message).toMatch(/Organization/);
  });

  test.each(BY_ID)('an id of another type passed to %s(id:) is BAD_USER_INPUT', async (field, type) => {
    const other = type === 'Finding' ? real.Audit! : real.Finding!;
    const err = await clientError(`query ($id: ID!) { ${field}(id: $id) { id } }`, { id: other });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
  });

  test.each(BY_ID)('an unknown but well-formed id in %s(id:) gives null', async (field, type) => {
    const data = await okData(`query ($id: ID!) { ${field}(id: $id) { id } }`, { id: gid(type, randomUUID()) });
    expect(data[field]).toBeNull();
  });

  test('an unknown but well-formed id of every Node type in node(id:) gives null', async () => {
    const types = ['Organization', 'Model', 'ModelVersion', 'Finding', 'Audit', 'Jurisdiction', 'ExportDecision', 'PolicyVersion'];
    const ids = [...types.map((t) => gid(t, randomUUID())), gid('RegistryEvent', '987654321')];
    for (const id of ids) expect((await okData(`query ($id: ID!) { node(id: $id) { id } }`, { id })).node).toBeNull();
    expect((await okData(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })).nodes).toEqual(ids.map(() => null));
  });

  test('a RegistryEvent id whose sequence is beyond the bigint range gives null or BAD_USER_INPUT, not an internal error', async () => {
    const id = gid('RegistryEvent', '9999999999999999999');
    const result = await run(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    if (result.errors) expect(result.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
    else expect(result.data!.node).toBeNull();
  });

  test.each([
    ['findings', 'FindingFilter', 'developerId'],
    ['findings', 'FindingFilter', 'modelVersionId'],
    ['modelVersions', 'ModelVersionFilter', 'developerId'],
    ['modelVersions', 'ModelVersionFilter', 'modelId'],
    ['audits', 'AuditFilter', 'auditorId'],
    ['audits', 'AuditFilter', 'modelVersionId'],
    ['exportDecisions', 'ExportDecisionFilter', 'modelVersionId'],
    ['events', 'RegistryEventFilter', 'subjectId'],
  ])('a malformed id in %s(filter: { %s.%s }) is BAD_USER_INPUT naming the filter field', async (field, type, key) => {
    const err = await clientError(`query ($f: ${type}) { ${field}(first: 1, filter: $f) { totalCount } }`, { f: { [key]: 'garbage!' } });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', key] });
  });

  test('a wrong-type id in a filter is BAD_USER_INPUT naming the filter field', async () => {
    const err = await clientError(`query ($f: FindingFilter) { findings(first: 1, filter: $f) { totalCount } }`, {
      f: { developerId: real.ModelVersion },
    });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'developerId'] });
    const err2 = await clientError(`query ($d: ID) { models(first: 1, developerId: $d) { totalCount } }`, { d: real.Finding });
    expect(err2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['developerId'] });
  });

  test('events(filter: { subjectId }) with the id of a RegistryEvent is not an internal error', async () => {
    const result = await run(`query ($id: ID) { events(first: 5, filter: { subjectId: $id }) { totalCount } }`, { id: real.RegistryEvent });
    expect(result.internalErrors.map(String)).toEqual([]);
    if (result.errors) expect(result.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'subjectId'] });
    else expect(result.data!.events.totalCount).toBe(0);
  });
});

describe('enums, scalars and other arguments', () => {
  test('an invalid enum value in a filter literal is GRAPHQL_VALIDATION_FAILED', async () => {
    const err = await clientError(`{ findings(first: 5, filter: { status: [BOGUS] }) { totalCount } }`);
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(err.extensions?.code);
  });

  test('an invalid enum value in a filter variable is BAD_USER_INPUT (or validation failed)', async () => {
    for (const [type, filter] of [
      ['FindingFilter', { severityLevel: ['SEVERE'] }],
      ['FindingFilter', { category: ['jailbreak'] }],
      ['ModelVersionFilter', { accessStatus: 'GONE' }],
      ['ModelVersionFilter', { capabilityDomain: 42 }],
      ['AuditFilter', { outcome: ['MAYBE'] }],
      ['ExportDecisionFilter', { outcome: ['ALLOWED'] }],
      ['ExportDecisionFilter', { tier: 'TIER_9' }],
    ] as const) {
      const field = { FindingFilter: 'findings', ModelVersionFilter: 'modelVersions', AuditFilter: 'audits', ExportDecisionFilter: 'exportDecisions' }[type];
      const err = await clientError(`query ($f: ${type}) { ${field}(first: 1, filter: $f) { totalCount } }`, { f: filter });
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(err.extensions?.code);
    }
  });

  test.each([
    ['a word', 'yesterday'],
    ['a date without a time', '2026-01-01'],
    ['a time without a zone', '2026-01-01T00:00:00'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 25', '2026-01-01T25:00:00Z'],
    ['an empty string', ''],
  ])('a bad DateTime (%s) in a variable is BAD_USER_INPUT', async (_label, value) => {
    const err = await clientError(`query ($r: DateTimeRange) { findings(first: 1, filter: { reportedAt: $r }) { totalCount } }`, {
      r: { from: value },
    });
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(err.extensions?.code);
  });

  test('a bad DateTime literal is an error', async () => {
    const err = await clientError(`{ findings(first: 1, filter: { reportedAt: { from: "not a date" } }) { totalCount } }`);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(err.extensions?.code);
    const err2 = await clientError(`{ findings(first: 1, filter: { reportedAt: { from: 20260101 } }) { totalCount } }`);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(err2.extensions?.code);
    const err3 = await clientError(`{ policyInForce(at: "soon") { version } }`);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(err3.extensions?.code);
  });

  test('a DateTime naming a day that does not exist (February 30) is rejected, not shifted to March', async () => {
    const result = await run(`query ($at: DateTime) { policyInForce(at: $at) { version } }`, { at: '2026-02-30T00:00:00Z' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a DateTime with an offset is accepted and normalised', async () => {
    const data = await okData(`query ($r: DateTimeRange) { findings(first: 100, filter: { reportedAt: $r }) { totalCount } }`, {
      r: { from: '2026-03-12T11:00:00+02:00', to: '2026-03-12T09:00:00.001Z' },
    }, partnerAgency());
    expect(data.findings.totalCount).toBe(1);
  });

  test('a jurisdiction code that is not two upper-case letters is BAD_USER_INPUT in a filter, null in a lookup', async () => {
    for (const code of ['de', 'DEU', 'D', '', "D'"]) {
      const err = await clientError(`query ($c: String) { exportDecisions(first: 1, filter: { jurisdictionCode: $c }) { totalCount } }`, { c: code });
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'jurisdictionCode'] });
      expect((await okData(`query ($c: String!) { jurisdictionByCode(code: $c) { id } }`, { c: code })).jurisdictionByCode).toBeNull();
    }
    const err = await clientError(`{ organizations(first: 1, filter: { countryCode: "usa" }) { totalCount } }`);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'countryCode'] });
  });

  test('search text longer than 200 characters is BAD_USER_INPUT naming ["filter", "text"]', async () => {
    const err = await clientError(`query ($t: String) { findings(first: 1, filter: { text: $t }) { totalCount } }`, { t: 'x'.repeat(201) });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'text'] });
  });

  test('an Int beyond 32 bits, a string for an Int and a null for a non-null argument are client errors', async () => {
    await clientError(`{ findings(first: 2147483648) { totalCount } }`);
    await clientError(`query ($n: Int) { findings(first: $n) { totalCount } }`, { n: 'ten' });
    await clientError(`query ($id: ID!) { finding(id: $id) { id } }`, { id: null });
    await clientError(`query ($id: ID!) { finding(id: $id) { id } }`, {});
  });

  test('unknown fields are GRAPHQL_VALIDATION_FAILED and syntax errors GRAPHQL_PARSE_FAILED', async () => {
    expect((await clientError(`{ findings(first: 1) { nope } }`)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await clientError(`{ findings(first: 1) { totalCount }`)).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('over HTTP', () => {
  test('GET /healthz is 200', async () => {
    const res = await fetch(`${http.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('GET /readyz is 200 with {"status":"ready"}', async () => {
    const res = await fetch(`${http.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  test('a valid query works end to end', async () => {
    const res = await post(JSON.stringify({ query: '{ jurisdictionByCode(code: "DE") { code tier } }' }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.data).toEqual({ jurisdictionByCode: { code: 'DE', tier: 'TIER_1' } });
    expect(body.errors).toBeUndefined();
  });

  test.each([
    ['truncated JSON', '{"query": "{ findings { totalCount } }"'],
    ['not JSON at all', 'query { findings { totalCount } }'],
    ['a trailing comma', '{"query": "{ __typename }",}'],
    ['a JSON string', '"just a string"'],
  ])('a malformed JSON body (%s) is 400 with no internals', async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expectNoInternals(res.text);
    if (res.contentType.includes('json')) {
      const parsed = JSON.parse(res.text);
      expect(parsed.errors?.[0]?.extensions?.code).toEqual(expect.stringMatching(/BAD_REQUEST|BAD_USER_INPUT/));
    }
  });

  test('a body over 1 MB is 413 with no internals', async () => {
    const res = await post(JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1_100_000) } }));
    expect(res.status).toBe(413);
    expectNoInternals(res.text);
  });

  test('a JSON body without a query is 400', async () => {
    const res = await post('{}');
    expect(res.status).toBe(400);
    expectNoInternals(res.text);
  });

  test('a request with a non-JSON content type is a 4xx, not a 500', async () => {
    const res = await post('{ __typename }', { 'content-type': 'text/plain' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectNoInternals(res.text);
  });

  test('syntax and validation errors are 400 with codes and no internals', async () => {
    const parse = await post(JSON.stringify({ query: '{ findings { totalCount ' }));
    expect(parse.status).toBe(400);
    expect(JSON.parse(parse.text).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expectNoInternals(parse.text);

    const validation = await post(JSON.stringify({ query: '{ findings(filter: { status: [BOGUS] }) { totalCount } }' }));
    expect(validation.status).toBe(400);
    expect(JSON.parse(validation.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectNoInternals(validation.text);
  });

  test('BAD_USER_INPUT errors over HTTP carry the argument path and no internals', async () => {
    const res = await post(JSON.stringify({ query: 'query ($id: ID!) { modelVersion(id: $id) { id } }', variables: { id: 'garbage!' } }));
    expect(res.status).toBeLessThan(500);
    const body = JSON.parse(res.text);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: ['id'] });
    expectNoInternals(res.text);

    const variable = await post(JSON.stringify({ query: 'query ($n: Int) { findings(first: $n) { totalCount } }', variables: { n: 'ten' } }));
    expect(variable.status).toBe(400);
    expectNoInternals(variable.text);
  });

  test('an unexpected failure inside a resolver is masked as "Internal server error" with no SQL', async () => {
    // An organizations cursor holds a name where findings expect a timestamp: PostgreSQL rejects the cast.
    const orgs = JSON.parse((await post(JSON.stringify({ query: '{ organizations(first: 1) { pageInfo { endCursor } } }' }))).text);
    const cursor = orgs.data.organizations.pageInfo.endCursor;
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const res = await post(JSON.stringify({ query: 'query ($c: String) { findings(first: 2, after: $c) { totalCount } }', variables: { c: cursor } }));
      expectNoInternals(res.text);
      const body = JSON.parse(res.text);
      if (body.errors?.[0]?.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        expect(body.errors[0].message).toBe('Internal server error');
        expect(Object.keys(body.errors[0].extensions)).toEqual(['code']);
      }
    } finally {
      spy.mockRestore();
      logSpy.mockRestore();
    }
  });

  test('an unknown path is 404 (or, when the explorer is built, its page for client-side routing) with no internals', async () => {
    const res = await fetch(`${http.baseUrl}/nope`);
    if (res.status === 200) expect(res.headers.get('content-type')).toMatch(/text\/html/);
    else expect(res.status).toBe(404);
    expectNoInternals(await res.text());
  });
});
