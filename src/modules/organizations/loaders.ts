import { AccreditationEntity, ConflictOfInterestEntity, OrganizationEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy, type LoaderScope } from '../../persistence/batch';

/** Each loader is built on its first use in an operation (src/graphql/context.ts). */
export const organizationLoaders = {
  organizationById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(OrganizationEntity), 'id'),
  accreditationsByAuditor: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(AccreditationEntity), 'auditorId', {
      validFrom: 'DESC',
      id: 'ASC',
    }),
  conflictsByAuditor: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(ConflictOfInterestEntity), 'auditorId', {
      periodStart: 'DESC',
      id: 'ASC',
    }),
};
