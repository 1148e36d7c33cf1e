import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-token cost budget shared by every instance over this database (issue 18): one row per
 * budget key (a token's subject, or an anonymous client's address) holding its current fixed
 * one-minute window. UNLOGGED: no WAL, so the per-request upsert is cheap; after a crash
 * PostgreSQL empties the table, which only starts every budget afresh. Not replicated to
 * standbys, and not in a pg_dump's data that matters (the drill restores it empty).
 * The application role gets SELECT, INSERT, UPDATE, DELETE on it like on every other table
 * (src/infra/app-role.ts).
 */
export class CostBudgetWindows1764500000200 implements MigrationInterface {
  name = 'CostBudgetWindows1764500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNLOGGED TABLE cost_budget_windows (
      budget_key text PRIMARY KEY,
      window_start_ms bigint NOT NULL,
      spent bigint NOT NULL,
      charged boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX cost_budget_windows_start ON cost_budget_windows (window_start_ms)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cost_budget_windows`);
  }
}
