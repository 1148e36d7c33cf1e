/**
 * Global ids (Relay's Node interface): base64url of `<Type>:<uuid>`. Opaque to clients; we
 * validate both parts when decoding, so ids of the wrong type or not issued by us are rejected.
 */
import { badUserInput } from './errors';

export const NODE_TYPES = [
  'Organization',
  'Model',
  'ModelVersion',
  'Finding',
  'Audit',
  'Jurisdiction',
  'ExportDecision',
  'PolicyVersion',
  'RegistryEvent',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEQ = /^[1-9][0-9]{0,18}$/;

export function toGlobalId(type: NodeType, localId: string): string {
  return Buffer.from(`${type}:${localId}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  type: NodeType;
  localId: string;
}

/** Decodes a global id; returns null when it is not one of ours. */
export function parseGlobalId(globalId: string): DecodedId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 0) return null;
  const type = decoded.slice(0, sep) as NodeType;
  const localId = decoded.slice(sep + 1);
  if (!NODE_TYPES.includes(type)) return null;
  const ok =
    type === 'RegistryEvent' ? SEQ.test(localId) && BigInt(localId) <= 9223372036854775807n : UUID.test(localId);
  return ok ? { type, localId } : null;
}

/**
 * Decodes a global id that must denote `expected`; a malformed id or one of another type is a
 * BAD_USER_INPUT error naming the argument.
 */
export function decodeGlobalId(
  globalId: string,
  expected: NodeType,
  argumentPath: readonly (string | number)[],
): string {
  const decoded = parseGlobalId(globalId);
  if (!decoded) {
    throw badUserInput(`Argument "${argumentPath.join('.')}" is not a valid ${expected} id: "${truncate(globalId)}".`, argumentPath);
  }
  if (decoded.type !== expected) {
    throw badUserInput(
      `Argument "${argumentPath.join('.')}" is the id of a ${decoded.type}, expected a ${expected} id.`,
      argumentPath,
    );
  }
  return decoded.localId;
}

function truncate(value: string): string {
  return typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}…` : String(value);
}
