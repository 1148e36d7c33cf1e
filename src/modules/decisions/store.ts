import type { DataSource } from 'typeorm';
import type { ExportOutcome, JurisdictionTier } from '../../domain/enums';
import { ExportDecisionEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export interface ExportDecisionFilter {
  jurisdictionCode?: string | null;
  modelVersionId?: string | null;
  outcome?: ExportOutcome[] | null;
  tier?: JurisdictionTier | null;
  /** Only decisions with (true) or without (false) an override in force at `now`. */
  hasOverride?: boolean | null;
  /** The moment `hasOverride` is judged at (the operation's `now`). */
  now?: Date;
  /**
   * Read `reasons` and `path_to_eligibility` (default true). False when the operation selects
   * neither: they are the bulk of a row (kilobytes of JSON each) and stay undefined on the entity.
   */
  withDocuments?: boolean;
}

const DOCUMENT_PROPERTIES = new Set(['reasons', 'pathToEligibility']);

/** An override in force at `:now`, over alias `d`; the same rule as `isOverrideActive` in the engine. */
const ACTIVE_OVERRIDE_SQL = `(d.override_outcome IS NOT NULL AND d.override_at <= :now
  AND (d.override_expires_at IS NULL OR d.override_expires_at > :now))`;

export function pageExportDecisions(
  db: DataSource,
  filter: ExportDecisionFilter,
  page: PageRequest,
): Promise<Connection<ExportDecisionEntity>> {
  const repo = db.getRepository(ExportDecisionEntity);
  const qb = repo.createQueryBuilder('d');
  if (filter.withDocuments === false) {
    qb.select(repo.metadata.columns.filter((c) => !DOCUMENT_PROPERTIES.has(c.propertyName)).map((c) => `d.${c.propertyName}`));
  }
  if (filter.jurisdictionCode) {
    qb.andWhere('d.jurisdiction_id = (SELECT j.id FROM jurisdictions j WHERE j.code = :code)', {
      code: filter.jurisdictionCode,
    });
  }
  if (filter.modelVersionId) qb.andWhere('d.model_version_id = :versionId', { versionId: filter.modelVersionId });
  if (filter.outcome?.length) qb.andWhere('d.outcome IN (:...outcomes)', { outcomes: filter.outcome });
  if (filter.tier) qb.andWhere('d.tier = :tier', { tier: filter.tier });
  if (filter.hasOverride != null) {
    qb.andWhere(filter.hasOverride ? ACTIVE_OVERRIDE_SQL : `NOT ${ACTIVE_OVERRIDE_SQL}`, { now: filter.now ?? new Date() });
  }
  return paginate(qb, { key: 'd.created_at', id: 'd.id', keyType: 'timestamptz', idType: 'uuid', direction: 'ASC' }, page);
}
