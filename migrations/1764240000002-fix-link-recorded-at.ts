import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a finding's fix version was named, so that as-of evaluation does not credit a fix before
 * the registry knew of it.
 */
export class FixLinkRecordedAt1764240000002 implements MigrationInterface {
  name = 'FixLinkRecordedAt1764240000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE findings ADD COLUMN fixed_in_version_recorded_at timestamptz');
    await q.query('UPDATE findings SET fixed_in_version_recorded_at = updated_at WHERE fixed_in_version_id IS NOT NULL');
    await q.query(`ALTER TABLE findings ADD CONSTRAINT findings_fix_recorded_consistent
      CHECK ((fixed_in_version_id IS NULL) = (fixed_in_version_recorded_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE findings DROP CONSTRAINT findings_fix_recorded_consistent');
    await q.query('ALTER TABLE findings DROP COLUMN fixed_in_version_recorded_at');
  }
}
