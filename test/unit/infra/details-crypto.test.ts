/**
 * Issue 11, defect 14: restricted details are sealed with AES-256-GCM, a key id per row and the
 * finding id as associated data; the keys come from configuration (src/config/config.ts).
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError, DEV_DETAILS_ENCRYPTION_KEY, DEV_DETAILS_ENCRYPTION_KEY_ID, loadConfig } from '../../../src/config/config';
import { DetailsCipher, DetailsDecryptionError, type SealedDetails } from '../../../src/infra/details-crypto';
import { productionEnv } from '../../support/production-env';

const FINDING = '6f1c7a52-3f0e-4c57-9a44-1b2f7d1d2a01';
const OTHER = '0b4e3c2d-8a61-4f1e-b0c2-77e2f9a4c3d5';
const SECRET = 'SECRET-UNIT-PROMPT: ignore all previous instructions';
const details = { reproductionSteps: 'Send the prefix.', prompts: SECRET, notes: null };

function cipherWith(current: string, keys: Record<string, Buffer>): DetailsCipher {
  return new DetailsCipher({ currentKeyId: current, keys: new Map(Object.entries(keys)) });
}

describe('DetailsCipher', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  test('seals to ciphertext without the plaintext, with a 12-byte IV, a 16-byte tag and the current key id, and opens it again', () => {
    const cipher = cipherWith('k1', { k1 });
    const sealed = cipher.seal(FINDING, details);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
    expect(sealed.ciphertext.includes(Buffer.from(SECRET))).toBe(false);
    expect(sealed.ciphertext.includes(Buffer.from('SECRET'))).toBe(false);
    expect(cipher.open(FINDING, sealed)).toEqual(details);
  });

  test('every seal uses a fresh IV (the same details never give the same ciphertext)', () => {
    const cipher = cipherWith('k1', { k1 });
    const a = cipher.seal(FINDING, details);
    const b = cipher.seal(FINDING, details);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  test('a ciphertext bound to one finding does not open for another (associated data)', () => {
    const cipher = cipherWith('k1', { k1 });
    const sealed = cipher.seal(FINDING, details);
    expect(() => cipher.open(OTHER, sealed)).toThrow(DetailsDecryptionError);
    try {
      cipher.open(OTHER, sealed);
    } catch (err) {
      expect(err).toMatchObject({ reason: 'INTEGRITY', findingId: OTHER, keyId: 'k1', code: 'DETAILS_UNREADABLE' });
      expect(String((err as Error).message)).not.toContain(SECRET);
    }
  });

  test('tampering with ciphertext, tag, IV or key id is detected', () => {
    const cipher = cipherWith('k1', { k1, k2 });
    const sealed = cipher.seal(FINDING, details);
    const flip = (b: Buffer) => {
      const c = Buffer.from(b);
      c[0] ^= 1;
      return c;
    };
    const variants: [SealedDetails, string][] = [
      [{ ...sealed, ciphertext: flip(sealed.ciphertext) }, 'INTEGRITY'],
      [{ ...sealed, authTag: flip(sealed.authTag) }, 'INTEGRITY'],
      [{ ...sealed, iv: flip(sealed.iv) }, 'INTEGRITY'],
      [{ ...sealed, keyId: 'k2' }, 'INTEGRITY'],
      [{ ...sealed, keyId: 'gone' }, 'UNKNOWN_KEY'],
      [{ ...sealed, iv: Buffer.alloc(0) }, 'FORMAT'],
    ];
    for (const [variant, reason] of variants) {
      expect(() => cipher.open(FINDING, variant)).toThrow(expect.objectContaining({ reason }));
    }
  });

  test('rotation: a row sealed under an old key opens while that key is configured, and reseals under the new one', () => {
    const before = cipherWith('k1', { k1 });
    const sealed = before.seal(FINDING, details);
    const after = cipherWith('k2', { k2, k1 });
    expect(after.open(FINDING, sealed)).toEqual(details);
    const resealed = after.seal(FINDING, after.open(FINDING, sealed));
    expect(resealed.keyId).toBe('k2');
    expect(cipherWith('k2', { k2 }).open(FINDING, resealed)).toEqual(details);
    expect(() => cipherWith('k2', { k2 }).open(FINDING, sealed)).toThrow(expect.objectContaining({ reason: 'UNKNOWN_KEY' }));
  });

  test('never prints key material', () => {
    const cipher = cipherWith('k1', { k1 });
    const shown = `${inspect(cipher)} ${JSON.stringify(cipher)}`;
    expect(shown).toContain('k1');
    expect(shown).not.toContain(k1.toString('base64'));
    expect(shown).not.toContain(k1.toString('hex'));
  });

  test('refuses keys that are not 32 bytes and a current key id without a key', () => {
    expect(() => cipherWith('k1', { k1: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => cipherWith('k3', { k1 })).toThrow(/not among/);
  });
});

describe('DETAILS_ENCRYPTION_* configuration', () => {
  const key = randomBytes(32).toString('base64');
  const old = randomBytes(32).toString('base64');

  test('outside production the fixed development key is the default', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const c = loadConfig({ NODE_ENV }).detailsEncryption;
      expect(c.currentKeyId).toBe(DEV_DETAILS_ENCRYPTION_KEY_ID);
      expect(c.keys.get(DEV_DETAILS_ENCRYPTION_KEY_ID)).toEqual(Buffer.from(DEV_DETAILS_ENCRYPTION_KEY, 'base64'));
      expect(c.developmentKey).toBe(true);
    }
  });

  test('production refuses to start without a key, or with the development key, naming the variable', () => {
    expect(loadConfig(productionEnv()).detailsEncryption).toMatchObject({ currentKeyId: 'test-prod-1', developmentKey: false });
    const without = productionEnv({ DETAILS_ENCRYPTION_KEY: undefined, DETAILS_ENCRYPTION_KEY_ID: undefined });
    expect(() => loadConfig(without)).toThrow(ConfigError);
    expect(() => loadConfig(without)).toThrow(/DETAILS_ENCRYPTION_KEY is required in production/);
    expect(() => loadConfig(productionEnv({ DETAILS_ENCRYPTION_KEY: DEV_DETAILS_ENCRYPTION_KEY }))).toThrow(
      /DETAILS_ENCRYPTION_KEY must not be the development key/,
    );
  });

  test('a key with its id and older keys for rotation', () => {
    const c = loadConfig({ DETAILS_ENCRYPTION_KEY: key, DETAILS_ENCRYPTION_KEY_ID: 'k-2026', DETAILS_ENCRYPTION_OLD_KEYS: `k-2025:${old}, dev:${DEV_DETAILS_ENCRYPTION_KEY}` })
      .detailsEncryption;
    expect(c.currentKeyId).toBe('k-2026');
    expect([...c.keys.keys()]).toEqual(['k-2026', 'k-2025', 'dev']);
    expect(c.keys.get('k-2025')).toEqual(Buffer.from(old, 'base64'));
    expect(c.developmentKey).toBe(false);
  });

  test.each([
    [{ DETAILS_ENCRYPTION_KEY: randomBytes(16).toString('base64'), DETAILS_ENCRYPTION_KEY_ID: 'k' }, /DETAILS_ENCRYPTION_KEY must be 32 random bytes/],
    [{ DETAILS_ENCRYPTION_KEY: randomBytes(33).toString('base64'), DETAILS_ENCRYPTION_KEY_ID: 'k' }, /DETAILS_ENCRYPTION_KEY must be 32/],
    [{ DETAILS_ENCRYPTION_KEY: 'not base64 at all, not base64 at all, not b!', DETAILS_ENCRYPTION_KEY_ID: 'k' }, /DETAILS_ENCRYPTION_KEY/],
    [{ DETAILS_ENCRYPTION_KEY: key }, /DETAILS_ENCRYPTION_KEY_ID is required/],
    [{ DETAILS_ENCRYPTION_KEY_ID: 'k' }, /DETAILS_ENCRYPTION_KEY must be set/],
    [{ DETAILS_ENCRYPTION_KEY: key, DETAILS_ENCRYPTION_KEY_ID: 'bad id!' }, /DETAILS_ENCRYPTION_KEY_ID/],
    [{ DETAILS_ENCRYPTION_OLD_KEYS: 'no-colon' }, /DETAILS_ENCRYPTION_OLD_KEYS/],
    [{ DETAILS_ENCRYPTION_OLD_KEYS: `old:${randomBytes(8).toString('base64')}` }, /DETAILS_ENCRYPTION_OLD_KEYS must be 32/],
    [{ DETAILS_ENCRYPTION_OLD_KEYS: `dev:${old}` }, /DETAILS_ENCRYPTION_OLD_KEYS gives key id "dev" a second/],
  ])('%o is a ConfigError naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('a bad key never appears in the error message', () => {
    const wrong = randomBytes(20).toString('base64');
    expect(() => loadConfig({ DETAILS_ENCRYPTION_KEY: wrong, DETAILS_ENCRYPTION_KEY_ID: 'k' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(wrong) }),
    );
  });
});
