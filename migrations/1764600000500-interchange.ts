import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadAtlasRelease, readShippedAtlasRelease } from '../src/modules/interchange/atlas-release';

/**
 * Interchange (issue 15): MITRE ATLAS 5.6.0 as reference data (loaded from the release shipped in
 * src/modules/interchange/data/atlas/5.6.0/), OSV as a reference system, and what imports record:
 * which source document became which finding (idempotency), which organizations, models and
 * versions were created by an import and are not verified yet, outside scores (AVID's CVSS 3.x)
 * and measured success rates (AVID metrics rows). docs/interchange.md.
 */
export class Interchange1764600000500 implements MigrationInterface {
  name = 'Interchange1764600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE atlas_releases (
      version text PRIMARY KEY CHECK (version ~ '^[0-9]+\\.[0-9]+\\.[0-9]+$'),
      technique_count integer NOT NULL,
      tactic_count integer NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE atlas_tactics (
      id text PRIMARY KEY CHECK (id ~ '^AML\\.TA[0-9]{4}$'),
      name text NOT NULL,
      description text NOT NULL,
      position integer NOT NULL,
      release text NOT NULL REFERENCES atlas_releases(version) DEFERRABLE INITIALLY DEFERRED
    )`);
    await q.query(`CREATE TABLE atlas_techniques (
      id text PRIMARY KEY CHECK (id ~ '^AML\\.T[0-9]{4}(\\.[0-9]{3})?$'),
      name text NOT NULL,
      description text NOT NULL,
      maturity text CHECK (maturity IN ('feasible', 'demonstrated', 'realized')),
      parent_id text REFERENCES atlas_techniques(id) DEFERRABLE INITIALLY DEFERRED,
      release text NOT NULL REFERENCES atlas_releases(version) DEFERRABLE INITIALLY DEFERRED,
      created_date date,
      modified_date date
    )`);
    await q.query(`CREATE TABLE atlas_technique_tactics (
      technique_id text NOT NULL REFERENCES atlas_techniques(id) ON DELETE CASCADE,
      tactic_id text NOT NULL REFERENCES atlas_tactics(id) ON DELETE CASCADE,
      PRIMARY KEY (technique_id, tactic_id)
    )`);
    await q.query(`CREATE INDEX atlas_technique_tactics_tactic_idx ON atlas_technique_tactics (tactic_id)`);
    await loadAtlasRelease(q, readShippedAtlasRelease('5.6.0'));

    // OSV joins the reference systems (an explicit list: the initial migration's follows the code's enum).
    await q.query(`ALTER TABLE finding_references DROP CONSTRAINT IF EXISTS finding_references_system_check`);
    await q.query(
      `ALTER TABLE finding_references ADD CONSTRAINT finding_references_system_check CHECK (system IN ('CVE', 'MITRE_ATLAS', 'AVID', 'OSV', 'OTHER'))`,
    );

    await q.query(`CREATE TABLE finding_imports (
      source_system text NOT NULL CHECK (source_system IN ('AVID', 'OSV')),
      source_id text NOT NULL CHECK (char_length(source_id) BETWEEN 1 AND 200),
      finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      document_sha256 text NOT NULL,
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source_system, source_id)
    )`);
    await q.query(`CREATE INDEX finding_imports_finding_idx ON finding_imports (finding_id)`);
    await q.query(`CREATE TABLE imported_unverified (
      subject_type text NOT NULL CHECK (subject_type IN ('Organization', 'Model', 'ModelVersion')),
      subject_id uuid NOT NULL,
      source_system text NOT NULL,
      source_id text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (subject_type, subject_id)
    )`);
    await q.query(`CREATE TABLE finding_outside_scores (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      scheme text NOT NULL CHECK (scheme IN ('CVSS_2_0', 'CVSS_3_0', 'CVSS_3_1', 'CVSS_4_0')),
      vector text NOT NULL CHECK (char_length(vector) BETWEEN 1 AND 300),
      base_score numeric(3,1) CHECK (base_score BETWEEN 0 AND 10),
      base_severity text,
      source text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT finding_outside_scores_unique UNIQUE (finding_id, scheme, source)
    )`);
    await q.query(`CREATE TABLE finding_success_measurements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      source text NOT NULL,
      probe text,
      detector text NOT NULL CHECK (char_length(detector) BETWEEN 1 AND 300),
      passed integer NOT NULL CHECK (passed >= 0),
      total integer NOT NULL CHECK (total >= passed),
      position integer NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX finding_success_measurements_finding_idx ON finding_success_measurements (finding_id, position)`);
    await q.query(`CREATE INDEX findings_updated_at_idx ON findings (updated_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS findings_updated_at_idx`);
    await q.query(`DROP TABLE finding_success_measurements`);
    await q.query(`DROP TABLE finding_outside_scores`);
    await q.query(`DROP TABLE imported_unverified`);
    await q.query(`DROP TABLE finding_imports`);
    await q.query(`DELETE FROM finding_references WHERE system = 'OSV'`);
    await q.query(`ALTER TABLE finding_references DROP CONSTRAINT IF EXISTS finding_references_system_check`);
    await q.query(`ALTER TABLE finding_references ADD CONSTRAINT finding_references_system_check CHECK (system IN ('CVE', 'MITRE_ATLAS', 'AVID', 'OTHER'))`);
    await q.query(`DROP TABLE atlas_technique_tactics`);
    await q.query(`DROP TABLE atlas_techniques`);
    await q.query(`DROP TABLE atlas_tactics`);
    await q.query(`DROP TABLE atlas_releases`);
  }
}
