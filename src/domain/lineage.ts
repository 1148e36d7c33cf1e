/**
 * Model lineage (issue 19): a flaw follows the weights. A version names its parents with a
 * relation; an ancestor's finding applies to its descendants along every path whose relations
 * all inherit the finding's category (the policy's `inheritance` section), until a counting retest
 * of the descendant completed after the finding was reported, or a regulator's justified
 * "not affected", clears it for that descendant. Pure: facts and policy in, answers out.
 * See docs/lineage.md.
 */
import type { FindingCategory } from './enums';
import type { FindingFacts, ModelVersionFacts } from './facts';
import { isDismissed } from './finding-lifecycle';
import type { InheritancePolicy, InheritanceRelation, PolicyDocument } from './policy/policy-document';

export const LINEAGE_RELATIONS = ['FINE_TUNE', 'DISTILLATION', 'QUANTIZATION', 'MERGE', 'CONTINUED_PRETRAINING'] as const satisfies readonly InheritanceRelation[];
export type LineageRelation = InheritanceRelation;

/** One active "child derives from parent" edge. */
export interface LineageEdgeFact {
  childId: string;
  parentId: string;
  relation: LineageRelation;
  /** when it was declared (optional; `lineageAsOf` hides edges declared later) */
  declaredAt?: Date;
  /** when it was retracted (only on `LineageFacts.retractedEdges`; `lineageAsOf` applies it before then) */
  retractedAt?: Date | null;
}

/** What the rules need to know about an ancestor version. */
export interface LineageAncestorFact {
  id: string;
  name: string;
  developerId: string;
  trainingComputeOps: number | null;
}

/** A regulator's justified "not affected" of one finding on one descendant version. */
export interface NotAffectedFact {
  findingId: string;
  modelVersionId: string;
  justification: string;
  evidence: string;
  recordedBy: string;
  recordedAt: Date;
}

/** The version's ancestry, as the facts loader finds it. */
export interface LineageFacts {
  /** every active edge between the version and its ancestors (the ancestry subgraph) */
  edges: LineageEdgeFact[];
  /**
   * edges of the ancestry retracted since, with `declaredAt` and `retractedAt` (optional): never
   * used for now, only replayed by `lineageAsOf` for the time they stood
   */
  retractedEdges?: LineageEdgeFact[];
  ancestors: LineageAncestorFact[];
  /** every finding that lists an ancestor as affected */
  ancestorFindings: FindingFacts[];
  /** "not affected" records of findings on this version */
  notAffected: NotAffectedFact[];
}

/** One step of a path, from an ancestor down towards the descendant. */
export interface LineageStep {
  parentId: string;
  parentName: string;
  childId: string;
  childName: string;
  relation: LineageRelation;
}

export type InheritedStatus = 'OPEN' | 'CLEARED_BY_RETEST' | 'NOT_AFFECTED';

/** How an ancestor's finding stands on a descendant. */
export interface InheritedFinding {
  finding: FindingFacts;
  /** the affected ancestor the path starts at (the nearest one) */
  fromVersionId: string;
  fromVersionName: string;
  /** ancestor → … → this version; every relation on it inherits the finding's category */
  path: LineageStep[];
  status: InheritedStatus;
  /** what clears it on this descendant, or what did */
  clearedBy: string;
  notAffected: NotAffectedFact | null;
  /** the counting audit whose passing retest cleared it */
  clearedByAuditId: string | null;
}

/** The latest counting retest of a finding on the version (eligibility.ts computes it). */
export interface RetestStanding {
  at: number;
  passed: boolean;
  auditId: string;
  /** the audit as people know it (`auditLabel`: auditor and day), for reason texts */
  label: string;
}

/**
 * The ancestry as the registry knew it at `at` (for `factsAsOf`): the edges standing then —
 * declared by then and not yet retracted, so an edge retracted since still applies before its
 * retraction — the ancestors' findings as known then, "not affected" records made by then.
 */
export function lineageAsOf(lineage: LineageFacts, at: Date, findingAsOf: (f: FindingFacts) => FindingFacts | null): LineageFacts {
  const t = at.getTime();
  const standing = (e: LineageEdgeFact) => (!e.declaredAt || e.declaredAt.getTime() <= t) && (!e.retractedAt || t < e.retractedAt.getTime());
  const ancestorFindings: FindingFacts[] = [];
  for (const f of lineage.ancestorFindings) {
    const known = findingAsOf(f);
    if (known) ancestorFindings.push(known);
  }
  return {
    edges: [...lineage.edges, ...(lineage.retractedEdges ?? [])].filter(standing).map(({ retractedAt: _retracted, ...e }) => e),
    retractedEdges: [],
    ancestors: lineage.ancestors,
    ancestorFindings,
    notAffected: lineage.notAffected.filter((n) => n.recordedAt.getTime() <= t),
  };
}

