/**
 * The SQL of model lineage (issue 19): declarations and retractions of parents, "not affected"
 * records, and the two walks — up to the ancestors, down to the descendants — each one recursive
 * CTE over the active edges, whatever the depth (docs/lineage.md, "Recursive CTE, not a closure table").
 * Every function takes the manager it must read through: inside a write, the transaction's.
 */
import type { EntityManager } from 'typeorm';
import type { FindingFacts, LineageAncestorFact, LineageEdgeFact, LineageFacts, LineageRelation, NotAffectedFact } from '../../domain';
import { prepared } from '../../persistence/prepared-statements';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One stored declaration (active or retracted). */
export interface LineageDeclarationRow {
  id: string;
  childVersionId: string;
  parentVersionId: string;
  relation: LineageRelation;
  note: string | null;
  declaredBy: string;
  declaredAt: Date;
  retractedAt: Date | null;
  retractedBy: string | null;
  retractionReason: string | null;
}

const DECLARATION_COLUMNS = `id, child_version_id::text AS "childVersionId", parent_version_id::text AS "parentVersionId", relation, note,
  declared_by AS "declaredBy", declared_at AS "declaredAt", retracted_at AS "retractedAt", retracted_by AS "retractedBy",
  retraction_reason AS "retractionReason"`;

/**
 * The edges above the given versions, with each parent's facts and its affected findings (1
 * statement): the active ones only, or (`withRetracted`) every declaration ever made, so as-of
 * evaluation replays a retracted edge for the time it stood.
 */
const ancestrySql = (withRetracted: boolean) => {
  const active = withRetracted ? 'TRUE' : 'l.retracted_at IS NULL';
  return `
  WITH RECURSIVE up AS (
    SELECT l.child_version_id, l.parent_version_id, l.relation, l.declared_at, l.retracted_at
      FROM model_version_lineage l WHERE ${active} AND l.child_version_id = ANY($1::uuid[])
    UNION
    SELECT l.child_version_id, l.parent_version_id, l.relation, l.declared_at, l.retracted_at
      FROM model_version_lineage l JOIN up ON l.child_version_id = up.parent_version_id WHERE ${active}
  )
  SELECT up.child_version_id::text AS child_id, up.parent_version_id::text AS parent_id, up.relation, up.declared_at, up.retracted_at,
         p.name AS parent_name, p.developer_id::text AS parent_developer_id, p.training_compute_ops AS parent_compute,
         (SELECT coalesce(array_agg(fav.finding_id::text), '{}') FROM finding_affected_versions fav
           WHERE fav.model_version_id = up.parent_version_id) AS parent_finding_ids
    FROM up JOIN model_versions p ON p.id = up.parent_version_id`;
};
const ANCESTRY_SQL = prepared(ancestrySql(false));
const ANCESTRY_WITH_RETRACTED_SQL = prepared(ancestrySql(true));

/** The active edges below the given versions (1 statement). */
const DESCENT_SQL = prepared(`
  WITH RECURSIVE down AS (
    SELECT l.child_version_id, l.parent_version_id, l.relation
      FROM model_version_lineage l WHERE l.retracted_at IS NULL AND l.parent_version_id = ANY($1::uuid[])
    UNION
    SELECT l.child_version_id, l.parent_version_id, l.relation
      FROM model_version_lineage l JOIN down ON l.parent_version_id = down.child_version_id WHERE l.retracted_at IS NULL
  )
  SELECT child_version_id::text AS child_id, parent_version_id::text AS parent_id, relation FROM down`);

/** Ancestry of many versions at once, ready to hand each version its `LineageFacts`. */
export interface LoadedLineage {
  /** every finding that lists some ancestor as affected (to load with the version's own findings) */
  findingIds: string[];
  /** the version's lineage facts, or undefined when it has no parents */
  factsFor(versionId: string, findings: Map<string, FindingFacts>): LineageFacts | undefined;
}

