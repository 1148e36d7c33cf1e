import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (issue 17): subscriptions as data, their delivery log, and the fan-out cursor.
 *
 * The event log is the outbox: every event is written in the same transaction as the change it
 * records, and appends are serialised (the chain's advisory lock), so events become visible in
 * `seq` order. The worker reads the events after `webhook_fanout.last_seq`, writes one
 * `webhook_deliveries` row per matching webhook and advances the cursor in one transaction.
 */
export class Webhooks1764500000100 implements MigrationInterface {
  name = 'Webhooks1764500000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        url text NOT NULL,
        event_types text[] NOT NULL DEFAULT '{}',
        filter jsonb NOT NULL DEFAULT '{}',
        secret_ciphertext bytea NOT NULL,
        secret_iv bytea NOT NULL,
        secret_auth_tag bytea NOT NULL,
        secret_key_id text NOT NULL,
        previous_secret_ciphertext bytea,
        previous_secret_iv bytea,
        previous_secret_auth_tag bytea,
        previous_secret_key_id text,
        previous_secret_expires_at timestamptz,
        secret_rotated_at timestamptz,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'FAILING')),
        failure_reason text,
        failing_since timestamptz,
        start_seq bigint NOT NULL,
        lease_owner text,
        lease_until timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhooks_organization ON webhooks (organization_id, created_at)`);
    // A body is stored once per event and viewer (webhooks of one organization share it).
    await q.query(`
      CREATE TABLE webhook_payloads (
        id uuid PRIMARY KEY,
        event_seq bigint NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event_seq bigint NOT NULL,
        event_type text NOT NULL,
        event_occurred_at timestamptz NOT NULL,
        payload_id uuid NOT NULL REFERENCES webhook_payloads(id),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        response_code integer,
        latency_ms integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_event_unique UNIQUE (webhook_id, event_seq)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, event_seq) WHERE status = 'PENDING'`);
    await q.query(`CREATE TABLE webhook_fanout (id smallint PRIMARY KEY CHECK (id = 1), last_seq bigint NOT NULL)`);
    await q.query(`INSERT INTO webhook_fanout (id, last_seq) SELECT 1, coalesce(max(seq), 0) FROM events`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_fanout`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_payloads`);
    await q.query(`DROP TABLE webhooks`);
  }
}
