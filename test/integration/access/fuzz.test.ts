/**
 * Schema-driven fuzzing over real HTTP, as every persona: operations generated from the schema
 * (valid and invalid arguments, hostile strings and ids, deep and wide selections, aliases,
 * fragments, `_entities`, mutations from callers who may not write, broken syntax). Whatever is
 * sent: never a 5xx, never an INTERNAL_SERVER_ERROR, never a restricted value the caller may not
 * read. Deterministic (seeded), so a failure names a reproducible operation.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { DataSource } from 'typeorm';
import { buildSchema } from '../../../src/graphql/schema';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { allRestrictedDetails } from '../../support/restricted-details';
import {
  createAccessWorld,
  expectedToRead,
  postGraphQL,
  startAccessServer,
  type AccessServer,
  type AccessWorld,
  type PersonaName,
  type TransportResult,
} from '../../support/access-fixture';

jest.setTimeout(600_000);

const QUERIES_PER_PERSONA = Number(process.env.FUZZ_QUERIES_PER_PERSONA ?? 300);
const MUTATIONS_PER_PERSONA = Number(process.env.FUZZ_MUTATIONS_PER_PERSONA ?? 60);
const CONCURRENCY = 8;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR '1'='1",
  "'; DROP TABLE findings; --",
  '<script>alert(1)</script>',
  '\u0000',
  '\uD800',
  '🙂'.repeat(50),
  '%s%n%x',
  '../../../../etc/passwd',
  '{"__proto__":{"admin":true}}',
  'MSR-2026-0001',
  'MSR-9999-99999999999999999999',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:X',
  'DE',
  'ZZ',
  '2026-11-27T10:00:00.000Z',
  '0000-00-00T00:00:00Z',
  'x'.repeat(5_000),
  'A'.repeat(60_000),
];

const INTS = [0, 1, 2, 5, 20, 100, 101, -1, 2147483647, -2147483648];
const FLOATS = [0, 0.5, 1, -1, 1e308, -1e-308, 3e26];

interface Pools {
  ids: string[];
  /** Global ids of findings that have restricted details. */
  restrictedFindingIds: string[];
}

function entityTypes(schema: GraphQLSchema): string[] {
  const entity = schema.getType('_Entity');
  return isUnionType(entity) ? entity.getTypes().map((t) => t.name) : [];
}

/** When set, the operation being built gets only plausible values (so it reaches the resolvers). */
let plausibleOnly = false;

/** A value for an input type: usually plausible, sometimes hostile or of the wrong kind. */
function inputValue(r: Rng, type: GraphQLInputType, pools: Pools, schema: GraphQLSchema, depth = 0): unknown {
  if (isNonNullType(type)) return r.chance(0.03) && !plausibleOnly ? null : inputValue(r, type.ofType, pools, schema, depth);
  if (r.chance(0.05) && !plausibleOnly) return null;
  if (isListType(type)) {
    const n = r.chance(0.03) && !plausibleOnly ? 150 : r.int(4);
    return Array.from({ length: n }, () => inputValue(r, type.ofType, pools, schema, depth + 1));
  }
  if (plausibleOnly) {
    if (isEnumType(type)) return r.pick(type.getValues()).name;
    if (isScalarType(type) && type.name === 'ID') return r.pick(r.chance(0.4) ? pools.restrictedFindingIds : pools.ids);
    if (isScalarType(type) && type.name === 'Int') return r.pick([1, 2, 5, 20]);
    if (isScalarType(type) && type.name === 'String') return r.pick(['DE', 'MSR-2026-0001', 'jailbreak']);
  }
  if (r.chance(0.04) && !plausibleOnly) return r.pick<unknown>(['not-a-number', 42, true, { nested: 'object' }, [1, 2]]); // wrong kind
  if (isEnumType(type)) return r.chance(0.9) ? r.pick(type.getValues()).name : 'NOT_A_VALUE';
  if (isInputObjectType(type)) {
    if (depth > 4) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) || r.chance(0.4)) out[f.name] = inputValue(r, f.type, pools, schema, depth + 1);
    }
    if (r.chance(0.05)) out.unknownField = 'x';
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return r.chance(0.7) ? r.pick(pools.ids) : r.pick(HOSTILE_STRINGS);
      case 'Int':
        return r.pick(INTS);
      case 'Float':
        return r.pick(FLOATS);
      case 'Boolean':
        return r.chance(0.5);
      case 'DateTime':
        return r.pick(['2026-06-01T00:00:00.000Z', '2030-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z', 'yesterday', '2026-02-30T00:00:00Z']);
      case '_Any': {
        const typename = r.pick(entityTypes(schema));
        return r.chance(0.8) ? { __typename: typename, id: r.pick(pools.ids) } : { __typename: typename, publicId: r.pick(HOSTILE_STRINGS) };
      }
      default:
        return r.pick(HOSTILE_STRINGS);
    }
  }
  return null;
}

function typeString(type: GraphQLInputType): string {
  return type.toString();
}

interface Built {
  query: string;
  variables: Record<string, unknown>;
}

