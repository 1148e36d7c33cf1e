/**
 * Small helpers the use cases of the write API share: ids from input, rows that must exist,
 * optimistic-concurrency updates.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { parseGlobalId, type NodeType } from '../../graphql/global-id';
import { problem, staleVersion, UserInputProblem } from './unit-of-work';
import { rowsByKey } from '../../persistence/batch';
import { prepared } from '../../persistence/prepared-statements';

/** The local id of a global id from input, or an INVALID_ID problem naming the field. */
export function inputId(globalId: string, type: NodeType, path: (string | number)[]): string {
  const decoded = parseGlobalId(globalId);
  if (!decoded || decoded.type !== type) {
    throw new UserInputProblem(problem('INVALID_ID', `Not a valid ${type} id.`, path));
  }
  return decoded.localId;
}

/** The row with this id, or a NOT_FOUND problem naming the field. */
export async function mustFind<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  what: string,
  path: (string | number)[],
): Promise<T> {
  const row = (await findByIds(tx, entity, [id])).get(id);
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', `No ${what} with this id.`, path));
  return row;
}

/**
 * The rows with these ids, by id (missing ids are absent), on the transaction's connection: the
 * read path's statement by primary key (`rowsByKey`, named, the same objects as `findOne`).
 */
export function findByIds<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, ids: readonly string[]): Promise<Map<string, T>> {
  return rowsByKey(tx, tx.getRepository(entity), 'id' as keyof T & string, [...new Set(ids)]);
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
