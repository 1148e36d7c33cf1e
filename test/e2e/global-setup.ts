/**
 * Jest global setup for the `e2e` project: build web/dist when it is missing or stale (the same
 * step as `npm start`'s prestart), then provide PostgreSQL as for the integration tests.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import integrationSetup from '../support/global-setup';
import { ensureChromium } from './browser';

export default async function e2eGlobalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  ensureChromium();
  execFileSync(process.execPath, [path.join(root, 'web', 'scripts', 'ensure-web-build.mjs')], { cwd: root, stdio: 'inherit' });
  // In a full `npm test` the integration project's setup has already provided the server (same
  // process); a second one would replace its teardown handle and leak an embedded PostgreSQL.
  if (process.env.MSR_TEST_ADMIN_URL) return;
  await integrationSetup();
}
