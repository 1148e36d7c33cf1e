/**
 * Lineage benchmark (issue 19).
 *
 *   npm run bench:lineage [-- --versions 10000] [-- --depth 20] [-- --descendants 100] [-- --runs 5] [-- --skip-db] [-- --only-write] [-- --trace]
 *
 * 1. Pure (no database): a lineage of 10,000 versions, 20 generations deep (about 500 per
 *    generation, each under one parent of the generation above, every 20th a MERGE of two), every
 *    version evaluated in the 249 jurisdictions of the registry. The root's finding goes from
 *    unassessed to CRITICAL: evaluating every descendant again and diffing against the decisions
 *    before (outcome, computed outcome and `reasonsKey`, as recompute-decisions compares them) is
 *    timed, evaluation and diff apart. Target: under 1 s.
 * 2. Database: the same 10,000-version lineage stored; the descendants walk (one recursive CTE)
 *    and the facts load of the 10,000 descendants are timed (the reads a write of the root would do).
 * 3. Database: a typical lineage (a root and 100 descendants) with stored decisions in every
 *    jurisdiction; `assessFindingSeverity` on the root's finding — one write transaction that
 *    recomputes the root and its descendants — is timed over several runs, alternating CRITICAL
 *    and MEDIUM so the decisions change every time. Target: under 500 ms.
 *
 * DATABASE_URL is an admin connection (default postgres://postgres@127.0.0.1:5432/postgres); the
 * benchmark creates and drops its own databases.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { EntityManager, type DataSource } from 'typeorm';
import { createDataSource } from '../ormconfig';
import {
  evaluateEligibilityMatrix,
  STARTING_POLICY,
  type AuditFacts,
  type EligibilityDecision,
  type FindingFacts,
  type JurisdictionFact,
  type LineageEdgeFact,
  type LineageRelation,
  type ModelVersionFacts,
} from '../src/domain';
import { dropDatabase, ensureDatabase } from '../src/infra/database';
import { createContext } from '../src/graphql/context';
import { toGlobalId } from '../src/graphql/global-id';
import { assessFindingSeverity } from '../src/modules/findings/mutations';
import { loadModelVersionFacts } from '../src/modules/decisions/facts-store';
import { recomputeDecisions, reasonsKey } from '../src/modules/decisions/recompute-decisions';
import { withDescendants } from '../src/modules/lineage/lineage-store';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(argv[i + 1]);
};
const VERSIONS = option('versions', 10_000);
const DEPTH = option('depth', 20);
const DESCENDANTS = option('descendants', 100);
const RUNS = option('runs', 5);
const SKIP_DB = argv.includes('--skip-db');
/** Only part 3, the typical lineage's write (an A/B of a write-path change, run beside a baseline checkout). */
const ONLY_WRITE = argv.includes('--only-write');
/** Print the slowest statements of the last timed write (where its time goes). */
const TRACE = argv.includes('--trace');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RELATIONS: LineageRelation[] = ['FINE_TUNE', 'DISTILLATION', 'QUANTIZATION', 'CONTINUED_PRETRAINING'];

/** A small deterministic PRNG (mulberry32), so every run builds the same lineage. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  ids: string[];
  edges: LineageEdgeFact[];
}

/** Generation 0 is the root; the others split the remaining versions evenly. */
function lineageShape(n: number, depth: number, idOf: (i: number) => string): Shape {
  const random = rng(19);
  const ids = Array.from({ length: n }, (_x, i) => idOf(i));
  const generations: number[][] = [[0]];
  const perGeneration = Math.ceil((n - 1) / depth);
  for (let i = 1; i < n; i++) {
    const g = Math.min(depth, 1 + Math.floor((i - 1) / perGeneration));
    (generations[g] ??= []).push(i);
  }
  const edges: LineageEdgeFact[] = [];
  for (let g = 1; g < generations.length; g++) {
    const above = generations[g - 1]!;
    for (const i of generations[g]!) {
      const first = above[Math.floor(random() * above.length)]!;
      const second = above[Math.floor(random() * above.length)]!;
      if (i % 20 === 0 && second !== first) {
        edges.push({ childId: ids[i]!, parentId: ids[first]!, relation: 'MERGE' }, { childId: ids[i]!, parentId: ids[second]!, relation: 'MERGE' });
      } else {
        edges.push({ childId: ids[i]!, parentId: ids[first]!, relation: RELATIONS[Math.floor(random() * RELATIONS.length)]! });
      }
    }
  }
  return { ids, edges };
}

function jurisdictions(): JurisdictionFact[] {
  const codes = new Set(Object.values(STARTING_POLICY.jurisdictions.tiers).flat());
  for (let a = 65; a <= 90 && codes.size < 249; a++) for (let b = 65; b <= 90 && codes.size < 249; b++) codes.add(String.fromCharCode(a, b));
  return [...codes].map((code) => ({ code, name: code }));
}

