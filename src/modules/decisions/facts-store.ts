/**
 * Loads the plain facts the domain engine evaluates (`src/domain/facts.ts`) for many model
 * versions or findings at once: a fixed number of SQL statements, whatever the number of ids.
 */
import type { EntityManager } from 'typeorm';
import type {
  AuditFacts,
  AuditorFacts,
  FindingFacts,
  ModelAuditHistoryEntry,
  ModelVersionFacts,
} from '../../domain/facts';
import type { LineageFacts } from '../../domain/lineage';
import { loadLineage } from '../lineage/lineage-store';
import { prepared } from '../../persistence/prepared-statements';

const lineageOf = (lineage: LineageFacts | undefined) => (lineage ? { lineage } : {});

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** One row of a JSON array of rows (`json_build_array`), in its column order. */
type Tuple = any[]; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Runs the statements one after another: inside a transaction they share one connection, and pg
 * must not be handed a second query while one is running.
 */
async function sequential<T extends (() => Promise<unknown>)[]>(
  ...thunks: T
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const thunk of thunks) results.push(await thunk());
  return results as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/**
 * How a loader runs its statements: one after another (the default; required inside a
 * transaction), or at once on several pooled connections (`concurrent`, outside a transaction:
 * the policy what-if loads the whole registry this way).
 */
export interface FactsLoadOptions {
  concurrent?: boolean;
}

function statements<T extends (() => Promise<unknown>)[]>(
  options: FactsLoadOptions | undefined,
  ...thunks: T
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (options?.concurrent) return Promise.all(thunks.map((t) => t())) as Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }>;
  return sequential(...thunks);
}

/** A timestamp from json_agg (text), or null. */
const dateOrNull = (v: string | null): Date | null => (v === null ? null : new Date(v));

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

/**
 * Findings with their histories, assessments, disclosures and affected versions (1 statement:
 * each list a JSON array of the finding's rows, in the order the domain reads them). Every
 * statement is a round trip and a parse; inside a write they run one after another, so a facts
 * load of a dozen statements was a large share of a write's time (issue 13).
 */
export async function loadFindingFacts(m: EntityManager, findingIds: string[]): Promise<Map<string, FindingFacts>> {
  const result = new Map<string, FindingFacts>();
  if (findingIds.length === 0) return result;
  const findings: Row[] = await m.query(
    // The fix version's name too, so explanations name it as people know it (issue 14): a subselect,
    // as the generic plan of a join hashed all of model_versions on every call (0.1-0.25 ms more).
    prepared(`SELECT f.id, f.public_id, f.title, f.category, f.status, f.discovered_at, f.reported_at, f.developer_aware_at,
            f.created_at, f.fixed_in_version_id, f.fixed_in_version_recorded_at,
            (SELECT fv.name FROM model_versions fv WHERE fv.id = f.fixed_in_version_id) AS fixed_in_version_name,
            ARRAY(SELECT a.model_version_id::text FROM finding_affected_versions a WHERE a.finding_id = f.id ORDER BY 1) AS affected,
            (SELECT coalesce(json_agg(json_build_array(s.from_status, s.to_status, s.occurred_at, s.recorded_at, s.reason)
                                      ORDER BY s.occurred_at, s.recorded_at, s.id), '[]')
               FROM finding_status_changes s WHERE s.finding_id = f.id) AS statuses,
            (SELECT coalesce(json_agg(json_build_array(sa.id, sa.cvss_vector, sa.capability_domain, sa.universal, sa.success_rate,
                                                       sa.trials, sa.exploited_in_wild, sa.assessed_at, sa.recorded_at)
                                      ORDER BY sa.assessed_at, sa.recorded_at, sa.id), '[]')
               FROM severity_assessments sa WHERE sa.finding_id = f.id) AS assessments,
            (SELECT coalesce(json_agg(json_build_array(d.id, d.audience, d.kind, d.disclosed_at, d.recorded_at)
                                      ORDER BY d.disclosed_at, d.recorded_at, d.id), '[]')
               FROM disclosures d WHERE d.finding_id = f.id) AS disclosures
       FROM findings f
      WHERE f.id = ANY($1::uuid[])`),
    [findingIds],
  );
  for (const f of findings) {
    result.set(f.id, {
      id: f.id,
      publicId: f.public_id,
      title: f.title,
      category: f.category,
      status: f.status,
      discoveredAt: f.discovered_at,
      reportedAt: f.reported_at,
      awareAt: f.developer_aware_at,
      recordedAt: f.created_at,
      affectedVersionIds: f.affected as string[],
      fixedInVersionId: f.fixed_in_version_id,
      fixedInVersionName: f.fixed_in_version_name,
      fixedInVersionRecordedAt: f.fixed_in_version_recorded_at,
      statusHistory: (f.statuses as Tuple[]).map(([from, to, occurredAt, recordedAt, reason]) => ({
        from,
        to,
        occurredAt: new Date(occurredAt),
        recordedAt: new Date(recordedAt),
        reason,
      })),
      assessments: (f.assessments as Tuple[]).map(([id, cvssVector, capabilityDomain, universal, successRate, trials, exploitedInWild, assessedAt, recordedAt]) => ({
        id,
        cvssVector,
        aiFactors: { capabilityDomain, universal, successRate, trials, exploitedInWild },
        assessedAt: new Date(assessedAt),
        recordedAt: new Date(recordedAt),
      })),
      disclosures: (f.disclosures as Tuple[]).map(([id, audience, kind, disclosedAt, recordedAt]) => ({
        id,
        audience,
        kind,
        disclosedAt: new Date(disclosedAt),
        recordedAt: new Date(recordedAt),
      })),
    });
  }
  return result;
}

