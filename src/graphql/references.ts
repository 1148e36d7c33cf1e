/**
 * Federation entity references (`Query._entities`, Apollo Federation 2 subgraph spec).
 *
 * Contract, per representation and independent of the others in the batch:
 * - it is resolved through the operation's DataLoaders, so N representations of one type and key
 *   cost one SQL statement;
 * - the result list keeps the order of the representations;
 * - a well-formed key that matches nothing resolves to `null`;
 * - a malformed representation (not an object, `__typename` not one of our entities, no complete
 *   key, a key field that is not a string, a global id of another type) is a `BAD_USER_INPUT`
 *   error at `["_entities", i]` for that entry only — the rest of the batch still resolves.
 */
import { GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { ErrorCode } from './errors';
import { parseGlobalId, type NodeType } from './global-id';

/** A representation as the router sends it: `__typename` plus the fields of one `@key`. */
export type Representation = Record<string, unknown>;

/** One `@key` of an entity: its (string) fields and how to load an entity by their values. */
export interface EntityKey<T> {
  fields: readonly string[];
  /** Loads by the key's values (in `fields` order); returns null for a value that cannot match. */
  load(values: string[]): Promise<T | null> | null;
}

function representationError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode } });
}

const show = (value: unknown) => {
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

const describeKeys = (keys: readonly EntityKey<unknown>[]) =>
  keys.map((k) => `"${k.fields.join(' ')}"`).join(' or ');

/**
 * Resolves one representation of `type` by the first of `keys` whose fields it carries. Always
 * returns a promise, so a malformed representation rejects (an error for this entry) instead of
 * throwing into the whole `_entities` list.
 */
export async function resolveEntityReference<T>(
  type: string,
  representation: Representation,
  keys: readonly EntityKey<T>[],
): Promise<T | null> {
  const key = keys.find((k) => k.fields.every((f) => representation[f] !== undefined));
  if (!key) {
    throw representationError(`Representation of ${type} needs the key fields ${describeKeys(keys)}.`);
  }
  const values: string[] = [];
  for (const field of key.fields) {
    const value = representation[field];
    if (typeof value !== 'string') {
      throw representationError(`Key field "${field}" of ${type} must be a string, got ${show(value)}.`);
    }
    values.push(value);
  }
  return key.load(values);
}

/** The `id` key: our global id, which must decode to an id of `type`. */
export function globalIdKey<T>(type: NodeType, load: (localId: string) => Promise<T | null>): EntityKey<T> {
  return {
    fields: ['id'],
    load: ([id]) => {
      const decoded = parseGlobalId(id);
      if (!decoded) throw representationError(`Key field "id" of ${type} is not a valid id: ${show(id)}.`);
      if (decoded.type !== type) {
        throw representationError(`Key field "id" of ${type} is the id of a ${decoded.type}, expected a ${type} id.`);
      }
      return load(decoded.localId);
    },
  };
}

/** Resolves a representation by its global `id` only (entities with no natural key). */
export function resolveReference<T>(
  representation: Representation,
  type: NodeType,
  loader: { load(localId: string): Promise<T | null> },
): Promise<T | null> {
  return resolveEntityReference(type, representation, [globalIdKey(type, (id) => loader.load(id))]);
}

/** The object types of the `_Entity` union, i.e. every type with a resolvable `@key`. */
function entityTypeNames(schema: GraphQLSchema): Set<string> {
  const entity = schema.getType('_Entity');
  return new Set(entity && 'getTypes' in entity ? entity.getTypes().map((t) => t.name) : []);
}

/**
 * Wraps `Query._entities` of a subgraph schema so that every representation is handled on its
 * own: the library resolver throws for the whole list on an unknown `__typename` (and on any
 * synchronous throw), so we check the typename first and call it one representation at a time
 * (DataLoader still batches them: they are all requested in the same tick).
 */
export function isolateEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const field = query?.getFields()._entities;
  if (!field?.resolve) return schema;
  const original: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  const entities = entityTypeNames(schema);

  field.resolve = (source, args: { representations: unknown[] }, context, info) =>
    args.representations.map((representation) => {
      if (representation === null || typeof representation !== 'object' || Array.isArray(representation)) {
        return Promise.reject(representationError(`A representation must be an object, got ${show(representation)}.`));
      }
      const typename = (representation as Representation).__typename;
      if (typeof typename !== 'string' || !entities.has(typename) || !isObjectType(schema.getType(typename))) {
        return Promise.reject(
          representationError(
            `Representation "__typename" ${show(typename)} is not an entity of this subgraph (one of ${[...entities].sort().join(', ')}).`,
          ),
        );
      }
      try {
        const [result] = original(source, { representations: [representation] }, context, info) as unknown[];
        return result;
      } catch (err) {
        return Promise.reject(err);
      }
    });
  return schema;
}
