/**
 * Four eyes in the API: `proposedChanges` (regulators and analysts) and the fields of a
 * `ProposedChange`. Thin: authorize, page, map.
 */
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { paginate, parsePageArgs } from '../../graphql/pagination';
import { ProposedChangeEntity } from '../../persistence/entities';
import { authorizeProposedChangeRead } from '../access/rules';

export const proposedChangeResolvers: Resolvers = {
  Query: {
    proposedChanges: async (_p, args, ctx, info) => {
      authorizeProposedChangeRead(ctx.viewer);
      const page = parsePageArgs(args, info);
      const qb = ctx.db.getRepository(ProposedChangeEntity).createQueryBuilder('p');
      if (args.status) qb.where('p.status = :status', { status: args.status });
      return paginate(qb, { key: 'p.proposed_at', id: 'p.id', keyType: 'timestamptz', idType: 'uuid', direction: 'ASC' }, page);
    },
  },
  ProposedChange: {
    input: (p) => JSON.stringify(p.payload),
    policyVersion: (p, _a, ctx) => (p.kind === 'POLICY_PUBLICATION' && p.resultId ? ctx.loaders.policyVersionById.load(p.resultId) : null),
    exportDecision: (p, _a, ctx) => (p.kind === 'EXPORT_OVERRIDE' && p.resultId ? ctx.loaders.exportDecisionById.load(p.resultId) : null),
  },
};
