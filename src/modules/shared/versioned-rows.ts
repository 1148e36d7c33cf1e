/**
 * The one place a versioned row's `row_version` and `updated_at` move. A client reads a finding's,
 * version's or audit's `rowVersion` and sends it back as `expectedRowVersion` (`lockForUpdate`);
 * every store update of such a row goes through `updateVersionedRow` (or, folded into a larger
 * statement, `bumpVersionSql`), so the bump is written once.
 */
import type { EntityManager } from 'typeorm';

/** The tables whose rows carry `row_version` and `updated_at`. */
export type VersionedTable = 'findings' | 'model_versions' | 'audits' | 'jurisdiction_decisions' | 'accreditations';

const VERSIONED_TABLES: ReadonlySet<string> = new Set<VersionedTable>([
  'findings',
  'model_versions',
  'audits',
  'jurisdiction_decisions',
  'accreditations',
]);
const COLUMN = /^[a-z][a-z_]*$/;

/** As a column's value: the transaction's `now()`, as `updated_at` gets. */
export const TRANSACTION_NOW: unique symbol = Symbol('now()');

/**
 * Sets these columns of one row and bumps its `row_version` and `updated_at`, in one statement.
 * The column names are the stores' own, never input; with none it only bumps.
 */
export async function updateVersionedRow(
  tx: EntityManager,
  table: VersionedTable,
  id: string,
  columns: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  if (!VERSIONED_TABLES.has(table)) throw new Error(`${table} is not a versioned table`);
  const params: unknown[] = [id];
  const assignments = Object.entries(columns).map(([column, value]) => {
    if (!COLUMN.test(column)) throw new Error(`${column} is not a column name`);
    if (value === TRANSACTION_NOW) return `${column} = now()`;
    params.push(value);
    return `${column} = $${params.length}`;
  });
  await tx.query(`UPDATE ${table} SET ${[...assignments, BUMP].join(', ')} WHERE id = $1`, params);
}

const BUMP = 'row_version = row_version + 1, updated_at = now()';

/**
 * The bump alone as an SQL statement, for a store that folds it into a larger statement (a CTE):
 * `idSql` is a parameter reference such as `$1`, never input.
 */
export function bumpVersionSql(table: VersionedTable, idSql: string): string {
  if (!VERSIONED_TABLES.has(table)) throw new Error(`${table} is not a versioned table`);
  if (!/^\$[0-9]{1,2}$/.test(idSql)) throw new Error(`${idSql} is not a parameter reference`);
  return `UPDATE ${table} SET ${BUMP} WHERE id = ${idSql}`;
}
