/**
 * The history of regulators' export overrides (table `export_override_changes`, append-only):
 * one row per set, extension and lift. The override columns of `export_decisions` are the
 * current state, written with the row in the same transaction.
 */
import type { EntityManager } from 'typeorm';
import type { ExportOutcome, OverrideAction, OverrideChangeFact } from '../../domain';
import { prepared } from '../../persistence/prepared-statements';

export interface OverrideChangeRecord {
  modelVersionId: string;
  jurisdictionId: string;
  action: OverrideAction;
  outcome: ExportOutcome | null;
  justification: string;
  actor: string;
  effectiveAt: Date;
  expiresAt: Date | null;
  recordedAt: Date;
}

export async function recordOverrideChange(m: EntityManager, r: OverrideChangeRecord): Promise<void> {
  await m.query(
    prepared(`INSERT INTO export_override_changes (model_version_id, jurisdiction_id, action, outcome, justification, actor, effective_at, expires_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
    [r.modelVersionId, r.jurisdictionId, r.action, r.outcome, r.justification, r.actor, r.effectiveAt, r.expiresAt, r.recordedAt],
  );
}

/** Per model version, per jurisdiction code, its override changes in replay order (1 statement). */
export async function loadOverrideHistories(
  m: EntityManager,
  versionIds: readonly string[] | 'all',
): Promise<Map<string, Map<string, OverrideChangeFact[]>>> {
  const result = new Map<string, Map<string, OverrideChangeFact[]>>();
  if (versionIds !== 'all' && versionIds.length === 0) return result;
  const rows: {
    model_version_id: string;
    code: string;
    action: OverrideAction;
    outcome: ExportOutcome | null;
    justification: string;
    actor: string;
    effective_at: Date;
    expires_at: Date | null;
    recorded_at: Date;
  }[] = await m.query(
    prepared(`SELECT c.model_version_id, j.code, c.action, c.outcome, c.justification, c.actor, c.effective_at, c.expires_at, c.recorded_at
       FROM export_override_changes c JOIN jurisdictions j ON j.id = c.jurisdiction_id
      ${versionIds === 'all' ? '' : 'WHERE c.model_version_id = ANY($1::uuid[])'}
      ORDER BY c.effective_at, c.recorded_at, c.id`),
    versionIds === 'all' ? [] : [versionIds],
  );
  for (const r of rows) {
    let byCode = result.get(r.model_version_id);
    if (!byCode) result.set(r.model_version_id, (byCode = new Map()));
    let list = byCode.get(r.code);
    if (!list) byCode.set(r.code, (list = []));
    list.push({
      action: r.action,
      outcome: r.outcome,
      justification: r.justification,
      actor: r.actor,
      effectiveAt: r.effective_at,
      expiresAt: r.expires_at,
      recordedAt: r.recorded_at,
    });
  }
  return result;
}