/**
 * Auditors with their accreditations and declared conflicts, each with its lifecycle history
 * (accreditation-history.ts), in 1 statement.
 */
export async function loadAuditorFacts(m: EntityManager, auditorIds: string[]): Promise<Map<string, AuditorFacts>> {
  const result = new Map<string, AuditorFacts>();
  if (auditorIds.length === 0) return result;
  const orgs: Row[] = await m.query(
    prepared(`SELECT o.id, o.name,
            (SELECT coalesce(json_agg(json_build_array(a.id, a.body, a.scopes, a.valid_from, a.valid_until, a.status, a.created_at,
                      (SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM accreditation_changes c WHERE c.accreditation_id = a.id))
                    ORDER BY a.valid_from, a.id), '[]')
               FROM accreditations a WHERE a.auditor_id = o.id) AS accreditations,
            (SELECT coalesce(json_agg(json_build_array(k.id, k.developer_id, k.description, k.period_start, k.period_end, k.declared_at,
                      (SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM conflict_of_interest_changes c WHERE c.conflict_id = k.id))
                    ORDER BY k.period_start, k.id), '[]')
               FROM conflicts_of_interest k WHERE k.auditor_id = o.id) AS conflicts
       FROM organizations o WHERE o.id = ANY($1::uuid[])`),
    [auditorIds],
  );
  for (const o of orgs) {
    result.set(o.id, {
      id: o.id,
      name: o.name,
      accreditations: (o.accreditations as Tuple[]).map(([id, body, scopes, validFrom, validUntil, status, recordedAt, history]) => ({
        id,
        body,
        scopes,
        validFrom: new Date(validFrom),
        validUntil: dateOrNull(validUntil),
        status,
        recordedAt: new Date(recordedAt),
        ...(history?.length
          ? {
              history: (history as Row[]).map((c) => ({
                action: c.action,
                previousStatus: c.previous_status,
                previousValidUntil: dateOrNull(c.previous_valid_until),
                status: c.status,
                validUntil: dateOrNull(c.valid_until),
                reason: c.reason,
                actor: c.actor,
                effectiveAt: new Date(c.effective_at),
                recordedAt: new Date(c.recorded_at),
              })),
            }
          : {}),
      })),
      conflicts: (o.conflicts as Tuple[]).map(([id, developerId, description, periodStart, periodEnd, recordedAt, endHistory]) => ({
        id,
        developerId,
        description,
        periodStart: new Date(periodStart),
        periodEnd: dateOrNull(periodEnd),
        recordedAt: new Date(recordedAt),
        ...(endHistory?.length
          ? {
              endHistory: (endHistory as Row[]).map((e) => ({
                previousPeriodEnd: dateOrNull(e.previous_period_end),
                periodEnd: new Date(e.period_end),
                reason: e.reason,
                actor: e.actor,
                recordedAt: new Date(e.recorded_at),
              })),
            }
          : {}),
      })),
    });
  }
  return result;
}

