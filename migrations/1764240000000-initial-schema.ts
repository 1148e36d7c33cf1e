import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ACCESS_STATUSES,
  ACCREDITATION_STATUSES,
  AUDIT_FINDING_ROLES,
  AUDIT_KINDS,
  AUDIT_OUTCOMES,
  AUDIT_SCOPES,
  AUDIT_STATUSES,
  CAPABILITY_DOMAINS,
  DISCLOSURE_AUDIENCES,
  DISCLOSURE_KINDS,
  EXPORT_OUTCOMES,
  FINDING_CATEGORIES,
  FINDING_STATUSES,
  INTERVENTION_TIERS,
  ORGANIZATION_KINDS,
  REFERENCE_SYSTEMS,
  RETEST_RESULTS,
  SEVERITY_LEVELS,
  WEIGHT_AVAILABILITIES,
} from '../src/domain/enums';

/** `col IN ('A','B')` for a CHECK constraint; values are our own constants, never user input. */
const oneOf = (column: string, values: readonly string[]) =>
  `${column} IN (${values.map((v) => `'${v}'`).join(', ')})`;
const allOf = (column: string, values: readonly string[]) =>
  `${column} <@ ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

/**
 * The whole data model of the registry. Times are `timestamptz`; every table that a client
 * may update carries `row_version` for optimistic concurrency; histories are append-only tables.
 */
export class InitialSchema1764240000000 implements MigrationInterface {
  name = 'InitialSchema1764240000000';

  async up(q: QueryRunner): Promise<void> {

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (${oneOf('kind', ORGANIZATION_KINDS)}),
        country_code char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
        website text,
        attestation_public_key text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT organizations_name_unique UNIQUE (name),
        CONSTRAINT organizations_name_length CHECK (char_length(name) BETWEEN 1 AND 200)
      )`);
    await q.query(`CREATE INDEX organizations_kind_idx ON organizations (kind, name)`);

    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        developer_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        description text CHECK (char_length(description) <= 4000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT models_developer_name_unique UNIQUE (developer_id, name)
      )`);

    await q.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES models(id) ON DELETE RESTRICT,
        developer_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        released_at timestamptz,
        training_compute_ops double precision CHECK (training_compute_ops IS NULL OR training_compute_ops >= 0),
        weight_availability text NOT NULL CHECK (${oneOf('weight_availability', WEIGHT_AVAILABILITIES)}),
        capability_domains text[] NOT NULL DEFAULT '{}' CHECK (${allOf('capability_domains', CAPABILITY_DOMAINS)}),
        access_status text NOT NULL DEFAULT 'ACTIVE' CHECK (${oneOf('access_status', ACCESS_STATUSES)}),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT model_versions_model_name_unique UNIQUE (model_id, name)
      )`);
    await q.query(`CREATE INDEX model_versions_developer_idx ON model_versions (developer_id)`);
    await q.query(`CREATE INDEX model_versions_access_status_idx ON model_versions (access_status)`);
    await q.query(`CREATE INDEX model_versions_domains_idx ON model_versions USING gin (capability_domains)`);
    await q.query(`CREATE INDEX model_versions_created_idx ON model_versions (created_at, id)`);

    await q.query(`
      CREATE TABLE model_version_status_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        from_status text CHECK (from_status IS NULL OR ${oneOf('from_status', ACCESS_STATUSES)}),
        to_status text NOT NULL CHECK (${oneOf('to_status', ACCESS_STATUSES)}),
        reason text CHECK (char_length(reason) <= 4000),
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mv_status_changes_version_idx ON model_version_status_changes (model_version_id, occurred_at)`);

    await q.query(`
      CREATE TABLE findings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        public_id text NOT NULL CHECK (public_id ~ '^MSR-[0-9]{4}-[0-9]{4,}$'),
        developer_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
        summary text NOT NULL CHECK (char_length(summary) BETWEEN 1 AND 10000),
        category text NOT NULL CHECK (${oneOf('category', FINDING_CATEGORIES)}),
        status text NOT NULL DEFAULT 'REPORTED' CHECK (${oneOf('status', FINDING_STATUSES)}),
        reporter_organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
        reporter_name text CHECK (char_length(reporter_name) <= 200),
        discovered_at timestamptz NOT NULL,
        reported_at timestamptz NOT NULL,
        developer_aware_at timestamptz NOT NULL,
        fixed_in_version_id uuid REFERENCES model_versions(id) ON DELETE RESTRICT,
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('english', public_id || ' ' || title || ' ' || summary)
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT findings_public_id_unique UNIQUE (public_id),
        CONSTRAINT findings_dates_ordered CHECK (discovered_at <= reported_at AND discovered_at <= developer_aware_at)
      )`);
    await q.query(`CREATE INDEX findings_status_idx ON findings (status)`);
    await q.query(`CREATE INDEX findings_category_idx ON findings (category)`);
    await q.query(`CREATE INDEX findings_developer_idx ON findings (developer_id)`);
    await q.query(`CREATE INDEX findings_reported_idx ON findings (reported_at, id)`);
    await q.query(`CREATE INDEX findings_fixed_in_idx ON findings (fixed_in_version_id)`);
    await q.query(`CREATE INDEX findings_search_idx ON findings USING gin (search)`);

    // Exploit details live apart from the public summary so that no query can leak them by accident.
    await q.query(`
      CREATE TABLE finding_restricted_details (
        finding_id uuid PRIMARY KEY REFERENCES findings(id) ON DELETE CASCADE,
        reproduction_steps text CHECK (char_length(reproduction_steps) <= 50000),
        prompts text CHECK (char_length(prompts) <= 50000),
        notes text CHECK (char_length(notes) <= 50000),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE finding_affected_versions (
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (finding_id, model_version_id)
      )`);
    await q.query(`CREATE INDEX finding_affected_versions_version_idx ON finding_affected_versions (model_version_id, finding_id)`);

    await q.query(`
      CREATE TABLE finding_references (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        system text NOT NULL CHECK (${oneOf('system', REFERENCE_SYSTEMS)}),
        identifier text NOT NULL CHECK (char_length(identifier) BETWEEN 1 AND 200),
        url text CHECK (char_length(url) <= 2000),
        atlas_release text CHECK (char_length(atlas_release) <= 50),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT finding_references_unique UNIQUE (finding_id, system, identifier),
        CONSTRAINT finding_references_cve_format CHECK (system <> 'CVE' OR identifier ~ '^CVE-[0-9]{4}-[0-9]{4,}$'),
        CONSTRAINT finding_references_atlas_format CHECK (system <> 'MITRE_ATLAS' OR identifier ~ '^AML\\.T[0-9]{4}(\\.[0-9]{3})?$')
      )`);
    await q.query(`CREATE INDEX finding_references_lookup_idx ON finding_references (system, identifier)`);

    await q.query(`
      CREATE TABLE severity_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        cvss_vector text NOT NULL CHECK (cvss_vector LIKE 'CVSS:4.0/%' AND char_length(cvss_vector) <= 300),
        cvss_score numeric(3,1) NOT NULL CHECK (cvss_score BETWEEN 0 AND 10),
        capability_domain text NOT NULL CHECK (${oneOf('capability_domain', CAPABILITY_DOMAINS)}),
        universal boolean NOT NULL,
        success_rate double precision NOT NULL CHECK (success_rate BETWEEN 0 AND 1),
        trials integer NOT NULL CHECK (trials >= 0),
        exploited_in_wild boolean NOT NULL,
        score numeric(3,1) NOT NULL CHECK (score BETWEEN 0 AND 10),
        level text NOT NULL CHECK (${oneOf('level', SEVERITY_LEVELS)}),
        intervention_tier text NOT NULL CHECK (${oneOf('intervention_tier', INTERVENTION_TIERS)}),
        tier_rule text NOT NULL,
        policy_version text NOT NULL,
        calculator text NOT NULL,
        rationale text CHECK (char_length(rationale) <= 4000),
        assessed_by text NOT NULL,
        assessed_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX severity_assessments_finding_idx ON severity_assessments (finding_id, assessed_at DESC, recorded_at DESC)`);
    await q.query(`CREATE INDEX severity_assessments_level_idx ON severity_assessments (level)`);

    await q.query(`
      CREATE TABLE finding_status_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        from_status text CHECK (from_status IS NULL OR ${oneOf('from_status', FINDING_STATUSES)}),
        to_status text NOT NULL CHECK (${oneOf('to_status', FINDING_STATUSES)}),
        reason text CHECK (char_length(reason) <= 4000),
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX finding_status_changes_finding_idx ON finding_status_changes (finding_id, occurred_at, recorded_at)`);

    await q.query(`
      CREATE TABLE disclosures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        audience text NOT NULL CHECK (${oneOf('audience', DISCLOSURE_AUDIENCES)}),
        kind text NOT NULL CHECK (${oneOf('kind', DISCLOSURE_KINDS)}),
        obligation_code text,
        summary text CHECK (char_length(summary) <= 10000),
        actor text NOT NULL,
        disclosed_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX disclosures_finding_idx ON disclosures (finding_id, disclosed_at)`);

    await q.query(`
      CREATE TABLE accreditations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        auditor_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 200),
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND ${allOf('scopes', AUDIT_SCOPES)}),
        valid_from timestamptz NOT NULL,
        valid_until timestamptz,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (${oneOf('status', ACCREDITATION_STATUSES)}),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT accreditations_validity_ordered CHECK (valid_until IS NULL OR valid_until > valid_from)
      )`);
    await q.query(`CREATE INDEX accreditations_auditor_idx ON accreditations (auditor_id, valid_from)`);

    await q.query(`
      CREATE TABLE conflicts_of_interest (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        auditor_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        developer_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 4000),
        period_start timestamptz NOT NULL,
        period_end timestamptz,
        declared_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conflicts_period_ordered CHECK (period_end IS NULL OR period_end >= period_start),
        CONSTRAINT conflicts_not_self CHECK (auditor_id <> developer_id)
      )`);
    await q.query(`CREATE INDEX conflicts_auditor_idx ON conflicts_of_interest (auditor_id, developer_id)`);

    await q.query(`
      CREATE TABLE audits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        auditor_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE RESTRICT,
        kind text NOT NULL DEFAULT 'INITIAL' CHECK (${oneOf('kind', AUDIT_KINDS)}),
        status text NOT NULL DEFAULT 'OPEN' CHECK (${oneOf('status', AUDIT_STATUSES)}),
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND ${allOf('scopes', AUDIT_SCOPES)}),
        summary text CHECK (char_length(summary) <= 10000),
        started_at timestamptz NOT NULL,
        completed_at timestamptz,
        outcome text CHECK (outcome IS NULL OR ${oneOf('outcome', AUDIT_OUTCOMES)}),
        attestation_payload text,
        attestation_signature text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT audits_dates_ordered CHECK (completed_at IS NULL OR completed_at >= started_at),
        CONSTRAINT audits_completion_consistent CHECK (
          (status = 'OPEN' AND completed_at IS NULL AND outcome IS NULL)
          OR (status = 'COMPLETED' AND completed_at IS NOT NULL AND outcome IS NOT NULL)
        )
      )`);
    await q.query(`CREATE INDEX audits_auditor_idx ON audits (auditor_id, started_at)`);
    await q.query(`CREATE INDEX audits_version_idx ON audits (model_version_id, started_at)`);
    await q.query(`CREATE INDEX audits_outcome_idx ON audits (outcome)`);

    await q.query(`
      CREATE TABLE audit_findings (
        audit_id uuid NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE RESTRICT,
        role text NOT NULL CHECK (${oneOf('role', AUDIT_FINDING_ROLES)}),
        retest_result text CHECK (retest_result IS NULL OR ${oneOf('retest_result', RETEST_RESULTS)}),
        PRIMARY KEY (audit_id, finding_id, role),
        CONSTRAINT audit_findings_result_only_for_retests CHECK (role = 'RETESTED' OR retest_result IS NULL)
      )`);
    await q.query(`CREATE INDEX audit_findings_finding_idx ON audit_findings (finding_id)`);

    await q.query(`
      CREATE TABLE jurisdictions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code char(2) NOT NULL CHECK (code ~ '^[A-Z]{2}$'),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        CONSTRAINT jurisdictions_code_unique UNIQUE (code)
      )`);

    await q.query(`
      CREATE TABLE policy_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version text NOT NULL CHECK (char_length(version) BETWEEN 1 AND 50),
        effective_from timestamptz NOT NULL,
        document jsonb NOT NULL,
        summary text CHECK (char_length(summary) <= 4000),
        published_by text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT policy_versions_version_unique UNIQUE (version),
        CONSTRAINT policy_versions_document_object CHECK (jsonb_typeof(document) = 'object')
      )`);
    await q.query(`CREATE INDEX policy_versions_effective_idx ON policy_versions (effective_from DESC)`);

    await q.query(`
      CREATE TABLE export_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id) ON DELETE RESTRICT,
        tier text NOT NULL,
        outcome text NOT NULL CHECK (${oneOf('outcome', EXPORT_OUTCOMES)}),
        computed_outcome text NOT NULL CHECK (${oneOf('computed_outcome', EXPORT_OUTCOMES)}),
        reasons jsonb NOT NULL DEFAULT '[]',
        path_to_eligibility jsonb NOT NULL DEFAULT '[]',
        policy_version text NOT NULL,
        evaluated_at timestamptz NOT NULL,
        override_outcome text CHECK (override_outcome IS NULL OR ${oneOf('override_outcome', EXPORT_OUTCOMES)}),
        override_justification text CHECK (char_length(override_justification) <= 4000),
        override_by text,
        override_at timestamptz,
        override_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CONSTRAINT export_decisions_pair_unique UNIQUE (model_version_id, jurisdiction_id),
        CONSTRAINT export_decisions_override_complete CHECK (
          (override_outcome IS NULL AND override_justification IS NULL AND override_by IS NULL AND override_at IS NULL AND override_expires_at IS NULL)
          OR (override_outcome IS NOT NULL AND override_justification IS NOT NULL AND override_by IS NOT NULL AND override_at IS NOT NULL)
        ),
        CONSTRAINT export_decisions_override_expiry_ordered CHECK (override_expires_at IS NULL OR override_expires_at > override_at)
      )`);
    await q.query(`CREATE INDEX export_decisions_jurisdiction_idx ON export_decisions (jurisdiction_id, outcome)`);
    await q.query(`CREATE INDEX export_decisions_outcome_idx ON export_decisions (outcome)`);

    await q.query(`
      CREATE TABLE export_decision_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        export_decision_id uuid NOT NULL REFERENCES export_decisions(id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (${oneOf('outcome', EXPORT_OUTCOMES)}),
        computed_outcome text NOT NULL CHECK (${oneOf('computed_outcome', EXPORT_OUTCOMES)}),
        reasons jsonb NOT NULL,
        policy_version text NOT NULL,
        cause text NOT NULL,
        actor text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX export_decision_changes_decision_idx ON export_decision_changes (export_decision_id, changed_at)`);

    // Append-only, hash-chained log of every change; `seq` gives the total order subscribers resume from.
    await q.query(`
      CREATE TABLE events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        type text NOT NULL CHECK (type ~ '^[A-Z][A-Z_]*$'),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        prev_hash text,
        hash text NOT NULL,
        CONSTRAINT events_id_unique UNIQUE (id)
      )`);
    await q.query(`CREATE INDEX events_subject_idx ON events (subject_type, subject_id, seq)`);
    await q.query(`CREATE INDEX events_type_idx ON events (type, seq)`);
    await q.query(`CREATE INDEX events_time_idx ON events (occurred_at)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
        actor text NOT NULL,
        operation text NOT NULL,
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (actor, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'events',
      'export_decision_changes',
      'export_decisions',
      'policy_versions',
      'jurisdictions',
      'audit_findings',
      'audits',
      'conflicts_of_interest',
      'accreditations',
      'disclosures',
      'finding_status_changes',
      'severity_assessments',
      'finding_references',
      'finding_affected_versions',
      'finding_restricted_details',
      'findings',
      'model_version_status_changes',
      'model_versions',
      'models',
      'organizations',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
