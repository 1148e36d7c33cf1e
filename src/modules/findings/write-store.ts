/**
 * The write side of findings: every statement the finding use cases (mutations.ts, assignments.ts) write, and the
 * facts they read inside their transaction. One function per thing recorded, each column list
 * written once; a finding's `row_version` moves only through `updateVersionedRow`.
 */
import type { EntityManager } from 'typeorm';
import type {
  AiFactors,
  DisclosureAudience,
  DisclosureKind,
  FindingCategory,
  FindingStatus,
  ReferenceSystem,
  SeverityLevel,
  SeverityResult,
} from '../../domain';
import { bumpVersionSql, TRANSACTION_NOW, updateVersionedRow } from '../shared/versioned-rows';
import { currentAssessmentSql } from './store';
import { prepared } from '../../persistence/prepared-statements';

// --- writes ----------------------------------------------------------------------------------

/** The next generated public id of the year: a sequence per year, no lock held (numbers may skip; migration 1764600000100). */
export async function nextPublicId(tx: EntityManager, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.query(prepared('SELECT msr_next_finding_number($1)::text AS next'), [year]);
  return `MSR-${year}-${String(row.next).padStart(4, '0')}`;
}

export interface NewFinding {
  publicId: string;
  developerId: string;
  title: string;
  summary: string;
  category: FindingCategory;
  reporterOrganizationId: string | null;
  reporterName: string | null;
  discoveredAt: Date;
  reportedAt: Date;
  developerAwareAt: Date;
}

/** A new finding, REPORTED; its id. */
export async function insertFinding(tx: EntityManager, f: NewFinding): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO findings (public_id, developer_id, title, summary, category, status, reporter_organization_id, reporter_name,
                           discovered_at, reported_at, developer_aware_at)
     VALUES ($1, $2, $3, $4, $5, 'REPORTED', $6, $7, $8, $9, $10) RETURNING id`),
    [f.publicId, f.developerId, f.title, f.summary, f.category, f.reporterOrganizationId, f.reporterName, f.discoveredAt,
      f.reportedAt, f.developerAwareAt],
  );
  return row.id;
}

/** The versions a finding affects (one statement; the ids are distinct). */
export async function insertAffectedVersions(tx: EntityManager, findingId: string, versionIds: readonly string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await tx.query(prepared('INSERT INTO finding_affected_versions (finding_id, model_version_id) SELECT $1, unnest($2::uuid[])'), [
    findingId,
    versionIds,
  ]);
}

export interface NewReference {
  system: ReferenceSystem;
  identifier: string;
  url?: string | null;
  atlasRelease?: string | null;
}

/** A finding's external references (one statement; a repeated one is `finding_references_unique`). */
export async function insertReferences(tx: EntityManager, findingId: string, refs: readonly NewReference[]): Promise<void> {
  if (refs.length === 0) return;
  await tx.query(
    prepared(`INSERT INTO finding_references (finding_id, system, identifier, url, atlas_release)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`),
    [findingId, refs.map((r) => r.system), refs.map((r) => r.identifier), refs.map((r) => r.url ?? null),
      refs.map((r) => r.atlasRelease ?? null)],
  );
}

export interface NewStatusChange {
  findingId: string;
  from: FindingStatus | null;
  to: FindingStatus;
  reason: string | null;
  actor: string;
  occurredAt: Date;
}

/** One move of the lifecycle, as `Finding.statusHistory` lists it. */
export async function insertStatusChange(tx: EntityManager, c: NewStatusChange): Promise<void> {
  await tx.query(
    prepared(`INSERT INTO finding_status_changes (finding_id, from_status, to_status, reason, actor, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)`),
    [c.findingId, c.from, c.to, c.reason, c.actor, c.occurredAt],
  );
}

export interface NewSeverityAssessment {
  findingId: string;
  /** what the domain computed (`assessSeverity`) */
  result: SeverityResult;
  aiFactors: AiFactors;
  rationale: string | null;
  assessedBy: string;
  assessedAt: Date;
}

const INSERT_ASSESSMENT_SQL = `INSERT INTO severity_assessments (finding_id, cvss_vector, cvss_score, capability_domain, universal, success_rate, trials,
       exploited_in_wild, score, level, intervention_tier, tier_rule, policy_version, calculator, rationale, assessed_by, assessed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`;

function assessmentParams(a: NewSeverityAssessment): unknown[] {
  const { result: r, aiFactors: ai } = a;
  return [a.findingId, r.cvssVector, r.cvssScore, ai.capabilityDomain, ai.universal, ai.successRate, ai.trials, ai.exploitedInWild,
    r.score, r.level, r.interventionTier, r.tierRule.code, r.policyVersion, r.calculator, a.rationale, a.assessedBy, a.assessedAt];
}

/** The versions a finding bears on (`$1`): the affected ones and its fix version. */
const VERSIONS_CONCERNED_SQL = `SELECT model_version_id::text AS id FROM finding_affected_versions WHERE finding_id = $1
     UNION SELECT fixed_in_version_id::text AS id FROM findings WHERE id = $1 AND fixed_in_version_id IS NOT NULL`;

/**
 * `assessFindingSeverity`'s writes in one statement (issue 13: a round trip is most of a statement's
 * cost here): the assessment inserted and the finding's row version bumped, with what the use case
 * reads around them — the level of the assessment current before this one (for the event) and the
 * versions whose decisions it bears on. Every part of one statement sees the snapshot from before
 * it, so `previousLevel` is never the new assessment's.
 */
export async function recordSeverityAssessment(
  tx: EntityManager,
  a: NewSeverityAssessment,
): Promise<{ previousLevel: SeverityLevel | null; versionIds: string[] }> {
  const [row]: { level: SeverityLevel | null; version_ids: string[] }[] = await tx.query(
    prepared(`WITH previous AS (SELECT ${currentAssessmentSql('level', '$1')} AS level),
          inserted AS (${INSERT_ASSESSMENT_SQL}),
          bumped AS (${bumpVersionSql('findings', '$1')})
     SELECT (SELECT level FROM previous) AS level, ARRAY(${VERSIONS_CONCERNED_SQL}) AS version_ids`),
    assessmentParams(a),
  );
  return { previousLevel: row?.level ?? null, versionIds: row?.version_ids ?? [] };
}

export interface NewDisclosure {
  findingId: string;
  audience: DisclosureAudience;
  kind: DisclosureKind;
  obligationCode: string | null;
  summary: string | null;
  actor: string;
  disclosedAt: Date;
}

/** A disclosure made; its id. */
export async function insertDisclosure(tx: EntityManager, d: NewDisclosure): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO disclosures (finding_id, audience, kind, obligation_code, summary, actor, disclosed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`),
    [d.findingId, d.audience, d.kind, d.obligationCode, d.summary, d.actor, d.disclosedAt],
  );
  return row.id;
}

