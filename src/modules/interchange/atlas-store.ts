/** Reads of the ATLAS reference tables, and the check of new findings' ATLAS references. */
import type { DataSource, EntityManager } from 'typeorm';
import type { InputChecks } from '../shared/unit-of-work';
import { ATLAS_RENAMES } from './atlas-status';
import { SHIPPED_ATLAS_RELEASE, type AtlasMaturityValue } from './atlas-release';
import type { AtlasTechniqueRecord } from './loaders';

const ATLAS_ID = /^AML\.T\d{4}(\.\d{3})?$/;

/**
 * A new finding's MITRE ATLAS references must name a technique of the shipped release: an id the
 * release lacks is UNKNOWN_ATLAS_TECHNIQUE at `references.<i>.identifier` (with the successor
 * when the rename map knows one). Ids not in ATLAS form are left to the caller's format check.
 * One statement for all references.
 */
export async function checkAtlasReferences(
  tx: EntityManager,
  refs: readonly { system: string; identifier: string }[],
  checks: InputChecks,
): Promise<void> {
  const candidates = refs.map((r, i) => ({ r, i })).filter(({ r }) => r.system === 'MITRE_ATLAS' && ATLAS_ID.test(r.identifier));
  if (candidates.length === 0) return;
  const rows: { id: string }[] = await tx.query('SELECT id FROM atlas_techniques WHERE id = ANY($1::text[])', [
    candidates.map((c) => c.r.identifier),
  ]);
  const known = new Set(rows.map((r) => r.id));
  for (const { r, i } of candidates) {
    if (known.has(r.identifier)) continue;
    const rename = ATLAS_RENAMES[r.identifier];
    const hint = rename?.to ? ` It became ${rename.to} in ATLAS ${rename.since}; use that id.` : '';
    checks.add('UNKNOWN_ATLAS_TECHNIQUE', `${r.identifier} is not a technique of ATLAS ${SHIPPED_ATLAS_RELEASE}.${hint}`, ['references', i, 'identifier']);
  }
}

export interface AtlasTechniqueQuery {
  tacticIds?: readonly string[] | null;
  maturity?: readonly AtlasMaturityValue[] | null;
  topLevel?: boolean | null;
  text?: string | null;
}

export async function listAtlasTechniques(db: DataSource, q: AtlasTechniqueQuery): Promise<AtlasTechniqueRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.tacticIds?.length) {
    params.push([...q.tacticIds]);
    where.push(`EXISTS (SELECT 1 FROM atlas_technique_tactics tt WHERE tt.technique_id = t.id AND tt.tactic_id = ANY($${params.length}::text[]))`);
  }
  if (q.maturity?.length) {
    params.push([...q.maturity]);
    where.push(`t.maturity = ANY($${params.length}::text[])`);
  }
  if (q.topLevel != null) where.push(q.topLevel ? 't.parent_id IS NULL' : 't.parent_id IS NOT NULL');
  if (q.text) {
    params.push(`%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(t.id ILIKE $${params.length} OR t.name ILIKE $${params.length})`);
  }
  return db.query(
    `SELECT t.id, t.name, t.description, t.maturity, t.parent_id AS "parentId", t.release FROM atlas_techniques t
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.id`,
    params,
  );
}
