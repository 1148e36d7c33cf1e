/**
 * The authorization matrix, derived from the schema: every restricted field the SDL declares is
 * guarded, and every persona gets exactly what docs/access-control.md says — over every transport
 * in MATRIX_TRANSPORTS and through `_entities`, as a federation gateway would ask.
 */
import type { DataSource } from 'typeorm';
import { buildSchema, loadTypeDefs } from '../../../src/graphql/schema';
import { restrictedFieldsInSdl, unguardedRestrictedFields } from '../../../src/modules/access/restricted-fields';
import { RESTRICTED_FIELDS } from '../../../src/modules/access/rules';
import { RESTRICTED_DETAILS_READ } from '../../../src/modules/access/restricted-reads';
import { getNamedType, isObjectType } from 'graphql';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createDisclosure } from '../../support/factories';
import {
  createAccessWorld,
  expectedToRead,
  MATRIX_TRANSPORTS,
  startAccessServer,
  type AccessServer,
  type AccessWorld,
  type PersonaName,
  type Transport,
} from '../../support/access-fixture';

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;
let transports: Transport[];

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  // Publicly disclosed, so the public sees the findings and the matrix is about their details alone
  // (findings before disclosure: test/integration/security/undisclosed-findings.test.ts).
  for (const f of [world.findingA, world.findingB, world.findingWithoutDetails]) {
    await createDisclosure(db, { finding_id: f.id, audience: 'PUBLIC' });
  }
  // A budget large enough for the whole matrix from one address.
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  transports = MATRIX_TRANSPORTS.map((make) => make(server));
});

afterAll(async () => {
  for (const t of transports ?? []) await t.close?.();
  await server?.stop();
  await testDb?.destroy();
});

/** Selection of all scalar leaves of a restricted field's type (so every value is asked for). */
function leavesOf(coordinate: string): string {
  const schema = buildSchema();
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const target = getNamedType(type.getFields()[fieldName]!.type);
  if (!isObjectType(target)) return '';
  return `{ ${Object.keys(target.getFields()).join(' ')} }`;
}

/** How to reach a restricted field of a Finding: each coordinate names its parent type. */
function findingQuery(coordinate: string): string {
  const [, field] = coordinate.split('.');
  return `query ($id: ID!) { finding(id: $id) { id ${field} ${leavesOf(coordinate)} } }`;
}

function entitiesQuery(coordinate: string): string {
  const [, field] = coordinate.split('.');
  return `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Finding { id ${field} ${leavesOf(coordinate)} } } }`;
}

describe('the restricted fields are derived from the schema', () => {
  test('the SDL declares at least Finding.restrictedDetails as restricted', () => {
    expect(restrictedFieldsInSdl(loadTypeDefs())).toContain('Finding.restrictedDetails');
  });

  test('every restricted field the SDL declares is guarded by a read rule', () => {
    expect(unguardedRestrictedFields(loadTypeDefs())).toEqual([]);
  });

  test('every guarded coordinate exists in the schema', () => {
    const schema = buildSchema();
    for (const { coordinate } of RESTRICTED_FIELDS) {
      const [t, f] = coordinate.split('.') as [string, string];
      const type = schema.getType(t);
      expect(isObjectType(type) && type.getFields()[f]).toBeTruthy();
    }
  });

  test('a field returning a Restricted… type or marked @authenticated would be found', () => {
    const { parse } = jest.requireActual('graphql') as typeof import('graphql');
    const doc = parse(`
      type RestrictedThing { x: String }
      type Marked @requiresScopes(scopes: [["s"]]) { y: String }
      type A { a: RestrictedThing  b: [Marked!]!  c: String @authenticated  d: String  e: String @policy(policies: [["p"]]) }
    `);
    expect(restrictedFieldsInSdl(doc)).toEqual(['A.a', 'A.b', 'A.c', 'A.e']);
  });
});

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

