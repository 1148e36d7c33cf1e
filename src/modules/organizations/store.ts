import type { DataSource } from 'typeorm';
import type { OrganizationKind } from '../../domain/enums';
import { OrganizationEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export interface OrganizationFilter {
  kind?: OrganizationKind | null;
  countryCode?: string | null;
}

export function pageOrganizations(
  db: DataSource,
  filter: OrganizationFilter,
  page: PageRequest,
): Promise<Connection<OrganizationEntity>> {
  const qb = db.getRepository(OrganizationEntity).createQueryBuilder('o');
  if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
  if (filter.countryCode) qb.andWhere('o.country_code = :cc', { cc: filter.countryCode });
  return paginate(qb, { key: 'o.name', id: 'o.id', keyType: 'text', idType: 'uuid', direction: 'ASC' }, page);
}
