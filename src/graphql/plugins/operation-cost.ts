/**
 * Depth and cost of one operation, with its variables (so a cached document with new variables is
 * measured again). Pure: schema + document + variables in, numbers out.
 *
 * Cost model (docs/access-control.md):
 * - a field returning an object, interface or union costs its weight (1 unless listed in
 *   FIELD_WEIGHTS: fields that run the domain engine cost more); scalars and enums are free;
 * - everything below a list is multiplied by the list's size: a connection's `edges`/`nodes` by its
 *   `first`/`last` (default 20, capped at 100), `nodes(ids:)` and `_entities(representations:)`
 *   by the argument's length, other lists by LIST_SIZES (default 10);
 * - `@skip`/`@include` are honoured; a fragment counts wherever it is spread, but is measured only
 *   once per type and page size (memoized), so the walk is linear in the document's size;
 * - introspection (`__schema`, `__type`) is left to graphql-js's MaxIntrospectionDepthRule and the
 *   introspection setting; `__typename` is free.
 */
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isAbstractType,
  isObjectType,
  isInterfaceType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getDirectiveValues } from 'graphql/execution/values';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination';

/** Fields whose resolution is heavier than a row lookup (they run the domain engine). */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'ModelVersion.eligibility': 5,
  'Finding.deadlines': 2,
  'Finding.disclosureObligations': 2,
  'Audit.qualification': 2,
  'Query.previewSeverity': 2,
  'Query.verifyEventChain': 100, // reads the event log (cached for most callers, but never free)
  // Evaluates every model version in every jurisdiction twice (1,000 × 249 × 2 ≈ 0.5 M decisions,
  // about a second of one core): a fifth of MAX_COST's default, 25 a minute within the default budget.
  'Query.simulatePolicy': 2_000,
  'Query.policyDiff': 5,
  // Builds a whole advisory document (about ten loader reads and the JSON) per finding (issue 15).
  'Finding.advisory': 10,
  // Lineage (issue 19): the version's facts and the engine's inheritance walk; the blast radius
  // evaluates every descendant of the affected versions.
  'ModelVersion.inheritedFindings': 5,
  'ModelVersion.ancestors': 2,
  'Finding.blastRadius': 20,
  // Loads the finding's facts (and, for VERIFIED, its fix version's) and runs the remediation rule
  // (src/domain/remediation.ts) per move: priced per option, at most 4 options.
  'Finding.availableTransitions': 3,
};

/**
 * Cost of the HTTP endpoints outside GraphQL (src/modules/interchange/http.ts), charged to the
 * same per-token budget: one advisory like `Finding.advisory`, the OSV listing and the Atom feed
 * per finding listed, the whole OSV archive at a fixed price (every visible finding's advisory).
 */
export const HTTP_ENDPOINT_COSTS = {
  advisory: 10,
  osvListing: 100,
  atomFeed: 200,
  osvArchive: 5_000,
} as const;

/** Assumed sizes of plain (unpaginated) lists (the matrix has one entry per jurisdiction). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Query.jurisdictions': 250,
  // ATLAS reference data (issue 15): every technique of the shipped release (170 in 5.6.0).
  'Query.atlasTechniques': 170,
  'AtlasRelease.tactics': 16,
  'AtlasTechnique.tactics': 3, // at most 3 in ATLAS 5.6.0
  'ModelVersion.eligibilityMatrix': 250,
  'Query.policyVersions': 10,
  // Plain lists with their own caps (src/modules/webhooks): priced at the cap, not the default 10.
  'Query.webhooks': 500,
  'Query.webhookDeliveries': 100,
  // A typical lineage (issue 19): up to 100 descendants.
  'Finding.blastRadius': 100,
  // At most 4 moves from any status (FINDING_TRANSITIONS).
  'Finding.availableTransitions': 4,
};
export const DEFAULT_LIST_SIZE = 10;

export interface OperationMeasure {
  /** Deepest field nesting (root fields are depth 1). */
  depth: number;
  cost: number;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function sizeOf(value: unknown): number | null {
  return Array.isArray(value) ? value.length : null;
}

