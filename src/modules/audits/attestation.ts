/**
 * Audit attestations: the auditor signs a canonical JSON statement of the completed audit with its
 * Ed25519 key (Node's crypto); anyone can verify it against the auditor's registered public key.
 */
import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../events/event-log';

export interface AttestationStatement {
  auditId: string;
  auditorId: string;
  modelVersionId: string;
  kind: string;
  scopes: string[];
  outcome: string;
  completedAt: Date;
  raisedFindingIds: string[];
  retestResults: { findingId: string; result: string }[];
}

/** The exact text that is signed: keys sorted, lists sorted, times in ISO 8601 UTC. */
export function attestationPayload(s: AttestationStatement): string {
  return canonicalJson({
    statement: 'MODEL_SECURITY_REGISTRY_AUDIT_ATTESTATION_V1',
    auditId: s.auditId,
    auditorId: s.auditorId,
    modelVersionId: s.modelVersionId,
    kind: s.kind,
    scopes: [...s.scopes].sort(),
    outcome: s.outcome,
    completedAt: s.completedAt.toISOString(),
    raisedFindingIds: [...s.raisedFindingIds].sort(),
    retestResults: [...s.retestResults].sort((a, b) => a.findingId.localeCompare(b.findingId)),
  });
}

/** Whether `publicKeyPem` is a usable Ed25519 public key. */
export function isEd25519PublicKey(publicKeyPem: string): boolean {
  try {
    return createPublicKey(publicKeyPem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export function verifyAttestation(publicKeyPem: string | null, payload: string, signatureBase64: string): boolean {
  if (!publicKeyPem) return false;
  try {
    const signature = Buffer.from(signatureBase64, 'base64');
    if (signature.length !== 64) return false;
    return verify(null, Buffer.from(payload, 'utf8'), createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
