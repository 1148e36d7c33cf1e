/**
 * Lineage in the API (issue 19): a version's parents, children, history, ancestors and inherited
 * findings, and a finding's blast radius. Every list goes through a per-operation loader; the
 * decisions come from the domain (inheritedFindingsAt, lineageAncestors), never from here.
 */
import { inheritedFindingsAt, lineageAncestors, type LineageEdgeFact } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { mayViewDetailsGrants } from '../access/rules';
import { policyInForce } from '../decisions/policy-service';
import { visibleFinding, withVisibleFindings } from '../findings/visibility';
import { lineageLoaders } from './loaders';
import type { BlastRadiusEntryModel } from './models';
import { grantInheritedFindingDetails, revokeInheritedFindingDetails, type DetailsGrantRef } from './details-grants';
import { declareLineage, recordNotAffected, retractLineage } from './mutations';

async function inheritedOf(ctx: GraphQLContext, versionId: string) {
  const [facts, policy] = await Promise.all([ctx.loaders.versionFacts.load(versionId), policyInForce(ctx)]);
  if (!facts || !policy) return [];
  return inheritedFindingsAt(facts, policy.document, ctx.now);
}

/** Direct versions first (in the finding's order), then descendants nearest first. */
async function blastRadius(ctx: GraphQLContext, findingId: string): Promise<BlastRadiusEntryModel[]> {
  const facts = await ctx.loaders.findingFacts.load(findingId);
  if (!facts) return [];
  const l = lineageLoaders(ctx);
  const direct = facts.affectedVersionIds;
  const below = (await Promise.all(direct.map((id) => l.descentByVersion.load(id)))).flat();
  const directSet = new Set(direct);
  const descendants = [...new Set(below.map((e: LineageEdgeFact) => e.childId))].filter((id) => !directSet.has(id));
  const [policy, descendantFacts, outcomes] = await Promise.all([
    policyInForce(ctx),
    Promise.all(descendants.map((id) => ctx.loaders.versionFacts.load(id))),
    Promise.all([...direct, ...descendants].map((id) => l.tierOutcomesByVersion.load(id))),
  ]);
  const outcomesOf = new Map([...direct, ...descendants].map((id, i) => [id, outcomes[i]!]));
  const entries: BlastRadiusEntryModel[] = direct.map((id) => ({ versionId: id, reach: 'DIRECT', path: [], status: 'OPEN', outcomes: outcomesOf.get(id)! }));
  if (!policy) return entries;
  const inherited: BlastRadiusEntryModel[] = [];
  for (const vf of descendantFacts) {
    if (!vf) continue;
    const hit = inheritedFindingsAt(vf, policy.document, ctx.now).find((i) => i.finding.id === findingId);
    if (hit) inherited.push({ versionId: vf.id, reach: 'INHERITED', path: hit.path, status: hit.status, outcomes: outcomesOf.get(vf.id)! });
  }
  inherited.sort((a, b) => a.path.length - b.path.length || (a.versionId < b.versionId ? -1 : 1));
  return [...entries, ...inherited];
}

