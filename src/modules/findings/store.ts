import type { DataSource } from 'typeorm';
import type { FindingCategory, FindingStatus, SeverityLevel } from '../../domain/enums';
import { FindingEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export interface FindingFilter {
  status?: FindingStatus[] | null;
  severityLevel?: SeverityLevel[] | null;
  category?: FindingCategory[] | null;
  developerId?: string | null;
  modelVersionId?: string | null;
  reportedFrom?: Date | null;
  reportedTo?: Date | null;
  text?: string | null;
}

/** The level of a finding's newest assessment, as a SQL expression over alias `f`. */
export const CURRENT_LEVEL_SQL = `(SELECT sa.level FROM severity_assessments sa WHERE sa.finding_id = f.id
  ORDER BY sa.assessed_at DESC, sa.recorded_at DESC LIMIT 1)`;

export function pageFindings(db: DataSource, filter: FindingFilter, page: PageRequest): Promise<Connection<FindingEntity>> {
  const qb = db.getRepository(FindingEntity).createQueryBuilder('f');
  if (filter.status?.length) qb.andWhere('f.status IN (:...statuses)', { statuses: filter.status });
  if (filter.category?.length) qb.andWhere('f.category IN (:...categories)', { categories: filter.category });
  if (filter.severityLevel?.length) qb.andWhere(`${CURRENT_LEVEL_SQL} IN (:...levels)`, { levels: filter.severityLevel });
  if (filter.developerId) qb.andWhere('f.developer_id = :developerId', { developerId: filter.developerId });
  if (filter.modelVersionId) {
    qb.andWhere(
      'EXISTS (SELECT 1 FROM finding_affected_versions fav WHERE fav.finding_id = f.id AND fav.model_version_id = :versionId)',
      { versionId: filter.modelVersionId },
    );
  }
  if (filter.reportedFrom) qb.andWhere('f.reported_at >= :from', { from: filter.reportedFrom });
  if (filter.reportedTo) qb.andWhere('f.reported_at < :to', { to: filter.reportedTo });
  if (filter.text) {
    qb.andWhere(`(f.search @@ websearch_to_tsquery('english', :text) OR f.public_id = upper(:text))`, { text: filter.text });
  }
  return paginate(qb, { key: 'f.reported_at', id: 'f.id', keyType: 'timestamptz', idType: 'uuid', direction: 'DESC' }, page);
}
