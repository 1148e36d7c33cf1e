/**
 * The read path's row mapper (src/persistence/fast-read.ts) gives exactly what TypeORM's
 * `repository.find()` gives — same class, same properties, same values (dates, numerics through
 * their transformer, arrays, jsonb, nulls) — for every entity, and the batch loaders built on it
 * keep key order, give null or [] for unknown keys and honour their ordering.
 */
import type { DataSource } from 'typeorm';
import { ENTITIES, AuditEntity, JurisdictionEntity, SeverityAssessmentEntity } from '../../../src/persistence/entities';
import { entityReader } from '../../../src/persistence/fast-read';
import { loaderByKey, loaderGroupedBy } from '../../../src/persistence/batch';
import {
  createAccreditation,
  createAudit,
  createAuditFinding,
  createAuditor,
  createDecision,
  createDeveloper,
  createDisclosure,
  createFinding,
  createFindingReference,
  createJurisdiction,
  createModel,
  createModelVersion,
  createPolicyVersion,
  createSeverityAssessment,
} from '../../support/factories';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

let testDb: TestDatabase;
let db: DataSource;
const ids: Record<string, string> = {};

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  const dev = await createDeveloper(db);
  const auditor = await createAuditor(db);
  await createAccreditation(db, { auditor_id: auditor.id });
  const model = await createModel(db, { developer_id: dev.id });
  const v1 = await createModelVersion(db, { model_id: model.id, training_compute_ops: null });
  const v2 = await createModelVersion(db, { model_id: model.id, capability_domains: ['GENERAL', 'CBRN'] });
  const f = await createFinding(db, { developer_id: dev.id }, { affectedVersionIds: [v1.id, v2.id], restrictedDetails: { prompts: 'secret prompt' } });
  await createSeverityAssessment(db, { finding_id: f.id, level: 'HIGH' });
  await createSeverityAssessment(db, { finding_id: f.id, level: 'LOW', assessed_at: new Date('2030-01-01T00:00:00.123Z') });
  await createDisclosure(db, { finding_id: f.id });
  await createFindingReference(db, { finding_id: f.id });
  const a1 = await createAudit(db, { auditor_id: auditor.id, model_version_id: v1.id });
  await createAudit(db, { auditor_id: auditor.id, model_version_id: v1.id, status: 'OPEN', completed_at: null, outcome: null });
  await createAuditFinding(db, { audit_id: a1.id, finding_id: f.id, role: 'RAISED' });
  const j = await createJurisdiction(db, { code: 'DE' });
  await createPolicyVersion(db);
  await createDecision(db, { model_version_id: v1.id, jurisdiction_id: j.id, reasons: [{ code: 'X', message: 'y' }] });
  Object.assign(ids, { v1: v1.id, v2: v2.id, finding: f.id, auditor: auditor.id });
});

afterAll(async () => {
  await testDb?.destroy();
});

describe('entityReader', () => {
  test.each(ENTITIES.map((e) => [e.name, e] as const))('%s: the same entities as repository.find()', async (_name, entity) => {
    const repo = db.getRepository(entity);
    const reader = entityReader(repo);
    const primary = repo.metadata.primaryColumns.map((c) => `t."${c.databaseName}"`).join(', ');
    const raw: Record<string, unknown>[] = await db.query(`SELECT ${reader.selectList('t', 'p_')} FROM ${reader.table} t ORDER BY ${primary} LIMIT 200`);
    const found = await repo.find({ order: Object.fromEntries(repo.metadata.primaryColumns.map((c) => [c.propertyName, 'ASC'])) as never, take: 200 });
    const mine = raw.map((r) => reader.hydrate(r, 'p_'));
    expect(mine).toEqual(found);
    for (const row of mine) expect(Object.getPrototypeOf(row)).toBe(entity.prototype);
  });

  test('values keep their JavaScript types', async () => {
    const [a] = await loaderGroupedBy(db.getRepository(SeverityAssessmentEntity), 'findingId', { assessedAt: 'DESC' }).load(ids.finding!);
    expect(typeof a!.score).toBe('number');
    expect(a!.assessedAt).toBeInstanceOf(Date);
    expect(a!.assessedAt.toISOString()).toBe('2030-01-01T00:00:00.123Z');
    const audits = await loaderGroupedBy(db.getRepository(AuditEntity), 'modelVersionId').load(ids.v1!);
    expect(audits.map((x) => x.scopes)).toEqual([['JAILBREAK', 'GENERAL'], ['JAILBREAK', 'GENERAL']]);
    expect(audits.some((x) => x.completedAt === null && x.outcome === null)).toBe(true);
  });
});

describe('batch loaders', () => {
  test('loaderByKey keeps key order and gives null for unknown keys, also for char(2) codes', async () => {
    const byCode = loaderByKey(db.getRepository(JurisdictionEntity), 'code');
    const [de, unknown, fr] = await byCode.loadMany(['DE', 'ZZ', 'FR']);
    expect((de as JurisdictionEntity).code).toBe('DE');
    expect(unknown).toBeNull();
    expect((fr as JurisdictionEntity).code).toBe('FR');
  });

  test('loaderGroupedBy orders each group and gives [] for unknown keys', async () => {
    const byFinding = loaderGroupedBy(db.getRepository(SeverityAssessmentEntity), 'findingId', { assessedAt: 'ASC' });
    const [none, list] = await byFinding.loadMany(['00000000-0000-4000-8000-000000000000', ids.finding!]);
    expect(none).toEqual([]);
    const dates = (list as SeverityAssessmentEntity[]).map((x) => x.assessedAt.getTime());
    expect(dates).toEqual([...dates].sort((x, y) => x - y));
    expect(dates).toHaveLength(2);
  });
});
