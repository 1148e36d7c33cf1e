import type { DataSource } from 'typeorm';
import { EventEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';

export interface EventFilter {
  subjectId?: string | null;
  types?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

export function pageEvents(db: DataSource, filter: EventFilter, page: PageRequest): Promise<Connection<EventEntity>> {
  const qb = db.getRepository(EventEntity).createQueryBuilder('e');
  if (filter.subjectId) qb.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
  if (filter.types?.length) qb.andWhere('e.type IN (:...types)', { types: filter.types });
  if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
  return paginate(qb, { key: 'e.seq', id: 'e.seq', keyType: 'bigint', idType: 'bigint', direction: 'ASC' }, page);
}
