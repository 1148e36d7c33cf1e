/**
 * The read path's row mapper: builds an entity's SELECT list once from TypeORM's metadata and turns
 * raw rows into entity instances with the driver's own value conversion (`prepareHydratedValue`,
 * transformers included), without TypeORM's per-call query building and result transformation.
 * Same objects as `repository.find()` (same class, same properties, same values); the statements
 * still go through the DataSource, so logging and statement counting see them.
 *
 * Only for entities with plain columns (no relations, embeddeds or eager loading) — all of ours.
 */
import type { EntityMetadata, ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

export interface EntityReader<T> {
  /** The quoted table name. */
  table: string;
  /** `a."col" AS "<prefix>col", …` for every selectable column. */
  selectList(alias: string, prefix?: string): string;
  /** An entity from a raw row whose columns carry `prefix` (default none). */
  hydrate(row: Record<string, unknown>, prefix?: string): T;
  /** The column of a property (throws for an unknown one). */
  column(propertyName: string): ColumnMetadata;
  /** `"col" = ANY($n::type[])` for a list of keys of `propertyName`, over alias `a`. */
  anyOf(alias: string, propertyName: string, parameter: number): string;
  /**
   * The same for some of the columns only (issue 12: a nested list that serves three fields need
   * not read, parse and keep seventeen). Its objects have the entity's class and only these
   * properties: they are for the one resolver path that asked for them, never for a loader cache
   * other reads share.
   */
  projection(properties: readonly string[]): Pick<EntityReader<T>, 'table' | 'selectList' | 'hydrate'>;
}

const readers = new WeakMap<EntityMetadata, EntityReader<ObjectLiteral>>();

/** Column types whose value pg already gives as TypeORM would hydrate it (no transformer). */
const AS_PARSED = new Set([
  'uuid',
  'text',
  'varchar',
  'character varying',
  'char',
  'character',
  'citext',
  'jsonb',
  'json',
  'boolean',
  'bool',
  'int',
  'int2',
  'int4',
  'int8',
  'integer',
  'smallint',
  'bigint',
  'numeric',
  'decimal',
  'real',
  'float4',
  'double precision',
  'float8',
  'bytea',
]);
const TIMESTAMPS = new Set(['timestamptz', 'timestamp with time zone', 'timestamp', 'timestamp without time zone', 'datetime']);
const asParsed = (value: unknown) => value;
// DateUtils.normalizeHydratedDate: pg's parser already gave a Date; a string (a cast) becomes one.
const asDate = (value: unknown) => (typeof value === 'string' && value ? new Date(value) : value);

/**
 * Issue 12: `prepareHydratedValue` walks a chain of type tests for every column of every row. Its
 * answer is fixed per column for most types — the value pg parsed, or a Date — so those columns
 * get that function once; every other column (transformers, enums with numeric members, enum
 * arrays, dates, simple-array, …) still goes through the driver. test/integration/infra/fast-read.test.ts
 * compares every entity with `repository.find()`.
 */
function hydratorOf(column: ColumnMetadata, prepare: (value: unknown, column: ColumnMetadata) => unknown): (value: unknown) => unknown {
  const type = column.type;
  if (!column.transformer && typeof type === 'string') {
    if (AS_PARSED.has(type)) return asParsed;
    if (TIMESTAMPS.has(type)) return asDate;
    if (
      (type === 'enum' || type === 'simple-enum') &&
      !column.isArray &&
      (column.enum ?? []).every((v) => typeof v === 'string' && isNaN(+v))
    ) {
      return asParsed;
    }
  }
  return (value) => prepare(value, column);
}
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function entityReader<T extends ObjectLiteral>(repo: Repository<T>): EntityReader<T> {
  const metadata = repo.metadata;
  const cached = readers.get(metadata);
  if (cached) return cached as EntityReader<T>;
  if (metadata.relations.length > 0 || metadata.embeddeds.length > 0) {
    throw new Error(`entityReader: ${metadata.name} has relations or embeddeds; use the repository`);
  }
  const driver = repo.manager.connection.driver;
  const allColumns = metadata.columns.filter((c) => !c.isVirtual && c.isSelect);
  const prototype = (metadata.target as { prototype: object }).prototype;
  const prepare = (value: unknown, column: ColumnMetadata) => driver.prepareHydratedValue(value, column);
  const projections = new Map<string, ReaderCore<T>>();
  const column = (propertyName: string) => {
    const c = metadata.findColumnWithPropertyName(propertyName);
    if (!c) throw new Error(`entityReader: ${metadata.name} has no column ${propertyName}`);
    return c;
  };
  const reader: EntityReader<T> = {
    ...readerOf<T>(allColumns, metadata.tableName, prototype, prepare),
    column,
    anyOf(alias, propertyName, parameter) {
      const c = column(propertyName);
      // uuid keys keep their index; text and char(n) keys compare as text (char padding is not a concern for codes).
      const type = c.type === 'uuid' ? 'uuid' : c.type === 'int' || c.type === 'integer' || c.type === 'bigint' ? 'bigint' : 'text';
      return `${alias}.${quote(c.databaseName)} = ANY($${parameter}::${type}[])`;
    },
    projection(properties) {
      const key = properties.join('\u0000');
      let projection = projections.get(key);
      if (!projection) {
        const columns = properties.map((p) => {
          const c = column(p);
          if (!allColumns.includes(c)) throw new Error(`entityReader: ${metadata.name}.${p} is not a selectable column`);
          return c;
        });
        projections.set(key, (projection = readerOf<T>(columns, metadata.tableName, prototype, prepare)));
      }
      return projection;
    },
  };
  readers.set(metadata, reader as EntityReader<ObjectLiteral>);
  return reader;
}

/** SELECT list and hydration of a fixed list of columns. */
type ReaderCore<T> = Pick<EntityReader<T>, 'table' | 'selectList' | 'hydrate'>;

function readerOf<T>(
  columns: ColumnMetadata[],
  tableName: string,
  prototype: object,
  prepare: (value: unknown, column: ColumnMetadata) => unknown,
): ReaderCore<T> {
  const hydrators = columns.map((c) => hydratorOf(c, prepare));
  const properties = columns.map((c) => c.propertyName);
  // The raw row's key of each column, per prefix.
  const keysByPrefix = new Map<string, string[]>();
  const keysOf = (prefix: string) => {
    let keys = keysByPrefix.get(prefix);
    if (!keys) keysByPrefix.set(prefix, (keys = columns.map((c) => prefix + c.databaseName)));
    return keys;
  };
  const selectLists = new Map<string, string>();
  return {
    table: quote(tableName),
    selectList(alias, prefix = '') {
      const key = `${alias}\u0000${prefix}`;
      let list = selectLists.get(key);
      if (!list) {
        list = columns.map((c) => `${alias}.${quote(c.databaseName)} AS ${quote(prefix + c.databaseName)}`).join(', ');
        selectLists.set(key, list);
      }
      return list;
    },
    hydrate(row, prefix = '') {
      const entity = Object.create(prototype) as Record<string, unknown>;
      const keys = keysOf(prefix);
      for (let i = 0; i < keys.length; i++) entity[properties[i]!] = hydrators[i]!(row[keys[i]!]);
      return entity as T;
    },
  };
}
