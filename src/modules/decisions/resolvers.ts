import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { badUserInput } from '../../graphql/errors';
import { decodeGlobalId, toGlobalId } from '../../graphql/global-id';
import { parsePageArgs, projectionFor, selectsOnly, selectsPath, type Projection } from '../../graphql/pagination';
import { MODEL_VERSION_SUMMARY } from '../models/loaders';
import { globalIdKey, resolveEntityReference, resolveReference } from '../../graphql/references';
import { isOverrideActive, jurisdictionTier, type JurisdictionTier, type PathItem, type Reason } from '../../domain';
import { presentReason } from './reason-presentation';
import { storedOverride } from './stored-override';
import { policyInForce } from './policy-service';
import { explanationOf, pageExportDecisions } from './store';


const ISO = /^[A-Z]{2}$/;

/**
 * The ExportDecision fields served by a few columns (issue 12: a page of 100 decisions asked for
 * their outcome and version need not read eighteen columns each). Every resolver of these fields
 * reads only these properties; test/integration/api/read-on-demand.test.ts compares each with the whole row.
 */
export const DECISION_SUMMARY: Projection = {
  fields: new Set(['__typename', 'id', 'modelVersion', 'jurisdiction', 'tier', 'outcome', 'reasons', 'pathToEligibility', 'history']),
  columns: ['id', 'modelVersionId', 'jurisdictionId', 'tier', 'outcome', 'explanationId'],
};

export const decisionResolvers: Resolvers = {
  Query: {
    jurisdiction: (_p, { id }, ctx) => ctx.loaders.jurisdictionById.load(decodeGlobalId(id, 'Jurisdiction', ['id'])),
    jurisdictionByCode: (_p, { code }, ctx) => (ISO.test(code) ? ctx.loaders.jurisdictionByCode.load(code) : null),
    jurisdictions: async (_p, { tier }, ctx) => {
      const all = await ctx.loaders.allJurisdictions.load('all');
      if (!tier) return all;
      const policy = await policyInForce(ctx);
      return policy ? all.filter((j) => jurisdictionTier(policy.document, j.code) === tier) : [];
    },
    exportDecision: (_p, { id }, ctx) => ctx.loaders.exportDecisionById.load(decodeGlobalId(id, 'ExportDecision', ['id'])),
    exportDecisions: (_p, args, ctx, info) => {
      const f = args.filter ?? {};
      if (f.jurisdictionCode != null && !ISO.test(f.jurisdictionCode)) {
        throw badUserInput(`"${f.jurisdictionCode.slice(0, 10)}" is not an ISO 3166-1 alpha-2 code.`, [
          'filter',
          'jurisdictionCode',
        ]);
      }
      return pageExportDecisions(
        ctx.db,
        {
          jurisdictionCode: f.jurisdictionCode,
          modelVersionId:
            f.modelVersionId == null ? null : decodeGlobalId(f.modelVersionId, 'ModelVersion', ['filter', 'modelVersionId']),
          outcome: f.outcome,
          tier: f.tier,
          hasOverride: f.hasOverride,
          now: ctx.now,
        },
        { ...parsePageArgs(args, info), columns: projectionFor(info, DECISION_SUMMARY) },
        // The versions in the same statement when the nodes ask for their summary fields alone.
        selectsPath(info, ['edges', 'node', 'modelVersion']) && selectsOnly(info, MODEL_VERSION_SUMMARY.fields, ['edges', 'node', 'modelVersion'])
          ? { columns: MODEL_VERSION_SUMMARY.columns, loader: ctx.loaders.modelVersionSummaryById }
          : undefined,
      );
    },
    policyVersions: (_p, _a, ctx) => ctx.loaders.allPolicyVersions.load('all'),
    policyInForce: async (_p, { at }, ctx) => (await policyInForce(ctx, at ?? ctx.now))?.entity ?? null,
  },
  Jurisdiction: {
    __resolveReference: (ref, ctx) =>
      resolveEntityReference('Jurisdiction', ref, [
        globalIdKey('Jurisdiction', (id) => ctx.loaders.jurisdictionById.load(id)),
        { fields: ['code'], load: ([code]) => (ISO.test(code) ? ctx.loaders.jurisdictionByCode.load(code) : null) },
      ]),
    id: (j) => toGlobalId('Jurisdiction', j.id),
    tier: async (j, _a, ctx) => {
      const policy = await policyInForce(ctx);
      // Without any policy in force nothing is placed; TIER_3 is the conservative answer.
      return policy ? jurisdictionTier(policy.document, j.code) : 'TIER_3';
    },
  },
  ExportDecision: {
    __resolveReference: (ref, ctx) => resolveReference(ref, 'ExportDecision', ctx.loaders.exportDecisionById),
    id: (d) => toGlobalId('ExportDecision', d.id),
    // Only the version's summary columns when nothing else of it is asked for (issue 12, Q4).
    modelVersion: async (d, _a, ctx, info) =>
      (await (selectsOnly(info, MODEL_VERSION_SUMMARY.fields) ? ctx.loaders.modelVersionSummaryById : ctx.loaders.modelVersionById).load(d.modelVersionId))!,
    jurisdiction: async (d, _a, ctx) => (await ctx.loaders.jurisdictionById.load(d.jurisdictionId))!,
    tier: (d) => d.tier as JurisdictionTier,
    // Stored as the engine produced them (domain `Reason` / `PathItem`), once per distinct content.
    reasons: async (d, _a, ctx) => (await explanationOf(ctx.loaders, d.explanationId)).reasons as Reason[],
    pathToEligibility: async (d, _a, ctx) => (await explanationOf(ctx.loaders, d.explanationId)).pathToEligibility as PathItem[],
    override: (d, _a, ctx) => {
      const override = storedOverride(d);
      return override && isOverrideActive(override, ctx.now) ? override : null;
    },
    history: (d, _a, ctx) => ctx.loaders.decisionHistoryByDecision.load(d.id),
  },
  ExportDecisionChange: {
    reasons: async (c, _a, ctx) => (await explanationOf(ctx.loaders, c.explanationId)).reasons as Reason[],
  },
  // Served through presentReason: findings the viewer may not see are "an undisclosed finding".
  DecisionReason: {
    message: async (r, _a, ctx) => (await presentReason(ctx, r)).message,
    findingPublicIds: async (r, _a, ctx) => (await presentReason(ctx, r)).findingPublicIds,
    auditIds: (r) => r.refs?.auditIds ?? [],
  },
  EligibilityBlocker: {
    message: async (r, _a, ctx) => (await presentReason(ctx, r)).message,
    clearedBy: async (r, _a, ctx) => (await presentReason(ctx, r)).clearedBy ?? r.clearedBy,
    findingPublicIds: async (r, _a, ctx) => (await presentReason(ctx, r)).findingPublicIds,
  },
  PolicyVersion: {
    id: (p) => toGlobalId('PolicyVersion', p.id),
    document: (p) => JSON.stringify(p.document),
  },
};
