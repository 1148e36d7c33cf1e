import type { DataSource } from 'typeorm';
import type { ExportOutcome, JurisdictionTier } from '../../domain/enums';
import type DataLoader from 'dataloader';
import { ExportDecisionEntity, ModelVersionEntity, type DecisionExplanationEntity } from '../../persistence/entities';
import { entityReader } from '../../persistence/fast-read';
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
}

/**
 * "Override in force" in SQL: the stored decision `alias` has an override in force at `now` (an SQL
 * expression or parameter, never input). It mirrors `isOverrideActive` in src/domain/eligibility.ts
 * (in force from `setAt` until, excluding, `expiresAt`) over `storedOverride` (stored-override.ts);
 * test/integration/engine/override-in-force-sql.test.ts proves they agree.
 */
export const overrideInForceSql = (alias: string, now: string) => `(${alias}.override_outcome IS NOT NULL AND ${alias}.override_at <= ${now}
  AND (${alias}.override_expires_at IS NULL OR ${alias}.override_expires_at > ${now}))`;

const ACTIVE_OVERRIDE_SQL = overrideInForceSql('d', ':now');

/**
 * The page, and with `versions` each decision's version (MODEL_VERSION_SUMMARY's columns) in the
 * same statement, primed into that loader: a page of 100 decisions asked for their version's name
 * was two statements (issue 12, Q4).
 */
export function pageExportDecisions(
  db: DataSource,
  filter: ExportDecisionFilter,
  page: PageRequest,
  versions?: { columns: readonly (keyof ModelVersionEntity & string)[]; loader: DataLoader<string, ModelVersionEntity | null> },
): Promise<Connection<ExportDecisionEntity>> {
  const repo = db.getRepository(ExportDecisionEntity);
  const qb = repo.createQueryBuilder('d');
  if (versions) {
    const reader = entityReader(db.getRepository(ModelVersionEntity)).projection(versions.columns);
    qb.innerJoin('model_versions', 'v', 'v.id = d.model_version_id').addSelect(reader.selectList('v', 'v_'));
    page = {
      ...page,
      eachRow: (row) => {
        const version = reader.hydrate(row, 'v_');
        versions.loader.prime(version.id, version);
      },
    };
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

/**
 * The reasons and path to eligibility a decision or history row names (`explanation_id`, a
 * foreign key: always there), through the operation's loader: a page of 100 decisions of one
 * version reads about three explanations.
 */
export async function explanationOf(
  loaders: { decisionExplanationById: { load(id: string): Promise<DecisionExplanationEntity | null | undefined> } },
  id: string,
): Promise<DecisionExplanationEntity> {
  const explanation = await loaders.decisionExplanationById.load(id);
  if (!explanation) throw new Error(`decision explanation ${id} is missing`);
  return explanation;
}
