/**
 * The policy versions, with each version's document read once per process and DataSource (issue 12).
 *
 * A published policy version never changes (migration 1764600001500 makes an UPDATE fail), so its
 * document — 11.5 KB of JSON on the starting policy — need not be read, parsed and compiled again
 * by every operation: each operation reads only the small columns of `policy_versions` (which
 * versions exist, their effective and publication moments), and takes each document from here,
 * reading only those it has not seen (a version published since, by this instance or another).
 * Being the same object every time, the document also hits `compilePolicy`'s cache, so the tier
 * map and severity bands are built once per version instead of once per operation.
 *
 * The documents are shared and deeply frozen: read them, never change them.
 */
import { DataSource, type EntityManager } from 'typeorm';
import { PolicyVersionEntity } from '../../persistence/entities';
import { prepared } from '../../persistence/prepared-statements';

const documents = new WeakMap<DataSource, Map<string, unknown>>();

interface HeaderRow {
  id: string;
  version: string;
  effective_from: Date;
  summary: string | null;
  published_by: string;
  published_at: Date;
}

/**
 * Every policy version, newest effective first; `m` may be a transaction's manager (it then reads
 * on the transaction's connection and sees what the transaction sees, its own publication included).
 */
export async function readPolicyVersions(m: EntityManager | DataSource): Promise<PolicyVersionEntity[]> {
  const source = m instanceof DataSource ? m : m.dataSource;
  let known = documents.get(source);
  if (!known) documents.set(source, (known = new Map()));
  const rows = (await m.query(
    prepared(`SELECT id, version, effective_from, summary, published_by, published_at
       FROM policy_versions ORDER BY effective_from DESC, published_at DESC`),
  )) as HeaderRow[];
  const missing = rows.filter((r) => !known.has(r.id)).map((r) => r.id);
  if (missing.length > 0) {
    const read = (await m.query(prepared('SELECT id, document FROM policy_versions WHERE id = ANY($1::uuid[])'), [missing])) as {
      id: string;
      document: unknown;
    }[];
    for (const r of read) known.set(r.id, deepFreeze(r.document));
  }
  // A version deleted between the two statements (only a test does that) is left out.
  return rows.filter((r) => known.has(r.id)).map((r) => toEntity(r, known.get(r.id)));
}

function toEntity(r: HeaderRow, document: unknown): PolicyVersionEntity {
  const e = new PolicyVersionEntity();
  e.id = r.id;
  e.version = r.version;
  e.effectiveFrom = r.effective_from;
  e.document = document;
  e.summary = r.summary;
  e.publishedBy = r.published_by;
  e.publishedAt = r.published_at;
  return e;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
