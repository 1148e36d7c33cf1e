/**
 * The regulator's policy instruments in the API: `simulatePolicy` (what-if of a draft) and
 * `policyDiff` (what changed between two published versions). Thin: decode, call the use case
 * or the domain, map.
 */
import { diffPolicies, overrideTimeline, type DecisionChange, type PolicyChange, type PolicyDocument } from '../../domain';
import { badUserInput } from '../../graphql/errors';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { encodeCursor, parsePageArgs } from '../../graphql/pagination';
import type { PolicyVersionEntity } from '../../persistence/entities';
import { runPolicySimulation } from './simulation-service';

export interface PolicyDiffModel {
  from: PolicyVersionEntity;
  to: PolicyVersionEntity;
  changes: PolicyChange[];
}

/** Cursors of `PolicySimulation.changes` are tagged, so a cursor of another connection is refused. */
const CHANGE_CURSOR_TAG = 'simulated_change';

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** The first change after (version id, jurisdiction code), in the simulation's order. */
function startAfter(changes: DecisionChange[], versionId: string, code: string): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = changes[mid]!;
    const after = c.modelVersionId > versionId || (c.modelVersionId === versionId && c.jurisdictionCode > code);
    if (after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const policyInstrumentResolvers: Resolvers = {
  Query: {
    simulatePolicy: (_p, { input }, ctx) => runPolicySimulation(ctx, input),
    policyDiff: async (_p, { from, to }, ctx) => {
      const versions = await ctx.loaders.allPolicyVersions.load('all');
      const find = (label: string, argument: string) => {
        const v = versions.find((p) => p.version === label);
        if (!v) throw badUserInput(`No policy version "${label.slice(0, 50)}" is published.`, [argument]);
        return v;
      };
      const a = find(from, 'from');
      const b = find(to, 'to');
      return { from: a, to: b, changes: diffPolicies(a.document as PolicyDocument, b.document as PolicyDocument) };
    },
  },
  PolicySimulation: {
    currentPolicyVersion: (s) => s.currentVersion,
    draftPolicyVersion: (s) => s.draftVersion,
    evaluatedDecisions: (s) => s.evaluated,
    changedDecisions: (s) => s.changes.length,
    documentChanges: (s) => s.documentChanges,
    changes: (s, args) => {
      if ((args as { last?: unknown }).last != null) throw badUserInput('Page forwards with "first".', ['last']);
      const page = parsePageArgs({ first: args.first, after: args.after });
      let start = 0;
      if (page.after) {
        if (page.after.tag !== CHANGE_CURSOR_TAG) throw badUserInput('Argument "after" is not a cursor of this connection.', ['after']);
        start = startAfter(s.changes, page.after.id, page.after.key);
      }
      const slice = s.changes.slice(start, start + page.limit);
      const edges = slice.map((node) => ({ cursor: encodeCursor(node.jurisdictionCode, node.modelVersionId, CHANGE_CURSOR_TAG), node }));
      return {
        edges,
        totalCount: s.changes.length,
        pageInfo: {
          hasNextPage: start + slice.length < s.changes.length,
          hasPreviousPage: start > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    },
  },
  SimulatedDecisionChange: {
    modelVersion: async (c, _a, ctx) => (await ctx.loaders.modelVersionById.load(c.modelVersionId))!,
    jurisdiction: async (c, _a, ctx) => (await ctx.loaders.jurisdictionByCode.load(c.jurisdictionCode))!,
  },
  SimulatedDeadlineChange: {
    finding: async (c, _a, ctx) => (await ctx.loaders.findingById.load(c.findingId))!,
  },
  SimulatedDisclosureChange: {
    finding: async (c, _a, ctx) => (await ctx.loaders.findingById.load(c.findingId))!,
  },
  ExportDecision: {
    overrideHistory: async (d, _a, ctx) => {
      const [histories, jurisdiction] = await Promise.all([
        ctx.loaders.overrideHistoryByVersion.load(d.modelVersionId),
        ctx.loaders.jurisdictionById.load(d.jurisdictionId),
      ]);
      return overrideTimeline(histories.get(jurisdiction!.code) ?? [], ctx.now);
    },
  },
  PolicyChange: {
    before: (c) => json(c.before),
    after: (c) => json(c.after),
  },
};
