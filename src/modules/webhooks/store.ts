/**
 * SQL of webhooks and their deliveries. Secrets are sealed at rest with the DataSource's AES-256-GCM
 * cipher (src/infra/details-crypto.ts), bound to the webhook by the associated data
 * (`webhook-secret:<id>` in place of a finding id, so a sealed secret opens for no finding and no
 * other webhook), and are opened only by the delivery worker to sign.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { detailsCipherOf, type DetailsCipher } from '../../infra/details-crypto';
import type { StoredWebhookFilter } from './filter';

type Db = DataSource | EntityManager;

export type WebhookStatus = 'ACTIVE' | 'FAILING';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** A webhook as the API shows it: never a secret. */
export interface WebhookRow {
  id: string;
  organizationId: string;
  url: string;
  eventTypes: string[];
  filter: StoredWebhookFilter;
  status: WebhookStatus;
  failureReason: string | null;
  failingSince: Date | null;
  secretRotatedAt: Date | null;
  previousSecretExpiresAt: Date | null;
  startSeq: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryRow {
  id: string;
  webhookId: string;
  eventSeq: string;
  eventType: string;
  eventOccurredAt: Date;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  responseCode: number | null;
  latencyMs: number | null;
  lastError: string | null;
  createdAt: Date;
}

export const WEBHOOK_COLUMNS = `w.id::text AS id, w.organization_id::text AS organization_id, w.url, w.event_types, w.filter, w.status,
  w.failure_reason, w.failing_since, w.secret_rotated_at, w.previous_secret_expires_at, w.start_seq::text AS start_seq,
  w.created_by, w.created_at, w.updated_at`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw SQL row, read column by column
export function webhookFromRow(r: Record<string, any>): WebhookRow {
  return {
    id: r.id,
    organizationId: r.organization_id,
    url: r.url,
    eventTypes: r.event_types ?? [],
    filter: r.filter ?? {},
    status: r.status,
    failureReason: r.failure_reason,
    failingSince: r.failing_since,
    secretRotatedAt: r.secret_rotated_at,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    startSeq: r.start_seq,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const DELIVERY_COLUMNS = `d.id::text AS id, d.webhook_id::text AS webhook_id, d.event_seq::text AS event_seq, d.event_type, d.event_occurred_at,
  d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.response_code, d.latency_ms, d.last_error, d.created_at`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw SQL row, read column by column
function deliveryFromRow(r: Record<string, any>): DeliveryRow {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    eventSeq: r.event_seq,
    eventType: r.event_type,
    eventOccurredAt: r.event_occurred_at,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
    responseCode: r.response_code === null ? null : Number(r.response_code),
    latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
    lastError: r.last_error,
    createdAt: r.created_at,
  };
}

// --- secrets ---------------------------------------------------------------------------------

const aad = (webhookId: string) => `webhook-secret:${webhookId}`;

export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  keyId: string;
}

export function sealSecret(cipher: DetailsCipher, webhookId: string, secret: string): SealedSecret {
  return cipher.seal(aad(webhookId), { reproductionSteps: null, prompts: null, notes: secret });
}

export function openSecret(cipher: DetailsCipher, webhookId: string, sealed: SealedSecret): string {
  const opened = cipher.open(aad(webhookId), sealed);
  if (opened.notes === null) throw new Error(`webhook ${webhookId}: sealed secret is empty`);
  return opened.notes;
}

/**
 * The secrets that sign a delivery now, from a row with the secret columns: the current one, and
 * the previous one within its overlap window.
 */
export function secretsOfRow(db: DataSource, r: Record<string, Buffer | string | Date | null>, now: Date): string[] {
  const cipher = detailsCipherOf(db);
  const id = r.id as string;
  const secrets = [
    openSecret(cipher, id, { ciphertext: r.secret_ciphertext as Buffer, iv: r.secret_iv as Buffer, authTag: r.secret_auth_tag as Buffer, keyId: r.secret_key_id as string }),
  ];
  const expires = r.previous_secret_expires_at as Date | null;
  if (r.previous_secret_ciphertext && expires && expires.getTime() > now.getTime()) {
    secrets.push(
      openSecret(cipher, id, {
        ciphertext: r.previous_secret_ciphertext as Buffer,
        iv: r.previous_secret_iv as Buffer,
        authTag: r.previous_secret_auth_tag as Buffer,
        keyId: r.previous_secret_key_id as string,
      }),
    );
  }
  return secrets;
}

// --- reads -----------------------------------------------------------------------------------

export async function webhookById(db: Db, id: string): Promise<WebhookRow | null> {
  const [r] = await db.query(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = $1`, [id]);
  return r ? webhookFromRow(r) : null;
}

/** Webhooks of one organization, or of all (regulators), newest first, at most `limit`. */
export async function listWebhooks(db: Db, organizationId: string | null, limit: number): Promise<WebhookRow[]> {
  const rows = await db.query(
    `SELECT ${WEBHOOK_COLUMNS} FROM webhooks w WHERE ($1::uuid IS NULL OR w.organization_id = $1::uuid)
      ORDER BY w.created_at DESC, w.id DESC LIMIT $2`,
    [organizationId, limit],
  );
  return rows.map(webhookFromRow);
}

export async function countWebhooks(db: Db, organizationId: string): Promise<number> {
  const [r] = await db.query('SELECT count(*)::int AS n FROM webhooks WHERE organization_id = $1', [organizationId]);
  return Number(r.n);
}

/** Deliveries of a webhook, newest event first, before `beforeSeq` when given. */
export async function listDeliveries(
  db: Db,
  webhookId: string,
  opts: { limit: number; beforeSeq: string | null; statuses: DeliveryStatus[] | null },
): Promise<DeliveryRow[]> {
  const rows = await db.query(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
      WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.event_seq < $2::bigint) AND ($3::text[] IS NULL OR d.status = ANY($3::text[]))
      ORDER BY d.event_seq DESC LIMIT $4`,
    [webhookId, opts.beforeSeq, opts.statuses, opts.limit],
  );
  return rows.map(deliveryFromRow);
}

export async function deliveryById(db: Db, id: string): Promise<DeliveryRow | null> {
  const [r] = await db.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1`, [id]);
  return r ? deliveryFromRow(r) : null;
}