/** Audits (any status) with their finding links (1 statement). */
export async function loadAuditFacts(
  m: EntityManager,
  where: { auditIds?: string[]; versionIds?: string[] },
): Promise<AuditFacts[]> {
  // Named columns, never `a.*`: a prepared statement's result type must not change when a
  // migration adds a column (src/persistence/prepared-statements.ts), and the attestation is not a fact.
  const columns = `a.id, a.auditor_id, a.model_version_id, a.kind, a.status, a.scopes, a.started_at, a.completed_at,
      a.outcome, a.created_at, a.updated_at, v.model_id, v.developer_id,
      (SELECT coalesce(json_agg(json_build_array(l.finding_id, l.role, l.retest_result) ORDER BY l.finding_id), '[]')
         FROM audit_findings l WHERE l.audit_id = a.id) AS links`;
  const audits: Row[] = where.auditIds
    ? await m.query(
        prepared(`SELECT ${columns} FROM audits a JOIN model_versions v ON v.id = a.model_version_id
         WHERE a.id = ANY($1::uuid[])`),
        [where.auditIds],
      )
    : await m.query(
        prepared(`SELECT ${columns} FROM audits a JOIN model_versions v ON v.id = a.model_version_id
         WHERE a.model_version_id = ANY($1::uuid[]) ORDER BY a.started_at, a.id`),
        [where.versionIds ?? []],
      );
  return audits.map((a) => ({
    id: a.id,
    auditorId: a.auditor_id,
    modelVersionId: a.model_version_id,
    modelId: a.model_id,
    developerId: a.developer_id,
    kind: a.kind,
    status: a.status,
    scopes: a.scopes,
    startedAt: a.started_at,
    completedAt: a.completed_at,
    outcome: a.outcome,
    findings: (a.links as Tuple[]).map(([findingId, role, retestResult]) => ({ findingId, role, retestResult })),
    recordedAt: a.created_at,
    completionRecordedAt: a.completed_at ? a.updated_at : null,
  }));
}

/**
 * The rotation rule's input, written once: the completed audits (`a`) of every version (`mv`) of
 * the model(s) that `modelIdSql` (an SQL expression compared with `=`, never input) names.
 */
const completedAuditsOfModel = (modelIdSql: string) =>
  `audits a JOIN model_versions mv ON mv.id = a.model_version_id WHERE mv.model_id = ${modelIdSql} AND a.status = 'COMPLETED'`;

/** Completed audits of every version of the given models, for the rotation rule (1 statement). */
export async function loadModelAuditHistory(m: EntityManager, modelIds: string[]): Promise<Map<string, ModelAuditHistoryEntry[]>> {
  const rows: Row[] = await m.query(
    prepared(`SELECT a.id, a.auditor_id, a.model_version_id, a.completed_at, mv.model_id
       FROM ${completedAuditsOfModel('ANY($1::uuid[])')}
      ORDER BY a.completed_at, a.id`),
    [modelIds],
  );
  const byModel = groupBy(rows, (r) => r.model_id);
  return new Map(
    [...byModel].map(([modelId, list]) => [
      modelId,
      list.map((r) => ({ auditId: r.id, auditorId: r.auditor_id, modelVersionId: r.model_version_id, completedAt: r.completed_at })),
    ]),
  );
}

