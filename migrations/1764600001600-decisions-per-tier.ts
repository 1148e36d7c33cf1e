import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EXPORT_OUTCOMES as OUTCOMES } from '../src/domain/enums';

/**
 * Export decisions stored once per version and tier (issue 19; docs/architecture.md, "Decisions
 * per tier").
 *
 * A version's 249 jurisdictions fall into a handful of tiers, and without an override every
 * jurisdiction of a tier has the same decision. Storing a row and a history row per jurisdiction
 * meant that a finding of a root with 100 descendants rewrote about 25,000 decision rows and
 * inserted as many history rows in its write (1.3 s of its 1.7 s). Now:
 *
 * - `tier_decisions`: the decision of each (version, tier), as the rules give it;
 *   `tier_decision_changes`: its history.
 * - `jurisdiction_decisions` (the former `export_decisions` table, same ids, same override
 *   columns): one row per (version, jurisdiction) that names its tier and either follows its
 *   tier's decision (its own decision columns are all null) or has a decision of its own (all
 *   set): a regulator's override, active or not, gives a row its own decision. A row that follows
 *   its tier references the tier's row (a foreign key on the generated `following_tier`).
 * - `jurisdiction_decision_changes` (the former `export_decision_changes`): the rows' own history
 *   entries. `follows_tier` on an entry says the row follows that tier from then on; an entry not
 *   `shown` only marks that (a row moved to another tier without its decision changing).
 * - The views `export_decisions` and `export_decision_changes` give what the tables gave before,
 *   one decision per jurisdiction and its history: a row's own decision or its tier's, and a row's
 *   own entries with its tier's changes made while it followed that tier (after its latest own
 *   entry, which names the tier). Reads go through them unchanged; writes go to the tables.
 *
 * `tier_decisions.layout_key` is a digest of the jurisdiction-to-tier placement the version's
 * rows were placed by (recompute-decisions.ts): while it is current, a recompute reads only the
 * rows with a decision or an override of their own.
 */
const EXPORT_OUTCOMES = `(${OUTCOMES.map((o) => `'${o}'`).join(', ')})`;

const DECISIONS_VIEW = `
  CREATE VIEW export_decisions AS
  SELECT r.id, r.model_version_id, r.jurisdiction_id, r.tier,
         CASE WHEN r.outcome IS NULL THEN t.outcome ELSE r.outcome END AS outcome,
         CASE WHEN r.outcome IS NULL THEN t.outcome ELSE r.computed_outcome END AS computed_outcome,
         CASE WHEN r.outcome IS NULL THEN t.explanation_id ELSE r.explanation_id END AS explanation_id,
         CASE WHEN r.outcome IS NULL THEN t.reasons_key ELSE r.reasons_key END AS reasons_key,
         CASE WHEN r.outcome IS NULL THEN t.policy_version ELSE r.policy_version END AS policy_version,
         CASE WHEN r.outcome IS NULL THEN t.evaluated_at ELSE r.evaluated_at END AS evaluated_at,
         r.override_outcome, r.override_justification, r.override_by, r.override_at, r.override_expires_at,
         r.created_at,
         CASE WHEN r.outcome IS NULL THEN greatest(r.updated_at, t.updated_at) ELSE r.updated_at END AS updated_at,
         r.row_version
    FROM jurisdiction_decisions r
    LEFT JOIN tier_decisions t ON t.model_version_id = r.model_version_id AND t.tier = r.tier`;

// A tier's change shows in a row's history when the row's latest own entry before it says the
// row follows that tier, and the row has no own entry of that same moment (then its own entry
// says what it became: a policy that moves a jurisdiction to another tier and changes its old
// tier's decision at once). Its id is derived from both (unique per row).
const CHANGES_VIEW = `
  CREATE VIEW export_decision_changes AS
  SELECT c.id, c.export_decision_id, c.outcome, c.computed_outcome, c.explanation_id, c.policy_version,
         c.cause, c.actor, c.changed_at
    FROM jurisdiction_decision_changes c
   WHERE c.shown
  UNION ALL
  SELECT md5(g.id::text || r.id::text)::uuid, r.id, g.outcome, g.outcome, g.explanation_id, g.policy_version,
         g.cause, g.actor, g.changed_at
    FROM jurisdiction_decisions r
    JOIN tier_decision_changes g ON g.model_version_id = r.model_version_id
   WHERE g.tier = (SELECT c.follows_tier FROM jurisdiction_decision_changes c
                    WHERE c.export_decision_id = r.id AND c.changed_at < g.changed_at
                    ORDER BY c.changed_at DESC, c.seq DESC LIMIT 1)
     AND NOT EXISTS (SELECT 1 FROM jurisdiction_decision_changes c
                      WHERE c.export_decision_id = r.id AND c.changed_at = g.changed_at)`;

