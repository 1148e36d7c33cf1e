import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `exportDecisions(filter: { hasOverride: true })`: overrides are few among thousands of decisions,
 * so a partial index in the connection's order (created_at, id) finds them without a scan.
 */
export class DecisionOverrideIndex1764240000003 implements MigrationInterface {
  name = 'DecisionOverrideIndex1764240000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX export_decisions_override_idx ON export_decisions (created_at, id) WHERE override_outcome IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX export_decisions_override_idx');
  }
}
