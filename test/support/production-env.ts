/**
 * A minimal environment that `loadConfig` accepts with NODE_ENV=production: every secret that
 * production refuses to start without, freshly generated (never the development defaults).
 * Tests of other production behaviour start from it and override or delete what they check.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

let cached: Record<string, string> | null = null;

/** `overrides` win; an override of `undefined` removes the variable. */
export function productionEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  cached ??= {
    NODE_ENV: 'production',
    // Restricted details at rest (docs/access-control.md, "Data at rest and logs").
    DETAILS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DETAILS_ENCRYPTION_KEY_ID: 'test-prod-1',
    // The registry's Ed25519 signing key.
    REGISTRY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const env: Record<string, string | undefined> = { ...cached, ...overrides };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