/** Whether a finding of `category` passes along an edge of `relation` under this policy. */
export function relationInherits(inheritance: InheritancePolicy | undefined, relation: LineageRelation, category: FindingCategory): boolean {
  if (!inheritance) return false;
  return inheritance.rules.some(
    (r) => r.relations.includes(relation) && (r.categories === 'ALL' || r.categories.includes(category)),
  );
}

/** `path` as text: "Mythos 5 → DISTILLATION → Mythos 5 Mini". */
export function describePath(path: LineageStep[]): string {
  if (path.length === 0) return '';
  return path.map((s) => `${s.parentName} → ${s.relation} → `).join('') + path[path.length - 1]!.childName;
}

/**
 * For each finding category present among the ancestors' findings: a breadth-first walk up from
 * the version over the edges whose relation inherits that category, so every reached ancestor has
 * one shortest path. O(categories × edges); a cycle (which the registry refuses) cannot loop it.
 */
function reachableAncestors(
  versionId: string,
  edges: LineageEdgeFact[],
  inherits: (relation: LineageRelation) => boolean,
): Map<string, LineageEdgeFact | null> {
  const parentsOf = new Map<string, LineageEdgeFact[]>();
  for (const e of edges) {
    if (!inherits(e.relation)) continue;
    const list = parentsOf.get(e.childId);
    if (list) list.push(e);
    else parentsOf.set(e.childId, [e]);
  }
  // ancestor id → the edge by which the walk reached it (towards the version); the version → null
  const reached = new Map<string, LineageEdgeFact | null>([[versionId, null]]);
  let frontier = [versionId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of parentsOf.get(id) ?? []) {
        if (reached.has(e.parentId)) continue;
        reached.set(e.parentId, e);
        next.push(e.parentId);
      }
    }
    frontier = next;
  }
  return reached;
}

/**
 * The findings the version inherits from its ancestors, open or cleared, in public-id order.
 * Not inherited: findings that name the version itself (affected or fixed there: the direct rules
 * apply), dismissed findings, and findings no inheriting path carries. `retestOf` gives the latest
 * counting retest of a finding on this version.
 */
export function inheritedFindings(
  version: ModelVersionFacts,
  policy: PolicyDocument,
  retestOf: (findingId: string) => RetestStanding | undefined,
): InheritedFinding[] {
  const lineage = version.lineage;
  if (!lineage || lineage.edges.length === 0 || lineage.ancestorFindings.length === 0 || !policy.inheritance) return [];
  const inheritance = policy.inheritance;
  const names = new Map(lineage.ancestors.map((a) => [a.id, a.name]));
  const notAffected = new Map(lineage.notAffected.filter((n) => n.modelVersionId === version.id).map((n) => [n.findingId, n]));
  const walks = new Map<FindingCategory, Map<string, LineageEdgeFact | null>>();
  const result: InheritedFinding[] = [];

  for (const finding of lineage.ancestorFindings) {
    if (isDismissed(finding.status)) continue;
    if (finding.affectedVersionIds.includes(version.id) || finding.fixedInVersionId === version.id) continue;
    let reached = walks.get(finding.category);
    if (!reached) {
      reached = reachableAncestors(version.id, lineage.edges, (r) => relationInherits(inheritance, r, finding.category));
      walks.set(finding.category, reached);
    }
    // The nearest affected ancestor (shortest path; ties by id, so the answer is stable).
    let from: string | null = null;
    let fromDepth = Infinity;
    for (const affected of finding.affectedVersionIds) {
      if (affected === version.id || !reached.has(affected)) continue;
      const depth = pathTo(reached, affected).length;
      if (depth < fromDepth || (depth === fromDepth && from !== null && affected < from)) {
        from = affected;
        fromDepth = depth;
      }
    }
    if (from === null) continue;
    const path = pathTo(reached, from).map((e) => ({
      parentId: e.parentId,
      parentName: names.get(e.parentId) ?? e.parentId,
      childId: e.childId,
      childName: e.childId === version.id ? version.name : (names.get(e.childId) ?? e.childId),
      relation: e.relation,
    }));
    const fromName = names.get(from) ?? from;
    const na = notAffected.get(finding.id) ?? null;
    const retest = retestOf(finding.id);
    const retestCounts = retest !== undefined && retest.passed && retest.at >= finding.reportedAt.getTime();
    const pid = finding.publicId;
    let status: InheritedStatus;
    let clearedBy: string;
    if (na) {
      status = 'NOT_AFFECTED';
      clearedBy = `a regulator (${na.recordedBy}) recorded ${version.name} as not affected by ${pid}: ${na.justification}`;
    } else if (retestCounts) {
      status = 'CLEARED_BY_RETEST';
      clearedBy = `a passing retest of ${pid} on ${version.name} by a qualified, independent auditor, in ${retest.label}`;
    } else {
      status = 'OPEN';
      clearedBy =
        `${pid} is inherited from ${fromName} (${describePath(path)}): it clears on ${version.name} only with ` +
        `a passing retest of ${pid} on ${version.name} by a qualified, independent auditor, completed after ${pid} was reported, ` +
        `or a regulator's justified "not affected" with evidence; a fix or retest of ${fromName} does not clear it here`;
    }
    result.push({
      finding,
      fromVersionId: from,
      fromVersionName: fromName,
      path,
      status,
      clearedBy,
      notAffected: na,
      clearedByAuditId: status === 'CLEARED_BY_RETEST' ? retest!.auditId : null,
    });
  }
  return result.sort((a, b) => (a.finding.publicId < b.finding.publicId ? -1 : a.finding.publicId > b.finding.publicId ? 1 : 0));
}

