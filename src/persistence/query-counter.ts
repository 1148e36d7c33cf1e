/**
 * A TypeORM logger that counts the SQL statements the application issues, so tests and
 * benchmarks can assert that a query's cost does not grow with the number of rows.
 */
import type { Logger } from 'typeorm';

export class QueryCountingLogger implements Logger {
  count = 0;
  readonly statements: string[] = [];
  constructor(private readonly keep = 200) {}

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  logQuery(query: string): void {
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(query)) return;
    this.count += 1;
    if (this.statements.length < this.keep) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
