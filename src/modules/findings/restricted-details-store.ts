/**
 * The only SQL that writes `finding_restricted_details`, and the only code that turns its rows
 * back into clear text. Rows are sealed with the DataSource's cipher (src/infra/details-crypto.ts):
 * AES-256-GCM under the current key id, bound to the finding id.
 *
 * Rows written before encryption existed keep their clear columns until they are sealed:
 * `sealClearDetails` at start-up (main.ts) and `reencryptRestrictedDetails` in
 * `npm run rotate-details-key`, which also re-encrypts rows sealed under an older key.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  detailsCipherOf,
  DetailsDecryptionError,
  type DetailsCipher,
  type DetailsDecryptionReason,
  type RestrictedDetails,
  type SealedDetails,
} from '../../infra/details-crypto';
import type { FindingRestrictedDetailsEntity } from '../../persistence/entities';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Seals `details` for `findingId` and inserts the row. */
export async function insertRestrictedDetails(
  db: Queryable & object,
  findingId: string,
  details: Partial<RestrictedDetails>,
  cipher: DetailsCipher = detailsCipherOf(db),
): Promise<void> {
  const sealed = cipher.seal(findingId, {
    reproductionSteps: details.reproductionSteps ?? null,
    prompts: details.prompts ?? null,
    notes: details.notes ?? null,
  });
  await db.query('INSERT INTO finding_restricted_details (finding_id, ciphertext, iv, auth_tag, key_id) VALUES ($1, $2, $3, $4, $5)', [
    findingId,
    sealed.ciphertext,
    sealed.iv,
    sealed.authTag,
    sealed.keyId,
  ]);
}

/**
 * The clear details of a loaded row. Called only by `readRestrictedDetails`, after the read rule
 * allowed it. Throws DetailsDecryptionError for a row that does not open (unknown key, altered,
 * or moved to another finding). A legacy clear row (not sealed yet) is returned as it is.
 */
export function openRestrictedDetails(cipher: DetailsCipher, row: FindingRestrictedDetailsEntity): RestrictedDetails {
  if (row.ciphertext === null) return { reproductionSteps: row.reproductionSteps, prompts: row.prompts, notes: row.notes };
  return cipher.open(row.findingId, sealedOf(row.ciphertext, row.iv, row.authTag, row.keyId));
}

function sealedOf(ciphertext: Buffer, iv: Buffer | null, authTag: Buffer | null, keyId: string | null): SealedDetails {
  return { ciphertext, iv: iv ?? Buffer.alloc(0), authTag: authTag ?? Buffer.alloc(0), keyId: keyId ?? '' };
}

export interface ReencryptionReport {
  /** Legacy clear rows sealed now. */
  sealed: number;
  /** Rows re-encrypted from an older key id to the current one. */
  reencrypted: number;
  /** Rows already under the current key, left alone. */
  current: number;
  /** Rows that could not be opened (left as they are). */
  failed: { findingId: string; keyId: string; reason: DetailsDecryptionReason }[];
}

interface StoredRow {
  finding_id: string;
  reproduction_steps: string | null;
  prompts: string | null;
  notes: string | null;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  auth_tag: Buffer | null;
  key_id: string | null;
}

/**
 * Brings every row under the current key id: seals legacy clear rows (clearing their clear
 * columns) and, unless `onlyClear`, re-encrypts rows sealed under another key. Batches of
 * `batchSize` rows, one transaction each (rows locked, `SKIP LOCKED` so concurrent runs share the
 * work); idempotent — a second run changes nothing. Rows that do not open are reported, not changed.
 */
