/**
 * Signatures of webhook deliveries: `X-MSR-Signature-256: sha256=<hex HMAC-SHA256(secret,
 * "<timestamp>.<raw body>")>`, one value per secret in force (two, comma-separated, while a
 * rotated-out secret is still within its overlap window). Receivers check any one value and
 * reject stale timestamps (docs/webhooks.md).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Generated secrets: `whsec_` and 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The header value for the secrets in force, newest first. */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((s) => signatureOf(s, timestamp, body)).join(',');
}

/**
 * What a receiver does (also used by the tests): true when one of the header's values matches
 * and the timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  timestamp: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, Number(timestamp), body));
  return header.split(',').some((v) => {
    const given = Buffer.from(v.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
