/**
 * DataLoader factories: every nested object or list in the API is fetched through one of these,
 * so N parents cost one SQL statement per relation, whatever N is.
 */
import DataLoader from 'dataloader';
import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral, Repository } from 'typeorm';
import { entityReader } from './fast-read';
import { prepared } from './prepared-statements';

/**
 * What a loader factory is given: the DataSource and, by name, the operation's other loaders
 * (src/graphql/context.ts builds each one on its first use, so an operation pays only for the
 * loaders it reads).
 */
export interface LoaderScope {
  readonly db: DataSource;
}

/**
 * Statements are built once per entity, key and order, not once per operation, and run as named
 * prepared statements (src/persistence/prepared-statements.ts).
 */
const statements = new WeakMap<EntityMetadata, Map<string, string>>();
function statementOf(metadata: EntityMetadata, key: string, build: () => string): string {
  let byKey = statements.get(metadata);
  if (!byKey) statements.set(metadata, (byKey = new Map()));
  let sql = byKey.get(key);
  if (sql === undefined) byKey.set(key, (sql = prepared(build())));
  return sql;
}

/**
 * The rows whose `column` is one of `keys`, by key, in one named statement run on `manager` (the
 * DataSource's, or a transaction's: the write path reads its rows this way, on its own connection).
 * With `properties` (which must include `column`), only those columns are read.
 */
export async function rowsByKey<T extends ObjectLiteral>(
  manager: EntityManager,
  repo: Repository<T>,
  column: keyof T & string,
  keys: readonly string[],
  properties?: readonly (keyof T & string)[],
): Promise<Map<string, T>> {
  const all = entityReader(repo);
  const reader = properties ? all.projection(properties) : all;
  if (properties && !properties.includes(column)) throw new Error(`rowsByKey: the projection must include ${column}`);
  const sql = statementOf(
    repo.metadata,
    `key\u0000${column}\u0000${properties?.join(',') ?? '*'}`,
    () => `SELECT ${reader.selectList('t')} FROM ${reader.table} t WHERE ${all.anyOf('t', column, 1)}`,
  );
  const byKey = new Map<string, T>();
  if (keys.length === 0) return byKey;
  const raw: Record<string, unknown>[] = await manager.query(sql, [[...keys]]);
  for (const r of raw) {
    const row = reader.hydrate(r);
    byKey.set(String(row[column]), row);
  }
  return byKey;
}

/**
 * Loads rows by primary key; unknown keys give null. Order of keys is kept. One statement per
 * batch (`rowsByKey`), hydrated by `entityReader` (src/persistence/fast-read.ts).
 * With `properties` (which must include `column`), only those columns are read: the loader's
 * objects are partial, for the resolver path that asked for them alone (never prime another loader with them).
 */
export function loaderByKey<T extends ObjectLiteral, K extends string = string>(
  repo: Repository<T>,
  column: keyof T & string,
  properties?: readonly (keyof T & string)[],
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const byKey = await rowsByKey(repo.manager, repo, column, keys, properties);
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

export type LoaderOrder<T> = Partial<Record<keyof T & string, 'ASC' | 'DESC'>>;

/** Loads all rows whose `column` equals each key (a one-to-many relation), in `order`. */
export function loaderGroupedBy<T extends ObjectLiteral>(
  repo: Repository<T>,
  column: keyof T & string,
  order?: LoaderOrder<T>,
): DataLoader<string, T[]> {
  const reader = entityReader(repo);
  const orderKey = Object.entries(order ?? {})
    .map(([property, direction]) => `${property} ${direction}`)
    .join(',');
  const sql = statementOf(repo.metadata, `group\u0000${column}\u0000${orderKey}`, () => {
    const orderBy = Object.entries(order ?? {})
      .map(([property, direction]) => `t."${reader.column(property).databaseName}" ${direction === 'DESC' ? 'DESC' : 'ASC'}`)
      .join(', ');
    return `SELECT ${reader.selectList('t')} FROM ${reader.table} t WHERE ${reader.anyOf('t', column, 1)}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  });
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = ((await repo.manager.query(sql, [[...keys]])) as Record<string, unknown>[]).map((r) => reader.hydrate(r));
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = String(row[column]);
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** A row each grouped row refers to (`on`, a foreign key to `repo`'s `id`), read in the same statement and primed into `prime`. */
export interface JoinedRows<T, J extends ObjectLiteral> {
  repo: Repository<J>;
  on: keyof T & string;
  prime: DataLoader<string, J | null>;
}

/**
 * `loaderGroupedBy`, with the row each one refers to read in the same statement (a LEFT JOIN on
 * its `id`) and primed into the loader that would otherwise read it in a statement of its own
 * (issue 12: `audits { auditor { name } }`).
 */
export function loaderGroupedByWithJoined<T extends ObjectLiteral, J extends ObjectLiteral>(
  repo: Repository<T>,
  column: keyof T & string,
  order: LoaderOrder<T>,
  joined: JoinedRows<T, J>,
): DataLoader<string, T[]> {
  const reader = entityReader(repo);
  const other = entityReader(joined.repo);
  const PREFIX = 'joined__';
  const orderKey = Object.entries(order)
    .map(([property, direction]) => `${property} ${direction}`)
    .join(',');
  const sql = statementOf(repo.metadata, `group-joined\u0000${column}\u0000${orderKey}\u0000${other.table}\u0000${joined.on}`, () => {
    const orderBy = Object.entries(order)
      .map(([property, direction]) => `t."${reader.column(property).databaseName}" ${direction === 'DESC' ? 'DESC' : 'ASC'}`)
      .join(', ');
    const on = `j."${other.column('id').databaseName}" = t."${reader.column(joined.on).databaseName}"`;
    return `SELECT ${reader.selectList('t')}, ${other.selectList('j', PREFIX)} FROM ${reader.table} t LEFT JOIN ${other.table} j ON ${on}
     WHERE ${reader.anyOf('t', column, 1)}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  });
  const joinedId = `${PREFIX}${other.column('id').databaseName}`;
  return new DataLoader<string, T[]>(async (keys) => {
    const raw = (await repo.manager.query(sql, [[...keys]])) as Record<string, unknown>[];
    const groups = new Map<string, T[]>();
    for (const r of raw) {
      const row = reader.hydrate(r);
      if (r[joinedId] != null) {
        const target = other.hydrate(r, PREFIX);
        joined.prime.prime(String(target.id), target);
      }
      const key = String(row[column]);
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Groups ids by key from a raw `(key, id)` query (many-to-many links). */
export function groupPairs(rows: { key: string; id: string }[], keys: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const { key, id } of rows) {
    const list = groups.get(key);
    if (list) list.push(id);
    else groups.set(key, [id]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
