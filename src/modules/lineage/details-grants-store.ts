/**
 * The SQL of regulators' grants of an inherited finding's restricted details to the developer of a
 * derived version (issue 19, "across developers"). A revocation stamps the row; rows are never
 * deleted, so they are the history. Every function takes the manager it must read through.
 */
import type { EntityManager } from 'typeorm';

/** One stored grant (standing or revoked). */
export interface DetailsGrantRow {
  id: string;
  findingId: string;
  modelVersionId: string;
  granteeOrganizationId: string;
  justification: string;
  grantedBy: string;
  grantedAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revocationReason: string | null;
}

const GRANT_COLUMNS = `id, finding_id::text AS "findingId", model_version_id::text AS "modelVersionId",
  grantee_organization_id::text AS "granteeOrganizationId", justification, granted_by AS "grantedBy", granted_at AS "grantedAt",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy", revocation_reason AS "revocationReason"`;

/** The standing grant of the finding's details on the version, if any (locks it for the write). */
export async function standingGrant(m: EntityManager, findingId: string, versionId: string): Promise<DetailsGrantRow | null> {
  const [row]: DetailsGrantRow[] = await m.query(
    `SELECT ${GRANT_COLUMNS} FROM inherited_finding_details_grants
      WHERE finding_id = $1 AND model_version_id = $2 AND revoked_at IS NULL FOR UPDATE`,
    [findingId, versionId],
  );
  return row ?? null;
}

export async function insertGrant(
  m: EntityManager,
  g: { findingId: string; versionId: string; granteeOrganizationId: string; justification: string; actor: string; at: Date },
): Promise<DetailsGrantRow> {
  const [row]: DetailsGrantRow[] = await m.query(
    `INSERT INTO inherited_finding_details_grants (finding_id, model_version_id, grantee_organization_id, justification, granted_by, granted_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${GRANT_COLUMNS}`,
    [g.findingId, g.versionId, g.granteeOrganizationId, g.justification, g.actor, g.at],
  );
  return row!;
}

export async function revokeGrant(m: EntityManager, id: string, actor: string, reason: string, at: Date): Promise<DetailsGrantRow> {
  const [[row]]: [DetailsGrantRow[], number] = await m.query(
    `UPDATE inherited_finding_details_grants SET revoked_at = $2, revoked_by = $3, revocation_reason = $4 WHERE id = $1 RETURNING ${GRANT_COLUMNS}`,
    [id, at, actor, reason],
  );
  return row!;
}

/** The organizations holding a standing grant of each finding's details (1 statement). */
export async function standingGranteesByFinding(m: EntityManager, findingIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows: { findingId: string; organizationId: string }[] = await m.query(
    `SELECT DISTINCT finding_id::text AS "findingId", grantee_organization_id::text AS "organizationId"
       FROM inherited_finding_details_grants WHERE finding_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
    [[...findingIds]],
  );
  const by = new Map<string, string[]>(findingIds.map((id) => [id, []]));
  for (const r of rows) by.get(r.findingId)?.push(r.organizationId);
  return by;
}

/** Every grant (standing and revoked) on each version, oldest first (1 statement). */
export async function grantsByVersion(m: EntityManager, versionIds: readonly string[]): Promise<Map<string, DetailsGrantRow[]>> {
  const rows: DetailsGrantRow[] = await m.query(
    `SELECT ${GRANT_COLUMNS} FROM inherited_finding_details_grants WHERE model_version_id = ANY($1::uuid[]) ORDER BY granted_at, id`,
    [[...versionIds]],
  );
  const by = new Map<string, DetailsGrantRow[]>(versionIds.map((id) => [id, []]));
  for (const r of rows) by.get(r.modelVersionId)?.push(r);
  return by;
}

/** The grants with these ids (1 statement). */
export async function grantsById(m: EntityManager, ids: readonly string[]): Promise<Map<string, DetailsGrantRow>> {
  const rows: DetailsGrantRow[] = await m.query(`SELECT ${GRANT_COLUMNS} FROM inherited_finding_details_grants WHERE id = ANY($1::uuid[])`, [[...ids]]);
  return new Map(rows.map((r) => [r.id, r]));
}
