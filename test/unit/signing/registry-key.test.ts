/**
 * The registry's signing key (issue 11, defect 7): configuration, the development default,
 * production's refusal to start without a key, rotation, and the sign/verify helpers.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../src/config/config';
import {
  DEV_SIGNING_KEY_ID,
  developmentSigningKey,
  fingerprintKeyId,
  keyRingFrom,
  publishedKeys,
  signStatement,
  verifyStatement,
} from '../../../src/modules/signing/registry-key';
import { productionEnv } from '../../support/production-env';

const ed25519 = () => generateKeyPairSync('ed25519');
const pem = (k: ReturnType<typeof ed25519>) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const der64 = (k: ReturnType<typeof ed25519>) => k.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const spki64 = (k: ReturnType<typeof ed25519>) => k.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

describe('REGISTRY_SIGNING_KEY in production', () => {
  test('production refuses to start without a signing key, naming the variable', () => {
    const env = productionEnv({
      REGISTRY_SIGNING_KEY: undefined,
      REGISTRY_SIGNING_KEY_ID: undefined,
    });
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/REGISTRY_SIGNING_KEY is required in production/);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).variable).toBe('REGISTRY_SIGNING_KEY');
    }
  });

  test('production refuses the development key', () => {
    const dev = developmentSigningKey().export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(() => loadConfig(productionEnv({ REGISTRY_SIGNING_KEY: dev }))).toThrow(/REGISTRY_SIGNING_KEY must not be the development key/);
  });

  test('production starts with a key of its own (PEM or base64 DER); the key id defaults to its fingerprint', () => {
    const k = ed25519();
    for (const text of [pem(k), der64(k), pem(k).replace(/\n/g, '\\n')]) {
      const { signing } = loadConfig(productionEnv({ REGISTRY_SIGNING_KEY: text }));
      expect(signing.privateKey).not.toBeNull();
      expect(signing.keyId).toBe(fingerprintKeyId(k.publicKey));
      expect(signing.keyId).toMatch(/^ed25519-[0-9a-f]{16}$/);
    }
    expect(
      loadConfig(
        productionEnv({
          REGISTRY_SIGNING_KEY: pem(k),
          REGISTRY_SIGNING_KEY_ID: 'registry-2026',
        }),
      ).signing.keyId,
    ).toBe('registry-2026');
  });
});

describe('signing settings', () => {
  test('outside production the public development key is the default, the same in every process', () => {
    const ring = keyRingFrom(loadConfig({ NODE_ENV: 'development' }).signing);
    expect(ring.development).toBe(true);
    expect(ring.current.keyId).toBe(DEV_SIGNING_KEY_ID);
    // Derived from a published seed: this public key is what every development registry signs with.
    expect(createPublicKey(developmentSigningKey()).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(
      ring.current.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    );
  });

  test.each([
    ['not a key', { REGISTRY_SIGNING_KEY: 'not a key' }, /REGISTRY_SIGNING_KEY is not an Ed25519 private key/],
    [
      'an RSA key',
      {
        REGISTRY_SIGNING_KEY: generateKeyPairSync('rsa', {
          modulusLength: 1024,
        })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
      /REGISTRY_SIGNING_KEY must be an Ed25519 key/,
    ],
    ['a key id without a key', { REGISTRY_SIGNING_KEY_ID: 'k1' }, /REGISTRY_SIGNING_KEY must be set when REGISTRY_SIGNING_KEY_ID is/],
    [
      'a bad key id',
      {
        REGISTRY_SIGNING_KEY: der64(ed25519()),
        REGISTRY_SIGNING_KEY_ID: 'bad id!',
      },
      /REGISTRY_SIGNING_KEY_ID must be/,
    ],
    ['a public key without an id', { REGISTRY_PUBLIC_KEYS: 'no-equals-sign' }, /REGISTRY_PUBLIC_KEYS must be a comma-separated list/],
    ['a public key that is not one', { REGISTRY_PUBLIC_KEYS: 'old=AAAA' }, /REGISTRY_PUBLIC_KEYS key "old" is not an Ed25519 public key/],
    ['an old key with the current id', { REGISTRY_PUBLIC_KEYS: `${DEV_SIGNING_KEY_ID}=${spki64(ed25519())}` }, /names the current key id/],
    ['an owner URL without DATABASE_URL', { DATABASE_OWNER_URL: 'postgres://owner@localhost/registry' }, /DATABASE_OWNER_URL needs DATABASE_URL/],
    ['a negative checkpoint interval', { EVENT_CHECKPOINT_SECONDS: '-1' }, /EVENT_CHECKPOINT_SECONDS/],
  ])('a bad setting stops start-up naming the variable: %s', (_label, env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });

  test('checkpoints every 300 s by default; 0 turns them off', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).eventCheckpointSeconds).toBe(300);
    expect(loadConfig({ NODE_ENV: 'test', EVENT_CHECKPOINT_SECONDS: '0' }).eventCheckpointSeconds).toBe(0);
  });
});

describe('signatures and rotation', () => {
  test('a statement verifies with its key; altered, of another kind or with an unknown key it does not', () => {
    const ring = keyRingFrom(
      loadConfig({
        NODE_ENV: 'test',
        REGISTRY_SIGNING_KEY: der64(ed25519()),
        REGISTRY_SIGNING_KEY_ID: 'k1',
      }).signing,
    );
    const sig = signStatement('msr.test.v1', '{"a":1}', ring);
    expect(sig.keyId).toBe('k1');
    expect(verifyStatement('msr.test.v1', '{"a":1}', sig, ring)).toBe('valid');
    expect(verifyStatement('msr.test.v1', '{"a":2}', sig, ring)).toBe('invalid');
    expect(verifyStatement('msr.other.v1', '{"a":1}', sig, ring)).toBe('invalid');
    expect(verifyStatement('msr.test.v1', '{"a":1}', { ...sig, keyId: 'k0' }, ring)).toBe('unknown-key');
    expect(verifyStatement('msr.test.v1', '{"a":1}', { ...sig, signature: 'AAAA' }, ring)).toBe('invalid');
  });

  test('after a rotation the old key, published beside the new one, still verifies what it signed', () => {
    const oldKey = ed25519();
    const oldRing = keyRingFrom(
      loadConfig({
        NODE_ENV: 'test',
        REGISTRY_SIGNING_KEY: pem(oldKey),
        REGISTRY_SIGNING_KEY_ID: 'k2025',
      }).signing,
    );
    const signedBefore = signStatement('msr.test.v1', 'statement', oldRing);

    const newRing = keyRingFrom(
      loadConfig({
        NODE_ENV: 'test',
        REGISTRY_SIGNING_KEY: pem(ed25519()),
        REGISTRY_SIGNING_KEY_ID: 'k2026',
        REGISTRY_PUBLIC_KEYS: `k2025=${spki64(oldKey)}`,
      }).signing,
    );
    expect(verifyStatement('msr.test.v1', 'statement', signedBefore, newRing)).toBe('valid');
    expect(signStatement('msr.test.v1', 'statement', newRing).keyId).toBe('k2026');
    expect(publishedKeys(newRing).map((k) => [k.keyId, k.current, k.algorithm])).toEqual([
      ['k2025', false, 'Ed25519'],
      ['k2026', true, 'Ed25519'],
    ]);
    expect(publishedKeys(newRing)[0]!.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    // Without the old key published, what it signed no longer verifies (unknown key).
    const withoutOld = keyRingFrom(
      loadConfig({
        NODE_ENV: 'test',
        REGISTRY_SIGNING_KEY: pem(ed25519()),
        REGISTRY_SIGNING_KEY_ID: 'k2026',
      }).signing,
    );
    expect(verifyStatement('msr.test.v1', 'statement', signedBefore, withoutOld)).toBe('unknown-key');
  });
});
