import type { DataSource } from 'typeorm';
import { AccreditationEntity, ConflictOfInterestEntity, OrganizationEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy } from '../../persistence/batch';

export function createOrganizationLoaders(db: DataSource) {
  return {
    organizationById: loaderByKey(db.getRepository(OrganizationEntity), 'id'),
    accreditationsByAuditor: loaderGroupedBy(db.getRepository(AccreditationEntity), 'auditorId', {
      validFrom: 'DESC',
      id: 'ASC',
    }),
    conflictsByAuditor: loaderGroupedBy(db.getRepository(ConflictOfInterestEntity), 'auditorId', {
      periodStart: 'DESC',
      id: 'ASC',
    }),
  };
}
