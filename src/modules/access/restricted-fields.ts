/**
 * Finds the restricted fields the SDL itself declares, so enforcement (RESTRICTED_FIELDS in
 * rules.ts) can be checked against the contract: a field is restricted when its type (unwrapped)
 * is named `Restricted…`, or when the field or its type carries a federation access directive
 * (`@authenticated`, `@requiresScopes`, `@policy`).
 */
import { Kind, type DocumentNode, type TypeNode, type ConstDirectiveNode } from 'graphql';
import { RESTRICTED_FIELDS } from './rules';

const ACCESS_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy']);

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

const marked = (directives: readonly ConstDirectiveNode[] | undefined) =>
  (directives ?? []).some((d) => ACCESS_DIRECTIVES.has(d.name.value));

/** `Type.field` coordinates of every restricted field declared in the SDL, sorted. */
export function restrictedFieldsInSdl(document: DocumentNode): string[] {
  const markedTypes = new Set<string>();
  for (const def of document.definitions) {
    if ('name' in def && def.name && 'directives' in def && marked(def.directives as readonly ConstDirectiveNode[])) {
      markedTypes.add(def.name.value);
    }
  }
  const found = new Set<string>();
  for (const def of document.definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of def.fields ?? []) {
      const type = namedType(field.type);
      if (type.startsWith('Restricted') || markedTypes.has(type) || marked(field.directives)) {
        found.add(`${def.name.value}.${field.name.value}`);
      }
    }
  }
  return [...found].sort();
}

/** Restricted fields the SDL declares that no read rule guards (should be empty). */
export function unguardedRestrictedFields(document: DocumentNode): string[] {
  const guarded = new Set<string>(RESTRICTED_FIELDS.map((f) => f.coordinate));
  return restrictedFieldsInSdl(document).filter((c) => !guarded.has(c));
}
