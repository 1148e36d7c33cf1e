/**
 * How Apollo Server executes queries and mutations (GRAPHQL_EXECUTOR, src/config/config.ts).
 *
 * `jit` (the default):
 * graphql-jit compiles each document once into a function that resolves its
 * fields without graphql-js's per-field bookkeeping (the resolve-info object, path records and
 * promise wrappers built for every field of every row). On the partner mix it cut the server's
 * CPU per request by about a third for 50 versions with their findings and audits (Q2) and by a
 * sixth for 100 decisions (Q4), with the same answers (docs/performance.md). The resolvers, the
 * schema, Apollo's plugins (limits, telemetry, the budget), error formatting and HTTP handling are
 * the same: Apollo Server 5 has no executor option, so graphql-jit is plugged in as Apollo's
 * documented "gateway" executor over the subgraph's own schema. Subscriptions are executed by
 * graphql-ws with graphql-js either way (src/graphql/subscriptions).
 *
 * A compiled document is kept as long as Apollo keeps the parsed document (its document cache
 * hands every request with the same text the same DocumentNode), in a WeakMap. A document's first
 * use, a document wider than MAX_COMPILED_FIELDS and a document graphql-jit cannot compile run
 * through graphql-js. Variables are coerced by graphql-js before a compiled run (its errors, and
 * input-field defaults, which graphql-jit 0.8.9 does not apply).
 *
 * `graphql-js`: graphql-js's `execute`, as Apollo Server does by default (the fallback if a
 * difference between the two executors is ever found: GRAPHQL_EXECUTOR=graphql-js).
 */
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  astFromValue,
  execute,
  Kind,
  getNamedType,
  isInputObjectType,
  getVariableValues,
  typeFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type NamedTypeNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** The ApolloServer options that choose its executor: `{ schema }`, or a gateway that executes with graphql-jit. */
export function executorOptions(schema: GraphQLSchema, executor: 'jit' | 'graphql-js'): { schema: GraphQLSchema } | { gateway: GatewayInterface } {
  return executor === 'jit' ? { gateway: jitGateway(schema) } : { schema };
}

type Compiled = CompiledQuery | ExecutionResult;

/**
 * Compiling costs far more than validating (a 2,400-token document of 150 aliased root fields:
 * 142 ms against 12 ms), so it is done only for documents that pay it back: from a document's
 * second use, and only when it selects at most MAX_COMPILED_FIELDS fields once its fragments are expanded (the
 * partner mix selects 8 to 12). Everything else runs through graphql-js, so a caller sending ever new or very wide
 * documents costs what it cost before.
 */
export const COMPILE_FROM_USE = 2;
export const MAX_COMPILED_FIELDS = 200;

interface DocumentState {
  uses: number;
  /** Whether the document is small enough to compile (counted once). */
  compilable: boolean;
  compiled: Map<string, Compiled>;
}

/**
 * How many fields the document selects once its fragments are expanded, as the executor walks it
 * (a fragment spread twice counts twice, so nested fragments that double at each level count what
 * they expand to, not what is written). Counting stops past `cap`; a fragment cycle (refused by
 * validation before execution) counts as too wide.
 */
export function expandedFieldCount(document: DocumentNode, cap: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const sizes = new Map<string, number>();
  const expanding = new Set<string>();
  const sizeOf = (selectionSet: SelectionSetNode | undefined): number => {
    let fields = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields += 1 + sizeOf(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields += sizeOf(selection.selectionSet);
      else fields += fragmentSize(selection.name.value);
      if (fields > cap) return Infinity;
    }
    return fields;
  };
  const fragmentSize = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || expanding.has(name)) return Infinity;
    expanding.add(name);
    const size = sizeOf(fragment.selectionSet);
    expanding.delete(name);
    sizes.set(name, size);
    return size;
  };
  let total = 0;
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) total += sizeOf(definition.selectionSet);
  return total;
}

/**
 * graphql-js's coerced variables written back as input values: defaults of input fields filled in
 * (graphql-jit 0.8.9 does not apply them: `orderBy: {}` would be refused for its non-null fields
 * with defaults), every value in the form graphql-jit then coerces to the same thing.
 */
function asInput(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  raw: Record<string, unknown>,
  coerced: Record<string, unknown>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    if (!(name in coerced)) continue;
    const type = typeFromAST(schema, definition.type as NamedTypeNode) as GraphQLInputType;
    // Only input objects can have defaults of their own; scalars, enums and lists of them pass as sent.
    if (!isInputObjectType(getNamedType(type))) {
      input[name] = raw[name];
      continue;
    }
    try {
      const ast = astFromValue(coerced[name], type);
      input[name] = ast ? valueFromASTUntyped(ast) : null;
    } catch {
      // A value no AST can carry (a custom scalar holding an object): as sent.
      input[name] = raw[name];
    }
  }
  return input;
}

function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const documents = new WeakMap<DocumentNode, DocumentState>();
  const compiledFor = (document: DocumentNode, operationName: string | null | undefined): Compiled | null => {
    let state = documents.get(document);
    if (!state) documents.set(document, (state = { uses: 0, compilable: expandedFieldCount(document, MAX_COMPILED_FIELDS) <= MAX_COMPILED_FIELDS, compiled: new Map() }));
    state.uses += 1;
    if (!state.compilable || state.uses < COMPILE_FROM_USE) return null;
    const key = operationName ?? '';
    let query = state.compiled.get(key);
    if (!query) {
      query = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      state.compiled.set(key, query);
    }
    return query;
  };
  return {
    async load() {
      return {
        executor: async (requestContext) => {
          const raw = requestContext.request.variables ?? {};
          const query = compiledFor(requestContext.document, requestContext.operationName);
          if (query === null || !isCompiledQuery(query)) {
            // Not (yet) compiled, or graphql-jit refused it: graphql-js answers, as without graphql-jit.
            return execute({
              schema,
              document: requestContext.document,
              contextValue: requestContext.context,
              variableValues: raw,
              operationName: requestContext.operationName,
            });
          }
          // Variables are checked by graphql-js first, so a bad value gets graphql-js's error (which
          // Apollo answers as BAD_USER_INPUT), never graphql-jit's own.
          const definitions = requestContext.operation.variableDefinitions ?? [];
          const coerced = getVariableValues(schema, definitions, raw, { maxErrors: 50 });
          if (coerced.errors) return { errors: coerced.errors };
          return query.query(undefined, requestContext.context, asInput(schema, definitions, raw, coerced.coerced));
        },
      };
    },
    // The schema never changes at run time: it is handed over once, as a static gateway would.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
