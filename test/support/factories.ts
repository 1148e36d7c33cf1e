/**
 * Small factories that insert rows with plain SQL (`db.query`), for tests that need their own
 * data instead of (or beside) the demo story. Every factory fills the NOT NULL columns with
 * plausible defaults, takes snake_case column overrides, and returns the inserted row plus its
 * global id. Columns and constraints: migrations/1764240000000-initial-schema.ts.
 *
 *   const dev = await createDeveloper(db);
 *   const model = await createModel(db, { developer_id: dev.id });
 *   const v = await createModelVersion(db, { model_id: model.id });
 *   const f = await createFinding(db, { developer_id: dev.id }, { affectedVersionIds: [v.id], level: 'HIGH' });
 */
import { STARTING_POLICY } from '../../src/domain/policy/starting-policy';
import { toGlobalId, type NodeType } from '../../src/graphql/global-id';
import { insertRestrictedDetails } from '../../src/modules/findings/restricted-details-store';
import { canonicalJson } from '../../src/modules/events/event-log';
import { explanationId, reasonsKey } from '../../src/modules/decisions/recompute-decisions';

/** A DataSource, an EntityManager or a QueryRunner: anything with `query(sql, params)`. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

export type Row = Record<string, any> & { id: string };
export type NodeRow = Row & { globalId: string };

let counter = 0;
/** A number unique within the test file (jest isolates modules per file). */
export const nextSeq = (): number => ++counter;

/** `jsonb` columns: sent as JSON text (a JS array would otherwise become a PostgreSQL array). */
const JSON_COLUMNS = new Set(['reasons', 'path_to_eligibility', 'document', 'payload', 'response']);

/** JSON columns are sent as text; arrays of strings go through as `text[]`. */
function toParam(column: string, value: unknown): unknown {
  if (value === undefined) return null;
  if (JSON_COLUMNS.has(column) && value !== null && typeof value !== 'string') return JSON.stringify(value);
  if (value instanceof Date || value === null || Array.isArray(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** `INSERT INTO table (...) VALUES (...) RETURNING *` and the row. Undefined values are dropped. */
export async function insertRow(db: Queryable, table: string, values: Record<string, unknown>): Promise<Row> {
  const cols = Object.keys(values).filter((k) => values[k] !== undefined);
  const sql = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`;
  const rows = await db.query(sql, cols.map((c) => toParam(c, values[c])));
  return rows[0] as Row;
}

function withGlobalId(type: NodeType, row: Row): NodeRow {
  return { ...row, globalId: toGlobalId(type, row.id) };
}

const days = (n: number) => n * 86_400_000;
const BASE = new Date('2026-06-01T09:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// Organizations

export async function createOrganization(db: Queryable, overrides: Record<string, unknown> = {}): Promise<NodeRow> {
  const n = nextSeq();
  return withGlobalId(
    'Organization',
    await insertRow(db, 'organizations', {
      name: `Organization ${n}`,
      kind: 'DEVELOPER',
      country_code: 'US',
      website: `https://org-${n}.example`,
      ...overrides,
    }),
  );
}

export function createDeveloper(db: Queryable, overrides: Record<string, unknown> = {}): Promise<NodeRow> {
  const n = nextSeq();
  return createOrganization(db, { name: `Developer ${n}`, kind: 'DEVELOPER', ...overrides });
}

export function createAuditor(db: Queryable, overrides: Record<string, unknown> = {}): Promise<NodeRow> {
  const n = nextSeq();
  return createOrganization(db, { name: `Auditor ${n}`, kind: 'AUDITOR', country_code: 'GB', ...overrides });
}

