/**
 * Small helpers the use cases of the write API share: ids from input, rows that must exist,
 * optimistic-concurrency updates.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { parseGlobalId, type NodeType } from '../../graphql/global-id';
import { problem, staleVersion, UserInputProblem } from './unit-of-work';
import { entityReader } from '../../persistence/fast-read';
import { prepared } from '../../persistence/prepared-statements';

/** The local id of a global id from input, or an INVALID_ID problem naming the field. */
export function inputId(globalId: string, type: NodeType, path: (string | number)[]): string {
  const decoded = parseGlobalId(globalId);
  if (!decoded || decoded.type !== type) {
    throw new UserInputProblem(problem('INVALID_ID', `Not a valid ${type} id.`, path));
  }
  return decoded.localId;
}

const byIdSql = new WeakMap<object, string>();
const byIdsSql = new WeakMap<object, string>();

/** The row with this id, or a NOT_FOUND problem naming the field. */
export async function mustFind<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  what: string,
  path: (string | number)[],
): Promise<T> {
  // The read path's row mapper (same objects as `findOne`) on a named statement: a use case reads
  // its subject row first, and TypeORM's query builder and an unnamed statement cost more than the read.
  const reader = entityReader(tx.getRepository(entity));
  let sql = byIdSql.get(reader);
  if (!sql) byIdSql.set(reader, (sql = prepared(`SELECT ${reader.selectList('t')} FROM ${reader.table} t WHERE t.id = $1`)));
  const [raw]: Record<string, unknown>[] = await tx.query(sql, [id]);
  const row = raw ? (reader.hydrate(raw) as T) : null;
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', `No ${what} with this id.`, path));
  return row;
}

/** The rows with these ids, by id, in one named statement (missing ids are absent from the map). */
export async function findByIds<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, ids: readonly string[]): Promise<Map<string, T>> {
  const reader = entityReader(tx.getRepository(entity));
  let sql = byIdsSql.get(reader);
  if (!sql) byIdsSql.set(reader, (sql = prepared(`SELECT ${reader.selectList('t')} FROM ${reader.table} t WHERE t.id = ANY($1::uuid[])`)));
  const raw: Record<string, unknown>[] = ids.length ? await tx.query(sql, [[...new Set(ids)]]) : [];
  return new Map(raw.map((r) => [r.id as string, reader.hydrate(r) as T]));
}

/**
 * Locks the row and checks the version the client saw; the caller then updates it and bumps
 * `row_version`. Concurrent writers queue on the lock; the second sees the new version and fails.
 */
export async function lockForUpdate(
  tx: EntityManager,
  table: string,
  id: string,
  expectedRowVersion: number,
  what: string,
  path: (string | number)[],
): Promise<void> {
  const [row] = await tx.query(prepared(`SELECT row_version FROM ${table} WHERE id = $1 FOR UPDATE`), [id]);
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', `No ${what} with this id.`, path));
  if (row.row_version !== expectedRowVersion) throw staleVersion(what, expectedRowVersion, row.row_version);
}
