import type { MigrationInterface, QueryRunner } from 'typeorm';
import { detailsCipherOf } from '../src/infra/details-crypto';

/**
 * Restricted finding details at rest: AES-256-GCM ciphertext, its IV and tag, and the key id
 * (src/infra/details-crypto.ts). A migration holds no keys, so `up` only adds the columns: the
 * application seals any clear rows at start-up (and `npm run rotate-details-key` does too),
 * clearing the clear columns, which stay nullable for such legacy rows until a later migration
 * drops them. The check lets a row be either sealed with no clear text, or legacy clear.
 *
 * `down` decrypts sealed rows back into the clear columns with the keys of the DataSource running
 * it (the configured ones), and refuses — changing nothing — when a row does not open.
 */
export class EncryptRestrictedDetails1764400000200 implements MigrationInterface {
  name = 'EncryptRestrictedDetails1764400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE finding_restricted_details
        ADD COLUMN ciphertext bytea,
        ADD COLUMN iv bytea,
        ADD COLUMN auth_tag bytea,
        ADD COLUMN key_id text,
        ADD CONSTRAINT finding_restricted_details_sealed_check CHECK (
          (ciphertext IS NULL AND iv IS NULL AND auth_tag IS NULL AND key_id IS NULL)
          OR (ciphertext IS NOT NULL AND octet_length(ciphertext) <= 2000000
              AND octet_length(iv) = 12 AND octet_length(auth_tag) = 16 AND key_id ~ '^[A-Za-z0-9._-]{1,64}$'
              AND reproduction_steps IS NULL AND prompts IS NULL AND notes IS NULL))`);
    await q.query(`COMMENT ON COLUMN finding_restricted_details.ciphertext IS
      'AES-256-GCM of the details as JSON; associated data binds it to finding_id and key_id'`);
    await q.query(`COMMENT ON COLUMN finding_restricted_details.key_id IS 'Id of the data key (DETAILS_ENCRYPTION_KEY_ID) the row is sealed under'`);
    await q.query(`COMMENT ON COLUMN finding_restricted_details.prompts IS 'Legacy clear text: set only on rows not sealed yet'`);
  }

  async down(q: QueryRunner): Promise<void> {
    const rows: { finding_id: string; ciphertext: Buffer; iv: Buffer; auth_tag: Buffer; key_id: string }[] = await q.query(
      `SELECT finding_id::text AS finding_id, ciphertext, iv, auth_tag, key_id FROM finding_restricted_details WHERE ciphertext IS NOT NULL FOR UPDATE`,
    );
    // Open every row first: one that does not open throws before anything changed.
    const cipher = rows.length > 0 ? detailsCipherOf(q) : null;
    const opened = rows.map((r) => ({
      findingId: r.finding_id,
      details: cipher!.open(r.finding_id, { ciphertext: r.ciphertext, iv: r.iv, authTag: r.auth_tag, keyId: r.key_id }),
    }));
    await q.query('ALTER TABLE finding_restricted_details DROP CONSTRAINT finding_restricted_details_sealed_check');
    for (const { findingId, details } of opened) {
      await q.query(`UPDATE finding_restricted_details SET reproduction_steps = $2, prompts = $3, notes = $4 WHERE finding_id = $1`, [
        findingId,
        details.reproductionSteps,
        details.prompts,
        details.notes,
      ]);
    }
    await q.query(`COMMENT ON COLUMN finding_restricted_details.prompts IS NULL`);
    await q.query(`
      ALTER TABLE finding_restricted_details
        DROP COLUMN ciphertext, DROP COLUMN iv, DROP COLUMN auth_tag, DROP COLUMN key_id`);
  }
}
