/**
 * The SDL is the contract: every type, field, argument, input field and enum value we define
 * carries a description. Federation's own additions (`_Service`, `_Any`, `_entities`, …) and the
 * built-in scalars are not ours.
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
} from 'graphql';
import { buildSchema } from '../../../src/graphql/schema';

const NOT_OURS = new Set(['_Service', '_Any', '_Entity', 'link__Import', 'link__Purpose', 'FieldSet', 'federation__FieldSet', 'federation__Scope', 'federation__Policy', 'federation__ContextFieldValue']);
const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

function undescribed(): string[] {
  const schema = buildSchema();
  const missing: string[] = [];
  const need = (description: string | null | undefined, where: string) => {
    if (!description || description.trim() === '') missing.push(where);
  };
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (type.name.startsWith('__') || NOT_OURS.has(type.name) || BUILT_IN_SCALARS.has(type.name)) continue;
    need(type.description, type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith('_')) continue; // _service, _entities
        need(field.description, `${type.name}.${field.name}`);
        for (const arg of field.args) need(arg.description, `${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) need(field.description, `${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) need(value.description, `${type.name}.${value.name}`);
    } else if (isScalarType(type) || isUnionType(type)) {
      // described above
    }
  }
  return missing;
}

test('every type, field, argument, input field and enum value of the schema has a description', () => {
  expect(undescribed()).toEqual([]);
});
