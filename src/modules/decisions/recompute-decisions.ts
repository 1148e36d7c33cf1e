/**
 * Keeps stored export decisions in step with the facts: evaluates the given model versions in
 * every jurisdiction with the engine and stores each decision whose outcome or reasons changed,
 * with a history row — inside the caller's transaction. Only the named versions are touched.
 *
 * The reasons and path to eligibility are stored once per distinct content and version in
 * `decision_explanations` (a version's 249 decisions share about three); decisions and history
 * rows name theirs by id (migrations/1764600000900). Whether the reasons changed is judged on a
 * stored digest (`reasons_key`), so the stored JSON is never read back here.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import { recordRecompute } from '../../infra/metrics';
import { evaluateEligibilityMatrix, type EligibilityDecision } from '../../domain/eligibility';
import type { OverrideFact } from '../../domain/facts';
import type { PolicyDocument } from '../../domain/policy/policy-document';
import { canonicalJson, recordEvent } from '../events/event-log';
import { loadModelVersionFacts } from './facts-store';
import { policyInForceIn } from './policy-service';
import { withDescendants } from '../lineage/lineage-store';
import { lockDecisions } from './write-store';
import { allJurisdictions } from './jurisdictions-reference';

export interface RecomputeOptions {
  cause: string;
  actor: string;
  now?: Date;
  /**
   * The policy in force at `now`, when the caller has already read it in this transaction (one
   * read of the policy versions per write instead of two). Absent: read here.
   */
  policy?: PolicyDocument;
}

export interface RecomputeResult {
  evaluated: number;
  changed: number;
}

interface StoredDecisionRow {
  id: string;
  model_version_id: string;
  code: string;
  outcome: string;
  computed_outcome: string;
  reasons_key: string | null;
  override_outcome: string | null;
  override_justification: string | null;
  override_by: string | null;
  override_at: Date | null;
  override_expires_at: Date | null;
}

/**
 * What makes two reason lists "the same" for the decision history: the rules and what they refer
 * to, not the wording (a message such as "2d 0h overdue" changes with time alone).
 */
export const reasonsKey = (reasons: unknown) =>
  digest(
    JSON.stringify(((reasons as { code: string; refs?: unknown }[]) ?? []).map((r) => ({ code: r.code, refs: canonicalJson(r.refs ?? {}) }))),
  );

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The id of a decision's explanation: a digest of its version and its canonical content. Scoped to
 * the version so that only writers of that version (already serialised on its decision locks)
 * ever insert the same id: inserting an explanation never waits on another version's write.
 */
export const explanationId = (versionId: string, content: string) => `s${digest(`${versionId}\n${content}`)}`;

/**
 * The given columns of the records as one array each, for `unnest($1::uuid[], …)`: PostgreSQL
 * parses arrays of text faster than a JSON array of objects (`jsonb_to_recordset`).
 */
function columnsOf<R, K extends keyof R>(records: readonly R[], keys: readonly K[]): unknown[][] {
  return keys.map((k) => records.map((r) => r[k]));
}

export async function recomputeDecisions(m: EntityManager, versionIds: string[], options: RecomputeOptions): Promise<RecomputeResult> {
  const started = performance.now();
  const result = await recomputeAndStore(m, versionIds, options);
  recordRecompute(started, options.cause); // msr_decision_recompute_duration_seconds
  return result;
}

