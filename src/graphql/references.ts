/**
 * Federation entity references (`_entities`). Representations name our global id; they go
 * through the per-request DataLoaders, so N representations of one type cost one statement.
 * An unknown id resolves to null; a malformed representation is an error for that entry only.
 */
import type DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { parseGlobalId, type NodeType } from './global-id';

export function resolveReference<T>(
  representation: { id?: unknown },
  type: NodeType,
  loader: DataLoader<string, T | null>,
): Promise<T | null> | null {
  const id = representation.id;
  if (typeof id !== 'string') {
    throw new GraphQLError(`Representation of ${type} needs an "id" string key field.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const decoded = parseGlobalId(id);
  if (!decoded || decoded.type !== type) {
    throw new GraphQLError(`"${id.slice(0, 60)}" is not a valid ${type} id.`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return loader.load(decoded.localId);
}