function pageSizeOf(def: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | null {
  if (!def.args.some((a) => a.name === 'first' || a.name === 'last')) return null;
  const n = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  // Out-of-range sizes are the resolver's to reject with BAD_USER_INPUT; cost them at the cap.
  return Math.max(0, Math.min(MAX_PAGE_SIZE, n));
}

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const included = (node: FieldNode | { directives?: FieldNode['directives'] }) => {
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    } catch {
      // Bad directive arguments fail in execution with a proper error; count the field.
    }
    return true;
  };

  const fieldDef = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;

  /**
   * Each fragment is measured once per (type it is spread on, enclosing page size) and the result is
   * reused wherever it is spread again: analysis stays linear in the document's size, however often
   * fragments spread each other (`...F1 ...F1` at every level doubles the expansion, not the work).
   * A fragment being measured that is spread again inside itself is a cycle (validation rejects it):
   * it counts nothing.
   */
  const fragmentMeasures = new Map<string, OperationMeasure | 'measuring'>();

  function measureFragment(name: string, parent: GraphQLCompositeType, pageSize: number | null): OperationMeasure {
    const frag = fragments.get(name);
    if (!frag) return { cost: 0, depth: 0 };
    const cond = schema.getType(frag.typeCondition.name.value);
    const on = cond && isCompositeType(cond) ? cond : parent;
    const key = `${name}\u0000${on.name}\u0000${pageSize ?? ''}`;
    const known = fragmentMeasures.get(key);
    if (known === 'measuring') return { cost: 0, depth: 0 };
    if (known) return known;
    fragmentMeasures.set(key, 'measuring');
    const measured = walk(frag.selectionSet, on, pageSize);
    fragmentMeasures.set(key, measured);
    return measured;
  }

  /** Cost and depth of a selection set on `parent`; `pageSize` is the enclosing connection's page size. */
  function walk(set: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | null): OperationMeasure {
    let cost = 0;
    let depth = 0;
    for (const sel of set.selections) {
      if (!included(sel)) continue;
      if (sel.kind === Kind.INLINE_FRAGMENT || sel.kind === Kind.FRAGMENT_SPREAD) {
        let inner: OperationMeasure;
        if (sel.kind === Kind.FRAGMENT_SPREAD) {
          inner = measureFragment(sel.name.value, parent, pageSize);
        } else {
          const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
          inner = walk(sel.selectionSet, cond && isCompositeType(cond) ? cond : parent, pageSize);
        }
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
        continue;
      }
      const name = sel.name.value;
      if (name === '__typename' || name === '__schema' || name === '__type') continue;
      const def = fieldDef(parent, name);
      if (!def) continue; // unknown on this type (validation reports it)
      const coordinate = `${parent.name}.${name}`;
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(def, sel, variables);
      } catch {
        // Invalid arguments fail in execution; measure with defaults.
      }
      const named = getNamedType(def.type);
      if (!isCompositeType(named) || !sel.selectionSet) {
        depth = Math.max(depth, 1);
        continue;
      }
      let size = 1;
      if (isList(def.type)) {
        size =
          sizeOf(args.ids) ??
          sizeOf(args.representations) ??
          ((name === 'edges' || name === 'nodes') && pageSize !== null ? pageSize : (LIST_SIZES[coordinate] ?? DEFAULT_LIST_SIZE));
      }
      const childPage = pageSizeOf(def, args);
      // Below a connection its `edges`/`nodes` take the page size; further down it no longer applies.
      const nextPage = childPage ?? (isList(def.type) ? null : pageSize);
      const inner = isAbstractType(named) || isObjectType(named) || isInterfaceType(named) ? walk(sel.selectionSet, named, nextPage) : { cost: 0, depth: 0 };
      cost += (FIELD_WEIGHTS[coordinate] ?? 1) * size + size * inner.cost;
      depth = Math.max(depth, 1 + inner.depth);
    }
    return { cost, depth };
  }

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return { cost: 0, depth: 0 };
  const measured = walk(operation.selectionSet, root, null);
  // Mutations do real work: each root field costs at least 10.
  if (operation.operation === 'mutation') measured.cost += 10 * operation.selectionSet.selections.length;
  return measured;
}
