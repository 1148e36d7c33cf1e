/**
 * The per-token cost budget shared by every instance over one PostgreSQL (issue 18,
 * COST_BUDGET_STORE=postgres): the same fixed one-minute windows as the in-memory `CostBudget`,
 * kept in the UNLOGGED table `cost_budget_windows` (migration 1764500000200).
 *
 * One statement per request, a named (prepared, per pooled connection) atomic
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`: it opens a window when the key has none or its
 * window has ended, adds the cost only when it fits (a refused operation charges nothing), and
 * returns the window's state. Concurrent requests for one key serialise on its row, so two
 * instances can never both spend the last points. Windows are timed by the database's clock, so
 * instances with skewed clocks agree.
 *
 * Why not rate-limiter-flexible's RateLimiterPostgres: it consumes points before deciding (a
 * refused request still counts) and has no "charge only when it fits"; our own statement keeps the
 * semantics the API documents and costs the same one round trip.
 *
 * When the store cannot answer (database down, pool exhausted past `timeoutMs`) the budget fails
 * OPEN onto this instance's in-memory `CostBudget`, with one warning per outage: the budget is a
 * fairness limit, the per-operation depth and cost limits still apply, and refusing every request
 * because a counter is unreachable would turn a database blip into a full outage. Ended windows
 * are pruned at most once per window length, in the background.
 */
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { LimitsConfig } from '../../config/config';
import { logFunction } from '../../infra/logger';
import { CostBudget, type Budget, type BudgetCharge } from './operation-limits';

const CHARGE_SQL = `
WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms)
INSERT INTO cost_budget_windows AS w (budget_key, window_start_ms, spent, charged)
SELECT $1, clock.now_ms, CASE WHEN $2::bigint <= $3::bigint THEN $2::bigint ELSE 0 END, $2::bigint <= $3::bigint FROM clock
ON CONFLICT (budget_key) DO UPDATE SET
  window_start_ms = CASE WHEN EXCLUDED.window_start_ms - w.window_start_ms >= $4::bigint THEN EXCLUDED.window_start_ms ELSE w.window_start_ms END,
  spent = CASE WHEN EXCLUDED.window_start_ms - w.window_start_ms >= $4::bigint THEN EXCLUDED.spent
               WHEN w.spent + $2::bigint <= $3::bigint THEN w.spent + $2::bigint
               ELSE w.spent END,
  charged = CASE WHEN EXCLUDED.window_start_ms - w.window_start_ms >= $4::bigint THEN EXCLUDED.charged
                 ELSE w.spent + $2::bigint <= $3::bigint END
RETURNING w.window_start_ms::text AS start, w.spent::text AS spent, w.charged, (SELECT now_ms FROM clock)::text AS now`;

const PRUNE_SQL = `DELETE FROM cost_budget_windows
  WHERE window_start_ms < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1::bigint`;

export interface PostgresCostBudgetOptions {
  /** How long one charge may wait for the database before the in-memory fallback answers. */
  timeoutMs?: number;
  warn?: (message: string) => void;
}

export class PostgresCostBudget implements Budget {
  readonly fallback: CostBudget;
  private lastPrune = 0;
  private degraded = false;
  private readonly timeoutMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly pool: Pool,
    readonly perWindow: number,
    readonly windowMs = 60_000,
    options: PostgresCostBudgetOptions = {},
  ) {
    this.fallback = new CostBudget(perWindow, windowMs);
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  /** True while the last charge had to use the in-memory fallback. */
  get usingFallback(): boolean {
    return this.degraded;
  }

  async charge(key: string, cost: number): Promise<BudgetCharge> {
    const points = Math.ceil(cost);
    let timer: NodeJS.Timeout | undefined;
    try {
      const query = this.pool.query<{ start: string; spent: string; charged: boolean; now: string }>({
        name: 'msr_cost_budget_charge',
        text: CHARGE_SQL,
        values: [key, points, this.perWindow, this.windowMs],
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      query.catch(() => undefined); // a late failure after the timeout is not unhandled
      const { rows } = await Promise.race([query, timeout]);
      const row = rows[0]!;
      if (this.degraded) {
        this.degraded = false;
        this.warn('cost budget: the shared store answers again; budgets are shared across instances once more');
      }
      const start = Number(row.start);
      const now = Number(row.now);
      const resetAt = new Date(start + this.windowMs);
      const spent = Number(row.spent);
      this.maybePrune(now);
      return {
        ok: row.charged,
        state: { limit: this.perWindow, remaining: this.perWindow - spent, resetAt },
        retryAfterSeconds: row.charged ? 0 : Math.max(1, Math.ceil((resetAt.getTime() - now) / 1000)),
      };
    } catch (err) {
      if (!this.degraded) {
        this.degraded = true;
        this.warn(`cost budget: the shared store is unreachable (${(err as Error).message}); this instance enforces its own in-memory budget until it answers`);
      }
      return this.fallback.charge(key, points);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Deletes windows that ended more than a window ago; returns how many. */
  async prune(): Promise<number> {
    const result = await this.pool.query({ name: 'msr_cost_budget_prune', text: PRUNE_SQL, values: [this.windowMs] });
    return result.rowCount ?? 0;
  }

  private maybePrune(now: number): void {
    if (now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    this.fallback.purge();
    this.prune().catch(() => undefined);
  }
}

/** The budget COST_BUDGET_STORE asks for: shared over `db`'s pg pool, or this process's memory. */
export function createCostBudget(limits: Pick<LimitsConfig, 'costBudgetPerMinute' | 'costBudgetStore'>, db: DataSource): Budget {
  if (limits.costBudgetStore === 'memory') return new CostBudget(limits.costBudgetPerMinute);
  const pool = (db.driver as unknown as { master: Pool }).master;
  return new PostgresCostBudget(pool, limits.costBudgetPerMinute, 60_000, { warn: logFunction('cost-budget', 'warn') });
}
