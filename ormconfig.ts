/**
 * The one TypeORM DataSource definition, shared by the application, the tests and the TypeORM CLI
 * (`npm run migrate`). The CLI needs DATABASE_URL; the app passes the URL it resolved
 * (possibly an embedded PostgreSQL).
 */
import 'reflect-metadata';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { ENTITIES } from './src/persistence/entities';
import { MIGRATIONS } from './migrations';
import { loadConfig } from './src/config/config';

export interface DataSourceSettings {
  url: string;
  logger?: Logger;
  poolSize?: number;
  applicationName?: string;
}

export function buildDataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: settings.logger ? ['query', 'error'] : ['error'],
    logger: settings.logger,
    extra: { max: settings.poolSize ?? 10, application_name: settings.applicationName ?? 'model-security-registry' },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(buildDataSourceOptions(settings));
}

/**
 * The default export is what the TypeORM CLI loads: DATABASE_URL, or else the embedded PostgreSQL
 * that `npm start` runs (start it first).
 */
const cliConfig = loadConfig();
export default createDataSource({
  url: cliConfig.databaseUrl ?? `postgres://postgres@127.0.0.1:${cliConfig.embeddedPort}/registry`,
});
