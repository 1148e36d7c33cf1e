/**
 * The write side of audits: every statement `openAudit` and `completeAudit` (mutations.ts) write,
 * and the facts they read in their transaction. Each column list is written once; an audit's
 * `row_version` moves only through `updateVersionedRow`.
 */
import type { EntityManager } from 'typeorm';
import type { AuditKind, AuditOutcome, AuditScope, RetestResult } from '../../domain';
import { updateVersionedRow } from '../shared/versioned-rows';
import { prepared } from '../../persistence/prepared-statements';

export interface NewAudit {
  auditorId: string;
  modelVersionId: string;
  kind: AuditKind;
  scopes: AuditScope[];
  summary: string | null;
  startedAt: Date;
}

/** A new audit, OPEN; its id. */
export async function insertAudit(tx: EntityManager, a: NewAudit): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO audits (auditor_id, model_version_id, kind, status, scopes, summary, started_at)
     VALUES ($1, $2, $3, 'OPEN', $4, $5, $6) RETURNING id`),
    [a.auditorId, a.modelVersionId, a.kind, a.scopes, a.summary, a.startedAt],
  );
  return row.id;
}

/**
 * The findings an audit raised or retests (one statement). A finding already linked in that role
 * stays as it is.
 */
export async function insertAuditFindings(
  tx: EntityManager,
  auditId: string,
  role: 'RAISED' | 'RETESTED',
  findingIds: readonly string[],
): Promise<void> {
  if (findingIds.length === 0) return;
  await tx.query(
    prepared('INSERT INTO audit_findings (audit_id, finding_id, role) SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING'),
    [auditId, findingIds, role],
  );
}

export interface AuditCompletion {
  outcome: AuditOutcome;
  completedAt: Date;
  /** the canonical statement the auditor signed, and its signature */
  attestationPayload: string;
  attestationSignature: string;
}

/** The audit COMPLETED, with its outcome and signed attestation. */
export function setAuditCompleted(tx: EntityManager, auditId: string, c: AuditCompletion): Promise<void> {
  return updateVersionedRow(tx, 'audits', auditId, {
    status: 'COMPLETED',
    outcome: c.outcome,
    completed_at: c.completedAt,
    attestation_payload: c.attestationPayload,
    attestation_signature: c.attestationSignature,
  });
}

/** The result of each retested finding (one statement). */
export async function setRetestResults(
  tx: EntityManager,
  auditId: string,
  results: readonly { findingId: string; result: RetestResult }[],
): Promise<void> {
  if (results.length === 0) return;
  await tx.query(
    prepared(`UPDATE audit_findings af SET retest_result = r.result
       FROM unnest($2::uuid[], $3::text[]) AS r(finding_id, result)
      WHERE af.audit_id = $1 AND af.finding_id = r.finding_id AND af.role = 'RETESTED'`),
    [auditId, results.map((r) => r.findingId), results.map((r) => r.result)],
  );
}

/** The findings an audit retests. */
export async function retestedFindingIds(tx: EntityManager, auditId: string): Promise<string[]> {
  const rows: { finding_id: string }[] = await tx.query(
    prepared(`SELECT finding_id FROM audit_findings WHERE audit_id = $1 AND role = 'RETESTED'`),
    [auditId],
  );
  return rows.map((r) => r.finding_id);
}
