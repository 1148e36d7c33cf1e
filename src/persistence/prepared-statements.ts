/**
 * Named prepared statements for the hot reads (issue 12).
 *
 * An unnamed statement is parsed, analysed and planned by PostgreSQL on every execution. For the
 * registry's fact loads — a few subselects each — that cost more than executing them: on a warm
 * connection a version's facts statement took 0.22 ms to plan and 0.14 ms to run. A statement
 * registered here with `prepared(sql)` is sent as a named statement instead: each pooled
 * connection parses it once and, with `plan_cache_mode = force_generic_plan` on the pool's
 * connections, plans it once too (left to itself PostgreSQL kept choosing a custom plan, planned
 * per execution, for every `= ANY($1::uuid[])` statement). Measured on one connection, loading a
 * version's facts (five statements): 4.66 ms unnamed, 2.81 ms named with custom plans, 1.96 ms
 * named with the generic plan (`npm run bench:prepared`).
 *
 * The setting affects named statements only (an unnamed statement is always planned with its
 * values), so only what is registered here runs on a generic plan. Register only statements whose
 * good plan does not depend on the parameter values: lookups by lists of keys, pages read along an
 * index. Only stable texts are registered (the loaders' and the fact loads' statements, built once;
 * the pages' statements, one per shape of filter, through `preparedShape`), and the registry is
 * bounded: past MAX_PREPARED distinct texts a statement runs unnamed as before, so no caller can
 * grow what every connection keeps, and page shapes have a share of their own (MAX_PREPARED_SHAPES),
 * so a caller trying filter combinations cannot crowd out the loaders' statements. The statements still go through TypeORM's query runner, so logging, statement counting
 * and errors are unchanged; only the pool's client sends them named.
 *
 * Named statements live per connection, so this needs the service's own pool, not a
 * transaction-pooling proxy in front of PostgreSQL (PgBouncer in transaction mode before 1.21):
 * set DB_PREPARED_STATEMENTS=0 there. A registered statement names its columns, never `t.*`: a
 * migration that adds a column while an instance runs would change a `*` statement's result type,
 * and PostgreSQL refuses to run it again on that connection ("cached plan must not change result
 * type"; test/integration/infra/prepared-statements.test.ts adds columns under a live connection).
 * Changing the type of a column a statement reads still needs the instances restarted, as a deploy does.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** At most this many distinct statement texts are prepared (per process, so per connection too). */
export const MAX_PREPARED = 500;
/**
 * Of those, at most this many are page shapes (`preparedShape`): callers choose a page's filters,
 * so a caller trying many combinations fills only this share, never the room the fixed statements need.
 */
export const MAX_PREPARED_SHAPES = 200;

const names = new Map<string, string>();
let shapes = 0;

const register = (sql: string) => names.set(sql, `msr_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`);

/**
 * Registers a statement the code fixes (a loader's, a fact load's) to run named, and returns it
 * unchanged: `m.query(prepared(SQL), params)`. Past MAX_PREPARED texts it is left unnamed.
 */
export function prepared(sql: string): string {
  if (!names.has(sql) && names.size < MAX_PREPARED) register(sql);
  return sql;
}

/** The same for a statement whose text follows the caller's choice of filters (a page's). */
export function preparedShape(sql: string): string {
  if (!names.has(sql) && shapes < MAX_PREPARED_SHAPES && names.size < MAX_PREPARED) {
    register(sql);
    shapes++;
  }
  return sql;
}

/** The name a statement text runs under, or undefined (unnamed). */
export function preparedName(sql: string): string | undefined {
  return names.get(sql);
}

/**
 * The pool's client class: a registered statement text with its
 * parameters goes out as `{ name, text, values }`, every other query as it came.
 */
export class PreparingClient extends Client {
  // pg's overloads cannot be restated one by one here; the arguments pass through untouched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [config, values, callback] = args;
    if (typeof config === 'string') {
      const name = names.get(config);
      if (name !== undefined && typeof values !== 'function') {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return (super.query as any)({ name, text: config, values: values ?? undefined }, callback);
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.query as any)(...args);
  }
}

/** The pool options (TypeORM's `extra`) that turn it on: the client above, generic plans for named statements. */
export const PREPARED_STATEMENT_OPTIONS = {
  Client: PreparingClient,
  options: '-c plan_cache_mode=force_generic_plan',
} as const;
