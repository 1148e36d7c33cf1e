/**
 * Small helpers the use cases of the write API share: ids from input, rows that must exist,
 * optimistic-concurrency updates.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { parseGlobalId, type NodeType } from '../../graphql/global-id';
import { problem, staleVersion, UserInputProblem } from './unit-of-work';

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
  const row = await tx.getRepository(entity).findOne({ where: { id } as never });
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', `No ${what} with this id.`, path));
  return row;
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
  const [row] = await tx.query(`SELECT row_version FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', `No ${what} with this id.`, path));
  if (row.row_version !== expectedRowVersion) throw staleVersion(what, expectedRowVersion, row.row_version);
}
