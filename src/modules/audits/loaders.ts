import type { DataSource } from 'typeorm';
import { AuditEntity, AuditFindingEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy } from '../../persistence/batch';

export function createAuditLoaders(db: DataSource) {
  return {
    auditById: loaderByKey(db.getRepository(AuditEntity), 'id'),
    auditsByVersion: loaderGroupedBy(db.getRepository(AuditEntity), 'modelVersionId', { startedAt: 'DESC', id: 'ASC' }),
    auditFindingsByAudit: loaderGroupedBy(db.getRepository(AuditFindingEntity), 'auditId', { role: 'ASC', findingId: 'ASC' }),
  };
}
