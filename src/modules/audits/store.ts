import type { DataSource } from 'typeorm';
import type { AuditKind, AuditOutcome, AuditStatus } from '../../domain/enums';
import { AuditEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export interface AuditFilter {
  auditorId?: string | null;
  modelVersionId?: string | null;
  outcome?: AuditOutcome[] | null;
  kind?: AuditKind | null;
  status?: AuditStatus | null;
}

export function pageAudits(db: DataSource, filter: AuditFilter, page: PageRequest): Promise<Connection<AuditEntity>> {
  const qb = db.getRepository(AuditEntity).createQueryBuilder('a');
  if (filter.auditorId) qb.andWhere('a.auditor_id = :auditorId', { auditorId: filter.auditorId });
  if (filter.modelVersionId) qb.andWhere('a.model_version_id = :versionId', { versionId: filter.modelVersionId });
  if (filter.outcome?.length) qb.andWhere('a.outcome IN (:...outcomes)', { outcomes: filter.outcome });
  if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
  if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
  return paginate(qb, { key: 'a.started_at', id: 'a.id', keyType: 'timestamptz', idType: 'uuid', direction: 'DESC' }, page);
}
