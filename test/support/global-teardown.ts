/**
 * Jest global teardown for the `integration` project: stop the embedded PostgreSQL if
 * global-setup.ts started one (it runs in the same process), and remove a private data directory.
 * Nothing to do when DATABASE_URL pointed at an external server.
 */
import fs from 'node:fs';

const TEST_SERVER_KEY = '__msrEmbeddedTestPostgres';

interface TestServerState {
  stop(): Promise<void>;
  temporaryDataDir?: string;
}

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  const state = globals[TEST_SERVER_KEY] as TestServerState | undefined;
  if (!state) return;
  delete globals[TEST_SERVER_KEY];
  await state.stop();
  if (state.temporaryDataDir) fs.rmSync(state.temporaryDataDir, { recursive: true, force: true });
}
