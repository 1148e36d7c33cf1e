/**
 * Lineage through `_entities` (issue 19), as a partner's router resolves it: a version's parents,
 * ancestors and inherited findings by either key, and a finding's blast radius — in one batch.
 */
import type { DataSource } from 'typeorm';
import { recomputeDecisions } from '../../../src/modules/decisions/recompute-decisions';
import {
  createDeveloper,
  createDisclosure,
  createFinding,
  createJurisdiction,
  createModel,
  createModelVersion,
  createPolicyVersion,
  insertRow,
  type NodeRow,
} from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency } from '../../support/viewers';

let testDb: TestDatabase;
let db: DataSource;
let base: NodeRow;
let mini: NodeRow;
let finding: NodeRow;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await createPolicyVersion(db);
  for (const code of ['US', 'IN', 'CN']) await createJurisdiction(db, { code });
  const dev = await createDeveloper(db, { name: 'Federated Labs' });
  const model = await createModel(db, { developer_id: dev.id, name: 'Orion' });
  base = await createModelVersion(db, { model_id: model.id, name: 'Orion 2' });
  mini = await createModelVersion(db, { model_id: model.id, name: 'Orion 2 Mini' });
  await insertRow(db, 'model_version_lineage', { child_version_id: mini.id, parent_version_id: base.id, relation: 'DISTILLATION', declared_by: 'test' });
  finding = await createFinding(db, { developer_id: dev.id, category: 'JAILBREAK', title: 'Orion jailbreak' }, { affectedVersionIds: [base.id], level: 'CRITICAL' });
  await createDisclosure(db, { finding_id: finding.id, audience: 'PUBLIC' });
  await recomputeDecisions(db.manager, [base.id], { cause: 'TEST', actor: 'test' });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('lineage fields resolve through _entities for both ModelVersion keys and for Finding', async () => {
  const result = await executeOperation<any>(
    db,
    `query ($representations: [_Any!]!) { _entities(representations: $representations) {
      __typename
      ... on ModelVersion { name parents { relation parent { name } } ancestors { depth modelVersion { name } }
                            inheritedFindings { status finding { publicId } path { relation } } }
      ... on Finding { publicId blastRadius { reach modelVersion { name } outcomes { tier outcome } } }
    } }`,
    {
      representations: [
        { __typename: 'ModelVersion', id: mini.globalId },
        { __typename: 'ModelVersion', developerName: 'Federated Labs', modelName: 'Orion', name: 'Orion 2 Mini' },
        { __typename: 'Finding', id: finding.globalId },
      ],
    },
    { viewer: partnerAgency() },
  );
  expect(result.errors).toBeUndefined();
  const [byId, byNaturalKey, f] = result.data._entities;
  const expected = {
    __typename: 'ModelVersion',
    name: 'Orion 2 Mini',
    parents: [{ relation: 'DISTILLATION', parent: { name: 'Orion 2' } }],
    ancestors: [{ depth: 1, modelVersion: { name: 'Orion 2' } }],
    inheritedFindings: [{ status: 'OPEN', finding: { publicId: finding.public_id }, path: [{ relation: 'DISTILLATION' }] }],
  };
  expect(byId).toEqual(expected);
  expect(byNaturalKey).toEqual(expected);
  expect(f.blastRadius.map((e: any) => [e.reach, e.modelVersion.name])).toEqual([
    ['DIRECT', 'Orion 2'],
    ['INHERITED', 'Orion 2 Mini'],
  ]);
  expect(f.blastRadius[1].outcomes).toContainEqual({ tier: 'TIER_2', outcome: 'SUSPENDED' });
});
