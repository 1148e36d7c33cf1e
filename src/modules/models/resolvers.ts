import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { decodeGlobalId, toGlobalId } from '../../graphql/global-id';
import { parsePageArgs, selectsField, selectsOnly } from '../../graphql/pagination';
import { globalIdKey, resolveEntityReference, resolveReference } from '../../graphql/references';
import { FINDING_SUMMARY } from '../findings/loaders';
import { visibleFindings } from '../findings/visibility';
import { pageModels, pageModelVersions } from './store';

const opt = (id: string | null | undefined, type: 'Organization' | 'Model', path: string[]) =>
  id == null ? null : decodeGlobalId(id, type, path);

export const modelResolvers: Resolvers = {
  Query: {
    model: (_p, { id }, ctx) => ctx.loaders.modelById.load(decodeGlobalId(id, 'Model', ['id'])),
    models: (_p, args, ctx, info) =>
      pageModels(ctx.db, opt(args.developerId, 'Organization', ['developerId']), parsePageArgs(args, info)),
    // With its developer in the same statement when the developer is asked for.
    modelVersion: (_p, { id }, ctx, info) =>
      (selectsField(info, 'developer') || selectsField(info, 'developerName')
        ? ctx.loaders.modelVersionWithDeveloperById
        : ctx.loaders.modelVersionById
      ).load(decodeGlobalId(id, 'ModelVersion', ['id'])),
    modelVersions: (_p, args, ctx, info) =>
      pageModelVersions(
        ctx.db,
        {
          developerId: opt(args.filter?.developerId, 'Organization', ['filter', 'developerId']),
          modelId: opt(args.filter?.modelId, 'Model', ['filter', 'modelId']),
          accessStatus: args.filter?.accessStatus,
          capabilityDomain: args.filter?.capabilityDomain,
        },
        parsePageArgs(args, info),
      ),
  },
  Model: {
    __resolveReference: (ref, ctx) => resolveReference(ref, 'Model', ctx.loaders.modelById),
    id: (m) => toGlobalId('Model', m.id),
    developer: async (m, _a, ctx) => (await ctx.loaders.organizationById.load(m.developerId))!,
    versions: (m, _a, ctx) => ctx.loaders.versionsByModel.load(m.id),
  },
  ModelVersion: {
    __resolveReference: (ref, ctx) =>
      resolveEntityReference('ModelVersion', ref, [
        globalIdKey('ModelVersion', (id) => ctx.loaders.modelVersionById.load(id)),
        {
          fields: ['developerName', 'modelName', 'name'],
          load: ([developerName, modelName, name]) =>
            ctx.loaders.modelVersionByNaturalKey.load({ developerName, modelName, name }),
        },
      ]),
    id: (v) => toGlobalId('ModelVersion', v.id),
    developerName: async (v, _a, ctx) => (await ctx.loaders.organizationById.load(v.developerId))!.name,
    modelName: async (v, _a, ctx) => (await ctx.loaders.modelById.load(v.modelId))!.name,
    model: async (v, _a, ctx) => (await ctx.loaders.modelById.load(v.modelId))!,
    developer: async (v, _a, ctx) => (await ctx.loaders.organizationById.load(v.developerId))!,
    accessStatusHistory: (v, _a, ctx) => ctx.loaders.accessStatusHistoryByVersion.load(v.id),
    // Only the columns the summary fields need when nothing else is asked for (issue 12).
    findings: async (v, _a, ctx, info) =>
      visibleFindings(
        ctx,
        await (selectsOnly(info, FINDING_SUMMARY.fields) ? ctx.loaders.findingSummariesByAffectedVersion : ctx.loaders.findingsByAffectedVersion).load(v.id),
      ),
    fixedFindings: async (v, _a, ctx) => visibleFindings(ctx, await ctx.loaders.findingsByFixedVersion.load(v.id)),
    // With each audit's auditor in the same statement when the auditor is asked for.
    audits: (v, _a, ctx, info) =>
      (selectsField(info, 'auditor') ? ctx.loaders.auditsWithAuditorByVersion : ctx.loaders.auditsByVersion).load(v.id),
    exportDecisions: (v, _a, ctx) => ctx.loaders.exportDecisionsByVersion.load(v.id),
  },
  AccessStatusChange: {
    from: (c) => c.fromStatus,
    to: (c) => c.toStatus,
  },
};
