import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes (issue 16): a regulator's change that the policy in force puts under a second
 * regulator's approval waits here as a proposed change — a policy publication or an export
 * override, its input as JSON — until another regulator approves it (then it is applied) or it
 * is withdrawn.
 */
export class ProposedChanges1764600000800 implements MigrationInterface {
  name = 'ProposedChanges1764600000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposed_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('POLICY_PUBLICATION', 'EXPORT_OVERRIDE')),
        payload jsonb NOT NULL,
        basis jsonb NOT NULL,
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'WITHDRAWN')),
        decided_by text,
        decided_at timestamptz,
        reason text CHECK (reason IS NULL OR char_length(reason) BETWEEN 1 AND 4000),
        -- the export decision an override concerns; the policy version an approved publication published
        result_id uuid,
        CHECK ((status = 'PENDING') = (decided_by IS NULL AND decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX proposed_changes_status_idx ON proposed_changes (status, proposed_at, id)`);
    await q.query(`CREATE INDEX proposed_changes_proposed_at_idx ON proposed_changes (proposed_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE proposed_changes');
  }
}
