/**
 * Encryption at rest of restricted finding details (`finding_restricted_details`): AES-256-GCM
 * with node:crypto, a data key from configuration (`DETAILS_ENCRYPTION_KEY`), the key id stored
 * with every row, and associated data that binds each ciphertext to its finding — a row copied
 * onto another finding does not decrypt. Rotation re-encrypts under the current key
 * (`npm run rotate-details-key`); older keys stay configured for decryption meanwhile.
 *
 * The cipher is bound to a DataSource when it is created (ormconfig.ts), so every writer and the
 * one reader (the restricted-details loader path) use the keys of the database they talk to.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DetailsEncryptionConfig } from '../config/config';

/** The three restricted fields, in clear. */
export interface RestrictedDetails {
  reproductionSteps: string | null;
  prompts: string | null;
  notes: string | null;
}

/** What is stored: ciphertext, its 12-byte IV, its 16-byte GCM tag and the key id. */
export interface SealedDetails {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  keyId: string;
}

export type DetailsDecryptionReason = 'UNKNOWN_KEY' | 'INTEGRITY' | 'FORMAT';

/**
 * A sealed row that cannot be opened: its key is not configured, it was altered or moved to
 * another finding (GCM authentication failed), or it is not a sealed value at all. Carries no
 * plaintext and no key material.
 */
export class DetailsDecryptionError extends Error {
  readonly code = 'DETAILS_UNREADABLE';
  constructor(
    readonly findingId: string,
    readonly keyId: string,
    readonly reason: DetailsDecryptionReason,
  ) {
    super(
      reason === 'UNKNOWN_KEY'
        ? `Restricted details of finding ${findingId} are sealed under key "${keyId}", which is not configured (DETAILS_ENCRYPTION_OLD_KEYS)`
        : reason === 'INTEGRITY'
          ? `Restricted details of finding ${findingId} failed authentication under key "${keyId}" (altered, or copied from another finding)`
          : `Restricted details of finding ${findingId} are not a valid sealed value`,
    );
    this.name = 'DetailsDecryptionError';
  }
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/** Associated data: the table, the format version, the finding and the key id. */
function associatedData(findingId: string, keyId: string): Buffer {
  return Buffer.from(`msr/finding_restricted_details/v${FORMAT_VERSION}\n${findingId.toLowerCase()}\n${keyId}`, 'utf8');
}

export class DetailsCipher {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(config: Pick<DetailsEncryptionConfig, 'currentKeyId' | 'keys'>) {
    const current = config.keys.get(config.currentKeyId);
    if (!current) throw new Error(`The current details key "${config.currentKeyId}" is not among the configured keys`);
    for (const [id, key] of config.keys) if (key.length !== 32) throw new Error(`Details key "${id}" must be 32 bytes`);
    this.#keys = new Map([...config.keys].map(([id, key]) => [id, Buffer.from(key)]));
    this.currentKeyId = config.currentKeyId;
  }

  /** Key ids this cipher can decrypt. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  hasKey(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Encrypts `details` for `findingId` under the current key, with a fresh random IV. */
  seal(findingId: string, details: RestrictedDetails): SealedDetails {
    const keyId = this.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(findingId, keyId));
    const plain = Buffer.from(
      JSON.stringify({ v: FORMAT_VERSION, reproductionSteps: details.reproductionSteps, prompts: details.prompts, notes: details.notes }),
      'utf8',
    );
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    plain.fill(0);
    return { ciphertext, iv, authTag: cipher.getAuthTag(), keyId };
  }

  /** Decrypts a sealed row of `findingId`; throws DetailsDecryptionError when it cannot. */
  open(findingId: string, sealed: SealedDetails): RestrictedDetails {
    const key = this.#keys.get(sealed.keyId);
    if (!key) throw new DetailsDecryptionError(findingId, sealed.keyId, 'UNKNOWN_KEY');
    if (sealed.iv?.length !== IV_BYTES || sealed.authTag?.length !== TAG_BYTES || !Buffer.isBuffer(sealed.ciphertext)) {
      throw new DetailsDecryptionError(findingId, sealed.keyId, 'FORMAT');
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(findingId, sealed.keyId));
      decipher.setAuthTag(sealed.authTag);
      plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch {
      throw new DetailsDecryptionError(findingId, sealed.keyId, 'INTEGRITY');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(plain.toString('utf8'));
    } catch {
      throw new DetailsDecryptionError(findingId, sealed.keyId, 'FORMAT');
    } finally {
      plain.fill(0);
    }
    const v = parsed as Record<string, unknown> | null;
    const field = (x: unknown) => (x === null || typeof x === 'string' ? x : undefined);
    if (!v || v.v !== FORMAT_VERSION) throw new DetailsDecryptionError(findingId, sealed.keyId, 'FORMAT');
    const out = { reproductionSteps: field(v.reproductionSteps), prompts: field(v.prompts), notes: field(v.notes) };
    if (out.reproductionSteps === undefined || out.prompts === undefined || out.notes === undefined) {
      throw new DetailsDecryptionError(findingId, sealed.keyId, 'FORMAT');
    }
    return out as RestrictedDetails;
  }

  /** Never print key material. */
  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `DetailsCipher { currentKeyId: '${this.currentKeyId}', keyIds: [${this.keyIds.map((k) => `'${k}'`).join(', ')}] }`;
  }
}

/** DataSource → its cipher (bound by ormconfig.ts `createDataSource`). */
const ciphers = new WeakMap<object, DetailsCipher>();

export function bindDetailsCipher(dataSource: object, cipher: DetailsCipher): void {
  ciphers.set(dataSource, cipher);
}

/**
 * The cipher of a DataSource, or of the DataSource behind an EntityManager or QueryRunner.
 * Throws when none was bound (every DataSource made by `createDataSource` has one).
 */
export function detailsCipherOf(handle: object): DetailsCipher {
  const h = handle as { dataSource?: object; manager?: { dataSource?: object } };
  for (const candidate of [handle, h.dataSource, h.manager?.dataSource]) {
    const cipher = candidate && ciphers.get(candidate);
    if (cipher) return cipher;
  }
  throw new Error('No details cipher is bound to this database handle (create it with createDataSource)');
}