export class DecisionsPerTier1764600001600 implements MigrationInterface {
  name = 'DecisionsPerTier1764600001600';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE export_decisions RENAME TO jurisdiction_decisions');
    await q.query('ALTER TABLE export_decision_changes RENAME TO jurisdiction_decision_changes');

    await q.query(`
      CREATE TABLE tier_decisions (
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        tier text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ${EXPORT_OUTCOMES}),
        explanation_id text NOT NULL REFERENCES decision_explanations(id),
        reasons_key text,
        policy_version text NOT NULL,
        evaluated_at timestamptz NOT NULL,
        layout_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (model_version_id, tier)
      ) WITH (fillfactor = 70)`);
    await q.query(`
      CREATE TABLE tier_decision_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL,
        tier text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ${EXPORT_OUTCOMES}),
        explanation_id text NOT NULL REFERENCES decision_explanations(id),
        policy_version text NOT NULL,
        cause text NOT NULL,
        actor text NOT NULL,
        changed_at timestamptz NOT NULL,
        FOREIGN KEY (model_version_id, tier) REFERENCES tier_decisions (model_version_id, tier) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX tier_decision_changes_version_idx ON tier_decision_changes (model_version_id, changed_at)');

    // Each tier's decision, from a row of that tier without an override (the newest evaluation).
    await q.query(`
      INSERT INTO tier_decisions (model_version_id, tier, outcome, explanation_id, reasons_key, policy_version, evaluated_at, created_at, updated_at)
      SELECT DISTINCT ON (model_version_id, tier) model_version_id, tier, computed_outcome, explanation_id, reasons_key,
             policy_version, evaluated_at, created_at, updated_at
        FROM jurisdiction_decisions
       WHERE override_outcome IS NULL AND outcome = computed_outcome
       ORDER BY model_version_id, tier, evaluated_at DESC, id`);

    await q.query(`
      ALTER TABLE jurisdiction_decisions
        ALTER COLUMN outcome DROP NOT NULL,
        ALTER COLUMN computed_outcome DROP NOT NULL,
        ALTER COLUMN explanation_id DROP NOT NULL,
        ALTER COLUMN policy_version DROP NOT NULL,
        ALTER COLUMN evaluated_at DROP NOT NULL,
        ADD CONSTRAINT jurisdiction_decisions_own_complete CHECK (
          (outcome IS NULL AND computed_outcome IS NULL AND explanation_id IS NULL AND reasons_key IS NULL
            AND policy_version IS NULL AND evaluated_at IS NULL)
          OR (outcome IS NOT NULL AND computed_outcome IS NOT NULL AND explanation_id IS NOT NULL
            AND policy_version IS NOT NULL AND evaluated_at IS NOT NULL)),
        ADD COLUMN following_tier text GENERATED ALWAYS AS (CASE WHEN outcome IS NULL THEN tier END) STORED`);
    await q.query(`
      ALTER TABLE jurisdiction_decision_changes
        ADD COLUMN follows_tier text,
        ADD COLUMN shown boolean NOT NULL DEFAULT true,
        ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY`);

    // Rows whose decision is exactly their tier's follow it from now on: their own columns are
    // cleared and their latest history entry marks the tier they follow.
    await q.query(`
      WITH converted AS (
        UPDATE jurisdiction_decisions r
           SET outcome = NULL, computed_outcome = NULL, explanation_id = NULL, reasons_key = NULL,
               policy_version = NULL, evaluated_at = NULL
          FROM tier_decisions t
         WHERE r.override_outcome IS NULL AND t.model_version_id = r.model_version_id AND t.tier = r.tier
           AND r.outcome = t.outcome AND r.computed_outcome = t.outcome AND r.explanation_id = t.explanation_id
           AND r.reasons_key IS NOT DISTINCT FROM t.reasons_key AND r.policy_version = t.policy_version
           AND r.evaluated_at = t.evaluated_at
        RETURNING r.id, r.tier
      )
      UPDATE jurisdiction_decision_changes c SET follows_tier = converted.tier
        FROM converted
       WHERE c.id = (SELECT l.id FROM jurisdiction_decision_changes l WHERE l.export_decision_id = converted.id
                      ORDER BY l.changed_at DESC, l.seq DESC LIMIT 1)`);

    await q.query(`
      ALTER TABLE jurisdiction_decisions
        ADD CONSTRAINT jurisdiction_decisions_following_fk FOREIGN KEY (model_version_id, following_tier)
          REFERENCES tier_decisions (model_version_id, tier)`);
    // The decision columns of a following row are null: indexes on the outcome say nothing any
    // more (the page by jurisdiction has its own index, 1764600001400). Rows with a decision or an
    // override of their own are what a recompute reads.
    await q.query('DROP INDEX export_decisions_jurisdiction_idx');
    await q.query('DROP INDEX export_decisions_outcome_idx');
    await q.query(`
      CREATE INDEX jurisdiction_decisions_own_idx ON jurisdiction_decisions (model_version_id)
        WHERE outcome IS NOT NULL OR override_outcome IS NOT NULL`);

    await q.query(DECISIONS_VIEW);
    await q.query(CHANGES_VIEW);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Every row gets its decision back, and every tier change it showed a history row of its own.
    await q.query(`
      INSERT INTO jurisdiction_decision_changes (id, export_decision_id, outcome, computed_outcome, explanation_id,
                                                 policy_version, cause, actor, changed_at)
      SELECT v.id, v.export_decision_id, v.outcome, v.computed_outcome, v.explanation_id, v.policy_version, v.cause, v.actor, v.changed_at
        FROM export_decision_changes v
       WHERE NOT EXISTS (SELECT 1 FROM jurisdiction_decision_changes c WHERE c.id = v.id)`);
    await q.query('DELETE FROM jurisdiction_decision_changes WHERE NOT shown');
    await q.query('DROP VIEW export_decision_changes');
    await q.query('ALTER TABLE jurisdiction_decisions DROP CONSTRAINT jurisdiction_decisions_following_fk');
    await q.query(`
      UPDATE jurisdiction_decisions r
         SET outcome = t.outcome, computed_outcome = t.outcome, explanation_id = t.explanation_id,
             reasons_key = t.reasons_key, policy_version = t.policy_version, evaluated_at = t.evaluated_at
        FROM tier_decisions t
       WHERE r.outcome IS NULL AND t.model_version_id = r.model_version_id AND t.tier = r.tier`);
    await q.query('DROP VIEW export_decisions');
    await q.query('DROP INDEX jurisdiction_decisions_own_idx');
    await q.query('ALTER TABLE jurisdiction_decision_changes DROP COLUMN follows_tier, DROP COLUMN shown, DROP COLUMN seq');
    await q.query(`
      ALTER TABLE jurisdiction_decisions
        DROP COLUMN following_tier,
        DROP CONSTRAINT jurisdiction_decisions_own_complete,
        ALTER COLUMN outcome SET NOT NULL,
        ALTER COLUMN computed_outcome SET NOT NULL,
        ALTER COLUMN explanation_id SET NOT NULL,
        ALTER COLUMN policy_version SET NOT NULL,
        ALTER COLUMN evaluated_at SET NOT NULL`);
    await q.query('CREATE INDEX export_decisions_jurisdiction_idx ON jurisdiction_decisions (jurisdiction_id, outcome)');
    await q.query('CREATE INDEX export_decisions_outcome_idx ON jurisdiction_decisions (outcome)');
    await q.query('DROP TABLE tier_decision_changes');
    await q.query('DROP TABLE tier_decisions');
    await q.query('ALTER TABLE jurisdiction_decision_changes RENAME TO export_decision_changes');
    await q.query('ALTER TABLE jurisdiction_decisions RENAME TO export_decisions');
  }
}
