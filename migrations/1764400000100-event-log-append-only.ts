import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log becomes append-only in the database, not only by convention (issue 11, defect 7):
 *
 * - A trigger refuses UPDATE and DELETE (each row) and TRUNCATE (each statement) on `events` —
 *   for every role, the owner and superusers included, while it is enabled. Only the tables' owner
 *   (or a superuser) can disable it; the application role is neither (src/infra/app-role.ts).
 * - `hash_version`: 1 for the rows written before this migration (hash over the content and the
 *   previous hash), 2 from now on (the hash covers the sequence number too). Verification checks
 *   each row by its version and refuses a version-1 row after a version-2 one.
 * - `event_checkpoints`: signed anchors of the log's head (sequence, hash, event count, time, key
 *   id, Ed25519 signature), append-only by the same trigger.
 *
 * `down` removes all of it. Rows written with version 2 then no longer verify with the old code
 * (it does not hash the sequence number).
 */
export class EventLogAppendOnly1764400000100 implements MigrationInterface {
  name = 'EventLogAppendOnly1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN hash_version smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_hash_version_known CHECK (hash_version IN (1, 2))`);
    await q.query(`ALTER TABLE events ALTER COLUMN hash_version SET DEFAULT 2`);

    await q.query(`
      CREATE FUNCTION msr_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % refused: the table is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'The event log and its checkpoints are tamper-evident records; see docs/access-control.md, "Threat model of the event log".';
      END
      $$`);

    await q.query(`
      CREATE TABLE event_checkpoints (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq bigint NOT NULL CHECK (seq > 0),
        head_hash text NOT NULL,
        event_count bigint NOT NULL CHECK (event_count > 0),
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL
      )`);
    await q.query(`CREATE INDEX event_checkpoints_seq_idx ON event_checkpoints (seq)`);

    for (const table of ['events', 'event_checkpoints']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION msr_refuse_log_change()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION msr_refuse_log_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE event_checkpoints');
    await q.query('DROP TRIGGER events_no_truncate ON events');
    await q.query('DROP TRIGGER events_append_only ON events');
    await q.query('DROP FUNCTION msr_refuse_log_change()');
    await q.query('ALTER TABLE events DROP COLUMN hash_version');
  }
}
