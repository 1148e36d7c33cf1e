/**
 * The Relay `Node` interface: any global id can be fetched back through `Query.node`.
 */
import { EventEntity } from '../persistence/entities';
import { mayViewEventNow } from '../modules/events/visibility';
import { visibleFinding } from '../modules/findings/visibility';
import { badUserInput } from './errors';
import type { GraphQLContext } from './context';
import type { Resolvers } from './generated/resolvers-types';
import { parseGlobalId, type NodeType } from './global-id';

const MAX_NODES = 100;

async function loadNode(ctx: GraphQLContext, globalId: string, path: (string | number)[]): Promise<unknown> {
  const decoded = parseGlobalId(globalId);
  if (!decoded) throw badUserInput(`"${String(globalId).slice(0, 60)}" is not a valid id.`, path);
  const { type, localId } = decoded;
  const l = ctx.loaders;
  const load: Record<NodeType, () => Promise<unknown>> = {
    Organization: () => l.organizationById.load(localId),
    Model: () => l.modelById.load(localId),
    ModelVersion: () => l.modelVersionById.load(localId),
    Finding: async () => visibleFinding(ctx, await l.findingById.load(localId)),
    Audit: () => l.auditById.load(localId),
    Jurisdiction: () => l.jurisdictionById.load(localId),
    ExportDecision: () => l.exportDecisionById.load(localId),
    PolicyVersion: () => l.policyVersionById.load(localId),
    RegistryEvent: async () => {
      const event = await ctx.db.getRepository(EventEntity).findOneBy({ seq: localId });
      return event && (await mayViewEventNow(ctx, event)) ? event : null;
    },
  };
  const row = await load[type]();
  return row ? Object.assign(row as object, { __nodeType: type }) : null;
}

export const nodeResolvers: Resolvers = {
  Query: {
    node: (_p, { id }, ctx) => loadNode(ctx, id, ['id']) as never,
    nodes: (_p, { ids }, ctx) => {
      if (ids.length > MAX_NODES) throw badUserInput(`At most ${MAX_NODES} ids.`, ['ids']);
      return Promise.all(ids.map((id, i) => loadNode(ctx, id, ['ids', i]))) as never;
    },
  },
  Node: {
    __resolveType: (obj) => (obj as unknown as { __nodeType: NodeType }).__nodeType,
  },
};