export async function reencryptRestrictedDetails(
  db: DataSource,
  options: { onlyClear?: boolean; batchSize?: number; cipher?: DetailsCipher; onBatch?: (done: ReencryptionReport) => void } = {},
): Promise<ReencryptionReport> {
  const cipher = options.cipher ?? detailsCipherOf(db);
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 200, 10_000));
  const onlyClear = options.onlyClear ?? false;
  const report: ReencryptionReport = { sealed: 0, reencrypted: 0, current: 0, failed: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const count = await db.transaction(async (tx: EntityManager) => {
      const rows = (await tx.query(
        `SELECT finding_id::text AS finding_id, reproduction_steps, prompts, notes, ciphertext, iv, auth_tag, key_id
           FROM finding_restricted_details
          WHERE finding_id > $1::uuid AND (ciphertext IS NULL OR (NOT $2::boolean AND key_id <> $3))
          ORDER BY finding_id
          LIMIT $4
            FOR UPDATE SKIP LOCKED`,
        [after, onlyClear, cipher.currentKeyId, batchSize],
      )) as StoredRow[];
      for (const row of rows) {
        after = row.finding_id;
        let clear: RestrictedDetails;
        if (row.ciphertext === null) {
          clear = { reproductionSteps: row.reproduction_steps, prompts: row.prompts, notes: row.notes };
        } else {
          try {
            clear = cipher.open(row.finding_id, sealedOf(row.ciphertext, row.iv, row.auth_tag, row.key_id));
          } catch (err) {
            if (!(err instanceof DetailsDecryptionError)) throw err;
            report.failed.push({ findingId: row.finding_id, keyId: err.keyId, reason: err.reason });
            continue;
          }
        }
        const sealed = cipher.seal(row.finding_id, clear);
        await tx.query(
          `UPDATE finding_restricted_details
              SET ciphertext = $2, iv = $3, auth_tag = $4, key_id = $5, reproduction_steps = NULL, prompts = NULL, notes = NULL
            WHERE finding_id = $1`,
          [row.finding_id, sealed.ciphertext, sealed.iv, sealed.authTag, sealed.keyId],
        );
        if (row.ciphertext === null) report.sealed += 1;
        else report.reencrypted += 1;
      }
      return rows.length;
    });
    options.onBatch?.(report);
    if (count < batchSize) break;
  }
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM finding_restricted_details WHERE key_id = $1`, [cipher.currentKeyId])) as {
    n: number;
  }[];
  report.current = n - report.sealed - report.reencrypted;
  return report;
}

/** Rows per key id (`null`: legacy clear rows), and the key ids no configured key opens. */
export async function restrictedDetailsKeyUsage(
  db: DataSource,
  cipher: DetailsCipher = detailsCipherOf(db),
): Promise<{ byKey: Record<string, number>; clear: number; unknownKeyIds: string[] }> {
  const rows = (await db.query(
    `SELECT key_id, count(*)::int AS n FROM finding_restricted_details GROUP BY key_id ORDER BY key_id NULLS FIRST`,
  )) as { key_id: string | null; n: number }[];
  const byKey: Record<string, number> = {};
  let clear = 0;
  for (const r of rows) {
    if (r.key_id === null) clear = r.n;
    else byKey[r.key_id] = r.n;
  }
  return { byKey, clear, unknownKeyIds: Object.keys(byKey).filter((id) => !cipher.hasKey(id)) };
}

/**
 * Start-up: seals any legacy clear rows (left by the migration that introduced encryption, or by
 * a restore of an old backup) and warns about rows under key ids that are not configured.
 */
export async function sealClearDetails(db: DataSource, log: (message: string) => void): Promise<ReencryptionReport> {
  const report = await reencryptRestrictedDetails(db, { onlyClear: true });
  if (report.sealed > 0) log(`sealed ${report.sealed} restricted-details row(s) that were stored in clear`);
  const usage = await restrictedDetailsKeyUsage(db);
  if (usage.unknownKeyIds.length > 0) {
    log(
      `WARNING: restricted details under key id(s) ${usage.unknownKeyIds.join(', ')} cannot be decrypted: ` +
        'configure those keys in DETAILS_ENCRYPTION_OLD_KEYS',
    );
  }
  const cipher = detailsCipherOf(db);
  const older = Object.keys(usage.byKey).filter((id) => id !== cipher.currentKeyId && cipher.hasKey(id));
  if (older.length > 0) log(`restricted details still under older key id(s) ${older.join(', ')}: run \`npm run rotate-details-key\``);
  return report;
}