/** Builds one operation: a random walk through the schema from a root field. */
function buildOperation(r: Rng, schema: GraphQLSchema, pools: Pools, kind: 'query' | 'mutation'): Built {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const varDefs: string[] = [];
  const variables: Record<string, unknown> = {};
  const fragments: string[] = [];
  let varCount = 0;
  plausibleOnly = r.chance(0.4);
  const maxDepth = r.chance(0.15) ? 10 + r.int(12) : 1 + r.int(6);

  const args = (field: GraphQLField<unknown, unknown>): string => {
    const parts: string[] = [];
    for (const arg of field.args as readonly GraphQLArgument[]) {
      if (!isNonNullType(arg.type) && r.chance(plausibleOnly ? 0.85 : 0.5)) continue;
  if (isNonNullType(arg.type) && r.chance(0.02) && !plausibleOnly) continue; // missing required argument
      const name = `v${varCount++}`;
      varDefs.push(`$${name}: ${typeString(arg.type)}`);
      variables[name] = inputValue(r, arg.type, pools, schema);
      parts.push(`${arg.name}: $${name}`);
    }
    return parts.length ? `(${parts.join(', ')})` : '';
  };

  const selection = (type: GraphQLNamedType, depth: number): string => {
    if (isUnionType(type) || isInterfaceType(type)) {
      const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
      const chosen = members.filter(() => r.chance(0.5)).slice(0, 3);
      const inner = (chosen.length ? chosen : [r.pick(members)]).map((m) => `... on ${m.name} ${selection(m, depth)}`);
      return `{ __typename ${inner.join(' ')} }`;
    }
    if (!isObjectType(type)) return '';
    const fields = Object.values(type.getFields());
    const count = r.chance(0.1) ? 8 + r.int(10) : 1 + r.int(4);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const f = r.pick(fields);
      const named = getNamedType(f.type);
      const composite = isObjectType(named) || isInterfaceType(named) || isUnionType(named);
      if (composite && depth >= maxDepth) continue;
      const fieldArgs = args(f);
      // Same name with other arguments would be a (valid) merge conflict: alias those.
      const alias = fieldArgs || r.chance(0.2) ? `a${i}_${r.int(1_000_000)}: ` : '';
      const sub = composite ? selection(named, depth + 1) : '';
      const piece = `${alias}${f.name}${fieldArgs} ${sub}`;
      if (composite && r.chance(0.05)) {
        const name = `F${fragments.length}`;
        fragments.push(`fragment ${name} on ${type.name} { ${piece} }`);
        parts.push(`...${name}`);
      } else {
        parts.push(piece);
      }
    }
    // Bias toward the restricted field, so the leak check is exercised, not just possible.
    if (type.name === 'Finding' && r.chance(0.5)) parts.push('restrictedDetails { prompts reproductionSteps notes }');
    if (r.chance(0.03)) parts.push('notAField');
    if (parts.length === 0) parts.push('__typename');
    return `{ ${parts.join(' ')} }`;
  };

  const rootFields = Object.values(root.getFields()).filter((f) => !f.name.startsWith('_') || f.name === '_entities');
  const fieldCount = 1 + (r.chance(0.2) ? r.int(4) : 0);
  const parts: string[] = [];
  for (let i = 0; i < fieldCount; i++) {
    const findingRoots = rootFields.filter((x) => ['findings', 'finding', 'findingByPublicId', '_entities', 'modelVersions'].includes(x.name));
    const f = r.chance(0.3) && findingRoots.length ? r.pick(findingRoots) : r.pick(rootFields);
    const named = getNamedType(f.type);
    const composite = isObjectType(named) || isInterfaceType(named) || isUnionType(named);
    parts.push(`r${i}: ${f.name}${args(f)} ${composite ? selection(named, 2) : ''}`);
  }
  let query = `${kind} Fuzz${varDefs.length ? `(${varDefs.join(', ')})` : ''} { ${parts.join(' ')} } ${fragments.join(' ')}`;
  if (r.chance(0.03)) query = query.slice(0, r.int(query.length)); // broken syntax
  return { query, variables };
}

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;
let schema: GraphQLSchema;
let allRestricted: { findingId: string; value: string }[];
let pools: Pools;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await seedDemoData(db);
  world = await createAccessWorld(db);
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '1000000000', MAX_COST: '100000' });
  schema = buildSchema();
  // The table holds ciphertext: the secrets to look for are the decrypted rows.
  const rows = await allRestrictedDetails(db);
  allRestricted = rows.flatMap((r) =>
    [r.reproductionSteps, r.prompts, r.notes].filter((v): v is string => !!v && v.length >= 12).map((value) => ({ findingId: r.findingId, value })),
  );
  expect(allRestricted.length).toBeGreaterThan(0);
  // Real ids of every kind, so many operations reach real rows (restricted ones included).
  const res = await postGraphQL(server.url, {
    query: `{ findings(first: 100) { edges { node { id developer { id } affectedVersions { id model { id } } } } }
              audits(first: 50) { edges { node { id } } } exportDecisions(first: 50) { edges { node { id } } }
              jurisdictionByCode(code: "DE") { id } policyVersions { id } events(first: 20) { edges { node { id } } } }`,
  });
  const text = JSON.stringify(res.body.data);
  const restrictedFindingIds = [...new Set(allRestricted.map((r) => r.findingId))].map((id) => Buffer.from(`Finding:${id}`).toString('base64url'));
  pools = { ids: [...new Set([...text.matchAll(/"id":"([^"]+)"/g)].map((m) => m[1]!))], restrictedFindingIds };
  expect(pools.ids.length).toBeGreaterThan(20);
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

/** The restricted strings this persona must never see. */
function forbiddenFor(persona: PersonaName): string[] {
  const allowedFindings = new Set<string>();
  for (const key of ['findingA', 'findingB'] as const) if (expectedToRead(world, persona, key)) allowedFindings.add(world[key].id);
  if (persona === 'regulator' || persona === 'analyst') return [];
  return allRestricted.filter((r) => !allowedFindings.has(r.findingId)).map((r) => r.value);
}

interface Tally {
  operations: number;
  withData: number;
  errorCodes: Record<string, number>;
  statuses: Record<string, number>;
  /** Responses to regulators and analysts that carried restricted details (the fuzz reaches them). */
  restrictedSeen: number;
}

async function fuzz(persona: PersonaName, kind: 'query' | 'mutation', count: number, seed: number, tally: Tally) {
  const r = rng(seed);
  const token = await server.tokenFor(world.personas[persona]);
  const forbidden = forbiddenFor(persona);
  const ops = Array.from({ length: count }, () => buildOperation(r, schema, pools, kind));
  const failures: string[] = [];
  for (let i = 0; i < ops.length; i += CONCURRENCY) {
    const batch = ops.slice(i, i + CONCURRENCY);
    const results: TransportResult[] = await Promise.all(batch.map((op) => postGraphQL(server.url, op, token)));
    results.forEach((res, j) => {
      const op = batch[j]!;
      tally.operations += 1;
      tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
      if (res.body.data) tally.withData += 1;
      for (const e of res.body.errors ?? []) {
        const code = String(e.extensions?.code);
        tally.errorCodes[code] = (tally.errorCodes[code] ?? 0) + 1;
      }
      const problems: string[] = [];
      if (res.status >= 500) problems.push(`HTTP ${res.status}`);
      if ((res.body.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) problems.push('INTERNAL_SERVER_ERROR');
      if (!res.text) problems.push('empty response');
      if (forbidden.length === 0 && allRestricted.some((v) => res.text.includes(v.value))) tally.restrictedSeen += 1;
      const leaked = forbidden.find((v) => res.text.includes(v));
      if (leaked) problems.push(`restricted value leaked: ${leaked.slice(0, 40)}`);
      if (problems.length) failures.push(`${problems.join(', ')} as ${persona}: ${op.query.slice(0, 600)} ${JSON.stringify(op.variables).slice(0, 300)} → ${res.text.slice(0, 300)}`);
    });
  }
  expect(failures.slice(0, 5)).toEqual([]);
}

const PERSONAS: PersonaName[] = [
  'anonymous',
  'regulator',
  'analyst',
  'partnerAgency',
  'developerA',
  'developerB',
  'auditorOfA',
  'auditorOfB',
  'noRoles',
  'developerWithoutOrg',
];
/** Callers with no write rights: their mutations must all be refused without harm. */
const NON_WRITERS: PersonaName[] = ['anonymous', 'partnerAgency', 'noRoles', 'developerWithoutOrg'];

const tally: Tally = { operations: 0, withData: 0, errorCodes: {}, statuses: {}, restrictedSeen: 0 };

afterAll(() => {
  console.log(`[fuzz] ${tally.operations} operations; ${tally.withData} with data; ${tally.restrictedSeen} carried restricted details to readers; HTTP statuses ${JSON.stringify(tally.statuses)}; error codes ${JSON.stringify(tally.errorCodes)}`);
});

describe('fuzzing the schema', () => {
  test.each(PERSONAS.map((p, i) => [p, i] as const))(
    `${QUERIES_PER_PERSONA} generated queries as %s: never a 5xx, an internal error or a restricted value`,
    async (persona, i) => {
      await fuzz(persona, 'query', QUERIES_PER_PERSONA, 1000 + i, tally);
    },
  );

  test.each(NON_WRITERS.map((p, i) => [p, i] as const))(
    `${MUTATIONS_PER_PERSONA} generated mutations as %s: all refused or rejected as input, never a 5xx, and nothing written`,
    async (persona, i) => {
      const before = await db.query('SELECT count(*)::int AS n FROM events');
      await fuzz(persona, 'mutation', MUTATIONS_PER_PERSONA, 5000 + i, tally);
      const after = await db.query('SELECT count(*)::int AS n FROM events');
      expect(after[0].n).toBe(before[0].n);
    },
  );
});

test('the generated operations do reach restricted details (for those who may read them)', () => {
  expect(tally.restrictedSeen).toBeGreaterThan(0);
});
