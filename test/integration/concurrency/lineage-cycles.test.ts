/**
 * Two declarations that would close a cycle together — A under B and B under A, sent at once —
 * never both pass (issue 19): declarations serialise on the lineage lock, so the second sees the
 * first and is refused with LINEAGE_CYCLE. Repeated, with three-version rings too.
 */
import type { DataSource } from 'typeorm';
import { createDeveloper, createModel, createModelVersion, createPolicyVersion, type NodeRow } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

let tdb: TestDatabase;
let db: DataSource;
let model: NodeRow;

const DECLARE = `mutation($input: DeclareLineageInput!) { declareLineage(input: $input) { modelVersion { id } errors { code path } } }`;

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await createPolicyVersion(db);
  const dev = await createDeveloper(db, { name: 'Ring Labs' });
  model = await createModel(db, { developer_id: dev.id, name: 'Ring' });
});

afterAll(async () => {
  await stopHarness();
  await tdb?.destroy();
});

const declare = (child: NodeRow, parent: NodeRow) =>
  executeOperation<any>(db, DECLARE, { input: { childVersionId: child.globalId, parentVersionId: parent.globalId, relation: 'FINE_TUNE' } }, { viewer: regulator() });

test('of declarations sent at once that would close a ring, exactly one is refused as LINEAGE_CYCLE', async () => {
  for (let round = 0; round < 5; round++) {
    const size = 2 + (round % 2); // rings of 2 and 3 versions
    const versions: NodeRow[] = [];
    for (let i = 0; i < size; i++) versions.push(await createModelVersion(db, { model_id: model.id, name: `Ring ${round}.${i}` }));
    // v0 ← v1 ← … ← v(n-1) ← v0: each version under the next, the last under the first.
    const results = await Promise.all(versions.map((v, i) => declare(v, versions[(i + 1) % size]!)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const errors = results.map((r) => r.data.declareLineage.errors);
    expect(errors.filter((e) => e.length === 0)).toHaveLength(size - 1);
    expect(errors.filter((e) => e.length > 0)).toEqual([[{ code: 'LINEAGE_CYCLE', path: ['parentVersionId'] }]]);
    const [{ count }] = await db.query(
      'SELECT count(*)::int AS count FROM model_version_lineage WHERE retracted_at IS NULL AND child_version_id = ANY($1::uuid[])',
      [versions.map((v) => v.id)],
    );
    expect(count).toBe(size - 1);
  }
});
