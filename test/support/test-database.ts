/**
 * A fresh, uniquely named database per test file on the server that global-setup.ts provides, so
 * test files can run in parallel without seeing each other's rows.
 *
 *   const db = await createTestDataSource();
 *   afterAll(() => db.destroy());
 */
import { randomBytes } from 'node:crypto';
import type { DataSource, Logger } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { dropDatabase, ensureDatabase } from '../../src/infra/database';
import { APP_ROLE, ensureLoginRole, grantApplicationPrivileges } from '../../src/infra/app-role';

export interface TestDatabase {
  dataSource: DataSource;
  /** Connection URL of the test database. */
  url: string;
  /** Its name: `msr_test_<pid>_<random>`. */
  name: string;
  /**
   * With `appRole: true`: a second DataSource connected as the unprivileged application role
   * (`msr_app`, granted as in production by src/infra/app-role.ts). `dataSource` stays the
   * superuser who owns the tables.
   */
  appDataSource?: DataSource;
  /** Close the DataSources and drop the database. Safe to call more than once. */
  destroy(): Promise<void>;
}

export interface TestDataSourceOptions {
  logger?: Logger;
  /** Run all migrations after connecting (default true). */
  migrate?: boolean;
  /** Also connect as the application role (`appDataSource`); needs `migrate` (default false). */
  appRole?: boolean;
}

/** The admin connection URL of the integration test server (set by global-setup.ts). */
export function testAdminUrl(): string {
  const url = process.env.MSR_TEST_ADMIN_URL;
  if (!url) {
    throw new Error(
      'MSR_TEST_ADMIN_URL is not set: integration tests need the jest global setup ' +
        '(run them with `npx jest --selectProjects integration`, not with a single-file runner).',
    );
  }
  return url;
}

/** `adminUrl` with its database path replaced by `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

export async function createTestDataSource(opts: TestDataSourceOptions = {}): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const name = `msr_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);

  let dataSource: DataSource | undefined;
  let appDataSource: DataSource | undefined;
  try {
    dataSource = createDataSource({ url, logger: opts.logger, poolSize: 5, applicationName: `msr-test-${process.pid}` });
    await dataSource.initialize();
    if (opts.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
    if (opts.appRole) {
      await ensureLoginRole(adminUrl, APP_ROLE);
      await grantApplicationPrivileges(dataSource, APP_ROLE);
      const appUrl = new URL(url);
      appUrl.username = APP_ROLE;
      appUrl.password = '';
      appDataSource = createDataSource({ url: appUrl.toString(), logger: opts.logger, poolSize: 5, applicationName: `msr-test-app-${process.pid}` });
      await appDataSource.initialize();
    }
  } catch (err) {
    if (appDataSource?.isInitialized) await appDataSource.destroy().catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    await dropDatabase(adminUrl, name).catch(() => undefined);
    throw err;
  }

  const ds = dataSource;
  const appDs = appDataSource;
  let destroying: Promise<void> | undefined;
  return {
    dataSource: ds,
    appDataSource: appDs,
    url,
    name,
    destroy: () =>
      (destroying ??= (async () => {
        if (appDs?.isInitialized) await appDs.destroy();
        if (ds.isInitialized) await ds.destroy();
        await dropDatabase(adminUrl, name);
      })()),
  };
}