const NO_LINEAGE: LoadedLineage = { findingIds: [], factsFor: () => undefined };

/**
 * The ancestry of the given versions, retracted edges included (for as-of replay; the facts keep
 * them apart from the active ones): one statement, plus one for "not affected" records when any
 * of them has or had parents.
 */
export async function loadLineage(m: EntityManager, versionIds: string[]): Promise<LoadedLineage> {
  if (versionIds.length === 0) return NO_LINEAGE;
  const rows: Row[] = await m.query(ANCESTRY_WITH_RETRACTED_SQL, [versionIds]);
  if (rows.length === 0) return NO_LINEAGE;
  const notAffectedRows: Row[] = await m.query(
    prepared(`SELECT finding_id::text AS finding_id, model_version_id::text AS model_version_id, justification, evidence, recorded_by, recorded_at
       FROM lineage_not_affected WHERE model_version_id = ANY($1::uuid[])`),
    [versionIds],
  );
  const parentsOf = new Map<string, LineageEdgeFact[]>();
  const ancestors = new Map<string, LineageAncestorFact>();
  const findingsOf = new Map<string, string[]>();
  for (const r of rows) {
    const edge: LineageEdgeFact = { childId: r.child_id, parentId: r.parent_id, relation: r.relation, declaredAt: r.declared_at, retractedAt: r.retracted_at };
    const list = parentsOf.get(edge.childId);
    if (list) list.push(edge);
    else parentsOf.set(edge.childId, [edge]);
    ancestors.set(r.parent_id, {
      id: r.parent_id,
      name: r.parent_name,
      developerId: r.parent_developer_id,
      trainingComputeOps: r.parent_compute,
    });
    findingsOf.set(r.parent_id, r.parent_finding_ids);
  }
  const notAffected = new Map<string, NotAffectedFact[]>();
  for (const r of notAffectedRows) {
    const fact: NotAffectedFact = {
      findingId: r.finding_id,
      modelVersionId: r.model_version_id,
      justification: r.justification,
      evidence: r.evidence,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    };
    const list = notAffected.get(fact.modelVersionId);
    if (list) list.push(fact);
    else notAffected.set(fact.modelVersionId, [fact]);
  }
  return {
    findingIds: [...new Set([...findingsOf.values()].flat())],
    factsFor(versionId, findings) {
      if (!parentsOf.has(versionId)) return undefined;
      // This version's part of the union: walk up from it (over retracted edges too, which go apart).
      const edges: LineageEdgeFact[] = [];
      const retractedEdges: LineageEdgeFact[] = [];
      const seen = new Set([versionId]);
      const ancestorIds: string[] = [];
      let frontier = [versionId];
      while (frontier.length > 0) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const e of parentsOf.get(id) ?? []) {
            if (e.retractedAt) retractedEdges.push(e);
            else edges.push({ childId: e.childId, parentId: e.parentId, relation: e.relation, declaredAt: e.declaredAt });
            if (seen.has(e.parentId)) continue;
            seen.add(e.parentId);
            ancestorIds.push(e.parentId);
            next.push(e.parentId);
          }
        }
        frontier = next;
      }
      const findingIds = new Set(ancestorIds.flatMap((id) => findingsOf.get(id) ?? []));
      return {
        edges,
        retractedEdges,
        ancestors: ancestorIds.map((id) => ancestors.get(id)!),
        ancestorFindings: [...findingIds].map((id) => findings.get(id)).filter((f): f is FindingFacts => f !== undefined),
        notAffected: notAffected.get(versionId) ?? [],
      };
    },
  };
}

/** The active edges below the given versions (1 statement). */
export async function loadDescentEdges(m: EntityManager, versionIds: string[]): Promise<LineageEdgeFact[]> {
  if (versionIds.length === 0) return [];
  const rows: Row[] = await m.query(DESCENT_SQL, [versionIds]);
  return rows.map((r) => ({ childId: r.child_id, parentId: r.parent_id, relation: r.relation }));
}

