import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { ModelEntity, ModelVersionEntity, ModelVersionStatusChangeEntity, OrganizationEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy } from '../../persistence/batch';

/** A model version's natural key: developer name, model name, version name (each unique in its scope). */
export interface ModelVersionNaturalKey {
  developerName: string;
  modelName: string;
  name: string;
}

/** Loads model versions by natural key in one statement; unknown keys give null, order is kept. */
function modelVersionByNaturalKeyLoader(db: DataSource, modelVersionById: DataLoader<string, ModelVersionEntity | null>) {
  return new DataLoader<ModelVersionNaturalKey, ModelVersionEntity | null, string>(
    async (keys) => {
      const { raw, entities } = await db
        .getRepository(ModelVersionEntity)
        .createQueryBuilder('v')
        .innerJoin(ModelEntity, 'm', 'm.id = v.model_id')
        .innerJoin(OrganizationEntity, 'o', 'o.id = v.developer_id')
        .innerJoin(
          '(SELECT * FROM unnest(:developers::text[], :models::text[], :names::text[]) WITH ORDINALITY AS k(developer_name, model_name, name, n))',
          'k',
          'k.developer_name = o.name AND k.model_name = m.name AND k.name = v.name',
        )
        .addSelect('k.n', 'position')
        .setParameters({
          developers: keys.map((k) => k.developerName),
          models: keys.map((k) => k.modelName),
          names: keys.map((k) => k.name),
        })
        .getRawAndEntities<{ v_id: string; position: string }>();
      const byId = new Map(entities.map((v) => [v.id, v]));
      const byPosition = new Map<number, ModelVersionEntity>();
      for (const row of raw) {
        const version = byId.get(row.v_id);
        if (version) byPosition.set(Number(row.position), version);
      }
      for (const version of entities) modelVersionById.prime(version.id, version);
      return keys.map((_k, i) => byPosition.get(i + 1) ?? null);
    },
    { cacheKeyFn: (k) => JSON.stringify([k.developerName, k.modelName, k.name]) },
  );
}

export function createModelLoaders(db: DataSource) {
  const modelVersionById = loaderByKey(db.getRepository(ModelVersionEntity), 'id');
  return {
    modelById: loaderByKey(db.getRepository(ModelEntity), 'id'),
    modelsByDeveloper: loaderGroupedBy(db.getRepository(ModelEntity), 'developerId', { name: 'ASC', id: 'ASC' }),
    modelVersionById,
    modelVersionByNaturalKey: modelVersionByNaturalKeyLoader(db, modelVersionById),
    versionsByModel: loaderGroupedBy(db.getRepository(ModelVersionEntity), 'modelId', { createdAt: 'ASC', id: 'ASC' }),
    accessStatusHistoryByVersion: loaderGroupedBy(db.getRepository(ModelVersionStatusChangeEntity), 'modelVersionId', {
      occurredAt: 'ASC',
      recordedAt: 'ASC',
    }),
  };
}