const NOW = new Date();
const auditOf = (versionId: string): AuditFacts => ({
  id: `audit-${versionId}`,
  auditorId: 'auditor-1',
  modelVersionId: versionId,
  modelId: 'model-1',
  developerId: 'developer-1',
  kind: 'INITIAL',
  status: 'COMPLETED',
  scopes: ['JAILBREAK'],
  startedAt: new Date(NOW.getTime() - 20 * 86_400_000),
  completedAt: new Date(NOW.getTime() - 10 * 86_400_000),
  outcome: 'PASS',
  findings: [],
  recordedAt: new Date(NOW.getTime() - 20 * 86_400_000),
});

function rootFinding(rootId: string, assessed: boolean): FindingFacts {
  const at = new Date(NOW.getTime() - 86_400_000);
  return {
    id: 'finding-root',
    publicId: 'MSR-2026-0001',
    title: 'Universal jailbreak of the root',
    category: 'JAILBREAK',
    status: 'TRIAGED',
    discoveredAt: at,
    reportedAt: at,
    awareAt: at,
    recordedAt: at,
    affectedVersionIds: [rootId],
    fixedInVersionId: null,
    statusHistory: [
      { from: null, to: 'REPORTED', occurredAt: at, recordedAt: at },
      { from: 'REPORTED', to: 'TRIAGED', occurredAt: at, recordedAt: at },
    ],
    assessments: assessed
      ? [
          {
            id: 'assessment-1',
            cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
            aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.9, trials: 500, exploitedInWild: false },
            assessedAt: at,
            recordedAt: at,
          },
        ]
      : [],
    disclosures: [],
  };
}

/** Each version's facts as the facts store hands them over: its own ancestry, the ancestors' findings. */
function versionFacts(shape: Shape, finding: FindingFacts): ModelVersionFacts[] {
  const parentsOf = new Map<string, LineageEdgeFact[]>();
  for (const e of shape.edges) (parentsOf.get(e.childId) ?? parentsOf.set(e.childId, []).get(e.childId)!).push(e);
  const auditor = {
    id: 'auditor-1',
    name: 'Bench Evals',
    accreditations: [
      { id: 'acc-1', body: 'Board', scopes: ['JAILBREAK' as const, 'GENERAL' as const], validFrom: new Date('2025-01-01'), validUntil: new Date('2030-01-01'), status: 'ACTIVE' as const, recordedAt: new Date('2025-01-01') },
    ],
    conflicts: [],
  };
  return shape.ids.map((id, i) => {
    const edges: LineageEdgeFact[] = [];
    const seen = new Set([id]);
    const ancestors: string[] = [];
    let frontier = [id];
    while (frontier.length) {
      const next: string[] = [];
      for (const v of frontier) {
        for (const e of parentsOf.get(v) ?? []) {
          edges.push(e);
          if (!seen.has(e.parentId)) {
            seen.add(e.parentId);
            ancestors.push(e.parentId);
            next.push(e.parentId);
          }
        }
      }
      frontier = next;
    }
    return {
      id,
      modelId: 'model-1',
      developerId: 'developer-1',
      name: `V${i}`,
      releasedAt: NOW,
      trainingComputeOps: 1e24,
      weightAvailability: 'API_ONLY',
      capabilityDomains: ['GENERAL'],
      accessStatus: 'ACTIVE',
      accessStatusHistory: [],
      findings: i === 0 ? [finding] : [],
      audits: [auditOf(id)],
      auditors: { 'auditor-1': auditor },
      modelAuditHistory: [],
      recordedAt: NOW,
      ...(edges.length
        ? {
            lineage: {
              edges,
              ancestors: ancestors.map((a) => ({ id: a, name: a, developerId: 'developer-1', trainingComputeOps: 1e24 })),
              ancestorFindings: [finding],
              notAffected: [],
            },
          }
        : {}),
    };
  });
}

/** `reasonsKey` per reason list; the decisions of one tier share their (frozen) list, so it is computed once per tier. */
function keyed() {
  const memo = new WeakMap<object, string>();
  return (reasons: object) => {
    let k = memo.get(reasons);
    if (k === undefined) memo.set(reasons, (k = reasonsKey(reasons)));
    return k;
  };
}

/**
 * Decisions of one tier share their outcome, reasons and path (evaluateEligibilityMatrix computes
 * each tier once); only an override makes a jurisdiction differ. `perTier` evaluates one
 * jurisdiction per tier and counts a changed tier as all of its jurisdictions' decisions.
 */
