import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A published policy version never changes (issue 12). The service keeps each version's document
 * in memory once read (src/modules/decisions/policy-documents.ts), so every operation reads only
 * the small columns of `policy_versions` and the compiled policy is reused; that is only right if
 * a row's document cannot change under it. Nothing in the service updates a policy version (a new
 * policy is a new version); this trigger makes it a rule of the database too. Withdrawing a
 * version is a new version, as before.
 */
export class PolicyVersionsImmutable1764600001500 implements MigrationInterface {
  name = 'PolicyVersionsImmutable1764600001500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION msr_refuse_policy_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'policy_versions rows are immutable: publish a new version instead'
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER policy_versions_immutable BEFORE UPDATE ON policy_versions
        FOR EACH ROW EXECUTE FUNCTION msr_refuse_policy_version_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER policy_versions_immutable ON policy_versions');
    await q.query('DROP FUNCTION msr_refuse_policy_version_change()');
  }
}
