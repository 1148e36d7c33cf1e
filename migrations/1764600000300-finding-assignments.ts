import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns a finding (issue 14): every assignment — and every unassignment, with a null
 * assignee — is a row of its own, never updated, so the history is kept; the current owner is
 * the newest row. The assignee is a person of the government organization that assigned it
 * (the token subject as the identity provider names it), recorded with that organization.
 */
export class FindingAssignments1764600000300 implements MigrationInterface {
  name = 'FindingAssignments1764600000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE finding_assignments (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        assignee text CHECK (assignee IS NULL OR char_length(assignee) BETWEEN 1 AND 200),
        organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
        note text CHECK (note IS NULL OR char_length(note) <= 4000),
        actor text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX finding_assignments_finding ON finding_assignments (finding_id, assigned_at DESC, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE finding_assignments');
  }
}