/**
 * Everything the eligibility rules need about each version (5 statements, 6 with lineage).
 * Unknown ids are simply absent from the result.
 */
export async function loadModelVersionFacts(
  m: EntityManager,
  versionIds: string[],
  options?: FactsLoadOptions,
): Promise<Map<string, ModelVersionFacts>> {
  const result = new Map<string, ModelVersionFacts>();
  if (versionIds.length === 0) return result;
  const [versions, audits, lineage] = await statements(
    options,
    // The version with its access-status history, the findings that affect it or are fixed in it,
    // and the completed audits of its model's other versions (the rotation rule), in 1 statement.
    // Named columns, never `v.*` (a prepared statement's result type must not change under it).
    () => m.query(
      prepared(`SELECT v.id, v.model_id, v.developer_id, v.name, v.released_at, v.training_compute_ops, v.weight_availability,
              v.capability_domains, v.access_status, v.created_at,
              (SELECT coalesce(json_agg(json_build_array(s.to_status, s.occurred_at, s.recorded_at) ORDER BY s.occurred_at, s.recorded_at, s.id), '[]')
                 FROM model_version_status_changes s WHERE s.model_version_id = v.id) AS status_history,
              ARRAY(SELECT a.finding_id::text FROM finding_affected_versions a WHERE a.model_version_id = v.id
                    UNION SELECT f.id::text FROM findings f WHERE f.fixed_in_version_id = v.id ORDER BY 1) AS finding_ids,
              (SELECT coalesce(json_agg(json_build_array(a.id, a.auditor_id, a.model_version_id, a.completed_at) ORDER BY a.completed_at, a.id), '[]')
                 FROM ${completedAuditsOfModel('v.model_id')} AND a.model_version_id <> v.id) AS model_audit_history
         FROM model_versions v WHERE v.id = ANY($1::uuid[])`),
      [versionIds],
    ) as Promise<Row[]>,
    () => loadAuditFacts(m, { versionIds }),
    // Ancestry and the ancestors' findings (issue 19): 1 statement, 2 when there is lineage.
    () => loadLineage(m, versionIds),
  );
  const findingIds = [...new Set([...versions.flatMap((v) => v.finding_ids as string[]), ...lineage.findingIds])];
  const auditorIds = [...new Set(audits.map((a) => a.auditorId))];
  const [findings, auditors] = await statements(
    options,
    () => loadFindingFacts(m, findingIds),
    () => loadAuditorFacts(m, auditorIds),
  );
  const auditsBy = groupBy(audits, (a) => a.modelVersionId);
  for (const v of versions) {
    const versionAudits = auditsBy.get(v.id) ?? [];
    const versionAuditors: Record<string, AuditorFacts> = {};
    for (const a of versionAudits) {
      const facts = auditors.get(a.auditorId);
      if (facts) versionAuditors[a.auditorId] = facts;
    }
    result.set(v.id, {
      id: v.id,
      modelId: v.model_id,
      developerId: v.developer_id,
      name: v.name,
      releasedAt: v.released_at,
      trainingComputeOps: v.training_compute_ops,
      weightAvailability: v.weight_availability,
      capabilityDomains: v.capability_domains,
      accessStatus: v.access_status,
      accessStatusHistory: (v.status_history as Tuple[]).map(([status, occurredAt, recordedAt]) => ({
        status,
        occurredAt: new Date(occurredAt),
        recordedAt: new Date(recordedAt),
      })),
      findings: (v.finding_ids as string[]).map((id) => findings.get(id)!).filter(Boolean),
      audits: versionAudits,
      auditors: versionAuditors,
      modelAuditHistory: (v.model_audit_history as Tuple[]).map(([auditId, auditorId, modelVersionId, completedAt]) => ({
        auditId,
        auditorId,
        modelVersionId,
        completedAt: new Date(completedAt),
      })),
      recordedAt: v.created_at,
      ...lineageOf(lineage.factsFor(v.id, findings)),
    });
  }
  return result;
}
