/**
 * Test helper: every restricted-details row in clear, decrypted with the DataSource's cipher (the
 * table holds ciphertext: src/infra/details-crypto.ts), for tests that must know the secrets to
 * check they never leak.
 */
import type { DataSource } from 'typeorm';
import { detailsCipherOf, type RestrictedDetails } from '../../src/infra/details-crypto';
import { openRestrictedDetails } from '../../src/modules/findings/restricted-details-store';
import { FindingRestrictedDetailsEntity } from '../../src/persistence/entities';

export async function allRestrictedDetails(db: DataSource): Promise<(RestrictedDetails & { findingId: string })[]> {
  const cipher = detailsCipherOf(db);
  const rows = await db.getRepository(FindingRestrictedDetailsEntity).find({ order: { findingId: 'ASC' } });
  return rows.map((row) => ({ findingId: row.findingId, ...openRestrictedDetails(cipher, row) }));
}