export function createAccreditation(db: Queryable, overrides: Record<string, unknown> & { auditor_id: string }): Promise<Row> {
  return insertRow(db, 'accreditations', {
    body: 'UK Accreditation Service (UKAS)',
    scopes: ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'GENERAL'],
    valid_from: new Date('2025-01-01T00:00:00Z'),
    valid_until: new Date('2028-01-01T00:00:00Z'),
    status: 'ACTIVE',
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------
// Models

export async function createModel(db: Queryable, overrides: Record<string, unknown> & { developer_id: string }): Promise<NodeRow> {
  const n = nextSeq();
  return withGlobalId('Model', await insertRow(db, 'models', { name: `Model ${n}`, description: `Model line ${n}.`, ...overrides }));
}

/** A model version; `developer_id` defaults to the model's developer. */
export async function createModelVersion(
  db: Queryable,
  overrides: Record<string, unknown> & { model_id: string },
): Promise<NodeRow> {
  const n = nextSeq();
  let developerId = overrides.developer_id as string | undefined;
  if (!developerId) {
    const [m] = await db.query('SELECT developer_id::text AS developer_id FROM models WHERE id = $1', [overrides.model_id]);
    if (!m) throw new Error(`createModelVersion: no model ${overrides.model_id}`);
    developerId = m.developer_id as string;
  }
  return withGlobalId(
    'ModelVersion',
    await insertRow(db, 'model_versions', {
      name: `Version ${n}`,
      released_at: new Date(BASE.getTime() + days(n % 100)),
      training_compute_ops: 1e25,
      weight_availability: 'API_ONLY',
      capability_domains: ['GENERAL'],
      access_status: 'ACTIVE',
      ...overrides,
      developer_id: developerId,
    }),
  );
}

export function createAccessStatusChange(
  db: Queryable,
  overrides: Record<string, unknown> & { model_version_id: string },
): Promise<Row> {
  return insertRow(db, 'model_version_status_changes', {
    from_status: null,
    to_status: 'ACTIVE',
    reason: 'Released',
    actor: 'test',
    occurred_at: BASE,
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------
// Findings

const VECTORS: Record<string, { vector: string; score: number; tier: string }> = {
  LOW: { vector: 'CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', score: 2.1, tier: 'INTERNAL_REMEDIATION' },
  MEDIUM: { vector: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N', score: 5.3, tier: 'INTERNAL_REMEDIATION' },
  HIGH: { vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N', score: 8.2, tier: 'GOVERNMENT_NOTIFICATION' },
  CRITICAL: { vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N', score: 9.3, tier: 'GOVERNMENT_INTERVENTION' },
};

export interface FindingExtras {
  /** Versions the finding affects (rows in finding_affected_versions). */
  affectedVersionIds?: string[];
  /** Adds one severity assessment at this level. */
  level?: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  /** Status path recorded in finding_status_changes; the last one is the finding's status. Default: [status]. */
  statusPath?: string[];
  /** Cross-references to add. */
  references?: { system: string; identifier: string; url?: string; atlas_release?: string }[];
  /** Restricted exploit details. */
  restrictedDetails?: { reproduction_steps?: string; prompts?: string; notes?: string };
}

/** A finding; `public_id` is `MSR-2099-<n>` unless given. Extras add the related rows. */
export async function createFinding(
  db: Queryable,
  overrides: Record<string, unknown> & { developer_id: string },
  extras: FindingExtras = {},
): Promise<NodeRow> {
  const n = nextSeq();
  const statusPath = extras.statusPath ?? [String(overrides.status ?? 'REPORTED')];
  const reportedAt = (overrides.reported_at as Date | undefined) ?? new Date(BASE.getTime() + days(n % 150));
  const row = await insertRow(db, 'findings', {
    public_id: `MSR-2099-${String(n).padStart(5, '0')}`,
    title: `Test finding ${n}`,
    summary: `Summary of test finding ${n}.`,
    category: 'OTHER',
    reporter_name: 'Test reporter',
    discovered_at: new Date(reportedAt.getTime() - days(1)),
    developer_aware_at: reportedAt,
    ...overrides,
    reported_at: reportedAt,
    status: statusPath[statusPath.length - 1],
  });
  for (const versionId of extras.affectedVersionIds ?? []) {
    await insertRow(db, 'finding_affected_versions', { finding_id: row.id, model_version_id: versionId });
  }
  let from: string | null = null;
  for (const [i, to] of statusPath.entries()) {
    await createFindingStatusChange(db, {
      finding_id: row.id,
      from_status: from,
      to_status: to,
      reason: to === 'REJECTED' || to === 'WITHDRAWN' ? 'Test reason' : null,
      occurred_at: new Date(reportedAt.getTime() + days(i)),
    });
    from = to;
  }
  if (extras.level) await createSeverityAssessment(db, { finding_id: row.id, level: extras.level, assessed_at: new Date(reportedAt.getTime() + 3_600_000) });
  for (const ref of extras.references ?? []) await createFindingReference(db, { finding_id: row.id, ...ref });
  if (extras.restrictedDetails) {
    // Sealed like the application's own writes (the DataSource's details cipher).
    const d = extras.restrictedDetails;
    await insertRestrictedDetails(db, row.id, { reproductionSteps: d.reproduction_steps, prompts: d.prompts, notes: d.notes });
  }
  return withGlobalId('Finding', row);
}

export function createFindingStatusChange(
  db: Queryable,
  overrides: Record<string, unknown> & { finding_id: string },
): Promise<Row> {
  return insertRow(db, 'finding_status_changes', {
    from_status: null,
    to_status: 'REPORTED',
    actor: 'test',
    occurred_at: BASE,
    ...overrides,
  });
}

/** A severity assessment; `level` picks a matching vector, score and intervention tier. */
export function createSeverityAssessment(
  db: Queryable,
  overrides: Record<string, unknown> & { finding_id: string },
): Promise<Row> {
  const level = String(overrides.level ?? 'MEDIUM');
  const v = VECTORS[level] ?? VECTORS.MEDIUM!;
  return insertRow(db, 'severity_assessments', {
    cvss_vector: v.vector,
    cvss_score: v.score,
    capability_domain: 'GENERAL',
    universal: false,
    success_rate: 0.2,
    trials: 100,
    exploited_in_wild: false,
    score: v.score,
    level,
    intervention_tier: v.tier,
    tier_rule: 'TEST_RULE',
    policy_version: STARTING_POLICY.version,
    calculator: 'ae-cvss-calculator 1.0.13',
    rationale: 'Test assessment.',
    assessed_by: 'test',
    assessed_at: BASE,
    ...overrides,
  });
}

export function createFindingReference(
  db: Queryable,
  overrides: Record<string, unknown> & { finding_id: string },
): Promise<Row> {
  const n = nextSeq();
  return insertRow(db, 'finding_references', {
    system: 'CVE',
    identifier: `CVE-2099-${String(10000 + n)}`,
    ...overrides,
  });
}

export function createDisclosure(db: Queryable, overrides: Record<string, unknown> & { finding_id: string }): Promise<Row> {
  return insertRow(db, 'disclosures', {
    audience: 'GOVERNMENT',
    kind: 'INITIAL',
    summary: 'Test disclosure.',
    actor: 'test',
    disclosed_at: BASE,
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------
// Audits

/** A completed audit (PASS) unless overridden; pass `status: 'OPEN', completed_at: null, outcome: null` for an open one. */
export async function createAudit(
  db: Queryable,
  overrides: Record<string, unknown> & { auditor_id: string; model_version_id: string },
): Promise<NodeRow> {
  const n = nextSeq();
  const started = (overrides.started_at as Date | undefined) ?? new Date(BASE.getTime() + days(n % 200));
  return withGlobalId(
    'Audit',
    await insertRow(db, 'audits', {
      kind: 'INITIAL',
      status: 'COMPLETED',
      scopes: ['JAILBREAK', 'GENERAL'],
      summary: `Test audit ${n}.`,
      completed_at: new Date(started.getTime() + days(10)),
      outcome: 'PASS',
      ...overrides,
      started_at: started,
    }),
  );
}

export function createAuditFinding(
  db: Queryable,
  overrides: Record<string, unknown> & { audit_id: string; finding_id: string },
): Promise<Record<string, any>> {
  return insertRow(db, 'audit_findings', { role: 'RAISED', retest_result: null, ...overrides });
}

// ---------------------------------------------------------------------------------------------
// Jurisdictions, policy, export decisions

/** The jurisdiction with this code: the migrations load every ISO country, so usually it exists. */
export async function createJurisdiction(db: Queryable, overrides: Record<string, unknown> & { code: string }): Promise<NodeRow> {
  const [existing] = await db.query('SELECT * FROM jurisdictions WHERE code = $1', [overrides.code]);
  if (existing) return withGlobalId('Jurisdiction', existing);
  return withGlobalId('Jurisdiction', await insertRow(db, 'jurisdictions', { name: `Country ${overrides.code}`, ...overrides }));
}

/** A policy version; the document defaults to the starting policy. */
export async function createPolicyVersion(db: Queryable, overrides: Record<string, unknown> = {}): Promise<NodeRow> {
  return withGlobalId(
    'PolicyVersion',
    await insertRow(db, 'policy_versions', {
      version: STARTING_POLICY.version,
      effective_from: new Date(STARTING_POLICY.effectiveFrom),
      document: STARTING_POLICY,
      summary: 'Starting policy (test).',
      published_by: 'test',
      // Published when it takes effect, so replaying a past moment finds it (unless a test says otherwise).
      published_at: overrides.effective_from ?? new Date(STARTING_POLICY.effectiveFrom),
      ...overrides,
    }),
  );
}

export interface DecisionExtras {
  /** Outcomes of recorded changes, oldest first (rows in jurisdiction_decision_changes). Default: [outcome]. */
  history?: string[];
}

export async function createDecision(
  db: Queryable,
  overrides: Record<string, unknown> & { model_version_id: string; jurisdiction_id: string },
  extras: DecisionExtras = {},
): Promise<NodeRow> {
  const outcome = String(overrides.outcome ?? 'ELIGIBLE');
  const { reasons = [], path_to_eligibility = [], ...rest } = overrides;
  const row = await insertRow(db, 'jurisdiction_decisions', {
    tier: 'TIER_1',
    computed_outcome: outcome,
    explanation_id: await createExplanation(db, overrides.model_version_id, reasons, path_to_eligibility),
    reasons_key: reasonsKey(reasons),
    policy_version: STARTING_POLICY.version,
    evaluated_at: BASE,
    ...rest,
    outcome,
  });
  for (const [i, o] of (extras.history ?? [outcome]).entries()) {
    await createDecisionChange(db, { export_decision_id: row.id, outcome: o, changed_at: new Date(BASE.getTime() + days(i)) });
  }
  return withGlobalId('ExportDecision', row);
}

export async function createDecisionChange(
  db: Queryable,
  overrides: Record<string, unknown> & { export_decision_id: string },
): Promise<Row> {
  const outcome = String(overrides.outcome ?? 'ELIGIBLE');
  const { reasons = [], ...rest } = overrides;
  return insertRow(db, 'jurisdiction_decision_changes', {
    computed_outcome: outcome,
    explanation_id: await createExplanation(db, overrides.export_decision_id, reasons, []),
    policy_version: STARTING_POLICY.version,
    cause: 'TEST',
    actor: 'test',
    ...rest,
    outcome,
  });
}

/** A decision explanation (reasons and path stored once, migrations/1764600000900); returns its id. */
export async function createExplanation(db: Queryable, scope: string, reasons: unknown, pathToEligibility: unknown): Promise<string> {
  const id = explanationId(scope, canonicalJson({ reasons, pathToEligibility }));
  await db.query(
    `INSERT INTO decision_explanations (id, reasons, path_to_eligibility) VALUES ($1, $2::jsonb, $3::jsonb) ON CONFLICT (id) DO NOTHING`,
    [id, JSON.stringify(reasons), JSON.stringify(pathToEligibility)],
  );
  return id;
}
