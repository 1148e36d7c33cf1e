/**
 * The graphql-jit executor (src/graphql/executor.ts) answers as graphql-js does: the same data for
 * the partner mix and a deep query, the same typed errors for bad variables, input-field defaults
 * applied; documents are compiled from their second use and only when narrow enough.
 */
import { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { createContext, type GraphQLContext } from '../../../src/graphql/context';
import { parse } from 'graphql';
import { COMPILE_FROM_USE, MAX_COMPILED_FIELDS, executorOptions, expandedFieldCount } from '../../../src/graphql/executor';
import { buildSchema } from '../../../src/graphql/schema';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const REGULATOR = { subject: 'executor-test', organizationId: null, roles: ['REGULATOR'] } as never;
let testDb: TestDatabase;
let db: DataSource;
const servers: Record<'jit' | 'graphql-js', ApolloServer<GraphQLContext>> = {} as never;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  for (const executor of ['jit', 'graphql-js'] as const) {
    servers[executor] = new ApolloServer<GraphQLContext>({ ...executorOptions(buildSchema(), executor) });
    await servers[executor].start();
  }
});

afterAll(async () => {
  for (const s of Object.values(servers)) await s.stop();
  await testDb?.destroy();
});

async function run(executor: 'jit' | 'graphql-js', query: string, variables?: Record<string, unknown>) {
  const response = await servers[executor].executeOperation({ query, variables }, { contextValue: createContext({ db, viewer: REGULATOR, now: NOW }) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.parse(JSON.stringify(response.body.singleResult)) as { data?: any; errors?: any[] };
}

const QUERIES: [string, string, Record<string, unknown>][] = [
  ['Q2', 'query Q2($first: Int!) { modelVersions(first: $first) { edges { node { name findings { publicId title status } audits { outcome auditor { name } } } } } }', { first: 50 }],
  ['Q3', 'query Q3($s: [FindingStatus!]) { findings(first: 20, filter: { status: $s }) { totalCount edges { cursor node { id publicId title status currentSeverity { level score } } } } }', { s: ['REPORTED', 'TRIAGED', 'MITIGATING'] }],
  ['Q4', 'query Q4 { exportDecisions(first: 100) { edges { node { outcome tier reasons { code } modelVersion { name developer { name } } jurisdiction { code } } } } }', {}],
  ['defaults', 'query D($o: FindingOrder) { findings(first: 30, orderBy: $o) { edges { node { publicId } } } }', { o: {} }],
];

describe('graphql-jit answers as graphql-js', () => {
  test.each(QUERIES)('%s: the same answer on every use (graphql-js first, then compiled)', async (_name, query, variables) => {
    const expected = await run('graphql-js', query, variables);
    expect(expected.errors).toBeUndefined();
    for (let use = 1; use <= COMPILE_FROM_USE + 1; use++) expect(await run('jit', query, variables)).toEqual(expected);
  });

  test('a bad variable is BAD_USER_INPUT on a compiled document too', async () => {
    const query = 'query ($n: Int, $o: FindingOrder) { findings(first: $n, orderBy: $o) { totalCount } }';
    for (let use = 1; use <= COMPILE_FROM_USE; use++) await run('jit', query, { n: 1 });
    for (const variables of [{ n: 'ten' }, { n: 1, o: { field: 'NOPE' } }, { n: 2 ** 40 }]) {
      const [jit, js] = [await run('jit', query, variables), await run('graphql-js', query, variables)];
      expect(jit.errors?.map((e) => e.extensions.code)).toEqual(js.errors?.map((e) => e.extensions.code));
      expect(jit.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(jit.errors?.[0]?.message).toBe(js.errors?.[0]?.message);
    }
  });

  test('a document wider than the compile cap is answered by graphql-js, the same', async () => {
    let query = 'query {';
    for (let i = 0; i <= MAX_COMPILED_FIELDS / 2; i++) query += ` a${i}: jurisdictionByCode(code: "DE") { code }`;
    query += ' }';
    const expected = await run('graphql-js', query);
    for (let use = 1; use <= COMPILE_FROM_USE + 1; use++) expect(await run('jit', query)).toEqual(expected);
  });

  test('the compile cap counts fields as fragments expand them, not as written', () => {
    // Each fragment spreads the next one twice: 13 fields written, 2 + 4 + ... + 2^7 + 2^8 expanded.
    let text = 'query { modelVersions(first: 1) { edges { node { ...F0 } } } }';
    for (let i = 0; i < 7; i++) text += ` fragment F${i} on ModelVersion { a: parent { ...F${i + 1} } b: parent { ...F${i + 1} } }`;
    text += ' fragment F7 on ModelVersion { name }';
    const document = parse(text);
    expect(expandedFieldCount(document, 10_000)).toBe(3 + 2 + 4 + 8 + 16 + 32 + 64 + 128 + 128);
    expect(expandedFieldCount(document, MAX_COMPILED_FIELDS)).toBeGreaterThan(MAX_COMPILED_FIELDS);
    expect(expandedFieldCount(parse('query { a: __typename ...on Query { b: __typename } }'), 10)).toBe(2);
  });
});
