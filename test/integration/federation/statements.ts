/**
 * Groups logged SQL statements by the table they read first (`FROM "table"`), so a test can say
 * "one statement per entity type" without pinning the exact SQL text.
 */
export function statementsByTable(statements: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sql of statements) {
    const table = /\bFROM\s+"?([a-z_]+)"?/i.exec(sql)?.[1] ?? sql.slice(0, 40);
    counts[table] = (counts[table] ?? 0) + 1;
  }
  return counts;
}
