import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { ModelEntity, ModelVersionEntity, ModelVersionStatusChangeEntity, OrganizationEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy, type LoaderScope } from '../../persistence/batch';
import { entityReader } from '../../persistence/fast-read';
import type { Projection } from '../../graphql/pagination';
import { prepared } from '../../persistence/prepared-statements';

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
    {
      cacheKeyFn: (k) => JSON.stringify([k.developerName, k.modelName, k.name]),
    },
  );
}

/**
 * Versions by id with their developer in the same statement (issue 12: `modelVersion(id:) {
 * developer { … } }` took two statements): each version is primed into `modelVersionById` and its
 * developer into `organizationById`, where the resolvers then find them.
 */
function modelVersionWithDeveloperLoader(
  db: DataSource,
  modelVersionById: DataLoader<string, ModelVersionEntity | null>,
  organizationById: DataLoader<string, OrganizationEntity | null>,
) {
  const versions = entityReader(db.getRepository(ModelVersionEntity));
  const organizations = entityReader(db.getRepository(OrganizationEntity));
  const sql = prepared(`SELECT ${versions.selectList('v', 'v_')}, ${organizations.selectList('o', 'o_')}
    FROM ${versions.table} v LEFT JOIN ${organizations.table} o ON o.id = v.developer_id
   WHERE ${versions.anyOf('v', 'id', 1)}`);
  return new DataLoader<string, ModelVersionEntity | null>(async (ids) => {
    const rows: Record<string, unknown>[] = await db.query(sql, [[...ids]]);
    const byId = new Map<string, ModelVersionEntity>();
    for (const row of rows) {
      const version = versions.hydrate(row, 'v_');
      byId.set(version.id, version);
      modelVersionById.prime(version.id, version);
      if (row.o_id != null) {
        const developer = organizations.hydrate(row, 'o_');
        organizationById.prime(developer.id, developer);
      }
    }
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * The ModelVersion fields served by a few columns (issue 12: a page of 100 export decisions asked
 * for their version's name read 100 whole version rows — three timestamps parsed, a text array —
 * for one column). Their resolvers read no other property of the version; the other fields
 * (eligibility, lineage, …) are outside it. test/integration/api/read-on-demand.test.ts checks
 * each field against the whole row.
 */
export const MODEL_VERSION_SUMMARY = {
  fields: new Set([
    '__typename',
    'id',
    'name',
    'developerName',
    'modelName',
    'model',
    'developer',
    'accessStatus',
    'accessStatusHistory',
    'audits',
    'exportDecisions',
  ]),
  columns: ['id', 'modelId', 'developerId', 'name', 'accessStatus'],
} satisfies Projection & { columns: (keyof ModelVersionEntity & string)[] };

/** Each loader is built on its first use in an operation (src/graphql/context.ts). */
export const modelLoaders = {
  modelById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(ModelEntity), 'id'),
  modelsByDeveloper: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(ModelEntity), 'developerId', {
      name: 'ASC',
      id: 'ASC',
    }),
  modelVersionById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(ModelVersionEntity), 'id'),
  // Partial versions (MODEL_VERSION_SUMMARY's columns): never primed into modelVersionById, which other reads share.
  modelVersionSummaryById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(ModelVersionEntity), 'id', MODEL_VERSION_SUMMARY.columns),
  modelVersionWithDeveloperById: (
    s: LoaderScope & {
      modelVersionById: DataLoader<string, ModelVersionEntity | null>;
      organizationById: DataLoader<string, OrganizationEntity | null>;
    },
  ) => modelVersionWithDeveloperLoader(s.db, s.modelVersionById, s.organizationById),
  modelVersionByNaturalKey: (
    s: LoaderScope & {
      modelVersionById: DataLoader<string, ModelVersionEntity | null>;
    },
  ) => modelVersionByNaturalKeyLoader(s.db, s.modelVersionById),
  versionsByModel: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(ModelVersionEntity), 'modelId', {
      createdAt: 'ASC',
      id: 'ASC',
    }),
  accessStatusHistoryByVersion: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(ModelVersionStatusChangeEntity), 'modelVersionId', {
      occurredAt: 'ASC',
      recordedAt: 'ASC',
    }),
};
