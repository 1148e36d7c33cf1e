/**
 * Keeps stored export decisions in step with the facts: evaluates the given model versions (and
 * their descendants) with the engine and stores what changed, with history — inside the caller's
 * transaction. Only the named versions are touched.
 *
 * Decisions are stored per version and tier (migrations/1764600001600; docs/architecture.md,
 * "Decisions per tier"): a tier's decision is one row of `tier_decisions`, which every
 * jurisdiction of that tier follows unless an override gives it a decision of its own in its
 * `jurisdiction_decisions` row. A change of a version's findings therefore writes a few rows per
 * version (one per tier that changed, and its history row), not one per jurisdiction. The
 * `export_decisions` and `export_decision_changes` views read them back per jurisdiction.
 *
 * The reasons and path to eligibility are stored once per distinct content and version in
 * `decision_explanations` (migrations/1764600000900). Whether the reasons changed is judged on a
 * stored digest (`reasons_key`), so the stored JSON is never read back here.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import { recordRecompute } from '../../infra/metrics';
import { evaluateEligibilityMatrix, evaluateEligibilityTiers, type EligibilityDecision, type TierDecision } from '../../domain/eligibility';
import type { ExportOutcome, JurisdictionTier } from '../../domain/enums';
import type { OverrideFact } from '../../domain/facts';
import { jurisdictionTier } from '../../domain/policy/compiled-policy';
import type { PolicyDocument } from '../../domain/policy/policy-document';
import type { JurisdictionEntity } from '../../persistence/entities';
import { prepared } from '../../persistence/prepared-statements';
import { canonicalJson, recordEvent } from '../events/event-log';
import { loadModelVersionFacts } from './facts-store';
import { policyInForceIn } from './policy-service';
import { withDescendants } from '../lineage/lineage-store';
import { lockDecisions } from './write-store';
import { overrideOfRow } from './stored-override';
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

/**
 * What makes two reason lists "the same" for the decision history: the rules and what they refer
 * to, not the wording (a message such as "2d 0h overdue" changes with time alone).
 */
