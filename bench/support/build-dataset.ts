/**
 * Builds the read benchmark's data set (issue 12) in a fresh database: the facts of
 * `generateRegistry` (about 1,005 versions, 5,000 findings, 9,900 finding–version links, 2,000
 * audits) written as rows, the starting policy, and the stored export decisions of every version
 * in 51 jurisdictions (about 51,000), computed by the engine from the facts as read back by the
 * registry's own facts store. Deterministic in shape for a given seed; row ids are random UUIDs.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { assessSeverity, evaluateEligibilityMatrix, STARTING_POLICY, type EligibilityDecision } from '../../src/domain';
import { loadModelVersionFacts } from '../../src/modules/decisions/facts-store';
import { explanationId, reasonsKey } from '../../src/modules/decisions/recompute-decisions';
import { canonicalJson } from '../../src/modules/events/event-log';
import { dropDatabase, ensureDatabase } from '../../src/infra/database';
import { generateRegistry } from './generate-registry';

export interface Dataset {
  url: string;
  /** model_versions.id in (created_at, id) order */
  versionIds: string[];
  /** organizations.id of the developers */
  developerIds: string[];
  /** the jurisdictions that have stored decisions */
  decisionCodes: string[];
  /** the organization of the partner agency the benchmark's token acts for */
  agencyId: string;
  counts: Record<string, number>;
}

