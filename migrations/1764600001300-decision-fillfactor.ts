import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on every page of `export_decisions` for the next version of its rows (issue 13). A write
 * re-decides every jurisdiction of the versions it touches: about 250 row updates per version,
 * none of which changes an indexed column as a rule (the outcome seldom moves). On full pages
 * (the default fillfactor of 100) PostgreSQL cannot keep those updates on the page (HOT), so each
 * one also inserted into all five indexes: on the benchmark data 835 of 67,433 updates were HOT,
 * and the upsert of two versions' 498 decisions took 40 ms, 23–27 ms after the table was
 * rewritten at fillfactor 70 (docs/performance.md).
 *
 * The setting applies to pages written from now on; existing pages take it as they are rewritten
 * (a `VACUUM FULL export_decisions` in a maintenance window does it at once).
 */
export class DecisionFillfactor1764600001300 implements MigrationInterface {
  name = 'DecisionFillfactor1764600001300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE export_decisions SET (fillfactor = 70)');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE export_decisions RESET (fillfactor)');
  }
}
