import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import {
  DisclosureEntity,
  FindingEntity,
  FindingReferenceEntity,
  FindingRestrictedDetailsEntity,
  FindingStatusChangeEntity,
  type ModelVersionEntity,
  SeverityAssessmentEntity,
} from '../../persistence/entities';
import { groupPairs, loaderByKey, loaderGroupedBy } from '../../persistence/batch';
import { publiclyDisclosedSql } from '../access/rules';

/** `(key, id)` pairs of the finding ↔ version link table, keyed by either side. */
async function affectedPairs(db: DataSource, by: 'finding_id' | 'model_version_id', keys: readonly string[]) {
  const other = by === 'finding_id' ? 'model_version_id' : 'finding_id';
  const rows: { key: string; id: string }[] = await db.query(
    `SELECT ${by}::text AS key, ${other}::text AS id FROM finding_affected_versions WHERE ${by} = ANY($1::uuid[])`,
    [keys],
  );
  return groupPairs(rows, keys);
}

const newestReportFirst = (a: FindingEntity, b: FindingEntity) =>
  b.reportedAt.getTime() - a.reportedAt.getTime() || a.id.localeCompare(b.id);

export function createFindingLoaders(db: DataSource, versionById: DataLoader<string, ModelVersionEntity | null>) {
  const findingById = loaderByKey(db.getRepository(FindingEntity), 'id');
  return {
    findingById,
    findingByPublicId: loaderByKey(db.getRepository(FindingEntity), 'publicId'),
    // One statement: the findings joined to their links (and primed into findingById).
    findingsByAffectedVersion: new DataLoader<string, FindingEntity[]>(async (versionIds) => {
      const { entities, raw } = await db
        .getRepository(FindingEntity)
        .createQueryBuilder('f')
        .innerJoin('finding_affected_versions', 'fav', 'fav.finding_id = f.id')
        .addSelect('fav.model_version_id::text', 'link_version_id')
        .where('fav.model_version_id = ANY(:ids::uuid[])', { ids: [...versionIds] })
        .getRawAndEntities();
      const byId = new Map(entities.map((f) => [f.id, f]));
      for (const f of entities) findingById.prime(f.id, f);
      const groups = groupPairs(
        raw.map((r: { link_version_id: string; f_id: string }) => ({ key: r.link_version_id, id: r.f_id })),
        versionIds,
      );
      return groups.map((ids) => [...new Set(ids)].map((id) => byId.get(id)!).filter(Boolean).sort(newestReportFirst));
    }),
    findingsByFixedVersion: loaderGroupedBy(db.getRepository(FindingEntity), 'fixedInVersionId', {
      reportedAt: 'DESC',
      id: 'ASC',
    }),
    affectedVersionsByFinding: new DataLoader<string, ModelVersionEntity[]>(async (findingIds) => {
      const groups = await affectedPairs(db, 'finding_id', findingIds);
      const all = await versionById.loadMany([...new Set(groups.flat())]);
      const byId = new Map(all.filter((v): v is ModelVersionEntity => !!v && !(v instanceof Error)).map((v) => [v.id, v]));
      return groups.map((ids) =>
        ids
          .map((id) => byId.get(id)!)
          .filter(Boolean)
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)),
      );
    }),
    referencesByFinding: loaderGroupedBy(db.getRepository(FindingReferenceEntity), 'findingId', {
      system: 'ASC',
      identifier: 'ASC',
    }),
    assessmentsByFinding: loaderGroupedBy(db.getRepository(SeverityAssessmentEntity), 'findingId', {
      assessedAt: 'DESC',
      recordedAt: 'DESC',
    }),
    statusHistoryByFinding: loaderGroupedBy(db.getRepository(FindingStatusChangeEntity), 'findingId', {
      occurredAt: 'ASC',
      recordedAt: 'ASC',
    }),
    disclosuresByFinding: loaderGroupedBy(db.getRepository(DisclosureEntity), 'findingId', {
      disclosedAt: 'ASC',
      recordedAt: 'ASC',
    }),
    // Whether a finding has a public disclosure (the rule: rules.ts), by finding id and by public id:
    // one statement per batch.
    findingPubliclyDisclosed: new DataLoader<string, boolean>(async (ids) => {
      const rows: { id: string }[] = await db.query(
        `SELECT f.id::text AS id FROM findings f WHERE f.id = ANY($1::uuid[]) AND ${publiclyDisclosedSql('f.id')}`,
        [ids],
      );
      const disclosed = new Set(rows.map((r) => r.id));
      return ids.map((id) => disclosed.has(id));
    }),
    publicIdPubliclyDisclosed: new DataLoader<string, boolean>(async (publicIds) => {
      const rows: { public_id: string }[] = await db.query(
        `SELECT f.public_id FROM findings f WHERE f.public_id = ANY($1::text[]) AND ${publiclyDisclosedSql('f.id')}`,
        [publicIds],
      );
      const disclosed = new Set(rows.map((r) => r.public_id));
      return publicIds.map((id) => disclosed.has(id));
    }),
    restrictedDetailsByFinding: new DataLoader<string, FindingRestrictedDetailsEntity | null>(async (ids) => {
      const rows = await db.getRepository(FindingRestrictedDetailsEntity).find({ where: { findingId: In([...ids]) } });
      const byId = new Map(rows.map((r) => [r.findingId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
