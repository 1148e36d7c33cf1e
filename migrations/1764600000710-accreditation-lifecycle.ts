import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accreditation lifecycle (issue 16): suspensions, reinstatements, renewals and revocations of
 * an accreditation, and the end of a declared conflict of interest, each a row of its own (never
 * updated) with who, why and — for accreditations — from when it takes effect. The `status` and
 * `valid_until` of `accreditations` and the `period_end` of `conflicts_of_interest` stay the
 * current state, written with the row in the same transaction.
 */
export class AccreditationLifecycle1764600000710 implements MigrationInterface {
  name = 'AccreditationLifecycle1764600000710';

  async up(q: QueryRunner): Promise<void> {
    const statuses = `('ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED')`;
    await q.query(`
      CREATE TABLE accreditation_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        accreditation_id uuid NOT NULL REFERENCES accreditations(id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('SUSPEND', 'REINSTATE', 'RENEW', 'REVOKE')),
        previous_status text NOT NULL CHECK (previous_status IN ${statuses}),
        previous_valid_until timestamptz,
        status text NOT NULL CHECK (status IN ${statuses}),
        valid_until timestamptz,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 4000),
        actor text NOT NULL,
        effective_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX accreditation_changes_accreditation_idx ON accreditation_changes (accreditation_id, id)`);
    await q.query(`
      CREATE TABLE conflict_of_interest_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conflict_id uuid NOT NULL REFERENCES conflicts_of_interest(id) ON DELETE CASCADE,
        previous_period_end timestamptz,
        period_end timestamptz NOT NULL,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 4000),
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conflict_of_interest_changes_conflict_idx ON conflict_of_interest_changes (conflict_id, id)`);
    await q.query(`
      CREATE FUNCTION msr_refuse_lifecycle_history_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is a history: rows are never updated', TG_TABLE_NAME;
      END $$`);
    for (const table of ['accreditation_changes', 'conflict_of_interest_changes']) {
      await q.query(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION msr_refuse_lifecycle_history_update()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE conflict_of_interest_changes');
    await q.query('DROP TABLE accreditation_changes');
    await q.query('DROP FUNCTION msr_refuse_lifecycle_history_update()');
  }
}
