/**
 * DEMO ONLY: fixed Ed25519 keys for the demo auditors, so the demo story (and its tests) can sign
 * audit attestations. Never register these keys for a real auditor: they are public.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface DemoKeyPair {
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function demoKeyPair(label: string): DemoKeyPair {
  const seed = createHash('sha256').update(`model-security-registry demo key: ${label}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem };
}

export const DEMO_SENTINEL_KEYS = demoKeyPair('Sentinel Assurance');
