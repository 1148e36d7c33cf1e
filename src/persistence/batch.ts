/**
 * DataLoader factories: every nested object or list in the API is fetched through one of these,
 * so N parents cost one SQL statement per relation, whatever N is.
 */
import DataLoader from 'dataloader';
import { In, type FindOptionsOrder, type ObjectLiteral, type Repository } from 'typeorm';

/** Loads rows by primary key; unknown keys give null. Order of keys is kept. */
export function loaderByKey<T extends ObjectLiteral, K extends string = string>(
  repo: Repository<T>,
  column: keyof T & string,
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await repo.find({ where: { [column]: In([...keys]) } as never });
    const byKey = new Map<string, T>(rows.map((r) => [String(r[column]), r]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Loads all rows whose `column` equals each key (a one-to-many relation). */
export function loaderGroupedBy<T extends ObjectLiteral>(
  repo: Repository<T>,
  column: keyof T & string,
  order?: FindOptionsOrder<T>,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await repo.find({ where: { [column]: In([...keys]) } as never, order });
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
