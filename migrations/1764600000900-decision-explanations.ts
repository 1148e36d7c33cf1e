import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decision explanations stored once (issue 13). A version's decisions in its 249 jurisdictions
 * carry only about three distinct reason lists and paths to eligibility between them (kilobytes
 * of JSON each), and every write that changed them stored all 249 copies again, plus a copy in
 * each history row: 3.5 MB of JSON per severity assessment of a finding affecting two versions,
 * the bulk of the write's time in PostgreSQL. Now the reasons and the path live in
 * `decision_explanations`, content-addressed (the id is a digest of the content), and a decision
 * and a history row name theirs by id; a write stores only the explanations it has not seen.
 *
 * `reasons_key` is the digest of what makes two reason lists the same for the decision history
 * (codes and references, not wording; `reasonsKey` in recompute-decisions.ts). Rows migrated from
 * the old columns have none: the first recompute of their version stores them afresh.
 *
 * Explanations are never updated and, being referenced by history, kept; the migrated ones have
 * ids starting with `m` (digest of PostgreSQL's jsonb text), the new ones `s` (SHA-256 of the
 * canonical JSON), so the two never collide.
 */
export class DecisionExplanations1764600000900 implements MigrationInterface {
  name = 'DecisionExplanations1764600000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decision_explanations (
        id text PRIMARY KEY,
        reasons jsonb NOT NULL,
        path_to_eligibility jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO decision_explanations (id, reasons, path_to_eligibility)
      SELECT DISTINCT 'm' || md5(reasons::text || ' ' || path_to_eligibility::text), reasons, path_to_eligibility
        FROM export_decisions
      ON CONFLICT (id) DO NOTHING`);
    await q.query(`
      INSERT INTO decision_explanations (id, reasons, path_to_eligibility)
      SELECT DISTINCT 'm' || md5(reasons::text || ' []'), reasons, '[]'::jsonb
        FROM export_decision_changes
      ON CONFLICT (id) DO NOTHING`);
    await q.query(`ALTER TABLE export_decisions ADD COLUMN explanation_id text, ADD COLUMN reasons_key text`);
    await q.query(`UPDATE export_decisions SET explanation_id = 'm' || md5(reasons::text || ' ' || path_to_eligibility::text)`);
    await q.query(`ALTER TABLE export_decision_changes ADD COLUMN explanation_id text`);
    await q.query(`UPDATE export_decision_changes SET explanation_id = 'm' || md5(reasons::text || ' []')`);
    await q.query(`
      ALTER TABLE export_decisions
        ALTER COLUMN explanation_id SET NOT NULL,
        ADD CONSTRAINT export_decisions_explanation_fk FOREIGN KEY (explanation_id) REFERENCES decision_explanations(id),
        DROP COLUMN reasons,
        DROP COLUMN path_to_eligibility`);
    await q.query(`
      ALTER TABLE export_decision_changes
        ALTER COLUMN explanation_id SET NOT NULL,
        ADD CONSTRAINT export_decision_changes_explanation_fk FOREIGN KEY (explanation_id) REFERENCES decision_explanations(id),
        DROP COLUMN reasons`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE export_decisions ADD COLUMN reasons jsonb NOT NULL DEFAULT '[]', ADD COLUMN path_to_eligibility jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE export_decisions d SET reasons = e.reasons, path_to_eligibility = e.path_to_eligibility
        FROM decision_explanations e WHERE e.id = d.explanation_id`);
    await q.query(`ALTER TABLE export_decision_changes ADD COLUMN reasons jsonb`);
    await q.query(`UPDATE export_decision_changes c SET reasons = e.reasons FROM decision_explanations e WHERE e.id = c.explanation_id`);
    await q.query(`ALTER TABLE export_decision_changes ALTER COLUMN reasons SET NOT NULL, DROP COLUMN explanation_id`);
    await q.query(`ALTER TABLE export_decisions DROP COLUMN explanation_id, DROP COLUMN reasons_key`);
    await q.query(`DROP TABLE decision_explanations`);
  }
}