export const lineageResolvers: Resolvers = {
  ModelVersion: {
    parents: async (v, _a, ctx) => (await lineageLoaders(ctx).declarationsByChild.load(v.id)).filter((d) => d.retractedAt === null),
    children: (v, _a, ctx) => lineageLoaders(ctx).childrenByParent.load(v.id),
    lineageHistory: (v, _a, ctx) => lineageLoaders(ctx).declarationsByChild.load(v.id),
    ancestors: async (v, _a, ctx) => {
      const facts = await ctx.loaders.versionFacts.load(v.id);
      return facts ? lineageAncestors(facts) : [];
    },
    // Only findings the viewer may see at all (undisclosed ones are hidden from the public, as everywhere).
    inheritedFindings: async (v, _a, ctx) => withVisibleFindings(ctx, await inheritedOf(ctx, v.id), (i) => i.finding.id),
  },
  Finding: {
    blastRadius: (f, _a, ctx) => blastRadius(ctx, f.id),
  },
  LineageLink: {
    parent: (d, _a, ctx) => ctx.loaders.modelVersionById.load(d.parentVersionId).then((v) => v!),
    child: (d, _a, ctx) => ctx.loaders.modelVersionById.load(d.childVersionId).then((v) => v!),
  },
  LineageStep: {
    parent: (s, _a, ctx) => ctx.loaders.modelVersionById.load(s.parentId).then((v) => v!),
    child: (s, _a, ctx) => ctx.loaders.modelVersionById.load(s.childId).then((v) => v!),
  },
  LineageAncestor: {
    modelVersion: (a, _a, ctx) => ctx.loaders.modelVersionById.load(a.versionId).then((v) => v!),
  },
  InheritedFinding: {
    // The summary-level Finding; its restricted details keep their own rule (the ancestor's developer,
    // its auditors, government staff, a descendant's developer under a regulator's standing grant).
    finding: async (i, _a, ctx) => visibleFinding(ctx, await ctx.loaders.findingById.load(i.finding.id)),
    inheritedFrom: (i, _a, ctx) => ctx.loaders.modelVersionById.load(i.fromVersionId).then((v) => v!),
    clearedByAudit: (i, _a, ctx) => (i.clearedByAuditId ? ctx.loaders.auditById.load(i.clearedByAuditId) : null),
    detailsGrants: async (i, _a, ctx) => {
      const versionId = i.path[i.path.length - 1]?.childId;
      if (!versionId) return [];
      const [version, finding] = await Promise.all([ctx.loaders.modelVersionById.load(versionId), ctx.loaders.findingById.load(i.finding.id)]);
      if (!version || !finding) return [];
      if (!mayViewDetailsGrants(ctx.viewer, { versionDeveloperId: version.developerId, findingDeveloperId: finding.developerId })) return [];
      return (await lineageLoaders(ctx).detailsGrantsByVersion.load(versionId)).filter((g) => g.findingId === i.finding.id);
    },
  },
  InheritedFindingDetailsGrant: {
    modelVersion: (g, _a, ctx) => ctx.loaders.modelVersionById.load(g.modelVersionId).then((v) => v!),
    grantee: (g, _a, ctx) => ctx.loaders.organizationById.load(g.granteeOrganizationId).then((o) => o!),
  },
  BlastRadiusEntry: {
    modelVersion: (e, _a, ctx) => ctx.loaders.modelVersionById.load(e.versionId).then((v) => v!),
  },
  Mutation: {
    declareLineage: (_p, { input }, ctx) => lineagePayload(ctx, declareLineage(ctx, input)),
    retractLineage: (_p, { input }, ctx) => lineagePayload(ctx, retractLineage(ctx, input)),
    recordNotAffected: (_p, { input }, ctx) => lineagePayload(ctx, recordNotAffected(ctx, input)),
    grantInheritedFindingDetails: (_p, { input }, ctx) => grantPayload(ctx, grantInheritedFindingDetails(ctx, input)),
    revokeInheritedFindingDetails: (_p, { input }, ctx) => grantPayload(ctx, revokeInheritedFindingDetails(ctx, input)),
  },
};

async function lineagePayload(ctx: GraphQLContext, outcome: ReturnType<typeof declareLineage>) {
  const { result, errors } = await outcome;
  return { modelVersion: result ? await ctx.loaders.modelVersionById.load(result.modelVersionId) : null, errors };
}

async function grantPayload(ctx: GraphQLContext, outcome: Promise<{ result: DetailsGrantRef | null; errors: { code: string; message: string; path: string[] }[] }>) {
  const { result, errors } = await outcome;
  return { grant: result ? await lineageLoaders(ctx).detailsGrantById.load(result.grantId) : null, errors };
}
