import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { badUserInput } from '../../graphql/errors';
import { decodeGlobalId, toGlobalId } from '../../graphql/global-id';
import { parsePageArgs, projectionFor } from '../../graphql/pagination';
import { globalIdKey, resolveEntityReference } from '../../graphql/references';
import { readRestrictedDetails } from '../access/restricted-reads';
import { policyInForce } from '../decisions/policy-service';
import { DEFAULT_FINDING_ORDER, findingIdsInDeadlineStates, MAX_DEADLINE_CANDIDATES, pageFindings, type FindingFilter } from './store';
import { FINDING_SUMMARY } from './loaders';
import { visibleFinding } from './visibility';

const MAX_TEXT_QUERY = 200;
/** The shape of a finding's public id; anything else cannot match a finding. */
const PUBLIC_ID = /^MSR-\d{4}-\d{4,}$/;

export const findingResolvers: Resolvers = {
  Query: {
    finding: async (_p, { id }, ctx) => visibleFinding(ctx, await ctx.loaders.findingById.load(decodeGlobalId(id, 'Finding', ['id']))),
    findingByPublicId: async (_p, { publicId }, ctx) =>
      PUBLIC_ID.test(publicId) ? visibleFinding(ctx, await ctx.loaders.findingByPublicId.load(publicId)) : null,
    findings: async (_p, args, ctx, info) => {
      const f = args.filter ?? {};
      if (f.text != null && f.text.length > MAX_TEXT_QUERY) {
        throw badUserInput(`Search text must be at most ${MAX_TEXT_QUERY} characters.`, ['filter', 'text']);
      }
      const from = f.reportedAt?.from ?? null;
      const to = f.reportedAt?.to ?? null;
      if (from && to && from > to) {
        throw badUserInput('The range starts after it ends.', ['filter', 'reportedAt', 'from']);
      }
      const filter: FindingFilter = {
        status: f.status,
        severityLevel: f.severityLevel,
        category: f.category,
        developerId: f.developerId == null ? null : decodeGlobalId(f.developerId, 'Organization', ['filter', 'developerId']),
        modelVersionId:
          f.modelVersionId == null ? null : decodeGlobalId(f.modelVersionId, 'ModelVersion', ['filter', 'modelVersionId']),
        reportedFrom: from,
        reportedTo: to,
        text: f.text?.trim() || null,
        viewer: ctx.viewer,
      };
      // Only the summary columns when the nodes ask for summary fields alone (issue 12).
      const page = { ...parsePageArgs(args, info), columns: projectionFor(info, FINDING_SUMMARY) };
      if (f.deadlineState?.length) {
        const policy = await policyInForce(ctx);
        const found = await findingIdsInDeadlineStates(ctx.db, filter, f.deadlineState, policy?.document ?? null, ctx.now);
        if (!found.ok) {
          throw badUserInput(
            `More than ${MAX_DEADLINE_CANDIDATES} findings would have to be evaluated for their deadlines; narrow the filter (for example by status, severity, developer or report date).`,
            ['filter', 'deadlineState'],
          );
        }
        filter.ids = found.ids;
      }
      return pageFindings(
        ctx.db,
        filter,
        page,
        {
          field: args.orderBy?.field ?? DEFAULT_FINDING_ORDER.field,
          direction: args.orderBy?.direction ?? DEFAULT_FINDING_ORDER.direction,
        },
      );
    },
  },
  Finding: {
    __resolveReference: (ref, ctx) =>
      resolveEntityReference('Finding', ref, [
        globalIdKey('Finding', async (id) => visibleFinding(ctx, await ctx.loaders.findingById.load(id))),
        {
          fields: ['publicId'],
          load: async ([publicId]) => (PUBLIC_ID.test(publicId) ? visibleFinding(ctx, await ctx.loaders.findingByPublicId.load(publicId)) : null),
        },
      ]),
    id: (f) => toGlobalId('Finding', f.id),
    developer: async (f, _a, ctx) => (await ctx.loaders.organizationById.load(f.developerId))!,
    reporterOrganization: (f, _a, ctx) =>
      f.reporterOrganizationId ? ctx.loaders.organizationById.load(f.reporterOrganizationId) : null,
    affectedVersions: (f, _a, ctx) => ctx.loaders.affectedVersionsByFinding.load(f.id),
    fixedInVersion: (f, _a, ctx) => (f.fixedInVersionId ? ctx.loaders.modelVersionById.load(f.fixedInVersionId) : null),
    references: (f, _a, ctx) => ctx.loaders.referencesByFinding.load(f.id),
    currentSeverity: async (f, _a, ctx) => (await ctx.loaders.assessmentsByFinding.load(f.id))[0] ?? null,
    severityAssessments: (f, _a, ctx) => ctx.loaders.assessmentsByFinding.load(f.id),
    statusHistory: (f, _a, ctx) => ctx.loaders.statusHistoryByFinding.load(f.id),
    disclosures: (f, _a, ctx) => ctx.loaders.disclosuresByFinding.load(f.id),
    restrictedDetails: (f, _a, ctx) => readRestrictedDetails(ctx, f),
  },
  SeverityAssessment: {
    aiFactors: (a) => ({
      capabilityDomain: a.capabilityDomain,
      universal: a.universal,
      successRate: a.successRate,
      trials: a.trials,
      exploitedInWild: a.exploitedInWild,
    }),
  },
  FindingStatusChange: {
    from: (c) => c.fromStatus,
    to: (c) => c.toStatus,
  },
};
