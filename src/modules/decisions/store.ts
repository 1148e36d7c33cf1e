import type { DataSource } from 'typeorm';
import type { ExportOutcome, JurisdictionTier } from '../../domain/enums';
import { ExportDecisionEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export interface ExportDecisionFilter {
  jurisdictionCode?: string | null;
  modelVersionId?: string | null;
  outcome?: ExportOutcome[] | null;
  tier?: JurisdictionTier | null;
}

export function pageExportDecisions(
  db: DataSource,
  filter: ExportDecisionFilter,
  page: PageRequest,
): Promise<Connection<ExportDecisionEntity>> {
  const qb = db.getRepository(ExportDecisionEntity).createQueryBuilder('d');
  if (filter.jurisdictionCode) {
    qb.andWhere('d.jurisdiction_id = (SELECT j.id FROM jurisdictions j WHERE j.code = :code)', {
      code: filter.jurisdictionCode,
    });
  }
  if (filter.modelVersionId) qb.andWhere('d.model_version_id = :versionId', { versionId: filter.modelVersionId });
  if (filter.outcome?.length) qb.andWhere('d.outcome IN (:...outcomes)', { outcomes: filter.outcome });
  if (filter.tier) qb.andWhere('d.tier = :tier', { tier: filter.tier });
  return paginate(qb, { key: 'd.created_at', id: 'd.id', keyType: 'timestamptz', idType: 'uuid', direction: 'ASC' }, page);
}
