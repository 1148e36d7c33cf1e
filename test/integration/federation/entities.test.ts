/**
 * `_entities` called directly, as a router does: every key of every entity resolves through a
 * DataLoader (N representations = one statement), in order; unknown keys give null and malformed
 * representations give an error for that entry only.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createDeveloper, createModel, createModelVersion, type NodeRow } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency } from '../../support/viewers';
import { statementsByTable } from './statements';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Organization { name }
    ... on Model { name }
    ... on ModelVersion { name developerName modelName }
    ... on Finding { publicId }
    ... on Audit { auditOutcome: outcome }
    ... on Jurisdiction { code }
    ... on ExportDecision { outcome }
  }
}`;

const logger = new QueryCountingLogger(500);
let testDb: TestDatabase;
let db: DataSource;
let developer: NodeRow;
let model: NodeRow;
const versions: NodeRow[] = [];

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  await seedDemoData(db);
  developer = await createDeveloper(db, { name: 'Entity Labs' });
  model = await createModel(db, { developer_id: developer.id, name: 'Atlas' });
  for (let i = 1; i <= 100; i++) versions.push(await createModelVersion(db, { model_id: model.id, name: `Atlas ${i}` }));
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

async function entities(representations: unknown[]) {
  logger.reset();
  // As a partner agency's router: the demo findings are not publicly disclosed, so the public sees none.
  const result = await executeOperation<{ _entities: (Record<string, unknown> | null)[] }>(db, ENTITIES, { representations }, { viewer: partnerAgency() });
  return { ...result, statements: [...logger.statements] };
}

async function oneOf(table: string): Promise<string> {
  const [row] = await db.query(`SELECT id::text AS id FROM ${table} ORDER BY id LIMIT 1`);
  return row.id as string;
}

describe('_entities', () => {
  it('resolves one representation of every entity type by its id key', async () => {
    const reps = [
      { __typename: 'Organization', id: developer.globalId },
      { __typename: 'Model', id: model.globalId },
      { __typename: 'ModelVersion', id: versions[0].globalId },
      { __typename: 'Finding', id: toGlobalId('Finding', await oneOf('findings')) },
      { __typename: 'Audit', id: toGlobalId('Audit', await oneOf('audits')) },
      { __typename: 'Jurisdiction', id: toGlobalId('Jurisdiction', await oneOf('jurisdictions')) },
      { __typename: 'ExportDecision', id: toGlobalId('ExportDecision', await oneOf('export_decisions')) },
    ];
    const { data, errors } = await entities(reps);
    expect(errors).toBeUndefined();
    expect(data!._entities.map((e) => e?.__typename)).toEqual(reps.map((r) => r.__typename));
    expect(data!._entities[0]).toMatchObject({ name: 'Entity Labs' });
    expect(data!._entities[2]).toMatchObject({ name: 'Atlas 1', developerName: 'Entity Labs', modelName: 'Atlas' });
  });

  it('resolves the natural keys: finding by public id, jurisdiction by code, version by developer, model and name', async () => {
    const { data, errors } = await entities([
      { __typename: 'Finding', publicId: 'MSR-2026-0001' },
      { __typename: 'Jurisdiction', code: 'DE' },
      { __typename: 'ModelVersion', developerName: 'Northwind AI', modelName: 'Mythos', name: 'Mythos 5' },
      { __typename: 'ModelVersion', developerName: 'Entity Labs', modelName: 'Atlas', name: 'Atlas 7' },
    ]);
    expect(errors).toBeUndefined();
    expect(data!._entities).toEqual([
      { __typename: 'Finding', publicId: 'MSR-2026-0001' },
      { __typename: 'Jurisdiction', code: 'DE' },
      { __typename: 'ModelVersion', name: 'Mythos 5', developerName: 'Northwind AI', modelName: 'Mythos' },
      { __typename: 'ModelVersion', name: 'Atlas 7', developerName: 'Entity Labs', modelName: 'Atlas' },
    ]);
  });

  it('resolves 100 model versions by id with one statement, in the order given', async () => {
    const shuffled = [...versions].reverse();
    const { data, errors, statements } = await entities(shuffled.map((v) => ({ __typename: 'ModelVersion', id: v.globalId })));
    expect(errors).toBeUndefined();
    expect(data!._entities.map((e) => e!.name)).toEqual(shuffled.map((v) => v.name));
    // model_versions once (the references), then organizations and models once each (name fields).
    expect(statementsByTable(statements)).toEqual({ model_versions: 1, organizations: 1, models: 1 });
  });

  it('resolves 100 model versions by natural key with one statement, in the order given', async () => {
    const shuffled = versions.filter((_v, i) => i % 2 === 0).concat(versions.filter((_v, i) => i % 2 === 1));
    const reps = shuffled.map((v) => ({ __typename: 'ModelVersion', developerName: 'Entity Labs', modelName: 'Atlas', name: v.name }));
    const { data, errors, statements } = await entities(reps);
    expect(errors).toBeUndefined();
    expect(data!._entities.map((e) => e!.name)).toEqual(shuffled.map((v) => v.name));
    expect(statementsByTable(statements)).toEqual({ model_versions: 1, organizations: 1, models: 1 });
  });

  it('resolves many jurisdictions by code and findings by public id with one statement per key', async () => {
    const codes = ['US', 'DE', 'FR', 'JP', 'GB', 'BR', 'IN', 'CN', 'ZA', 'KR'];
    const { data, errors, statements } = await entities([
      ...codes.map((code) => ({ __typename: 'Jurisdiction', code })),
      ...['MSR-2026-0003', 'MSR-2026-0001', 'MSR-2026-0002'].map((publicId) => ({ __typename: 'Finding', publicId })),
    ]);
    expect(errors).toBeUndefined();
    expect(data!._entities.map((e) => e!.code ?? e!.publicId)).toEqual([...codes, 'MSR-2026-0003', 'MSR-2026-0001', 'MSR-2026-0002']);
    expect(statementsByTable(statements)).toEqual({ jurisdictions: 1, findings: 1 });
  });

  it('mixes valid, unknown and malformed representations: each entry on its own, in order', async () => {
    const reps: unknown[] = [
      /* 0 */ { __typename: 'ModelVersion', id: versions[3].globalId },
      /* 1 */ { __typename: 'ModelVersion', id: toGlobalId('ModelVersion', randomUUID()) },
      /* 2 */ { __typename: 'ModelVersion' },
      /* 3 */ { __typename: 'Starship', id: versions[3].globalId },
      /* 4 */ { __typename: 'Finding', publicId: 42 },
      /* 5 */ { __typename: 'Jurisdiction', code: 'DE' },
      /* 6 */ { __typename: 'Finding', id: versions[3].globalId },
      /* 7 */ { __typename: 'Finding', publicId: 'MSR-2099-9999' },
      /* 8 */ { __typename: 'Jurisdiction', code: 'XX' },
      /* 9 */ { __typename: 'ModelVersion', developerName: 'Entity Labs', modelName: 'Atlas' },
      /* 10 */ { __typename: 'PageInfo', hasNextPage: true },
      /* 11 */ { __typename: 'Organization', id: 'not-a-global-id' },
      /* 12 */ { __typename: 'ModelVersion', developerName: 'Entity Labs', modelName: 'Atlas', name: 'Atlas 1000' },
      /* 13 */ 'just a string',
      /* 14 */ { __typename: 'ModelVersion', developerName: 'Entity Labs', modelName: 'Atlas', name: 'Atlas 2' },
    ];
    const { data, errors, internalErrors } = await entities(reps);
    expect(internalErrors).toEqual([]);
    expect(data!._entities).toEqual([
      expect.objectContaining({ __typename: 'ModelVersion', name: 'Atlas 4' }),
      null,
      null,
      null,
      null,
      { __typename: 'Jurisdiction', code: 'DE' },
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      expect.objectContaining({ __typename: 'ModelVersion', name: 'Atlas 2' }),
    ]);
    const byEntry = Object.fromEntries((errors ?? []).map((e) => [e.path![1], e]));
    expect(Object.keys(byEntry).map(Number).sort((a, b) => a - b)).toEqual([2, 3, 4, 6, 9, 10, 11, 13]);
    for (const e of errors!) expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    expect(byEntry[2].message).toBe('Representation of ModelVersion needs the key fields "id" or "developerName modelName name".');
    expect(byEntry[3].message).toMatch(/^Representation "__typename" "Starship" is not an entity of this subgraph/);
    expect(byEntry[4].message).toBe('Key field "publicId" of Finding must be a string, got 42.');
    expect(byEntry[6].message).toBe('Key field "id" of Finding is the id of a ModelVersion, expected a Finding id.');
    expect(byEntry[9].message).toBe('Representation of ModelVersion needs the key fields "id" or "developerName modelName name".');
    expect(byEntry[10].message).toMatch(/^Representation "__typename" "PageInfo" is not an entity of this subgraph/);
    expect(byEntry[11].message).toBe('Key field "id" of Organization is not a valid id: "not-a-global-id".');
    expect(byEntry[13].message).toBe('A representation must be an object, got "just a string".');
  });
});