describe.each(RESTRICTED_FIELDS.map((f) => f.coordinate))('%s', (coordinate) => {
  const cases = PERSONAS.flatMap((p) => (['findingA', 'findingB'] as const).map((f) => [p, f] as const));

  test.each(cases)('over every transport, %s reading %s gets exactly what the matrix says', async (personaName, findingKey) => {
    const persona = world.personas[personaName];
    const finding = world[findingKey];
    const allowed = expectedToRead(world, personaName, findingKey);
    const token = await server.tokenFor(persona);
    for (const transport of transports) {
      const res = await transport.run(findingQuery(coordinate), { id: finding.globalId }, token);
      expect({ transport: transport.name, status: res.status, errors: res.body.errors }).toEqual({ transport: transport.name, status: 200, errors: undefined });
      const value = res.body.data.finding[coordinate.split('.')[1]!];
      const markers = world.markersOf.get(finding.id)!;
      if (allowed) {
        expect(value).not.toBeNull();
        for (const m of markers) expect(res.text).toContain(m);
      } else {
        // Same answer as for a finding without details: null, no error, no hint.
        expect(value).toBeNull();
        for (const m of world.markers) expect(res.text).not.toContain(m);
      }
    }
  });

  test.each(cases)('through _entities, %s reading %s gets exactly what the matrix says', async (personaName, findingKey) => {
    const persona = world.personas[personaName];
    const finding = world[findingKey];
    const allowed = expectedToRead(world, personaName, findingKey);
    const token = await server.tokenFor(persona);
    for (const representation of [
      { __typename: 'Finding', id: finding.globalId },
      { __typename: 'Finding', publicId: finding.public_id },
    ]) {
      const res = await transports[0]!.run(entitiesQuery(coordinate), { representations: [representation] }, token);
      expect(res.body.errors).toBeUndefined();
      const value = res.body.data._entities[0][coordinate.split('.')[1]!];
      if (allowed) {
        expect(value).not.toBeNull();
        for (const m of world.markersOf.get(finding.id)!) expect(res.text).toContain(m);
      } else {
        expect(value).toBeNull();
        for (const m of world.markers) expect(res.text).not.toContain(m);
      }
    }
  });

  test('the answer for a forbidden finding equals the answer for a finding without details', async () => {
    const token = await server.tokenFor(world.personas.developerB);
    const forbidden = await transports[0]!.run(findingQuery(coordinate), { id: world.findingA.globalId }, token);
    const empty = await transports[0]!.run(findingQuery(coordinate), { id: world.findingWithoutDetails.globalId }, token);
    const strip = (r: typeof forbidden) => ({ ...r.body.data.finding, id: 'x' });
    expect(strip(forbidden)).toEqual(strip(empty));
    expect(forbidden.status).toBe(empty.status);
  });
});

describe('reads of restricted details are recorded', () => {
  test('every read that returned details appends a RESTRICTED_DETAILS_READ event naming the reader, and refusals append none', async () => {
    const count = async () =>
      Number((await db.query(`SELECT count(*)::int AS n FROM events WHERE type = $1 AND subject_id = $2`, [RESTRICTED_DETAILS_READ, world.findingA.id]))[0].n);
    const before = await count();
    const q = findingQuery('Finding.restrictedDetails');
    await transports[0]!.run(q, { id: world.findingA.globalId }, await server.tokenFor(world.personas.partnerAgency));
    await transports[0]!.run(q, { id: world.findingA.globalId }, await server.tokenFor(world.personas.developerB));
    expect(await count()).toBe(before);
    await transports[0]!.run(q, { id: world.findingA.globalId }, await server.tokenFor(world.personas.auditorOfA));
    expect(await count()).toBe(before + 1);
    const [last] = await db.query(`SELECT actor, payload FROM events WHERE type = $1 ORDER BY seq DESC LIMIT 1`, [RESTRICTED_DETAILS_READ]);
    expect(last.actor).toBe('user-aud-a');
    expect(last.payload).toMatchObject({ publicId: world.findingA.public_id, organizationId: world.auditorOfA.id, roles: ['AUDITOR'] });
    expect(JSON.stringify(last.payload)).not.toContain('RESTRICTED-');
  });

  test('one operation reading many findings records them in one batch, one event per finding', async () => {
    const before = Number((await db.query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [RESTRICTED_DETAILS_READ]))[0].n);
    const res = await transports[0]!.run(
      `query ($a: ID!, $b: ID!) { a: finding(id: $a) { restrictedDetails { prompts } } b: finding(id: $b) { restrictedDetails { prompts } } again: finding(id: $a) { restrictedDetails { notes } } }`,
      { a: world.findingA.globalId, b: world.findingB.globalId },
      await server.tokenFor(world.personas.regulator),
    );
    expect(res.body.errors).toBeUndefined();
    const after = Number((await db.query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [RESTRICTED_DETAILS_READ]))[0].n);
    expect(after - before).toBe(2);
  });
});
