/**
 * Backstop limits on what a caller may send, whatever the field: the length of every list and
 * string, in literals and in variables, and how deeply a variable value may nest. Fields keep
 * their own tighter limits (page sizes, `nodes(ids:)`, search text, input fields of mutations).
 * `_entities(representations:)` may be 10× longer: a gateway sends one entry per entity it needs.
 */
import { GraphQLError, Kind, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import type { ErrorCode } from '../errors';
import { findUnstorableText, unstorableText } from '../../modules/shared/unstorable-text';

export { findUnstorableText, unstorableText };

export interface InputLimits {
  maxListLength: number;
  maxStringLength: number;
  /** Fragment definitions per document (absent: no cap, for callers that only check values). */
  maxFragments?: number;
  /** Fragment spreads written in the document. */
  maxFragmentSpreads?: number;
}

/**
 * Fragments are capped by number and by spreads written, before anything walks the document: the
 * cost measure memoizes each fragment, and these caps bound the size of that memo too.
 */
function checkFragmentLimits(document: DocumentNode, limits: InputLimits): void {
  let fragments = 0;
  let spreads = 0;
  visit(document, {
    FragmentDefinition() {
      fragments += 1;
    },
    FragmentSpread() {
      spreads += 1;
    },
  });
  if (limits.maxFragments !== undefined && fragments > limits.maxFragments) {
    throw tooLarge(`A document may define at most ${limits.maxFragments} fragments; this one defines ${fragments}.`, {
      limit: 'MAX_FRAGMENTS',
      fragments,
    });
  }
  if (limits.maxFragmentSpreads !== undefined && spreads > limits.maxFragmentSpreads) {
    throw tooLarge(`A document may spread fragments at most ${limits.maxFragmentSpreads} times; this one does ${spreads} times.`, {
      limit: 'MAX_FRAGMENT_SPREADS',
      spreads,
    });
  }
}

const MAX_VARIABLE_NESTING = 32;
const MAX_OBJECT_KEYS = 1_000;
const ENTITIES_FACTOR = 10;

function unstorable(message: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, limit: 'INVALID_TEXT', ...extra } });
}

function tooLarge(message: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, ...extra } });
}

/** What the document alone decides, for the variables' checks. */
interface DocumentAnalysis {
  /** Variables fed to `_entities(representations:)`: the gateway allowance. */
  entityVariables: Set<string>;
  /** Variables used outside a mutation's root input (checked for unstorable text). */
  checkedVariables: Set<string>;
  usedVariables: Set<string>;
}

/**
 * The literal and fragment checks depend only on the document, so a document that passed them
 * is not walked again (issue 12: the walk was 4 % of a small read's CPU). Apollo's document cache
 * hands every request with the same text the same DocumentNode; a document that failed is not
 * remembered and fails the same way next time.
 */
const analyses = new WeakMap<InputLimits, WeakMap<DocumentNode, Map<OperationDefinitionNode, DocumentAnalysis>>>();

/** Throws BAD_USER_INPUT naming the argument or variable that is too long. */
export function checkInputLimits(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: InputLimits,
): void {
  let byDocument = analyses.get(limits);
  if (!byDocument) analyses.set(limits, (byDocument = new WeakMap()));
  let byOperation = byDocument.get(document);
  let analysis = byOperation?.get(operation);
  if (!analysis) {
    analysis = analyseDocument(document, operation, limits);
    if (!byOperation) byDocument.set(document, (byOperation = new Map()));
    byOperation.set(operation, analysis);
  }
  checkVariables(variables, analysis, limits);
}

