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

const lineageOf = (lineage: LineageFacts | undefined) => (lineage ? { lineage } : {});

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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

/** Findings with their histories, assessments, disclosures and affected versions (5 statements). */
export async function loadFindingFacts(m: EntityManager, findingIds: string[], options?: FactsLoadOptions): Promise<Map<string, FindingFacts>> {
  const result = new Map<string, FindingFacts>();
  if (findingIds.length === 0) return result;
  const [findings, affected, statuses, assessments, disclosures] = await statements(
    options,
    // The fix version's name too, so explanations name it as people know it (issue 14).
    () => m.query(
      `SELECT f.*, fv.name AS fixed_in_version_name FROM findings f
         LEFT JOIN model_versions fv ON fv.id = f.fixed_in_version_id WHERE f.id = ANY($1::uuid[])`,
      [findingIds],
    ) as Promise<Row[]>,
    () => m.query(`SELECT finding_id, model_version_id FROM finding_affected_versions WHERE finding_id = ANY($1::uuid[])`, [
      findingIds,
    ]) as Promise<Row[]>,
    () => m.query(
      `SELECT * FROM finding_status_changes WHERE finding_id = ANY($1::uuid[]) ORDER BY occurred_at, recorded_at, id`,
      [findingIds],
    ) as Promise<Row[]>,
    () => m.query(
      `SELECT * FROM severity_assessments WHERE finding_id = ANY($1::uuid[]) ORDER BY assessed_at, recorded_at, id`,
      [findingIds],
    ) as Promise<Row[]>,
    () => m.query(`SELECT * FROM disclosures WHERE finding_id = ANY($1::uuid[]) ORDER BY disclosed_at, recorded_at, id`, [
      findingIds,
    ]) as Promise<Row[]>,
  );
  const affectedBy = groupBy(affected, (r) => r.finding_id);
  const statusBy = groupBy(statuses, (r) => r.finding_id);
  const assessBy = groupBy(assessments, (r) => r.finding_id);
  const discBy = groupBy(disclosures, (r) => r.finding_id);
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
      affectedVersionIds: (affectedBy.get(f.id) ?? []).map((r) => r.model_version_id),
      fixedInVersionId: f.fixed_in_version_id,
      fixedInVersionName: f.fixed_in_version_name,
      fixedInVersionRecordedAt: f.fixed_in_version_recorded_at,
      statusHistory: (statusBy.get(f.id) ?? []).map((s) => ({
        from: s.from_status,
        to: s.to_status,
        occurredAt: s.occurred_at,
        recordedAt: s.recorded_at,
        reason: s.reason,
      })),
      assessments: (assessBy.get(f.id) ?? []).map((a) => ({
        id: a.id,
        cvssVector: a.cvss_vector,
        aiFactors: {
          capabilityDomain: a.capability_domain,
          universal: a.universal,
          successRate: a.success_rate,
          trials: a.trials,
          exploitedInWild: a.exploited_in_wild,
        },
        assessedAt: a.assessed_at,
        recordedAt: a.recorded_at,
      })),
      disclosures: (discBy.get(f.id) ?? []).map((d) => ({
        id: d.id,
        audience: d.audience,
        kind: d.kind,
        disclosedAt: d.disclosed_at,
        recordedAt: d.recorded_at,
      })),
    });
  }
  return result;
}

