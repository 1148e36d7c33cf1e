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
}

const readers = new WeakMap<EntityMetadata, EntityReader<ObjectLiteral>>();
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function entityReader<T extends ObjectLiteral>(repo: Repository<T>): EntityReader<T> {
  const metadata = repo.metadata;
  const cached = readers.get(metadata);
  if (cached) return cached as EntityReader<T>;
  if (metadata.relations.length > 0 || metadata.embeddeds.length > 0) {
    throw new Error(`entityReader: ${metadata.name} has relations or embeddeds; use the repository`);
  }
  const driver = repo.manager.connection.driver;
  const columns = metadata.columns.filter((c) => !c.isVirtual && c.isSelect);
  const prototype = (metadata.target as { prototype: object }).prototype;
  const selectLists = new Map<string, string>();
  const reader: EntityReader<T> = {
    table: quote(metadata.tableName),
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
      for (const c of columns) entity[c.propertyName] = driver.prepareHydratedValue(row[prefix + c.databaseName], c);
      return entity as T;
    },
    column(propertyName) {
      const c = metadata.findColumnWithPropertyName(propertyName);
      if (!c) throw new Error(`entityReader: ${metadata.name} has no column ${propertyName}`);
      return c;
    },
    anyOf(alias, propertyName, parameter) {
      const c = reader.column(propertyName);
      // uuid keys keep their index; text and char(n) keys compare as text (char padding is not a concern for codes).
      const type = c.type === 'uuid' ? 'uuid' : c.type === 'int' || c.type === 'integer' || c.type === 'bigint' ? 'bigint' : 'text';
      return `${alias}.${quote(c.databaseName)} = ANY($${parameter}::${type}[])`;
    },
  };
  readers.set(metadata, reader as EntityReader<ObjectLiteral>);
  return reader;
}