function analyseDocument(document: DocumentNode, operation: OperationDefinitionNode, limits: InputLimits): DocumentAnalysis {
  checkFragmentLimits(document, limits);
  // Variables fed to `_entities(representations:)` get the gateway allowance.
  const entityVariables = new Set<string>();
  // A mutation's root fields take one `input` that its use case checks and answers with payload
  // errors naming the input path (src/modules/shared/unit-of-work.ts): their text is left to it. Everything else —
  // query arguments, nested fields' arguments, variables used there — is checked here.
  const exemptRootFields = new Set<FieldNode>(
    operation.operation === 'mutation' ? operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD) : [],
  );
  const checkedVariables = new Set<string>();
  const literalPath: string[] = [];
  let checkText = true;
  const checkLiteral = (value: ValueNode, allowance: number) => {
    if (value.kind === Kind.STRING && value.value.length > limits.maxStringLength) {
      throw tooLarge(`Strings may be at most ${limits.maxStringLength} characters.`, { argumentPath: [...literalPath], limit: 'MAX_STRING_LENGTH' });
    }
    if (value.kind === Kind.STRING && checkText) {
      const why = unstorableText(value.value);
      if (why) throw unstorable(`Argument "${literalPath.join('.')}" ${why}.`, { argumentPath: [...literalPath] });
    }
    if (value.kind === Kind.LIST && value.values.length > limits.maxListLength * allowance) {
      throw tooLarge(`Lists may have at most ${limits.maxListLength * allowance} items.`, { argumentPath: [...literalPath], limit: 'MAX_LIST_LENGTH' });
    }
    if (value.kind === Kind.VARIABLE && checkText) checkedVariables.add(value.name.value);
  };
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION && def.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (def.kind === Kind.OPERATION_DEFINITION && def !== operation) continue;
    visit(def, {
      Field(field) {
        checkText = !exemptRootFields.has(field);
        for (const arg of field.arguments ?? []) {
          const entities = field.name.value === '_entities' && arg.name.value === 'representations';
          if (entities && arg.value.kind === Kind.VARIABLE) entityVariables.add(arg.value.name.value);
          literalPath.length = 0;
          literalPath.push(arg.name.value);
          visit(arg.value, {
            enter(node) {
              checkLiteral(node as ValueNode, entities ? ENTITIES_FACTOR : 1);
            },
            ObjectField: {
              enter(f) {
                literalPath.push(f.name.value);
              },
              leave() {
                literalPath.pop();
              },
            },
          });
        }
        checkText = true;
      },
      Directive(directive) {
        for (const arg of directive.arguments ?? []) {
          visit(arg.value, {
            Variable(v) {
              checkedVariables.add(v.name.value);
            },
          });
        }
      },
      // Default values of variables are literals too.
      VariableDefinition(v) {
        if (v.defaultValue) {
          literalPath.length = 0;
          literalPath.push(`$${v.variable.name.value}`);
          checkLiteral(v.defaultValue, 1);
        }
      },
    });
  }

  // Variables are checked for unstorable text unless only a mutation's root input uses them.
  const usedVariables = new Set<string>();
  visit(operation, {
    Variable(v, _key, parent) {
      if ((parent as { kind?: string } | undefined)?.kind !== Kind.VARIABLE_DEFINITION) usedVariables.add(v.name.value);
    },
  });
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      visit(def, {
        Variable(v) {
          usedVariables.add(v.name.value);
          checkedVariables.add(v.name.value);
        },
      });
    }
  }
  return { entityVariables, checkedVariables, usedVariables };
}

function checkVariables(variables: Record<string, unknown> | undefined, analysis: DocumentAnalysis, limits: InputLimits): void {
  const { entityVariables, checkedVariables, usedVariables } = analysis;
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (checkedVariables.has(name) || !usedVariables.has(name)) {
      const bad = findUnstorableText(value, [name]);
      if (bad) throw unstorable(`Variable "$${bad.path.join('.')}" ${bad.why}.`, { variablePath: bad.path });
    }
  }

  for (const [name, value] of Object.entries(variables ?? {})) {
    const allowance = entityVariables.has(name) ? ENTITIES_FACTOR : 1;
    // Iterative walk: a hostile value cannot exhaust the stack.
    const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [name] }];
    while (stack.length) {
      const { value: v, path } = stack.pop()!;
      if (path.length > MAX_VARIABLE_NESTING + 1) {
        throw tooLarge(`Variable values may nest at most ${MAX_VARIABLE_NESTING} levels.`, { variablePath: path.slice(0, 3), limit: 'MAX_NESTING' });
      }
      if (typeof v === 'string' && v.length > limits.maxStringLength) {
        throw tooLarge(`Strings may be at most ${limits.maxStringLength} characters.`, { variablePath: path, limit: 'MAX_STRING_LENGTH' });
      }
      if (Array.isArray(v)) {
        if (v.length > limits.maxListLength * allowance) {
          throw tooLarge(`Lists may have at most ${limits.maxListLength * allowance} items.`, { variablePath: path, limit: 'MAX_LIST_LENGTH' });
        }
        v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      } else if (v !== null && typeof v === 'object') {
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.length > MAX_OBJECT_KEYS) {
          throw tooLarge(`Objects may have at most ${MAX_OBJECT_KEYS} keys.`, { variablePath: path, limit: 'MAX_LIST_LENGTH' });
        }
        for (const [k, item] of entries) stack.push({ value: item, path: [...path, k] });
      }
    }
  }
}
