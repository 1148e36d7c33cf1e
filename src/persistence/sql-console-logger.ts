import type { Logger } from 'typeorm';

/** Prints every SQL statement (LOG_SQL=1), for development. */
export class SqlConsoleLogger implements Logger {
  logQuery(query: string, parameters?: unknown[]): void {
    console.log(`[sql] ${query}${parameters?.length ? ` -- ${JSON.stringify(parameters).slice(0, 300)}` : ''}`);
  }
  logQueryError(error: string | Error, query: string): void {
    console.error(`[sql] error ${error instanceof Error ? error.message : error} in ${query}`);
  }
  logQuerySlow(time: number, query: string): void {
    console.warn(`[sql] slow (${time} ms) ${query}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    console.log(`[migration] ${message}`);
  }
  log(): void {}
}
