/**
 * Signed decision statements (issue 16): an export decision as a compact JWS (RFC 7515, EdDSA
 * over Ed25519, RFC 8037) that a partner agency verifies offline with nothing but the registry's
 * JWKS (`GET /.well-known/jwks.json`). Signed with the registry's one signing key
 * (registry-key.ts, the key of the event-log checkpoints), named by its `kid`.
 *
 * The payload is the canonical JSON (sorted keys, no whitespace; the event log's `canonicalJson`)
 * of the decision: the model version with its natural key, the jurisdiction, outcome and computed
 * outcome, the reason codes and finding public ids, the policy version, when it was evaluated, the
 * event-log sequence it reflects, and `iat`/`exp`. "Decision statement", not "attestation":
 * attestations are the auditors' signatures.
 */
import { CompactSign, compactVerify, createLocalJWKSet, exportJWK, type JSONWebKeySet, type JWK } from 'jose';
import { canonicalJson } from '../events/event-log';
import { registryKeyRing, type RegistryKeyRing } from './registry-key';

/** The JWS `typ` of a decision statement; a verifier refuses anything else. */
export const DECISION_STATEMENT_TYP = 'msr-decision-statement+jws';
/** Statement type and version inside the payload. */
export const DECISION_STATEMENT_TYPE = 'msr.decision-statement.v1';
/**
 * How long a statement is valid. A rotated-out key must stay in `REGISTRY_PUBLIC_KEYS` (and so in
 * the JWKS) at least this long after its last statement (docs/regulator.md).
 */
export const DECISION_STATEMENT_TTL_SECONDS = 30 * 86_400;

export interface DecisionStatementPayload {
  type: typeof DECISION_STATEMENT_TYPE;
  /** the registry that issued it */
  iss: string;
  modelVersion: {
    /** global id (`ModelVersion` node id) */
    id: string;
    developer: string;
    model: string;
    name: string;
  };
  jurisdiction: string;
  tier: string;
  outcome: string;
  computedOutcome: string;
  reasonCodes: string[];
  /** public ids of the findings the reasons name (sorted, unique) */
  findingIds: string[];
  policyVersion: string;
  /** ISO 8601: the moment the decision was evaluated for */
  evaluatedAt: string;
  /** the last event-log sequence number the decision reflects ("0" for an empty log) */
  eventSequence: string;
  /** "stored" for a recorded ExportDecision, "evaluation" for ModelVersion.eligibility */
  source: 'stored' | 'evaluation';
  iat: number;
  exp: number;
}

export const STATEMENT_ISSUER = 'model-security-registry';

/** Signs a statement with the ring's current key: a compact JWS with `alg`, `kid` and `typ`. */
export async function signDecisionStatement(
  payload: Omit<DecisionStatementPayload, 'type' | 'iss' | 'iat' | 'exp'>,
  issuedAt: Date,
  ring: RegistryKeyRing = registryKeyRing(),
): Promise<string> {
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const full: DecisionStatementPayload = { type: DECISION_STATEMENT_TYPE, iss: STATEMENT_ISSUER, ...payload, iat, exp: iat + DECISION_STATEMENT_TTL_SECONDS };
  return new CompactSign(new TextEncoder().encode(canonicalJson(full)))
    .setProtectedHeader({ alg: 'EdDSA', kid: ring.current.keyId, typ: DECISION_STATEMENT_TYP })
    .sign(ring.current.privateKey);
}

/** The registry's public keys as a JWKS (RFC 7517): every key that verifies, the current one first. */
export async function registryJwks(ring: RegistryKeyRing = registryKeyRing()): Promise<JSONWebKeySet> {
  const ids = [ring.current.keyId, ...[...ring.verifying.keys()].filter((k) => k !== ring.current.keyId)];
  const keys: JWK[] = [];
  for (const kid of ids) {
    const jwk = await exportJWK(ring.verifying.get(kid)!);
    keys.push({ ...jwk, kid, alg: 'EdDSA', use: 'sig' });
  }
  return { keys };
}

export type StatementCheck =
  | { ok: true; payload: DecisionStatementPayload; kid: string }
  | { ok: false; problem: string };

/**
 * Verifies a statement offline against a JWKS: the signature with the key its `kid` names, the
 * `typ`, the payload's type and issuer, that the payload is exactly its canonical JSON, and (given
 * `now`) that it has not expired.
 */
export async function verifyDecisionStatement(jws: string, jwks: JSONWebKeySet, now?: Date): Promise<StatementCheck> {
  let result;
  try {
    result = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  } catch (err) {
    return { ok: false, problem: `signature: ${(err as Error).message}` };
  }
  if (result.protectedHeader.typ !== DECISION_STATEMENT_TYP) return { ok: false, problem: `not a decision statement (typ ${String(result.protectedHeader.typ)})` };
  const text = new TextDecoder().decode(result.payload);
  let payload: DecisionStatementPayload;
  try {
    payload = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the payload is not JSON' };
  }
  if (payload.type !== DECISION_STATEMENT_TYPE || payload.iss !== STATEMENT_ISSUER) return { ok: false, problem: 'unknown statement type or issuer' };
  if (canonicalJson(payload) !== text) return { ok: false, problem: 'the payload is not in canonical form' };
  if (now && payload.exp * 1000 <= now.getTime()) return { ok: false, problem: `expired at ${new Date(payload.exp * 1000).toISOString()}` };
  return { ok: true, payload, kid: result.protectedHeader.kid! };
}