function pureBenchmark(perTier: boolean): void {
  const shape = lineageShape(VERSIONS, DEPTH, (i) => `v${i}`);
  const all = jurisdictions();
  const tierOf = new Map<string, string>();
  for (const [tier, codes] of Object.entries(STARTING_POLICY.jurisdictions.tiers)) for (const c of codes) tierOf.set(c, tier);
  const weight = new Map<string, number>();
  for (const j of all) {
    const t = tierOf.get(j.code) ?? STARTING_POLICY.jurisdictions.defaultTier;
    weight.set(t, (weight.get(t) ?? 0) + 1);
  }
  const representatives = [...weight.keys()].map((t) => all.find((j) => (tierOf.get(j.code) ?? STARTING_POLICY.jurisdictions.defaultTier) === t)!);
  const js = perTier ? representatives : all;
  const count = (d: EligibilityDecision) => (perTier ? weight.get(d.tier)! : 1);
  const before = versionFacts(shape, rootFinding('v0', false));
  const after = versionFacts(shape, rootFinding('v0', true));
  const previous: EligibilityDecision[][] = before.map((v) => evaluateEligibilityMatrix(v, js, STARTING_POLICY, NOW));
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const next = after.map((v) => evaluateEligibilityMatrix(v, js, STARTING_POLICY, NOW));
    const t1 = performance.now();
    const keyOf = keyed();
    let changed = 0;
    let changedVersions = 0;
    for (let i = 0; i < next.length; i++) {
      let versionChanged = false;
      const a = previous[i]!;
      const b = next[i]!;
      for (let k = 0; k < b.length; k++) {
        const p = a[k]!;
        const d = b[k]!;
        if (p.outcome !== d.outcome || p.computedOutcome !== d.computedOutcome || keyOf(p.reasons) !== keyOf(d.reasons)) {
          changed += count(d);
          versionChanged = true;
        }
      }
      if (versionChanged) changedVersions++;
    }
    const t2 = performance.now();
    const decisions = next.reduce((n, d) => n + d.reduce((m, x) => m + count(x), 0), 0);
    console.log(
      `pure${perTier ? ' per tier' : ' per jurisdiction'} run ${run + 1}: ${VERSIONS} versions (depth ${DEPTH}, ${shape.edges.length} edges) × ${all.length} jurisdictions = ${decisions} decisions; ` +
        `evaluate ${(t1 - t0).toFixed(0)} ms + diff ${(t2 - t1).toFixed(0)} ms = ${(t2 - t0).toFixed(0)} ms; ${changed} decisions of ${changedVersions} versions changed`,
    );
  }
}

async function freshDatabase(name: string): Promise<DataSource> {
  await dropDatabase(ADMIN_URL, name);
  await ensureDatabase(ADMIN_URL, name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createDataSource({ url: url.toString(), poolSize: 4, applicationName: 'msr-bench-lineage' });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  await db.query(
    `INSERT INTO policy_versions (version, effective_from, document, summary, published_by, published_at)
     VALUES ($1, $2, $3, 'Starting policy', 'bench', $2)`,
    [STARTING_POLICY.version, new Date(STARTING_POLICY.effectiveFrom), JSON.stringify(STARTING_POLICY)],
  );
  return db;
}

/** Stores `n` versions of one model in lineage shape; returns their ids (index 0 is the root). */
async function storeLineage(db: DataSource, n: number, depth: number): Promise<{ ids: string[]; developerId: string }> {
  const [dev] = await db.query(`INSERT INTO organizations (name, kind, country_code) VALUES ('Bench Labs', 'DEVELOPER', 'US') RETURNING id`);
  const [model] = await db.query(`INSERT INTO models (developer_id, name) VALUES ($1, 'Bench line') RETURNING id`, [dev.id]);
  const shape = lineageShape(n, depth, () => randomUUID());
  const rows = shape.ids.map((id, i) => ({ id, model_id: model.id, developer_id: dev.id, name: `Bench ${i}` }));
  for (let i = 0; i < rows.length; i += 5_000) {
    await db.query(
      `INSERT INTO model_versions (id, model_id, developer_id, name, training_compute_ops, weight_availability, capability_domains, access_status)
       SELECT r.id, r.model_id, r.developer_id, r.name, 1e24, 'API_ONLY', '{GENERAL}', 'ACTIVE' FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, model_id uuid, developer_id uuid, name text)`,
      [JSON.stringify(rows.slice(i, i + 5_000))],
    );
  }
  const edges = shape.edges.map((e) => ({ child: e.childId, parent: e.parentId, relation: e.relation }));
  for (let i = 0; i < edges.length; i += 5_000) {
    await db.query(
      `INSERT INTO model_version_lineage (child_version_id, parent_version_id, relation, declared_by)
       SELECT r.child, r.parent, r.relation, 'bench' FROM jsonb_to_recordset($1::jsonb) AS r(child uuid, parent uuid, relation text)`,
      [JSON.stringify(edges.slice(i, i + 5_000))],
    );
  }
  await db.query('ANALYZE');
  return { ids: shape.ids, developerId: dev.id };
}

async function largeLineageReads(): Promise<void> {
  const name = 'msr_bench_lineage_large';
  const db = await freshDatabase(name);
  try {
    const { ids } = await storeLineage(db, VERSIONS, DEPTH);
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const all = await withDescendants(db.manager, [ids[0]!]);
      const t1 = performance.now();
      const facts = await loadModelVersionFacts(db.manager, all);
      const t2 = performance.now();
      console.log(
        `db    run ${run + 1}: descendants of the root of ${VERSIONS} (one recursive CTE): ${all.length} in ${(t1 - t0).toFixed(0)} ms; ` +
          `their facts with ancestry: ${facts.size} in ${(t2 - t1).toFixed(0)} ms`,
      );
    }
  } finally {
    await db.destroy();
    await dropDatabase(ADMIN_URL, name);
  }
}

