import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overrides keep their history (issue 16): every set, extension and lift of a regulator's export
 * override is a row of its own, never updated, so as-of replay sees the override that was in
 * force at any moment, also one lifted or replaced since. The override columns of
 * `export_decisions` stay as the current state (the last row, written in the same transaction).
 * Expiry is not a row: it follows from `expires_at` (the domain derives the EXPIRED entry).
 * Existing overrides are carried over as SET rows at their `override_at`.
 */
export class ExportOverrideHistory1764600000700 implements MigrationInterface {
  name = 'ExportOverrideHistory1764600000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_override_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id) ON DELETE RESTRICT,
        action text NOT NULL CHECK (action IN ('SET', 'EXTENDED', 'LIFTED')),
        outcome text CHECK (outcome IN ('ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'SUSPENDED', 'PROHIBITED')),
        justification text NOT NULL CHECK (char_length(justification) BETWEEN 1 AND 4000),
        actor text NOT NULL,
        effective_at timestamptz NOT NULL,
        expires_at timestamptz,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT export_override_changes_outcome CHECK ((action = 'LIFTED') = (outcome IS NULL)),
        CONSTRAINT export_override_changes_expiry CHECK (expires_at IS NULL OR expires_at > effective_at)
      )`);
    await q.query(
      `CREATE INDEX export_override_changes_subject_idx ON export_override_changes (model_version_id, jurisdiction_id, effective_at, id)`,
    );
    await q.query(`
      CREATE FUNCTION msr_refuse_override_history_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'export_override_changes is a history: rows are never updated';
      END $$`);
    await q.query(`
      CREATE TRIGGER export_override_changes_no_update BEFORE UPDATE ON export_override_changes
        FOR EACH ROW EXECUTE FUNCTION msr_refuse_override_history_update()`);
    await q.query(`
      INSERT INTO export_override_changes (model_version_id, jurisdiction_id, action, outcome, justification, actor, effective_at, expires_at, recorded_at)
      SELECT model_version_id, jurisdiction_id, 'SET', override_outcome, override_justification, override_by, override_at,
             CASE WHEN override_expires_at > override_at THEN override_expires_at END, override_at
        FROM export_decisions WHERE override_outcome IS NOT NULL
       ORDER BY override_at, id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE export_override_changes');
    await q.query('DROP FUNCTION msr_refuse_override_history_update()');
  }
}