/** Auditors with their accreditations and declared conflicts (3 statements). */
export async function loadAuditorFacts(m: EntityManager, auditorIds: string[], options?: FactsLoadOptions): Promise<Map<string, AuditorFacts>> {
  const result = new Map<string, AuditorFacts>();
  if (auditorIds.length === 0) return result;
  const [orgs, accreditations, conflicts] = await statements(
    options,
    () => m.query(`SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`, [auditorIds]) as Promise<Row[]>,
    // Each with its lifecycle history in the same statement (accreditation-history.ts).
    () => m.query(
      `SELECT a.*, (SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM accreditation_changes c WHERE c.accreditation_id = a.id) AS history
         FROM accreditations a WHERE a.auditor_id = ANY($1::uuid[]) ORDER BY a.valid_from, a.id`,
      [auditorIds],
    ) as Promise<Row[]>,
    () => m.query(
      `SELECT k.*, (SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM conflict_of_interest_changes c WHERE c.conflict_id = k.id) AS end_history
         FROM conflicts_of_interest k WHERE k.auditor_id = ANY($1::uuid[]) ORDER BY k.period_start, k.id`,
      [auditorIds],
    ) as Promise<Row[]>,
  );
  const accBy = groupBy(accreditations, (r) => r.auditor_id);
  const conBy = groupBy(conflicts, (r) => r.auditor_id);
  for (const o of orgs) {
    result.set(o.id, {
      id: o.id,
      name: o.name,
      accreditations: (accBy.get(o.id) ?? []).map((a) => ({
        id: a.id,
        body: a.body,
        scopes: a.scopes,
        validFrom: a.valid_from,
        validUntil: a.valid_until,
        status: a.status,
        recordedAt: a.created_at,
        ...(a.history?.length
          ? {
              history: (a.history as Row[]).map((c) => ({
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
      conflicts: (conBy.get(o.id) ?? []).map((c) => ({
        id: c.id,
        developerId: c.developer_id,
        description: c.description,
        periodStart: c.period_start,
        periodEnd: c.period_end,
        recordedAt: c.declared_at,
        ...(c.end_history?.length
          ? {
              endHistory: (c.end_history as Row[]).map((e) => ({
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

/** Audits (any status) with their finding links (2 statements). */
export async function loadAuditFacts(
  m: EntityManager,
  where: { auditIds?: string[]; versionIds?: string[] },
): Promise<AuditFacts[]> {
  const audits: Row[] = where.auditIds
    ? await m.query(
        `SELECT a.*, v.model_id, v.developer_id FROM audits a JOIN model_versions v ON v.id = a.model_version_id
         WHERE a.id = ANY($1::uuid[])`,
        [where.auditIds],
      )
    : await m.query(
        `SELECT a.*, v.model_id, v.developer_id FROM audits a JOIN model_versions v ON v.id = a.model_version_id
         WHERE a.model_version_id = ANY($1::uuid[]) ORDER BY a.started_at, a.id`,
        [where.versionIds ?? []],
      );
  if (audits.length === 0) return [];
  const links: Row[] = await m.query(`SELECT * FROM audit_findings WHERE audit_id = ANY($1::uuid[])`, [
    audits.map((a) => a.id),
  ]);
  const linksBy = groupBy(links, (r) => r.audit_id);
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
    findings: (linksBy.get(a.id) ?? []).map((l) => ({ findingId: l.finding_id, role: l.role, retestResult: l.retest_result })),
    recordedAt: a.created_at,
    completionRecordedAt: a.completed_at ? a.updated_at : null,
  }));
}

/** Completed audits of every version of the given models, for the rotation rule (1 statement). */
export async function loadModelAuditHistory(m: EntityManager, modelIds: string[]): Promise<Map<string, ModelAuditHistoryEntry[]>> {
  const rows: Row[] = await m.query(
    `SELECT a.id, a.auditor_id, a.model_version_id, a.completed_at, v.model_id
       FROM audits a JOIN model_versions v ON v.id = a.model_version_id
      WHERE v.model_id = ANY($1::uuid[]) AND a.status = 'COMPLETED'
      ORDER BY a.completed_at, a.id`,
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
 * Everything the eligibility rules need about each version (about a dozen statements in all).
 * Unknown ids are simply absent from the result.
 */
export async function loadModelVersionFacts(
  m: EntityManager,
  versionIds: string[],
  options?: FactsLoadOptions,
): Promise<Map<string, ModelVersionFacts>> {
  const result = new Map<string, ModelVersionFacts>();
  if (versionIds.length === 0) return result;
  const [versions, statusRows, findingLinks, audits, lineage] = await statements(
    options,
    () => m.query(`SELECT * FROM model_versions WHERE id = ANY($1::uuid[])`, [versionIds]) as Promise<Row[]>,
    () => m.query(
      `SELECT * FROM model_version_status_changes WHERE model_version_id = ANY($1::uuid[]) ORDER BY occurred_at, recorded_at, id`,
      [versionIds],
    ) as Promise<Row[]>,
    () => m.query(
      `SELECT model_version_id AS version_id, finding_id FROM finding_affected_versions WHERE model_version_id = ANY($1::uuid[])
       UNION
       SELECT fixed_in_version_id AS version_id, id AS finding_id FROM findings WHERE fixed_in_version_id = ANY($1::uuid[])`,
      [versionIds],
    ) as Promise<Row[]>,
    () => loadAuditFacts(m, { versionIds }),
    // Ancestry and the ancestors' findings (issue 19): 1 statement, 2 when there is lineage.
    () => loadLineage(m, versionIds),
  );
  const findingIds = [...new Set([...findingLinks.map((r) => r.finding_id as string), ...lineage.findingIds])];
  const auditorIds = [...new Set(audits.map((a) => a.auditorId))];
  const modelIds = [...new Set(versions.map((v) => v.model_id as string))];
  const [findings, auditors, history] = await statements(
    options,
    () => loadFindingFacts(m, findingIds, options),
    () => loadAuditorFacts(m, auditorIds, options),
    () => loadModelAuditHistory(m, modelIds),
  );
  const statusBy = groupBy(statusRows, (r) => r.model_version_id);
  const linksBy = groupBy(findingLinks, (r) => r.version_id);
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
      accessStatusHistory: (statusBy.get(v.id) ?? []).map((s) => ({
        status: s.to_status,
        occurredAt: s.occurred_at,
        recordedAt: s.recorded_at,
      })),
      findings: (linksBy.get(v.id) ?? []).map((l) => findings.get(l.finding_id)!).filter(Boolean),
      audits: versionAudits,
      auditors: versionAuditors,
      modelAuditHistory: (history.get(v.model_id) ?? []).filter((h) => h.modelVersionId !== v.id),
      recordedAt: v.created_at,
      ...lineageOf(lineage.factsFor(v.id, findings)),
    });
  }
  return result;
}