async function typicalLineageWrite(): Promise<void> {
  const name = 'msr_bench_lineage_write';
  const db = await freshDatabase(name);
  try {
    const { ids, developerId } = await storeLineage(db, DESCENDANTS + 1, 7);
    const [finding] = await db.query(
      `INSERT INTO findings (public_id, developer_id, title, summary, category, status, reporter_name, discovered_at, reported_at, developer_aware_at)
       VALUES ('MSR-2026-0001', $1, 'Universal jailbreak', 'Bench finding.', 'JAILBREAK', 'REPORTED', 'bench', now(), now(), now()) RETURNING id`,
      [developerId],
    );
    await db.query(`INSERT INTO finding_affected_versions (finding_id, model_version_id) VALUES ($1, $2)`, [finding.id, ids[0]]);
    await db.query(`INSERT INTO finding_status_changes (finding_id, from_status, to_status, actor, occurred_at) VALUES ($1, NULL, 'REPORTED', 'bench', now())`, [finding.id]);
    const [{ count: jurisdictionCount }] = await db.query('SELECT count(*)::int AS count FROM jurisdictions');
    // Materialise every decision first, as a running registry keeps them.
    await db.transaction((tx) => recomputeDecisions(tx, ids, { cause: 'BENCH_SETUP', actor: 'bench' }));
    const vectors = {
      CRITICAL: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      MEDIUM: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:H/VI:N/VA:H/SC:N/SI:H/SA:L',
    };
    const times: number[] = [];
    const traced: { ms: number; sql: string }[] = [];
    if (TRACE) {
      const query = EntityManager.prototype.query;
      EntityManager.prototype.query = async function (this: EntityManager, sql: string, parameters?: unknown[]) {
        const t = performance.now();
        try {
          return await query.call(this, sql, parameters);
        } finally {
          traced.push({ ms: performance.now() - t, sql: sql.replace(/\s+/g, ' ').slice(0, 140) });
        }
      } as typeof query;
    }
    for (let run = 0; run < RUNS; run++) {
      traced.length = 0;
      const level = run % 2 === 0 ? 'CRITICAL' : 'MEDIUM';
      const ctx = createContext({ db, viewer: { subject: 'bench-analyst', organizationId: null, roles: ['ANALYST'] } });
      const t0 = performance.now();
      const outcome = await assessFindingSeverity(ctx, {
        findingId: toGlobalId('Finding', finding.id),
        cvssVector: vectors[level],
        aiFactors: { capabilityDomain: level === 'CRITICAL' ? 'CBRN' : 'GENERAL', universal: level === 'CRITICAL', successRate: 0.9, trials: 500, exploitedInWild: false },
      });
      const ms = performance.now() - t0;
      if (outcome.errors.length) throw new Error(JSON.stringify(outcome.errors));
      times.push(ms);
      const [{ suspended }] = await db.query(`SELECT count(DISTINCT model_version_id)::int AS suspended FROM export_decisions WHERE outcome = 'SUSPENDED'`);
      console.log(
        `write run ${run + 1}: assessFindingSeverity (${level}) on the root of ${DESCENDANTS} descendants × ${jurisdictionCount} jurisdictions: ` +
          `${ms.toFixed(0)} ms (versions suspended after it: ${suspended})`,
      );
    }
    if (TRACE) {
      const total = traced.reduce((n, t) => n + t.ms, 0);
      console.log(`last write: ${traced.length} statements, ${total.toFixed(0)} ms in SQL; slowest:`);
      for (const t of [...traced].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  ${t.ms.toFixed(0).padStart(6)} ms  ${t.sql}`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`write: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms (target < 500 ms)`);
  } finally {
    await db.destroy();
    await dropDatabase(ADMIN_URL, name);
  }
}

async function main(): Promise<void> {
  if (ONLY_WRITE) return typicalLineageWrite();
  pureBenchmark(true);
  pureBenchmark(false);
  if (SKIP_DB) return;
  await largeLineageReads();
  await typicalLineageWrite();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