/** The given versions and all their descendants, each once (1 statement). */
export async function withDescendants(m: EntityManager, versionIds: string[]): Promise<string[]> {
  const edges = await loadDescentEdges(m, versionIds);
  return [...new Set([...versionIds, ...edges.map((e) => e.childId)])];
}

/** The active edges above one version (for the cycle check inside a declaration; 1 statement). */
export async function loadAncestryEdges(m: EntityManager, versionId: string): Promise<LineageEdgeFact[]> {
  const rows: Row[] = await m.query(ANCESTRY_SQL, [[versionId]]);
  return rows.map((r) => ({ childId: r.child_id, parentId: r.parent_id, relation: r.relation, declaredAt: r.declared_at }));
}

/**
 * Declarations serialise on one advisory lock, so two that would close a cycle together (A under B
 * and B under A at once) cannot both pass the check. Lineage changes are rare; the lock is short.
 */
export async function lockLineage(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('model_version_lineage', 0))`);
}

export async function activeDeclaration(m: EntityManager, childId: string, parentId: string): Promise<LineageDeclarationRow | null> {
  const [row]: LineageDeclarationRow[] = await m.query(
    `SELECT ${DECLARATION_COLUMNS} FROM model_version_lineage
      WHERE child_version_id = $1 AND parent_version_id = $2 AND retracted_at IS NULL`,
    [childId, parentId],
  );
  return row ?? null;
}

export async function insertDeclaration(
  m: EntityManager,
  d: { childId: string; parentId: string; relation: LineageRelation; note: string | null; actor: string; organizationId: string | null; at: Date },
): Promise<string> {
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO model_version_lineage (child_version_id, parent_version_id, relation, note, declared_by, declared_by_organization_id, declared_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [d.childId, d.parentId, d.relation, d.note, d.actor, d.organizationId, d.at],
  );
  return row!.id;
}

export async function retractDeclaration(m: EntityManager, id: string, actor: string, reason: string, at: Date): Promise<void> {
  await m.query(
    `UPDATE model_version_lineage SET retracted_at = $2, retracted_by = $3, retraction_reason = $4 WHERE id = $1`,
    [id, at, actor, reason],
  );
}

export async function insertNotAffected(
  m: EntityManager,
  n: { findingId: string; versionId: string; justification: string; evidence: string; actor: string; at: Date },
): Promise<void> {
  await m.query(
    `INSERT INTO lineage_not_affected (finding_id, model_version_id, justification, evidence, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [n.findingId, n.versionId, n.justification, n.evidence, n.actor, n.at],
  );
}

/** Every declaration (active and retracted) naming each version as the child, oldest first (1 statement). */
export async function declarationsByChild(m: EntityManager, versionIds: readonly string[]): Promise<Map<string, LineageDeclarationRow[]>> {
  const rows: LineageDeclarationRow[] = await m.query(
    `SELECT ${DECLARATION_COLUMNS} FROM model_version_lineage WHERE child_version_id = ANY($1::uuid[]) ORDER BY declared_at, id`,
    [[...versionIds]],
  );
  const by = new Map<string, LineageDeclarationRow[]>(versionIds.map((id) => [id, []]));
  for (const r of rows) by.get(r.childVersionId)?.push(r);
  return by;
}

/** The active declarations naming each version as the parent, oldest first (1 statement). */
export async function activeDeclarationsByParent(m: EntityManager, versionIds: readonly string[]): Promise<Map<string, LineageDeclarationRow[]>> {
  const rows: LineageDeclarationRow[] = await m.query(
    `SELECT ${DECLARATION_COLUMNS} FROM model_version_lineage
      WHERE parent_version_id = ANY($1::uuid[]) AND retracted_at IS NULL ORDER BY declared_at, id`,
    [[...versionIds]],
  );
  const by = new Map<string, LineageDeclarationRow[]>(versionIds.map((id) => [id, []]));
  for (const r of rows) by.get(r.parentVersionId)?.push(r);
  return by;
}
