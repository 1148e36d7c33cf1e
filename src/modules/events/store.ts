import type { DataSource } from 'typeorm';
import { EventEntity } from '../../persistence/entities';
import { paginate, type Connection, type PageRequest } from '../../graphql/pagination';
import { eventVisibilitySql, type Viewer } from '../access/rules';

export interface EventFilter {
  subjectId?: string | null;
  types?: string[] | null;
  from?: Date | null;
  to?: Date | null;
  /** Only the events this viewer may see (`eventVisibilitySql`); required, so no listing forgets it. */
  viewer: Viewer;
}

export function pageEvents(db: DataSource, filter: EventFilter, page: PageRequest): Promise<Connection<EventEntity>> {
  const qb = db.getRepository(EventEntity).createQueryBuilder('e');
  if (filter.subjectId) qb.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
  if (filter.types?.length) qb.andWhere('e.type IN (:...types)', { types: filter.types });
  if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
  // In the statement itself, so totalCount and pages count only what the viewer may see.
  const visible = eventVisibilitySql(filter.viewer, 'e');
  if (visible) qb.andWhere(visible.sql, visible.params);
  return paginate(qb, { key: 'e.seq', id: 'e.seq', keyType: 'bigint', idType: 'bigint', direction: 'ASC' }, page);
}
