import { accreditationStatusAt } from '../../domain';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { badUserInput } from '../../graphql/errors';
import { decodeGlobalId, toGlobalId } from '../../graphql/global-id';
import { parsePageArgs } from '../../graphql/pagination';
import { resolveReference } from '../../graphql/references';
import { pageOrganizations } from './store';

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_p, { id }, ctx) => ctx.loaders.organizationById.load(decodeGlobalId(id, 'Organization', ['id'])),
    organizations: (_p, args, ctx, info) => {
      const cc = args.filter?.countryCode;
      if (cc != null && !/^[A-Z]{2}$/.test(cc)) {
        throw badUserInput(`"${cc}" is not an ISO 3166-1 alpha-2 code.`, ['filter', 'countryCode']);
      }
      return pageOrganizations(ctx.db, { kind: args.filter?.kind, countryCode: cc }, parsePageArgs(args, info));
    },
  },
  Organization: {
    __resolveReference: (ref, ctx) => resolveReference(ref, 'Organization', ctx.loaders.organizationById),
    id: (o) => toGlobalId('Organization', o.id),
    models: (o, _a, ctx) => ctx.loaders.modelsByDeveloper.load(o.id),
    accreditations: (o, _a, ctx) => ctx.loaders.accreditationsByAuditor.load(o.id),
    conflictsOfInterest: (o, _a, ctx) => ctx.loaders.conflictsByAuditor.load(o.id),
  },
  Accreditation: {
    // Derived from the dates at the operation's now (src/domain/auditor-standing.ts).
    status: (a, _x, ctx) => accreditationStatusAt(a, ctx.now),
  },
  ConflictOfInterest: {
    developer: async (c, _a, ctx) => (await ctx.loaders.organizationById.load(c.developerId))!,
  },
};
