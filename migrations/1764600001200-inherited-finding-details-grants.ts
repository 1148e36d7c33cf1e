import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model lineage across developers (issue 19): a regulator's grant to the developer of a derived
 * version to read an inherited finding's restricted details. One row per grant; a revocation stamps
 * the row (`revoked_at`, by whom, why) and never deletes it, so the rows are the history; at most
 * one standing grant per finding and version.
 */
export class InheritedFindingDetailsGrants1764600001200 implements MigrationInterface {
  name = 'InheritedFindingDetailsGrants1764600001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inherited_finding_details_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE RESTRICT,
        grantee_organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        justification text NOT NULL CHECK (char_length(justification) BETWEEN 1 AND 4000),
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        revocation_reason text CHECK (revocation_reason IS NULL OR char_length(revocation_reason) BETWEEN 1 AND 4000),
        CONSTRAINT inherited_finding_details_grants_revocation CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX inherited_finding_details_grants_standing ON inherited_finding_details_grants (finding_id, model_version_id)
        WHERE revoked_at IS NULL`,
    );
    // The read rule's lookup: standing grants of a finding to an organization.
    await q.query(
      `CREATE INDEX inherited_finding_details_grants_by_finding ON inherited_finding_details_grants (finding_id, grantee_organization_id)
        WHERE revoked_at IS NULL`,
    );
    await q.query(`CREATE INDEX inherited_finding_details_grants_history ON inherited_finding_details_grants (model_version_id, granted_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inherited_finding_details_grants');
  }
}
