/**
 * The registry's signing key, defined once: an Ed25519 key pair that signs the registry's own
 * statements (event-log checkpoints today; signed decision statements later), with older public
 * keys kept beside the current one so that what they signed still verifies after a rotation.
 *
 * - Configuration (read in src/config/config.ts, parsed here): `REGISTRY_SIGNING_KEY` — the
 *   private key as PKCS#8, either PEM (`-----BEGIN PRIVATE KEY-----`) or the base64 of its DER;
 *   `REGISTRY_SIGNING_KEY_ID` (default: `ed25519-` + the first 16 hex digits of the SHA-256 of the
 *   public key's SPKI DER); `REGISTRY_PUBLIC_KEYS` — earlier keys, `id=<base64 SPKI DER>`
 *   separated by commas.
 * - Outside production, without a configured key, the DEVELOPMENT key is used: derived from a
 *   published seed (below), so it is the same in every process and checkpoints written by an
 *   earlier run of `npm start` still verify. Anyone can sign with it; production refuses it.
 * - What is signed: the UTF-8 bytes of `<kind>\n<message>`. The kind (e.g.
 *   `msr.event-checkpoint.v1`) separates the statement types, so a signature on one kind can never
 *   be passed off as another.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { loadConfig, type SigningConfig } from '../../config/config';

export const SIGNATURE_ALGORITHM = 'Ed25519';

/** Key ids: what configuration may name a key (also stored with every signature). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The id of the development key. */
export const DEV_SIGNING_KEY_ID = 'msr-development';

/** Public seed of the development key: anyone can derive it, so nothing it signs is trustworthy. */
const DEV_SIGNING_KEY_SEED = 'model-security-registry development signing key: public, never for production';

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

let devKey: KeyObject | undefined;

/** The development private key (derived from the public seed; the same in every process). */
export function developmentSigningKey(): KeyObject {
  devKey ??= createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, createHash('sha256').update(DEV_SIGNING_KEY_SEED).digest()]),
    format: 'der',
    type: 'pkcs8',
  });
  return devKey;
}

function assertEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  return key;
}

/** An Ed25519 private key from PKCS#8 PEM or the base64 of its DER. Throws a plain Error when it is not one. */
export function parseSigningPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' })
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    return assertEd25519(key);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('must be')) throw err;
    throw new Error('is not an Ed25519 private key (PKCS#8 PEM, or the base64 of its DER)', { cause: err });
  }
}

/** An Ed25519 public key from SPKI PEM or the base64 of its DER. */
export function parseSigningPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' })
      : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    return assertEd25519(key);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('must be')) throw err;
    throw new Error('is not an Ed25519 public key (SPKI PEM, or the base64 of its DER)', { cause: err });
  }
}

/** Default key id of a key (pair): `ed25519-` + 16 hex digits of the SHA-256 of its public key's SPKI DER. */
export function fingerprintKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return `ed25519-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

export interface RegistryKeyRing {
  /** The key that signs now. */
  current: { keyId: string; privateKey: KeyObject; publicKey: KeyObject };
  /** Every key that verifies: the current one and the earlier ones, by id. */
  verifying: ReadonlyMap<string, KeyObject>;
  /** True when `current` is the public development key. */
  development: boolean;
}

/** The key ring described by the configuration (`SigningConfig` from src/config/config.ts). */
export function keyRingFrom(signing: SigningConfig): RegistryKeyRing {
  const privateKey = signing.privateKey ?? developmentSigningKey();
  const publicKey = createPublicKey(privateKey);
  const verifying = new Map<string, KeyObject>();
  for (const { keyId, publicKey: older } of signing.previousKeys) verifying.set(keyId, older);
  verifying.set(signing.keyId, publicKey);
  return { current: { keyId: signing.keyId, privateKey, publicKey }, verifying, development: signing.privateKey === null };
}

let processRing: RegistryKeyRing | undefined;

/**
 * The key ring of this process: the one `useRegistryKeyRing` installed (main.ts, from the loaded
 * configuration), else built once from the environment's configuration.
 */
export function registryKeyRing(): RegistryKeyRing {
  processRing ??= keyRingFrom(loadConfig().signing);
  return processRing;
}

export function useRegistryKeyRing(ring: RegistryKeyRing): void {
  processRing = ring;
}

function signedBytes(kind: string, message: string): Buffer {
  if (!/^[a-z][a-z0-9.-]*$/.test(kind)) throw new Error(`bad statement kind "${kind}"`);
  return Buffer.from(`${kind}\n${message}`, 'utf8');
}

export interface Signature {
  keyId: string;
  /** Base64 of the 64-byte Ed25519 signature. */
  signature: string;
}

/** Signs `<kind>\n<message>` with the current key. */
export function signStatement(kind: string, message: string, ring: RegistryKeyRing = registryKeyRing()): Signature {
  return { keyId: ring.current.keyId, signature: sign(null, signedBytes(kind, message), ring.current.privateKey).toString('base64') };
}

export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

/** Checks a signature made by `signStatement` with any key of the ring (current or earlier). */
export function verifyStatement(kind: string, message: string, sig: Signature, ring: RegistryKeyRing = registryKeyRing()): SignatureCheck {
  const key = ring.verifying.get(sig.keyId);
  if (!key) return 'unknown-key';
  const bytes = Buffer.from(sig.signature, 'base64');
  if (bytes.length !== 64) return 'invalid';
  return verify(null, signedBytes(kind, message), key, bytes) ? 'valid' : 'invalid';
}

export interface PublishedKey {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
  current: boolean;
}

/** The public keys a partner needs to verify the registry's signatures offline. */
export function publishedKeys(ring: RegistryKeyRing = registryKeyRing()): PublishedKey[] {
  return [...ring.verifying].map(([keyId, key]) => ({
    keyId,
    algorithm: SIGNATURE_ALGORITHM,
    publicKeyPem: publicKeyPem(key),
    current: keyId === ring.current.keyId,
  }));
}
