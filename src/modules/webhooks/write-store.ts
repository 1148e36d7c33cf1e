/**
 * The write side of webhooks: every statement the webhook use cases (mutations.ts) run in their
 * transaction, one function per thing locked or recorded, each column list written once. Reads
 * for the API (and the worker's statements) live in store.ts and worker.ts.
 */
import type { EntityManager } from 'typeorm';
import type { StoredWebhookFilter } from './filter';
import type { SealedSecret } from './store';

/** The webhook locked for change (FOR UPDATE), with what authorization needs; null when unknown. */
export async function lockWebhookRow(tx: EntityManager, webhookId: string): Promise<{ organizationId: string; status: string } | null> {
  const [row]: { organization_id: string; status: string }[] = await tx.query(
    'SELECT organization_id::text AS organization_id, status FROM webhooks WHERE id = $1 FOR UPDATE',
    [webhookId],
  );
  return row ? { organizationId: row.organization_id, status: row.status } : null;
}

/** Serialises the webhook creations of one organization, so its limit is checked on a settled count. */
export async function lockOrganizationRow(tx: EntityManager, organizationId: string): Promise<void> {
  await tx.query('SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE', [organizationId]);
}

/** A fresh webhook id (the secret is sealed to it before the row exists). */
export async function newWebhookId(tx: EntityManager): Promise<string> {
  const [{ id }]: { id: string }[] = await tx.query('SELECT gen_random_uuid()::text AS id');
  return id;
}

export interface NewWebhook {
  id: string;
  organizationId: string;
  url: string;
  eventTypes: string[];
  filter: StoredWebhookFilter;
  secret: SealedSecret;
  createdBy: string;
}

/** A new webhook; the events committed after this one are delivered (the head read under the chain's order). */
export async function insertWebhook(tx: EntityManager, w: NewWebhook): Promise<void> {
  await tx.query(
    `INSERT INTO webhooks (id, organization_id, url, event_types, filter, secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id, start_seq, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT coalesce(max(seq), 0) FROM events), $10)`,
    [w.id, w.organizationId, w.url, w.eventTypes, JSON.stringify(w.filter), w.secret.ciphertext, w.secret.iv, w.secret.authTag,
      w.secret.keyId, w.createdBy],
  );
}

export interface WebhookChanges {
  /** null: unchanged */
  url: string | null;
  eventTypes: string[] | null;
  filter: StoredWebhookFilter | null;
}

/** The given settings changed (the others kept); any update reactivates a failing webhook. */
export async function updateWebhookSettings(tx: EntityManager, webhookId: string, c: WebhookChanges): Promise<void> {
  await tx.query(
    `UPDATE webhooks SET url = coalesce($2, url), event_types = coalesce($3, event_types), filter = coalesce($4::jsonb, filter),
            status = 'ACTIVE', failure_reason = NULL, failing_since = NULL, updated_at = now() WHERE id = $1`,
    [webhookId, c.url, c.eventTypes, c.filter ? JSON.stringify(c.filter) : null],
  );
}

/** The webhook gone, with its deliveries (ON DELETE CASCADE). */
export async function deleteWebhookRow(tx: EntityManager, webhookId: string): Promise<void> {
  await tx.query('DELETE FROM webhooks WHERE id = $1', [webhookId]);
}

/**
 * A new secret in force from `at`; the previous one still signs for `overlapSeconds` (none when
 * 0) so that receivers can switch over.
 */
export async function rotateWebhookSecretRow(
  tx: EntityManager,
  webhookId: string,
  secret: SealedSecret,
  overlapSeconds: number,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE webhooks SET previous_secret_ciphertext = secret_ciphertext, previous_secret_iv = secret_iv, previous_secret_auth_tag = secret_auth_tag,
            previous_secret_key_id = secret_key_id, previous_secret_expires_at = CASE WHEN $6::int > 0 THEN $7::timestamptz + $6 * interval '1 second' END,
            secret_ciphertext = $2, secret_iv = $3, secret_auth_tag = $4, secret_key_id = $5, secret_rotated_at = $7, updated_at = now()
      WHERE id = $1`,
    [webhookId, secret.ciphertext, secret.iv, secret.authTag, secret.keyId, overlapSeconds, at],
  );
}

/** The webhook a delivery belongs to, or null when there is no such delivery. */
export async function webhookIdOfDelivery(tx: EntityManager, deliveryId: string): Promise<string | null> {
  const [row]: { webhook_id: string }[] = await tx.query('SELECT webhook_id::text AS webhook_id FROM webhook_deliveries WHERE id = $1', [
    deliveryId,
  ]);
  return row?.webhook_id ?? null;
}

/** The delivery queued again from scratch: same id (X-MSR-Delivery) and body, a fresh timestamp and signature when sent. */
export async function requeueDelivery(tx: EntityManager, deliveryId: string): Promise<void> {
  await tx.query(`UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL WHERE id = $1`, [
    deliveryId,
  ]);
}

/** A failing webhook active again (its held deliveries go out, in order); an active one is left alone. */
export async function reactivateFailingWebhook(tx: EntityManager, webhookId: string): Promise<void> {
  await tx.query(`UPDATE webhooks SET status = 'ACTIVE', failure_reason = NULL, failing_since = NULL WHERE id = $1 AND status = 'FAILING'`, [
    webhookId,
  ]);
}