async function recomputeAndStore(
  m: EntityManager,
  versionIds: string[],
  { cause, actor, now = new Date(), policy: given }: RecomputeOptions,
): Promise<RecomputeResult> {
  if (versionIds.length === 0) return { evaluated: 0, changed: 0 };
  // Descendants inherit the versions' findings (issue 19): recompute them too, in this transaction.
  versionIds = (await withDescendants(m, [...new Set(versionIds)])).sort();
  // Lock order (docs/architecture.md): the versions' decision locks in version-id order, so two
  // recomputes over overlapping versions never wait on each other in a circle; the rows are then
  // read without FOR UPDATE and upserted in (version id, jurisdiction code) order.
  await lockDecisions(m, versionIds);
  const policy = given ?? (await policyInForceIn(m, now))?.document;
  if (!policy) return { evaluated: 0, changed: 0 };

  const facts = await loadModelVersionFacts(m, versionIds);
  const jurisdictions = await allJurisdictions(m);
  const stored: StoredDecisionRow[] = await m.query(
      // Only what the comparison and the overrides need: no JSON (the reasons are compared on
      // `reasons_key`; parsing stored reasons was a large share of a write's CPU on the bench data).
      `SELECT d.id, d.model_version_id, j.code, d.outcome, d.computed_outcome, d.reasons_key, d.override_outcome,
              d.override_justification, d.override_by, d.override_at, d.override_expires_at
         FROM export_decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id
        WHERE d.model_version_id = ANY($1::uuid[]) ORDER BY d.model_version_id, j.code`,
    [versionIds],
  );
  const jurisdictionId = new Map(jurisdictions.map((j) => [j.code, j.id]));
  const storedBy = new Map(stored.map((d) => [`${d.model_version_id}:${d.code}`, d]));

  const changedRows: Array<{ decision: EligibilityDecision; previous: StoredDecisionRow | undefined; explanationId: string; reasonsKey: string }> = [];
  // Distinct explanations of the changed decisions (id → content), and the reasons key of each
  // explanation id (decisions with one explanation have one key: computed once).
  const explanations = new Map<string, string>();
  const keyOfExplanation = new Map<string, string>();
  let evaluated = 0;
  for (const versionId of versionIds) {
    const version = facts.get(versionId);
    if (!version) continue;
    const overrides = new Map<string, OverrideFact>();
    for (const j of jurisdictions) {
      const row = storedBy.get(`${versionId}:${j.code}`);
      if (row?.override_outcome) {
        overrides.set(j.code, {
          outcome: row.override_outcome as OverrideFact['outcome'],
          justification: row.override_justification!,
          setBy: row.override_by!,
          setAt: row.override_at!,
          expiresAt: row.override_expires_at,
          recordedAt: row.override_at!,
        });
      }
    }
    const decisions = evaluateEligibilityMatrix(version, jurisdictions, policy, now, overrides);
    evaluated += decisions.length;
    // The engine hands the decisions of one tier the same reason and path arrays: serialise and
    // digest each pair once (a version's 249 decisions are about three pairs).
    const explained = new Map<unknown, Map<unknown, { id: string; content: string }>>();
    for (const d of decisions) {
      const previous = storedBy.get(`${versionId}:${d.jurisdictionCode}`);
      let byPath = explained.get(d.reasons);
      if (!byPath) explained.set(d.reasons, (byPath = new Map()));
      let explanation = byPath.get(d.pathToEligibility);
      if (!explanation) {
        const content = canonicalJson({ reasons: d.reasons, pathToEligibility: d.pathToEligibility });
        explanation = { id: explanationId(versionId, content), content };
        byPath.set(d.pathToEligibility, explanation);
      }
      const { id, content } = explanation;
      let key = keyOfExplanation.get(id);
      if (key === undefined) {
        key = reasonsKey(d.reasons);
        keyOfExplanation.set(id, key);
      }
      if (
        !previous ||
        previous.outcome !== d.outcome ||
        previous.computed_outcome !== d.computedOutcome ||
        previous.reasons_key !== key
      ) {
        changedRows.push({ decision: d, previous, explanationId: id, reasonsKey: key });
        explanations.set(id, content);
      }
    }
  }
  if (changedRows.length === 0) return { evaluated, changed: 0 };

  // The explanations not stored yet (sorted: concurrent inserts take their keys in one order), as
  // one JSON array of already-canonical documents.
  const newExplanations = [...explanations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await m.query(
    `INSERT INTO decision_explanations (id, reasons, path_to_eligibility)
     SELECT e->>0, e->1->'reasons', e->1->'pathToEligibility' FROM jsonb_array_elements($1::jsonb) AS e
     ON CONFLICT (id) DO NOTHING`,
    [`[${newExplanations.map(([id, content]) => `[${JSON.stringify(id)},${content}]`).join(',')}]`],
  );
  const records = changedRows.map(({ decision: d, previous, explanationId: explanation, reasonsKey: key }) => ({
    id: previous?.id ?? null,
    model_version_id: d.modelVersionId,
    jurisdiction_id: jurisdictionId.get(d.jurisdictionCode)!,
    tier: d.tier,
    outcome: d.outcome,
    computed_outcome: d.computedOutcome,
    explanation_id: explanation,
    reasons_key: key,
    policy_version: d.policyVersion,
    evaluated_at: d.evaluatedAt.toISOString(),
  }));
  // Rows stored before are updated by id (an UPDATE … FROM: on 24,900 rows 0.6 s against 0.9 s for
  // the same rows through INSERT … ON CONFLICT, which probes the pair index and locks each row
  // first), their columns passed as arrays; rows never stored are inserted. Every writer of these
  // rows holds their versions' decision locks (taken above), so the order rows are written in no
  // longer matters for deadlocks.
  const existing = records.filter((r) => r.id !== null);
  const fresh = records.filter((r) => r.id === null);
  if (existing.length > 0) {
    await m.query(
      `UPDATE export_decisions d SET
         tier = r.tier, outcome = r.outcome, computed_outcome = r.computed_outcome,
         explanation_id = r.explanation_id, reasons_key = r.reasons_key,
         policy_version = r.policy_version, evaluated_at = r.evaluated_at,
         updated_at = now(), row_version = d.row_version + 1
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
              AS r(id, tier, outcome, computed_outcome, explanation_id, reasons_key, policy_version, evaluated_at)
        WHERE d.id = r.id`,
      columnsOf(existing, ['id', 'tier', 'outcome', 'computed_outcome', 'explanation_id', 'reasons_key', 'policy_version', 'evaluated_at']),
    );
  }
  if (fresh.length > 0) {
    const inserted: { id: string; model_version_id: string; jurisdiction_id: string }[] = await m.query(
      `INSERT INTO export_decisions (model_version_id, jurisdiction_id, tier, outcome, computed_outcome, explanation_id,
                                     reasons_key, policy_version, evaluated_at)
       SELECT r.model_version_id, r.jurisdiction_id, r.tier, r.outcome, r.computed_outcome, r.explanation_id,
              r.reasons_key, r.policy_version, r.evaluated_at
         FROM jsonb_to_recordset($1::jsonb) AS r(model_version_id uuid, jurisdiction_id uuid, tier text, outcome text,
              computed_outcome text, explanation_id text, reasons_key text, policy_version text, evaluated_at timestamptz)
       RETURNING id, model_version_id, jurisdiction_id`,
      [JSON.stringify(fresh)],
    );
    const idOf = new Map(inserted.map((row) => [`${row.model_version_id}:${row.jurisdiction_id}`, row.id]));
    for (const r of fresh) r.id = idOf.get(`${r.model_version_id}:${r.jurisdiction_id}`)!;
  }
  await m.query(
    `INSERT INTO export_decision_changes (export_decision_id, outcome, computed_outcome, explanation_id, policy_version, cause, actor, changed_at)
     SELECT r.id, r.outcome, r.computed_outcome, r.explanation_id, r.policy_version, $6, $7, $8
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(id, outcome, computed_outcome, explanation_id, policy_version)`,
    [...columnsOf(records, ['id', 'outcome', 'computed_outcome', 'explanation_id', 'policy_version']), cause, actor, now.toISOString()],
  );

  // One event per version whose decisions changed, summarising outcome moves per jurisdiction.
  const byVersion = new Map<string, typeof changedRows>();
  for (const row of changedRows) {
    const list = byVersion.get(row.decision.modelVersionId) ?? [];
    list.push(row);
    byVersion.set(row.decision.modelVersionId, list);
  }
  for (const [versionId, rows] of byVersion) {
    const moved = rows.filter((r) => r.previous?.outcome !== r.decision.outcome);
    await recordEvent(m, {
      actor,
      type: 'EXPORT_DECISIONS_CHANGED',
      subjectType: 'ModelVersion',
      subjectId: versionId,
      occurredAt: now,
      payload: {
        cause,
        policyVersion: policy.version,
        changed: rows.length,
        outcomes: moved.map((r) => ({
          jurisdiction: r.decision.jurisdictionCode,
          tier: r.decision.tier,
          from: r.previous?.outcome ?? null,
          to: r.decision.outcome,
        })),
      },
    });
  }
  return { evaluated, changed: changedRows.length };
}
