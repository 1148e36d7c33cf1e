import type { DataSource } from 'typeorm';
import { ModelEntity, ModelVersionEntity, ModelVersionStatusChangeEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy } from '../../persistence/batch';

export function createModelLoaders(db: DataSource) {
  return {
    modelById: loaderByKey(db.getRepository(ModelEntity), 'id'),
    modelsByDeveloper: loaderGroupedBy(db.getRepository(ModelEntity), 'developerId', { name: 'ASC', id: 'ASC' }),
    modelVersionById: loaderByKey(db.getRepository(ModelVersionEntity), 'id'),
    versionsByModel: loaderGroupedBy(db.getRepository(ModelVersionEntity), 'modelId', { createdAt: 'ASC', id: 'ASC' }),
    accessStatusHistoryByVersion: loaderGroupedBy(db.getRepository(ModelVersionStatusChangeEntity), 'modelVersionId', {
      occurredAt: 'ASC',
      recordedAt: 'ASC',
    }),
  };
}