export const reasonsKey = (reasons: unknown) =>
  digest(
    JSON.stringify(
      ((reasons as { code: string; refs?: unknown }[]) ?? []).map((r) => ({
        code: r.code,
        refs: canonicalJson(r.refs ?? {}),
      })),
    ),
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

/** Where each jurisdiction sits under a policy, and a digest of that placement (`layout_key`). */
interface Layout {
  key: string;
  tierOf: ReadonlyMap<string, JurisdictionTier>;
  tiers: readonly JurisdictionTier[];
}

const layouts = new WeakMap<PolicyDocument, WeakMap<readonly JurisdictionEntity[], Layout>>();

/** The placement of these jurisdictions under this policy (computed once per policy document and list). */
function layoutOf(policy: PolicyDocument, jurisdictions: readonly JurisdictionEntity[]): Layout {
  let byList = layouts.get(policy);
  if (!byList) layouts.set(policy, (byList = new WeakMap()));
  let layout = byList.get(jurisdictions);
  if (!layout) {
    const tierOf = new Map<string, JurisdictionTier>();
    for (const j of jurisdictions) tierOf.set(j.id, jurisdictionTier(policy, j.code));
    const tiers = [...new Set(tierOf.values())].sort();
    layout = {
      key: digest([...tierOf].map(([id, tier]) => `${id}:${tier}`).join('\n')),
      tierOf,
      tiers,
    };
    byList.set(jurisdictions, layout);
  }
  return layout;
}

interface StoredTierRow {
  model_version_id: string;
  tier: string;
  outcome: ExportOutcome;
  reasons_key: string | null;
  layout_key: string | null;
}

/** A stored jurisdiction row as the recompute needs it; the decision columns are null while it follows its tier. */
interface StoredRow {
  id: string;
  model_version_id: string;
  jurisdiction_id: string;
  tier: string;
  outcome: ExportOutcome | null;
  computed_outcome: ExportOutcome | null;
  reasons_key: string | null;
  explanation_id: string | null;
  policy_version: string | null;
  evaluated_at: Date | null;
  override_outcome: ExportOutcome | null;
  override_justification: string | null;
  override_by: string | null;
  override_at: Date | null;
  override_expires_at: Date | null;
}

/** What the history compares: outcome, computed outcome and the reasons' digest. */
interface DecisionState {
  outcome: ExportOutcome;
  computed: ExportOutcome;
  key: string | null;
  /** empty on a stored state read for comparison only */
  explanationId: string;
  policyVersion: string;
  evaluatedAt: Date;
}

const sameState = (a: DecisionState | undefined, b: DecisionState) =>
  a !== undefined && a.outcome === b.outcome && a.computed === b.computed && a.key === b.key;

/** A row's decision columns as written: its own decision, or nulls while it follows its tier. */
interface RowWrite {
  id: string | null;
  model_version_id: string;
  jurisdiction_id: string;
  tier: JurisdictionTier;
  own: DecisionState | null;
}

/** A row's own history entry (`follows_tier`: the tier it follows from then on; `shown`: a change of its decision). */
interface RowEntry {
  row: RowWrite;
  state: DecisionState;
  follows: JurisdictionTier | null;
  shown: boolean;
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
  // read without FOR UPDATE.
  await lockDecisions(m, versionIds);
  const policy = given ?? (await policyInForceIn(m, now))?.document;
  if (!policy) return { evaluated: 0, changed: 0 };

  const facts = await loadModelVersionFacts(m, versionIds);
  const jurisdictions = await allJurisdictions(m);
  const layout = layoutOf(policy, jurisdictions);

  const tierRows: StoredTierRow[] = await m.query(
    prepared(`SELECT model_version_id, tier, outcome, reasons_key, layout_key FROM tier_decisions WHERE model_version_id = ANY($1::uuid[])`),
    [versionIds],
  );
  const storedTier = new Map(tierRows.map((t) => [`${t.model_version_id}:${t.tier}`, t]));
  // A version whose rows were placed by another layout (a policy moved a jurisdiction to another
  // tier, a jurisdiction was added) or never placed: all its rows are read and placed again.
  // Otherwise only the rows with a decision or an override of their own.
  const relayout = versionIds.filter((v) => facts.has(v) && layout.tiers.some((t) => storedTier.get(`${v}:${t}`)?.layout_key !== layout.key));
  const rows: StoredRow[] = await m.query(
    prepared(`SELECT id, model_version_id, jurisdiction_id, tier, outcome, computed_outcome, reasons_key, explanation_id,
              policy_version, evaluated_at, override_outcome, override_justification, override_by, override_at, override_expires_at
         FROM jurisdiction_decisions
        WHERE model_version_id = ANY($1::uuid[]) AND (outcome IS NOT NULL OR override_outcome IS NOT NULL)
       UNION ALL
       SELECT id, model_version_id, jurisdiction_id, tier, outcome, computed_outcome, reasons_key, explanation_id,
              policy_version, evaluated_at, override_outcome, override_justification, override_by, override_at, override_expires_at
         FROM jurisdiction_decisions
        WHERE model_version_id = ANY($2::uuid[]) AND NOT (outcome IS NOT NULL OR override_outcome IS NOT NULL)`),
    [versionIds, relayout],
  );
  const relaid = new Set(relayout);
  const rowOf = new Map(rows.map((r) => [`${r.model_version_id}:${r.jurisdiction_id}`, r]));

  // Explanations to store (id → canonical content), and what is written.
  const explanations = new Map<string, string>();
  const explain = (versionId: string, reasons: unknown, pathToEligibility: unknown) => {
    const content = canonicalJson({ reasons, pathToEligibility });
    const id = explanationId(versionId, content);
    explanations.set(id, content);
    return id;
  };
  const tierWrites: {
    model_version_id: string;
    tier: JurisdictionTier;
    state: DecisionState;
  }[] = [];
  const tierChanges: {
    model_version_id: string;
    tier: JurisdictionTier;
    state: DecisionState;
  }[] = [];
  const rowWrites: RowWrite[] = [];
  const entries: RowEntry[] = [];
  const movedBy = new Map<
    string,
    {
      changed: number;
      outcomes: {
        jurisdiction: string;
        tier: string;
        from: string | null;
        to: string;
      }[];
    }
  >();
  let evaluated = 0;
  let changed = 0;

  for (const versionId of versionIds) {
    const version = facts.get(versionId);
    if (!version) continue;
    const relaidOut = relaid.has(versionId);
    // The tiers' stored states, built once per version (read for each of its jurisdictions).
    const storedStates = new Map<string, DecisionState | undefined>();
    const stateBefore = (tier: string): DecisionState | undefined => {
      if (!storedStates.has(tier)) {
        const stored = storedTier.get(`${versionId}:${tier}`);
        storedStates.set(
          tier,
          stored && { outcome: stored.outcome, computed: stored.outcome, key: stored.reasons_key, explanationId: '', policyVersion: '', evaluatedAt: now },
        );
      }
      return storedStates.get(tier);
    };
    const tierState = new Map<JurisdictionTier, DecisionState>();
    const tierDecision = new Map<JurisdictionTier, TierDecision>();
    /** A tier's state with its explanation (stored when a tier or row write names it). */
    const explained = (tier: JurisdictionTier) => {
      const state = tierState.get(tier)!;
      if (!state.explanationId) {
        const d = tierDecision.get(tier)!;
        state.explanationId = explain(versionId, d.reasons, d.pathToEligibility);
      }
      return state;
    };
    // Each tier's decision, once (`evaluateEligibilityTiers`), compared with the stored one.
    for (const d of evaluateEligibilityTiers(version, layout.tiers, policy, now)) {
      const state: DecisionState = {
        outcome: d.outcome,
        computed: d.outcome,
        key: reasonsKey(d.reasons),
        explanationId: '',
        policyVersion: policy.version,
        evaluatedAt: now,
      };
      tierState.set(d.tier, state);
      tierDecision.set(d.tier, d);
      const stored = storedTier.get(`${versionId}:${d.tier}`);
      const stateChanged = !sameState(stateBefore(d.tier), state);
      if (stateChanged || stored!.layout_key !== layout.key) {
        tierWrites.push({
          model_version_id: versionId,
          tier: d.tier,
          state: explained(d.tier),
        });
        if (stateChanged)
          tierChanges.push({
            model_version_id: versionId,
            tier: d.tier,
            state,
          });
      }
    }
    // The jurisdictions with an override decide on their own (the engine's `decideWithOverride`).
    const overrides = new Map<string, OverrideFact>();
    const overridden: JurisdictionEntity[] = [];
    for (const j of jurisdictions) {
      const row = rowOf.get(`${versionId}:${j.id}`);
      const override = row && overrideOfRow(row);
      if (!override) continue;
      overridden.push(j);
      overrides.set(j.code, override);
    }
    const ownDecision = new Map<string, EligibilityDecision>();
    if (overridden.length > 0) {
      for (const d of evaluateEligibilityMatrix(version, overridden, policy, now, overrides)) ownDecision.set(d.jurisdictionCode, d);
    }

    let versionChanged = 0;
    const outcomes: {
      jurisdiction: string;
      tier: string;
      from: string | null;
      to: string;
    }[] = [];
    for (const j of jurisdictions) {
      evaluated++;
      const tier = layout.tierOf.get(j.id)!;
      const row = rowOf.get(`${versionId}:${j.id}`);
      // Without a row read: it follows its tier (placed by the current layout), or it does not exist yet.
      const previous = row ? (row.outcome !== null ? ownState(row) : stateBefore(row.tier)) : relaidOut ? undefined : stateBefore(tier);
      const own = ownDecision.get(j.code);
      const next: DecisionState = own
        ? {
            outcome: own.outcome,
            computed: own.computedOutcome,
            key: reasonsKey(own.reasons),
            explanationId: '',
            policyVersion: policy.version,
            evaluatedAt: now,
          }
        : tierState.get(tier)!;
      const changedHere = !sameState(previous, next);
      if (changedHere) {
        versionChanged++;
        if (previous?.outcome !== next.outcome)
          outcomes.push({
            jurisdiction: j.code,
            tier,
            from: previous?.outcome ?? null,
            to: next.outcome,
          });
      }
      /** Writes the row (its own decision, or null to follow its tier), with a history entry when given. */
      const place = (own: DecisionState | null, entry?: Omit<RowEntry, 'row'>) => {
        const write: RowWrite = { id: row?.id ?? null, model_version_id: versionId, jurisdiction_id: j.id, tier, own };
        rowWrites.push(write);
        if (entry) entries.push({ row: write, ...entry });
      };
      if (!row) {
        // Follows its tier: written with the tier, unless the version's rows are placed again now.
        if (relaidOut) place(null, { state: explained(tier), follows: tier, shown: true });
      } else if (own) {
        if (changedHere || row.outcome === null) {
          // A decision of its own: an override now decides it, or its own decision changed.
          next.explanationId = explain(versionId, own.reasons, own.pathToEligibility);
          place(next, { state: next, follows: null, shown: changedHere });
        } else if (row.tier !== tier) {
          place(ownState(row)); // its own decision stands; only its tier moved
        }
      } else if (row.outcome !== null || row.tier !== tier) {
        // No override: the row follows its tier from now on.
        place(null, { state: explained(tier), follows: tier, shown: changedHere });
      }
    }
    if (versionChanged > 0) {
      movedBy.set(versionId, { changed: versionChanged, outcomes });
      changed += versionChanged;
    }
  }
  if (tierWrites.length === 0 && rowWrites.length === 0) return { evaluated, changed };

  // The explanations (sorted: concurrent inserts take their keys in one order), as one JSON array
  // of already-canonical documents.
  if (explanations.size > 0) {
    const newExplanations = [...explanations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await m.query(
      prepared(`INSERT INTO decision_explanations (id, reasons, path_to_eligibility)
       SELECT e->>0, e->1->'reasons', e->1->'pathToEligibility' FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (id) DO NOTHING`),
      [`[${newExplanations.map(([id, content]) => `[${JSON.stringify(id)},${content}]`).join(',')}]`],
    );
  }
  // The tiers' decisions first: a row that follows its tier references the tier's row.
  if (tierWrites.length > 0) {
    await m.query(
      prepared(`INSERT INTO tier_decisions AS t (model_version_id, tier, outcome, explanation_id, reasons_key, policy_version, evaluated_at, layout_key)
       SELECT r.model_version_id, r.tier, r.outcome, r.explanation_id, r.reasons_key, $6, $7, $8
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(model_version_id, tier, outcome, explanation_id, reasons_key)
       ON CONFLICT (model_version_id, tier) DO UPDATE SET
         outcome = EXCLUDED.outcome, explanation_id = EXCLUDED.explanation_id, reasons_key = EXCLUDED.reasons_key,
         policy_version = EXCLUDED.policy_version, evaluated_at = EXCLUDED.evaluated_at, layout_key = EXCLUDED.layout_key,
         updated_at = now(), row_version = t.row_version + 1`),
      [
        tierWrites.map((t) => t.model_version_id),
        tierWrites.map((t) => t.tier),
        tierWrites.map((t) => t.state.outcome),
        tierWrites.map((t) => t.state.explanationId),
        tierWrites.map((t) => t.state.key),
        policy.version,
        now.toISOString(),
        layout.key,
      ],
    );
  }
  if (tierChanges.length > 0) {
    await m.query(
      prepared(`INSERT INTO tier_decision_changes (model_version_id, tier, outcome, explanation_id, policy_version, cause, actor, changed_at)
       SELECT r.model_version_id, r.tier, r.outcome, r.explanation_id, $5, $6, $7, $8
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS r(model_version_id, tier, outcome, explanation_id)`),
      [
        tierChanges.map((t) => t.model_version_id),
        tierChanges.map((t) => t.tier),
        tierChanges.map((t) => t.state.outcome),
        tierChanges.map((t) => t.state.explanationId),
        policy.version,
        cause,
        actor,
        now.toISOString(),
      ],
    );
  }
  // Rows never stored: inserted following their tier (a version's first decisions).
  const fresh = rowWrites.filter((r) => r.id === null);
  if (fresh.length > 0) {
    const inserted: {
      id: string;
      model_version_id: string;
      jurisdiction_id: string;
    }[] = await m.query(
      prepared(`INSERT INTO jurisdiction_decisions (model_version_id, jurisdiction_id, tier)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])
       RETURNING id, model_version_id, jurisdiction_id`),
      columnsOf(fresh, ['model_version_id', 'jurisdiction_id', 'tier']),
    );
    const idOf = new Map(inserted.map((row) => [`${row.model_version_id}:${row.jurisdiction_id}`, row.id]));
    for (const r of fresh) r.id = idOf.get(`${r.model_version_id}:${r.jurisdiction_id}`)!;
  }
  // Rows that take or change a decision of their own, go back to following their tier, or move to
  // another tier: updated by id, their columns passed as arrays (null while following).
  const updated = rowWrites.filter((r) => !fresh.includes(r));
  if (updated.length > 0) {
    const own = <K extends keyof DecisionState>(k: K) => updated.map((r) => (r.own ? r.own[k] : null));
    await m.query(
      prepared(`UPDATE jurisdiction_decisions d SET
         tier = r.tier, outcome = r.outcome, computed_outcome = r.computed_outcome, explanation_id = r.explanation_id,
         reasons_key = r.reasons_key, policy_version = r.policy_version, evaluated_at = r.evaluated_at,
         updated_at = now(), row_version = d.row_version + 1
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
              AS r(id, tier, outcome, computed_outcome, explanation_id, reasons_key, policy_version, evaluated_at)
        WHERE d.id = r.id`),
      [
        updated.map((r) => r.id),
        updated.map((r) => r.tier),
        own('outcome'),
        own('computed'),
        own('explanationId'),
        own('key'),
        own('policyVersion'),
        updated.map((r) => (r.own ? r.own.evaluatedAt.toISOString() : null)),
      ],
    );
  }
  if (entries.length > 0) {
    await m.query(
      prepared(`INSERT INTO jurisdiction_decision_changes (export_decision_id, outcome, computed_outcome, explanation_id, policy_version,
                                                  follows_tier, shown, cause, actor, changed_at)
       SELECT r.id, r.outcome, r.computed_outcome, r.explanation_id, r.policy_version, r.follows_tier, r.shown, $8, $9, $10
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
              AS r(id, outcome, computed_outcome, explanation_id, policy_version, follows_tier, shown)`),
      [
        entries.map((e) => e.row.id),
        entries.map((e) => e.state.outcome),
        entries.map((e) => e.state.computed),
        entries.map((e) => e.state.explanationId),
        entries.map((e) => e.state.policyVersion),
        entries.map((e) => e.follows),
        entries.map((e) => e.shown),
        cause,
        actor,
        now.toISOString(),
      ],
    );
  }

  // One event per version whose decisions changed, summarising outcome moves per jurisdiction.
  for (const [versionId, { changed: count, outcomes }] of movedBy) {
    await recordEvent(m, {
      actor,
      type: 'EXPORT_DECISIONS_CHANGED',
      subjectType: 'ModelVersion',
      subjectId: versionId,
      occurredAt: now,
      payload: {
        cause,
        policyVersion: policy.version,
        changed: count,
        outcomes,
      },
    });
  }
  return { evaluated, changed };
}

/** A row's own decision as stored. */
function ownState(row: StoredRow): DecisionState {
  return {
    outcome: row.outcome!,
    computed: row.computed_outcome!,
    key: row.reasons_key,
    explanationId: row.explanation_id!,
    policyVersion: row.policy_version!,
    evaluatedAt: row.evaluated_at!,
  };
}