/** Rows of one table in one statement per chunk, through jsonb_to_recordset (no parameter limit). */
async function insertRows(m: EntityManager, table: string, columns: Record<string, string>, rows: Record<string, unknown>[]): Promise<void> {
  const names = Object.keys(columns);
  const recordType = names.map((n) => `${n} ${columns[n]}`).join(', ');
  for (let i = 0; i < rows.length; i += 5_000) {
    await m.query(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})`,
      [JSON.stringify(rows.slice(i, i + 5_000))],
    );
  }
}

export async function buildDataset(adminUrl: string, name: string, log: (m: string) => void): Promise<Dataset> {
  await dropDatabase(adminUrl, name);
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDataSource({ url: url.toString(), poolSize: 2, applicationName: 'msr-bench-build' });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const registry = generateRegistry({ versions: 1005, jurisdictions: 51, findingRate: 10, findingSpan: 6, secondAuditRate: 1, seed: 7 });
    const now = new Date();
    const base = now.getTime() - 400 * 86_400_000;
    const uuid = new Map<string, string>();
    const idOf = (key: string) => {
      let id = uuid.get(key);
      if (!id) uuid.set(key, (id = randomUUID()));
      return id;
    };
    const at = (d: Date | null | undefined) => (d ? d.toISOString() : null);

    await db.transaction(async (m) => {
      await m.query(
        `INSERT INTO policy_versions (version, effective_from, document, summary, published_by) VALUES ($1, $2, $3, 'benchmark', 'bench')`,
        [STARTING_POLICY.version, new Date(STARTING_POLICY.effectiveFrom), JSON.stringify(STARTING_POLICY)],
      );
      const orgs: Record<string, unknown>[] = [];
      const developers = new Set(registry.versions.map((v) => v.developerId));
      for (const d of developers) orgs.push({ id: idOf(d), name: `Developer ${d.split('-')[1]}`, kind: 'DEVELOPER', country_code: 'US' });
      const auditors = new Map(registry.versions.flatMap((v) => Object.values(v.auditors)).map((a) => [a.id, a]));
      for (const a of auditors.values()) orgs.push({ id: idOf(a.id), name: a.name, kind: 'AUDITOR', country_code: 'GB' });
      orgs.push({ id: idOf('agency'), name: 'Partner Agency (benchmark)', kind: 'AGENCY', country_code: 'DE' });
      await insertRows(m, 'organizations', { id: 'uuid', name: 'text', kind: 'text', country_code: 'text' }, orgs);

      const accreditations = [...auditors.values()].flatMap((a) =>
        a.accreditations.map((c) => ({ auditor_id: idOf(a.id), body: c.body, scopes: c.scopes, valid_from: at(c.validFrom), valid_until: at(c.validUntil), status: c.status })),
      );
      await insertRows(m, 'accreditations', { auditor_id: 'uuid', body: 'text', scopes: 'text[]', valid_from: 'timestamptz', valid_until: 'timestamptz', status: 'text' }, accreditations);
      const conflicts = [...auditors.values()].flatMap((a) =>
        a.conflicts.map((c) => ({ auditor_id: idOf(a.id), developer_id: idOf(c.developerId), description: c.description, period_start: at(c.periodStart), period_end: at(c.periodEnd ?? null) })),
      );
      await insertRows(m, 'conflicts_of_interest', { auditor_id: 'uuid', developer_id: 'uuid', description: 'text', period_start: 'timestamptz', period_end: 'timestamptz' }, conflicts);

      const models = new Map(registry.versions.map((v) => [v.modelId, v.developerId]));
      await insertRows(
        m,
        'models',
        { id: 'uuid', developer_id: 'uuid', name: 'text', created_at: 'timestamptz' },
        [...models].map(([model, dev], i) => ({ id: idOf(model), developer_id: idOf(dev), name: `Model ${model.split('-')[1]}`, created_at: new Date(base + i * 1000).toISOString() })),
      );
      await insertRows(
        m,
        'model_versions',
        { id: 'uuid', model_id: 'uuid', developer_id: 'uuid', name: 'text', released_at: 'timestamptz', training_compute_ops: 'float8', weight_availability: 'text', capability_domains: 'text[]', access_status: 'text', created_at: 'timestamptz' },
        registry.versions.map((v, i) => ({
          id: idOf(v.id),
          model_id: idOf(v.modelId),
          developer_id: idOf(v.developerId),
          name: v.name,
          released_at: at(v.releasedAt),
          training_compute_ops: v.trainingComputeOps,
          weight_availability: v.weightAvailability,
          capability_domains: [...new Set(v.capabilityDomains)],
          access_status: v.accessStatus,
          created_at: new Date(base + i * 1000 + 500).toISOString(),
        })),
      );

      const findings = new Map(registry.versions.flatMap((v) => v.findings.map((f) => [f.id, { f, developerId: v.developerId }] as const)));
      const findingRows: Record<string, unknown>[] = [];
      const links: Record<string, unknown>[] = [];
      const statusRows: Record<string, unknown>[] = [];
      const assessmentRows: Record<string, unknown>[] = [];
      const disclosureRows: Record<string, unknown>[] = [];
      for (const { f, developerId } of findings.values()) {
        findingRows.push({
          id: idOf(f.id),
          public_id: f.publicId,
          developer_id: idOf(developerId),
          title: `${f.category.toLowerCase().replace('_', ' ')} finding ${f.publicId.slice(-6)}`,
          summary: 'Synthetic finding of the read benchmark.',
          category: f.category,
          status: f.status,
          discovered_at: at(f.discoveredAt),
          reported_at: at(f.reportedAt),
          developer_aware_at: at(f.awareAt),
          fixed_in_version_id: f.fixedInVersionId ? idOf(f.fixedInVersionId) : null,
          fixed_in_version_recorded_at: f.fixedInVersionId ? at(f.recordedAt) : null,
        });
        for (const v of f.affectedVersionIds) links.push({ finding_id: idOf(f.id), model_version_id: idOf(v) });
        for (const s of f.statusHistory) statusRows.push({ finding_id: idOf(f.id), from_status: s.from, to_status: s.to, actor: 'bench', occurred_at: at(s.occurredAt), recorded_at: at(s.recordedAt) });
        for (const a of f.assessments) {
          const r = assessSeverity({ cvssVector: a.cvssVector, aiFactors: a.aiFactors, category: f.category }, STARTING_POLICY);
          assessmentRows.push({
            finding_id: idOf(f.id),
            cvss_vector: r.cvssVector,
            cvss_score: r.cvssScore,
            capability_domain: a.aiFactors.capabilityDomain,
            universal: a.aiFactors.universal,
            success_rate: a.aiFactors.successRate,
            trials: a.aiFactors.trials,
            exploited_in_wild: a.aiFactors.exploitedInWild,
            score: r.score,
            level: r.level,
            intervention_tier: r.interventionTier,
            tier_rule: r.tierRule.code,
            policy_version: r.policyVersion,
            calculator: r.calculator,
            assessed_by: 'bench',
            assessed_at: at(a.assessedAt),
            recorded_at: at(a.recordedAt),
          });
        }
        for (const d of f.disclosures) disclosureRows.push({ finding_id: idOf(f.id), audience: d.audience, kind: d.kind, actor: 'bench', disclosed_at: at(d.disclosedAt), recorded_at: at(d.recordedAt) });
      }
      await insertRows(
        m,
        'findings',
        { id: 'uuid', public_id: 'text', developer_id: 'uuid', title: 'text', summary: 'text', category: 'text', status: 'text', discovered_at: 'timestamptz', reported_at: 'timestamptz', developer_aware_at: 'timestamptz', fixed_in_version_id: 'uuid', fixed_in_version_recorded_at: 'timestamptz' },
        findingRows,
      );
      await insertRows(m, 'finding_affected_versions', { finding_id: 'uuid', model_version_id: 'uuid' }, links);
      await insertRows(m, 'finding_status_changes', { finding_id: 'uuid', from_status: 'text', to_status: 'text', actor: 'text', occurred_at: 'timestamptz', recorded_at: 'timestamptz' }, statusRows);
      await insertRows(
        m,
        'severity_assessments',
        {
          finding_id: 'uuid', cvss_vector: 'text', cvss_score: 'numeric', capability_domain: 'text', universal: 'boolean', success_rate: 'float8', trials: 'int',
          exploited_in_wild: 'boolean', score: 'numeric', level: 'text', intervention_tier: 'text', tier_rule: 'text', policy_version: 'text', calculator: 'text',
          assessed_by: 'text', assessed_at: 'timestamptz', recorded_at: 'timestamptz',
        },
        assessmentRows,
      );
      await insertRows(m, 'disclosures', { finding_id: 'uuid', audience: 'text', kind: 'text', actor: 'text', disclosed_at: 'timestamptz', recorded_at: 'timestamptz' }, disclosureRows);

      const audits = registry.versions.flatMap((v) => v.audits);
      await insertRows(
        m,
        'audits',
        { id: 'uuid', auditor_id: 'uuid', model_version_id: 'uuid', kind: 'text', status: 'text', scopes: 'text[]', started_at: 'timestamptz', completed_at: 'timestamptz', outcome: 'text' },
        audits.map((a) => ({
          id: idOf(a.id),
          auditor_id: idOf(a.auditorId),
          model_version_id: idOf(a.modelVersionId),
          kind: a.kind,
          status: a.status,
          scopes: a.scopes,
          started_at: at(a.startedAt),
          completed_at: a.status === 'COMPLETED' ? at(a.completedAt) : null,
          outcome: a.status === 'COMPLETED' ? a.outcome : null,
        })),
      );
      await insertRows(
        m,
        'audit_findings',
        { audit_id: 'uuid', finding_id: 'uuid', role: 'text', retest_result: 'text' },
        audits.flatMap((a) => a.findings.map((f) => ({ audit_id: idOf(a.id), finding_id: idOf(f.findingId), role: f.role, retest_result: f.retestResult ?? null }))),
      );
    });

    // Stored decisions: the engine over the facts as the registry reads them, 51 jurisdictions.
    const versionIds: string[] = (await db.query('SELECT id::text AS id FROM model_versions ORDER BY created_at, id')).map((r: { id: string }) => r.id);
    const all: { id: string; code: string; name: string }[] = await db.query('SELECT id::text AS id, code, name FROM jurisdictions ORDER BY code');
    const tiered = new Set<string>([...STARTING_POLICY.jurisdictions.tiers.TIER_1, ...STARTING_POLICY.jurisdictions.tiers.TIER_3]);
    const chosen = [...all.filter((j) => tiered.has(j.code)), ...all.filter((j) => !tiered.has(j.code))].slice(0, 51).sort((a, b) => a.code.localeCompare(b.code));
    const jurisdictionId = new Map(chosen.map((j) => [j.code, j.id]));
    const facts = await loadModelVersionFacts(db.manager, versionIds);
    // Stored as the registry stores them (migrations/1764600001600): a row per version and tier in
    // tier_decisions, and a row per jurisdiction that follows it (no overrides here).
    let seq = 0;
    const tierRows = new Map<string, Record<string, unknown>>();
    const decisionRows: Record<string, unknown>[] = [];
    const explanations = new Map<string, Record<string, unknown>>();
    for (const id of versionIds) {
      const version = facts.get(id)!;
      const decisions: EligibilityDecision[] = evaluateEligibilityMatrix(version, chosen, STARTING_POLICY, now);
      for (const d of decisions) {
        if (!tierRows.has(`${id}:${d.tier}`)) {
          const explanation = explanationId(id, canonicalJson({ reasons: d.reasons, pathToEligibility: d.pathToEligibility }));
          if (!explanations.has(explanation)) explanations.set(explanation, { id: explanation, reasons: d.reasons, path_to_eligibility: d.pathToEligibility });
          tierRows.set(`${id}:${d.tier}`, {
            model_version_id: id,
            tier: d.tier,
            outcome: d.computedOutcome,
            explanation_id: explanation,
            reasons_key: reasonsKey(d.reasons),
            policy_version: d.policyVersion,
            evaluated_at: d.evaluatedAt.toISOString(),
          });
        }
        decisionRows.push({
          model_version_id: id,
          jurisdiction_id: jurisdictionId.get(d.jurisdictionCode)!,
          tier: d.tier,
          created_at: new Date(base + seq++).toISOString(),
        });
      }
    }
    await insertRows(db.manager, 'decision_explanations', { id: 'text', reasons: 'jsonb', path_to_eligibility: 'jsonb' }, [...explanations.values()]);
    await insertRows(
      db.manager,
      'tier_decisions',
      { model_version_id: 'uuid', tier: 'text', outcome: 'text', explanation_id: 'text', reasons_key: 'text', policy_version: 'text', evaluated_at: 'timestamptz' },
      [...tierRows.values()],
    );
    await insertRows(db.manager, 'jurisdiction_decisions', { model_version_id: 'uuid', jurisdiction_id: 'uuid', tier: 'text', created_at: 'timestamptz' }, decisionRows);
    // The peer reads the same view; PostGraphile learns its key and relations from smart tags.
    await db.query(
      `COMMENT ON VIEW export_decisions IS E'@primaryKey id\\n@foreignKey (model_version_id) references model_versions (id)\\n@foreignKey (jurisdiction_id) references jurisdictions (id)'`,
    );
    await db.query('ANALYZE');

    const counts: Record<string, number> = {};
    for (const table of ['model_versions', 'findings', 'finding_affected_versions', 'audits', 'export_decisions']) {
      counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    }
    log(`data set: ${Object.entries(counts).map(([t, n]) => `${n.toLocaleString('en')} ${t}`).join(', ')}`);
    const developerIds: string[] = (await db.query(`SELECT id::text AS id FROM organizations WHERE kind = 'DEVELOPER' ORDER BY name`)).map((r: { id: string }) => r.id);
    return { url: url.toString(), versionIds, developerIds, decisionCodes: chosen.map((j) => j.code), agencyId: idOf('agency'), counts };
  } finally {
    await db.destroy();
  }
}