/** The finding's current status (its history row is `insertStatusChange`). */
export function setFindingStatus(tx: EntityManager, findingId: string, status: FindingStatus): Promise<void> {
  return updateVersionedRow(tx, 'findings', findingId, { status });
}

/** The version that contains the fix, recorded now. */
export function setFixVersion(tx: EntityManager, findingId: string, fixedInVersionId: string): Promise<void> {
  return updateVersionedRow(tx, 'findings', findingId, {
    fixed_in_version_id: fixedInVersionId,
    fixed_in_version_recorded_at: TRANSACTION_NOW,
  });
}

/** A new version of the finding when something hanging off it changed (an assessment, a disclosure). */
export function bumpFindingVersion(tx: EntityManager, findingId: string): Promise<void> {
  return updateVersionedRow(tx, 'findings', findingId);
}

// --- facts the use cases read in their transaction -------------------------------------------

/** The versions whose decisions a finding bears on: the affected ones and its fix version. */
export async function versionsConcerned(tx: EntityManager, findingId: string): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(prepared(VERSIONS_CONCERNED_SQL), [findingId]);
  return rows.map((r) => r.id);
}

/** When the newest move of the lifecycle happened, or null. */
export async function latestStatusChangeAt(tx: EntityManager, findingId: string): Promise<Date | null> {
  const [row]: { occurred_at: Date }[] = await tx.query(
    prepared('SELECT occurred_at FROM finding_status_changes WHERE finding_id = $1 ORDER BY occurred_at DESC LIMIT 1'),
    [findingId],
  );
  return row?.occurred_at ?? null;
}

export interface AffectedVersionRow {
  id: string;
  model_id: string;
  released_at: Date | null;
  name: string;
}

/** The affected versions with what a fix is checked against (its model, its release). */
export function affectedVersionsOf(tx: EntityManager, findingId: string): Promise<AffectedVersionRow[]> {
  return tx.query(
    prepared(`SELECT v.id, v.model_id, v.released_at, v.name FROM finding_affected_versions fav
       JOIN model_versions v ON v.id = fav.model_version_id WHERE fav.finding_id = $1`),
    [findingId],
  );
}

// --- owners (assignments.ts) -----------------------------------------------------------------

/** Serialises the changes of one finding's owner, so "already the owner" is decided on the newest row. */
export async function lockFindingRow(tx: EntityManager, findingId: string): Promise<void> {
  await tx.query(prepared('SELECT 1 FROM findings WHERE id = $1 FOR UPDATE'), [findingId]);
}

/** The owner of the newest assignment row: undefined when there is none, null when it took the owner away. */
export async function latestAssignee(tx: EntityManager, findingId: string): Promise<string | null | undefined> {
  const [row]: { assignee: string | null }[] = await tx.query(
    prepared('SELECT assignee FROM finding_assignments WHERE finding_id = $1 ORDER BY assigned_at DESC, id DESC LIMIT 1'),
    [findingId],
  );
  return row ? row.assignee : undefined;
}

export interface NewAssignment {
  findingId: string;
  /** null: the finding has no owner from now on */
  assignee: string | null;
  organizationId: string | null;
  note: string | null;
  actor: string;
  assignedAt: Date;
}

/** One change of a finding's owner, as `Finding.assignmentHistory` lists it. */
export async function insertAssignment(tx: EntityManager, a: NewAssignment): Promise<void> {
  await tx.query(
    prepared('INSERT INTO finding_assignments (finding_id, assignee, organization_id, note, actor, assigned_at) VALUES ($1, $2, $3, $4, $5, $6)'),
    [a.findingId, a.assignee, a.organizationId, a.note, a.actor, a.assignedAt],
  );
}
