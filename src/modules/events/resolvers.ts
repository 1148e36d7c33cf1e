import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { badUserInput } from '../../graphql/errors';
import { parseGlobalId, toGlobalId, type NodeType } from '../../graphql/global-id';
import { parsePageArgs } from '../../graphql/pagination';
import { pageEvents } from './store';

export const eventResolvers: Resolvers = {
  Query: {
    events: (_p, args, ctx, info) => {
      const f = args.filter ?? {};
      let subjectId: string | null = null;
      if (f.subjectId != null) {
        const decoded = parseGlobalId(f.subjectId);
        if (!decoded || decoded.type === 'RegistryEvent') {
          throw badUserInput(`"${f.subjectId.slice(0, 60)}" is not the id of an object events are about.`, ['filter', 'subjectId']);
        }
        subjectId = decoded.localId;
      }
      if (f.type && f.type.length > 50) throw badUserInput('At most 50 event types.', ['filter', 'type']);
      return pageEvents(
        ctx.db,
        { subjectId, types: f.type, from: f.occurredAt?.from ?? null, to: f.occurredAt?.to ?? null, viewer: ctx.viewer },
        parsePageArgs(args, info),
      );
    },
  },
  RegistryEvent: {
    id: (e) => toGlobalId('RegistryEvent', e.seq),
    sequence: (e) => e.seq,
    subjectId: (e) => toGlobalId(e.subjectType as NodeType, e.subjectId),
    payload: (e) => JSON.stringify(e.payload),
  },
};
