/**
 * The one TypeORM DataSource definition, shared by the application, the tests and the TypeORM CLI
 * (`npm run migrate`). The CLI needs DATABASE_URL; the app passes the URL it resolved
 * (possibly an embedded PostgreSQL).
 */
import 'reflect-metadata';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { ENTITIES } from './src/persistence/entities';
import { MIGRATIONS } from './migrations';
import { ConfigError, loadConfig, type Config, type DetailsEncryptionConfig } from './src/config/config';
import { SafeSqlLogger } from './src/infra/sql-logger';
import { bindDetailsCipher, DetailsCipher } from './src/infra/details-crypto';
import { installTimestampParser } from './src/persistence/timestamp-parser';
import { PREPARED_STATEMENT_OPTIONS } from './src/persistence/prepared-statements';

export interface DataSourceSettings {
  url: string;
  /**
   * Also sees every statement, e.g. a statement counter (tests, benchmarks). It gets the redacted
   * query text only, never parameters: all SQL logging goes through SafeSqlLogger (src/infra/sql-logger.ts).
   */
  logger?: Logger;
  /** Print every statement (LOG_SQL), parameters redacted; otherwise only failures. */
  logSql?: boolean;
  /** Keys of the restricted-details encryption; default: those of the configuration (loadConfig()). */
  detailsEncryption?: DetailsEncryptionConfig;
  poolSize?: number;
  applicationName?: string;
  /** Longest wait for a pool connection (pg `connectionTimeoutMillis`; DB_ACQUIRE_TIMEOUT_MS); default: unbounded. */
  acquireTimeoutMs?: number;
  /** PostgreSQL `statement_timeout` of every connection (DB_STATEMENT_TIMEOUT_MS); default/0: none. */
  statementTimeoutMs?: number;
  /** Registered statements run named (DB_PREPARED_STATEMENTS; src/persistence/prepared-statements.ts); default true. */
  preparedStatements?: boolean;
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
    logging: settings.logSql ? 'all' : ['error', 'warn'],
    // Never TypeORM's own console loggers: they print query parameters in clear.
    logger: new SafeSqlLogger({ queries: settings.logSql ?? false, observer: settings.logger }),
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'model-security-registry',
      ...(settings.acquireTimeoutMs ? { connectionTimeoutMillis: settings.acquireTimeoutMs } : {}),
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
      ...(settings.preparedStatements === false ? {} : PREPARED_STATEMENT_OPTIONS),
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  // timestamptz parsed by char code, not three regular expressions (src/persistence/timestamp-parser.ts).
  installTimestampParser();
  const dataSource = new DataSource(buildDataSourceOptions(settings));
  // Every reader and writer of restricted details finds its keys through the DataSource.
  bindDetailsCipher(dataSource, new DetailsCipher(settings.detailsEncryption ?? loadConfig().detailsEncryption));
  return dataSource;
}

/**
 * The default export is what the TypeORM CLI loads: DATABASE_URL, or else the embedded PostgreSQL
 * that `npm start` runs (start it first).
 */
function cliConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    // Whoever imports this file (the CLI, or main.ts before its own check) gets the promised
    // answer to a bad setting: a message naming the variable and exit code 2, no stack trace.
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
const cliConfig = cliConfigOrExit();
export default createDataSource({
  // Migrations run as the tables' owner (DATABASE_OWNER_URL when given; docs/access-control.md).
  url: cliConfig.databaseOwnerUrl ?? cliConfig.databaseUrl ?? `postgres://postgres@127.0.0.1:${cliConfig.embeddedPort}/registry`,
});
