import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write path without global locks (issue 13):
 *
 * - `msr_next_finding_number(year)` (with `msr_finding_number_sequence(year)`): the next number of a generated public id `MSR-<year>-NNNN`
 *   from a sequence per year (`finding_public_id_<year>_seq`), created on first use starting
 *   after the highest number of that year already stored. No lock is held to commit (numbers of
 *   rolled-back reports are skipped); a number already taken by an explicitly given public id is
 *   passed over. SECURITY DEFINER: the application role may neither create sequences nor needs
 *   privileges on them; the function runs as the tables' owner with a fixed search_path.
 * - `idempotency_keys_created_idx`: the background prune of expired idempotency keys.
 */
export class WritePathConcurrency1764600000100 implements MigrationInterface {
  name = 'WritePathConcurrency1764600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION msr_finding_number_sequence(y integer) RETURNS regclass
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
      DECLARE
        seq_name text := format('finding_public_id_%s_seq', y);
        start_at bigint;
      BEGIN
        IF y < 1000 OR y > 9999 THEN
          RAISE EXCEPTION 'year % out of range', y USING ERRCODE = '22003';
        END IF;
        IF to_regclass('public.' || seq_name) IS NULL THEN
          SELECT COALESCE(MAX(CAST(split_part(public_id, '-', 3) AS bigint)), 0) + 1 INTO start_at
            FROM public.findings WHERE public_id LIKE 'MSR-' || y || '-%';
          BEGIN
            EXECUTE format('CREATE SEQUENCE public.%I START WITH %s', seq_name, start_at);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- a concurrent first use created it
          END;
        END IF;
        RETURN ('public.' || quote_ident(seq_name))::regclass;
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION msr_next_finding_number(y integer) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
      DECLARE
        seq regclass := msr_finding_number_sequence(y);
        n bigint;
      BEGIN
        LOOP
          n := nextval(seq);
          EXIT WHEN NOT EXISTS (
            SELECT 1 FROM public.findings
             WHERE public_id = 'MSR-' || y || '-' || CASE WHEN length(n::text) >= 4 THEN n::text ELSE lpad(n::text, 4, '0') END);
        END LOOP;
        RETURN n;
      END
      $fn$`);
    // Last year's, this year's and the next five years' sequences now, so the first report of a
    // year rarely creates one inside its transaction (concurrent first reports would wait for it).
    const [{ year }] = await q.query(`SELECT extract(year FROM now())::int AS year`);
    for (let y = year - 1; y <= year + 5; y++) await q.query(`SELECT msr_finding_number_sequence($1)`, [y]);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idempotency_keys_created_idx`);
    const seqs: { relname: string }[] = await q.query(`SELECT relname FROM pg_class WHERE relkind = 'S' AND relname ~ '^finding_public_id_[0-9]+_seq$'`);
    for (const s of seqs) await q.query(`DROP SEQUENCE IF EXISTS "${s.relname}"`);
    await q.query(`DROP FUNCTION msr_next_finding_number(integer)`);
    await q.query(`DROP FUNCTION msr_finding_number_sequence(integer)`);
  }
}