/** The edges from `ancestor` down to the walk's start, in that order. */
function pathTo(reached: Map<string, LineageEdgeFact | null>, ancestor: string): LineageEdgeFact[] {
  const path: LineageEdgeFact[] = [];
  let edge = reached.get(ancestor) ?? null;
  while (edge) {
    path.push(edge);
    edge = reached.get(edge.childId) ?? null;
  }
  return path;
}

/** Every ancestor of the version with one shortest path (ancestor → … → version), nearest first. */
export function lineageAncestors(version: ModelVersionFacts): { versionId: string; depth: number; path: LineageStep[] }[] {
  const lineage = version.lineage;
  if (!lineage || lineage.edges.length === 0) return [];
  const names = new Map(lineage.ancestors.map((a) => [a.id, a.name]));
  const reached = reachableAncestors(version.id, lineage.edges, () => true);
  const result: { versionId: string; depth: number; path: LineageStep[] }[] = [];
  for (const id of reached.keys()) {
    if (id === version.id) continue;
    const path = pathTo(reached, id).map((e) => ({
      parentId: e.parentId,
      parentName: names.get(e.parentId) ?? e.parentId,
      childId: e.childId,
      childName: e.childId === version.id ? version.name : (names.get(e.childId) ?? e.childId),
      relation: e.relation,
    }));
    result.push({ versionId: id, depth: path.length, path });
  }
  // Map order is breadth-first: nearest first already; ties keep the walk's order.
  return result;
}

/**
 * Declaring `parentId` a parent of `childId` closes a cycle when the child is the parent or one of
 * the parent's ancestors. `parentAncestry` holds the active edges of the parent's ancestry. Returns
 * the ids of the would-be cycle (child, …, parent) or null.
 */
export function lineageCycle(childId: string, parentId: string, parentAncestry: LineageEdgeFact[]): string[] | null {
  if (childId === parentId) return [childId];
  const reached = reachableAncestors(parentId, parentAncestry, () => true);
  if (!reached.has(childId)) return null;
  // child → … → parent: the path from the child (an ancestor of the parent) down to the parent.
  return [childId, ...pathTo(reached, childId).map((e) => e.childId)];
}

/**
 * The training compute the rules see: the version's own plus, when the policy says so, that of
 * every distinct ancestor reachable through relations that carry compute (each counted once,
 * however many paths lead to it). Null when the version's own compute is unknown.
 */
export function effectiveTrainingCompute(version: ModelVersionFacts, policy: PolicyDocument): number | null {
  const own = version.trainingComputeOps;
  const carries = policy.inheritance?.trainingCompute?.relations;
  const lineage = version.lineage;
  if (own === null || !carries || carries.length === 0 || !lineage || lineage.edges.length === 0) return own;
  const reached = reachableAncestors(version.id, lineage.edges, (r) => carries.includes(r));
  let total = own;
  for (const a of lineage.ancestors) {
    if (a.id !== version.id && reached.has(a.id) && a.trainingComputeOps !== null) total += a.trainingComputeOps;
  }
  return total;
}
