import type { DataSource } from 'typeorm';
import type { AccessStatus, CapabilityDomain } from '../../domain/enums';
import { ModelEntity, ModelVersionEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export function pageModels(db: DataSource, developerId: string | null, page: PageRequest): Promise<Connection<ModelEntity>> {
  const qb = db.getRepository(ModelEntity).createQueryBuilder('m');
  if (developerId) qb.andWhere('m.developer_id = :developerId', { developerId });
  return paginate(qb, { key: 'm.created_at', id: 'm.id', keyType: 'timestamptz', idType: 'uuid', direction: 'ASC' }, page);
}

export interface ModelVersionFilter {
  developerId?: string | null;
  modelId?: string | null;
  accessStatus?: AccessStatus | null;
  capabilityDomain?: CapabilityDomain | null;
}

export function pageModelVersions(
  db: DataSource,
  filter: ModelVersionFilter,
  page: PageRequest,
): Promise<Connection<ModelVersionEntity>> {
  const qb = db.getRepository(ModelVersionEntity).createQueryBuilder('v');
  if (filter.developerId) qb.andWhere('v.developer_id = :developerId', { developerId: filter.developerId });
  if (filter.modelId) qb.andWhere('v.model_id = :modelId', { modelId: filter.modelId });
  if (filter.accessStatus) qb.andWhere('v.access_status = :accessStatus', { accessStatus: filter.accessStatus });
  if (filter.capabilityDomain) {
    qb.andWhere('v.capability_domains @> ARRAY[:domain]::text[]', { domain: filter.capabilityDomain });
  }
  return paginate(qb, { key: 'v.created_at', id: 'v.id', keyType: 'timestamptz', idType: 'uuid', direction: 'ASC' }, page);
}
