/**
 * The write side of regulators' decisions (mutations.ts): an override's current state on its
 * decision row (`jurisdiction_decisions`; reads go through the `export_decisions` view), a
 * published policy version, and the rows those writes lock and read. The override's history row
 * is `recordOverrideChange` (override-history-store.ts); the writes of recomputed decisions stay in
 * recompute-decisions.ts.
 */
import type { EntityManager } from 'typeorm';
import type { ExportOutcome, PolicyDocument } from '../../domain';
import { updateVersionedRow } from '../shared/versioned-rows';
import { prepared } from '../../persistence/prepared-statements';

/** A stored decision row with its current override (columns as stored). */
export interface DecisionRowWithOverride {
  id: string;
  jurisdiction_id: string;
  override_outcome: ExportOutcome | null;
  override_justification: string | null;
  override_by: string | null;
  override_at: Date | null;
  override_expires_at: Date | null;
}

// --- locks and reads -------------------------------------------------------------------------

/** The id of the jurisdiction with this ISO code, or null. */
export async function jurisdictionIdByCode(tx: EntityManager, code: string): Promise<string | null> {
  const [row]: { id: string }[] = await tx.query(prepared('SELECT id FROM jurisdictions WHERE code = $1'), [code]);
  return row?.id ?? null;
}

/**
 * The decision lock of each version (docs/architecture.md, "Lock order", step 3): a transaction
 * advisory lock on a 64-bit hash of the version id, taken in version-id order in one statement.
 * Whoever writes a version's decision rows (the recompute, an override) holds it first, so the
 * rows themselves need no `FOR UPDATE` when they are read (locking 498 rows wrote a WAL record per
 * row: 4–14 ms of a two-version write, against under 1 ms for a plain read). Re-entrant within the
 * transaction. Waiters see the holder's commit: PostgreSQL releases the lock after the commit is visible.
 */
export async function lockDecisions(tx: EntityManager, versionIds: readonly string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await tx.query(
    prepared(`SELECT pg_advisory_xact_lock(hashtextextended('export-decisions' || chr(10) || v, 0))
       FROM (SELECT DISTINCT v FROM unnest($1::text[]) AS v ORDER BY v) AS ordered`),
    [[...versionIds]],
  );
}

/** The decision row of (version, jurisdiction) with its override, locked; null before it is first computed. */
export async function lockedDecisionRow(
  tx: EntityManager,
  versionId: string,
  jurisdictionId: string,
): Promise<DecisionRowWithOverride | null> {
  const [row]: DecisionRowWithOverride[] = await tx.query(
    prepared(`SELECT id, jurisdiction_id, override_outcome, override_justification, override_by, override_at, override_expires_at
       FROM jurisdiction_decisions WHERE model_version_id = $1 AND jurisdiction_id = $2 FOR UPDATE`),
    [versionId, jurisdictionId],
  );
  return row ?? null;
}

/** The newest published policy version (the basis a publication proposal is made against). */
export async function latestPublishedPolicyId(tx: EntityManager): Promise<string | null> {
  const [row] = await tx.query(prepared('SELECT id FROM policy_versions ORDER BY published_at DESC, id DESC LIMIT 1'));
  return row?.id ?? null;
}

/** Every model version, by id (what a publication in force re-decides). */
export async function allModelVersionIds(tx: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(prepared('SELECT id FROM model_versions ORDER BY id'));
  return rows.map((r) => r.id);
}

// --- writes ----------------------------------------------------------------------------------

export interface OverrideState {
  outcome: ExportOutcome;
  justification: string;
  setBy: string;
  setAt: Date;
  expiresAt: Date | null;
}

/** The override in force on a decision row (its history row is `recordOverrideChange`). */
export function setOverride(tx: EntityManager, decisionId: string, o: OverrideState): Promise<void> {
  return updateVersionedRow(tx, 'jurisdiction_decisions', decisionId, {
    override_outcome: o.outcome,
    override_justification: o.justification,
    override_by: o.setBy,
    override_at: o.setAt,
    override_expires_at: o.expiresAt,
  });
}

/** No override on the decision row any more. */
export function clearOverride(tx: EntityManager, decisionId: string): Promise<void> {
  return updateVersionedRow(tx, 'jurisdiction_decisions', decisionId, {
    override_outcome: null,
    override_justification: null,
    override_by: null,
    override_at: null,
    override_expires_at: null,
  });
}

export interface NewPolicyVersion {
  policy: PolicyDocument;
  effectiveFrom: Date;
  summary: string | null;
  publishedBy: string;
  publishedAt: Date;
}

/** A published policy version; its id. */
export async function insertPolicyVersion(tx: EntityManager, p: NewPolicyVersion): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO policy_versions (version, effective_from, document, summary, published_by, published_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`),
    [p.policy.version, p.effectiveFrom, JSON.stringify(p.policy), p.summary, p.publishedBy, p.publishedAt],
  );
  return row.id;
}
