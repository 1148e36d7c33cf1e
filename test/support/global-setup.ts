/**
 * Jest global setup for the `integration` project: provide one PostgreSQL server for the whole run.
 *
 * - DATABASE_URL set (CI, or a developer's own server): use it as the admin connection.
 * - Otherwise start the embedded PostgreSQL in `<project>/.data/test-postgres` on port 54339.
 *   If another test run in this tree is using that directory right now, start a private one in
 *   `<project>/.data/test-postgres-<pid>` on a free port instead (removed at teardown).
 *
 * Test files create their own database on that server (see test-database.ts). Workers inherit
 * `MSR_TEST_ADMIN_URL` from this process's environment.
 */
import net from 'node:net';
import path from 'node:path';
import { EmbeddedPostgresBusyError, startEmbeddedPostgres } from '../../src/infra/embedded-postgres';
import { redactUrl, waitForDatabase } from '../../src/infra/database';

/** Read by test-database.ts in the workers. */
const ADMIN_URL_ENV = 'MSR_TEST_ADMIN_URL';
/** Shared with global-teardown.ts (same process). */
const TEST_SERVER_KEY = '__msrEmbeddedTestPostgres';

interface TestServerState {
  stop(): Promise<void>;
  /** A private data directory to delete after stopping (only when the shared one was busy). */
  temporaryDataDir?: string;
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const DATA_DIR = path.join(PROJECT_ROOT, '.data', 'test-postgres');
const PORT = 54339;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    await waitForDatabase(external, 30_000);
    process.env[ADMIN_URL_ENV] = external;
    console.log(`\n[integration] using DATABASE_URL ${redactUrl(external)}`);
    return;
  }

  const started = Date.now();
  let dataDir = DATA_DIR;
  let port = PORT;
  let temporary = false;
  let handle;
  try {
    handle = await startEmbeddedPostgres({ dataDir, port });
  } catch (err) {
    if (!(err instanceof EmbeddedPostgresBusyError)) throw err;
    dataDir = `${DATA_DIR}-${process.pid}`;
    port = await freePort();
    temporary = true;
    console.log(`\n[integration] ${DATA_DIR} is busy (another test run?); using ${dataDir} on port ${port}`);
    handle = await startEmbeddedPostgres({ dataDir, port });
  }
  const state: TestServerState = { stop: handle.stop, temporaryDataDir: temporary ? dataDir : undefined };
  (globalThis as Record<string, unknown>)[TEST_SERVER_KEY] = state;
  process.env[ADMIN_URL_ENV] = handle.adminUrl;
  console.log(`\n[integration] embedded PostgreSQL on port ${port} ready in ${Date.now() - started} ms`);
}
