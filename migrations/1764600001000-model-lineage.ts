import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model lineage (issue 19). `model_version_lineage` holds one row per declaration of a parent of a
 * version; a retraction stamps the row (`retracted_at`, by whom, why) and never deletes it, so the
 * rows are the history and the active edges are those not retracted (at most one active edge per
 * child and parent). Ancestors and descendants are read with recursive CTEs over the active edges
 * (docs/lineage.md says why not a closure table). `lineage_not_affected` records a regulator's
 * justified "not affected" of one finding on one descendant version, with its evidence.
 */
export class ModelLineage1764600001000 implements MigrationInterface {
  name = 'ModelLineage1764600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE model_version_lineage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE RESTRICT,
        parent_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE RESTRICT,
        relation text NOT NULL CHECK (relation IN ('FINE_TUNE', 'DISTILLATION', 'QUANTIZATION', 'MERGE', 'CONTINUED_PRETRAINING')),
        note text CHECK (note IS NULL OR char_length(note) <= 4000),
        declared_by text NOT NULL,
        declared_by_organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
        declared_at timestamptz NOT NULL DEFAULT now(),
        retracted_at timestamptz,
        retracted_by text,
        retraction_reason text CHECK (retraction_reason IS NULL OR char_length(retraction_reason) <= 4000),
        CONSTRAINT model_version_lineage_not_self CHECK (child_version_id <> parent_version_id),
        CONSTRAINT model_version_lineage_retraction CHECK ((retracted_at IS NULL) = (retracted_by IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX model_version_lineage_active_unique ON model_version_lineage (child_version_id, parent_version_id)
        WHERE retracted_at IS NULL`,
    );
    // The two walks: up (child -> parents) and down (parent -> children), active edges only.
    await q.query(
      `CREATE INDEX model_version_lineage_up ON model_version_lineage (child_version_id) INCLUDE (parent_version_id, relation)
        WHERE retracted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX model_version_lineage_down ON model_version_lineage (parent_version_id) INCLUDE (child_version_id, relation)
        WHERE retracted_at IS NULL`,
    );
    await q.query(`CREATE INDEX model_version_lineage_history ON model_version_lineage (child_version_id, declared_at, id)`);

    await q.query(`
      CREATE TABLE lineage_not_affected (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE RESTRICT,
        justification text NOT NULL CHECK (char_length(justification) BETWEEN 1 AND 4000),
        evidence text NOT NULL CHECK (char_length(evidence) BETWEEN 1 AND 4000),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lineage_not_affected_unique UNIQUE (finding_id, model_version_id)
      )`);
    await q.query(`CREATE INDEX lineage_not_affected_version ON lineage_not_affected (model_version_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE lineage_not_affected');
    await q.query('DROP TABLE model_version_lineage');
  }
}
