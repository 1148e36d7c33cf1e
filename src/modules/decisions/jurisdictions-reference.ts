/**
 * The jurisdictions, read once per process and DataSource (issue 12).
 *
 * They are reference data: the ISO 3166-1 list and its tiers, written only by migrations
 * (migrations/1764240000001-iso-jurisdictions.ts and later ones), never through the API. Every
 * eligibility read and every decision recompute needs all 249 of them; reading and hydrating them
 * per operation was one statement and 249 entities each time. A migration that changes them takes
 * effect when the instances restart, as a deploy does.
 *
 * The list and its entities are shared by every operation and frozen: read them, never change them
 * (a sort in place would throw; copy first).
 */
import { DataSource, type EntityManager } from 'typeorm';
import { JurisdictionEntity } from '../../persistence/entities';

const cache = new WeakMap<DataSource, Promise<JurisdictionEntity[]>>();

/** Every jurisdiction, by code; `db` may be a transaction's manager (cached per its DataSource). */
export function allJurisdictions(db: DataSource | EntityManager): Promise<JurisdictionEntity[]> {
  const source = db instanceof DataSource ? db : db.dataSource;
  const cached = cache.get(source);
  if (cached) return cached;
  // Read through the caller's manager: inside a transaction, on its connection (never a second
  // connection from a pool the transaction may be waiting on).
  const entry = db
    .getRepository(JurisdictionEntity)
    .find({ order: { code: 'ASC' } })
    .then((rows) => Object.freeze(rows.map((r) => Object.freeze(r))) as JurisdictionEntity[]);
  // A failed read is not remembered: the next caller tries again.
  entry.catch(() => cache.delete(source));
  cache.set(source, entry);
  return entry;
}
