import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys are scoped by subject, organization and roles (issue 11, defect 9): a token with
 * the same subject but another organization or other roles never replays another principal's
 * stored response. Keys stored before this migration get the empty scope, which no caller has:
 * a retry of such a request is executed again rather than replayed.
 */
export class IdempotencyScope1764400000000 implements MigrationInterface {
  name = 'IdempotencyScope1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN scope text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (actor, scope, key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Several scopes may hold the same (actor, key): keep the newest of each.
    await q.query(`DELETE FROM idempotency_keys a USING idempotency_keys b
                    WHERE a.actor = b.actor AND a.key = b.key AND (a.created_at, a.scope) < (b.created_at, b.scope)`);
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN scope`);
    await q.query(`ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (actor, key)`);
  }
}
