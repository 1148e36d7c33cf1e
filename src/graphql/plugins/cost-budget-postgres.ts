/**
 * The per-token cost budget shared by every instance over one PostgreSQL (issue 18,
 * COST_BUDGET_STORE=postgres): the same fixed one-minute windows as the in-memory `CostBudget`,
 * kept in the UNLOGGED table `cost_budget_windows` (migration 1764500000200).
 *
 * Leases (issue 12/18: a statement per request cost the smallest reads 10–20 % of their CPU): an
 * instance reserves LEASE_FRACTION of a key's budget at once and answers the following charges
 * from it, without a round trip, until it is spent; a charge that does not fit the lease reserves
 * more (or, when the lease does not fit the shared window, exactly its own cost). The budget is
 * never overspent across instances: every point spent was reserved in the table first. What is
 * given up is the last few points: points reserved by an instance and not spent by the end of
 * the window are not available to the others, so a caller may be refused up to LEASE_FRACTION of
 * its budget per instance early. An operation that costs more than a lease reserves exactly its
 * cost, so small budgets (the tests' 300 points: 6-point leases) are charged exactly as before.
 *
 * Each reservation is one named (prepared, per pooled connection) atomic
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

/**
 * The share of a key's budget an instance reserves at once: 2 % (1,000 of the default 50,000
 * points). Charges are then answered from the lease, without a round trip, until it is used up.
 */
export const LEASE_FRACTION = 0.02;

/** The store's answer to one reservation (database clock, ms). */
interface Reservation {
  start: number;
  spent: number;
  charged: boolean;
  now: number;
}

interface Lease {
  /** The shared window the lease belongs to (database clock, ms) and when it ends on this clock. */
  windowStart: number;
  endsAtLocal: number;
  /** Reserved and not yet spent here. */
  left: number;
  /** The window's spent points at the store's last answer (reservations of every instance). */
  spent: number;
}

export interface PostgresCostBudgetOptions {
  /** How long one charge may wait for the database before the in-memory fallback answers. */
  timeoutMs?: number;
  warn?: (message: string) => void;
}

export class PostgresCostBudget implements Budget {
  readonly fallback: CostBudget;
  private lastPrune = 0;
  private degraded = false;
  /** Points reserved in the shared window and not spent yet, per key (at most one window each). */
  private readonly leases = new Map<string, Lease>();
  /** The reservation in flight per key (settles, never rejects). */
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly leaseChunk: number;
  private readonly timeoutMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly pool: Pool,
    readonly perWindow: number,
    readonly windowMs = 60_000,
    options: PostgresCostBudgetOptions = {},
  ) {
    this.fallback = new CostBudget(perWindow, windowMs);
    this.leaseChunk = Math.floor(perWindow * LEASE_FRACTION);
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  /** True while the last charge had to use the in-memory fallback. */
  get usingFallback(): boolean {
    return this.degraded;
  }

  /**
   * Charges `cost` to `key`: from this instance's lease of the key's window when it holds
   * enough, else by reserving more in the shared window (the cost plus a lease of
   * LEASE_FRACTION of the budget when that fits, else exactly the cost).
   */
  async charge(key: string, cost: number): Promise<BudgetCharge> {
    const points = Math.ceil(cost);
    for (;;) {
      const held = this.leaseOf(key);
      if (held && held.left >= points) {
        held.left -= points;
        return this.granted(held);
      }
      // One reservation per key in flight on this instance: concurrent charges wait for it and
      // are then answered from the lease it brought, instead of each reserving a lease of its
      // own (100 charges at once would otherwise hold 100 leases).
      const pending = this.inflight.get(key);
      if (!pending) break;
      await pending;
    }
    const run = this.reserveAndCharge(key, points);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.inflight.get(key) === settled) this.inflight.delete(key);
    }
  }

  private async reserveAndCharge(key: string, points: number): Promise<BudgetCharge> {
    try {
      // At most three statements: the cost plus a lease; else the cost alone; and once more if
      // the window turned meanwhile (what was held belonged to the old one).
      let answer: Reservation | null = null;
      for (let attempt = 0; attempt < 3; attempt++) {
        const left = this.leases.get(key)?.left ?? 0;
        const need = Math.max(0, points - left);
        const wanted = attempt === 0 ? Math.max(need, this.leaseChunk) : need;
        answer = await this.reserve(key, wanted);
        const lease = this.leaseFor(key, answer);
        if (answer.charged) lease.left += wanted;
        if (lease.left >= points) {
          lease.left -= points;
          return this.answered(answer, lease, true);
        }
        if (!answer.charged && wanted === need) break; // not even the cost fits
      }
      return this.answered(answer!, this.leaseFor(key, answer!), false);
    } catch (err) {
      if (!this.degraded) {
        this.degraded = true;
        this.warn(`cost budget: the shared store is unreachable (${(err as Error).message}); this instance enforces its own in-memory budget until it answers`);
      }
      return this.fallback.charge(key, points);
    }
  }

  /** This instance's lease of `key`'s current window, if it holds one that has not ended. */
  private leaseOf(key: string): Lease | undefined {
    const lease = this.leases.get(key);
    if (!lease) return undefined;
    if (Date.now() < lease.endsAtLocal) return lease;
    this.leases.delete(key);
    return undefined;
  }

  /** The lease of the window the store just answered for (a new, empty one when the window turned). */
  private leaseFor(key: string, answer: Reservation): Lease {
    this.maybePrune(answer.now);
    let lease = this.leases.get(key);
    if (!lease || lease.windowStart !== answer.start) {
      lease = { windowStart: answer.start, endsAtLocal: Date.now() + (answer.start + this.windowMs - answer.now), left: 0, spent: 0 };
      this.leases.set(key, lease);
    }
    lease.spent = Math.max(lease.spent, answer.spent);
    return lease;
  }

  /** A charge answered from the lease: the state as of the store's last answer. */
  private granted(lease: Lease): BudgetCharge {
    return {
      ok: true,
      state: { limit: this.perWindow, remaining: this.perWindow - lease.spent + lease.left, resetAt: new Date(lease.windowStart + this.windowMs) },
      retryAfterSeconds: 0,
    };
  }

  /** A charge answered after a reservation: the state as that statement saw it. */
  private answered(answer: Reservation, lease: Lease, ok: boolean): BudgetCharge {
    if (this.degraded) {
      this.degraded = false;
      this.warn('cost budget: the shared store answers again; budgets are shared across instances once more');
    }
    const resetAt = new Date(answer.start + this.windowMs);
    return {
      ok,
      state: { limit: this.perWindow, remaining: this.perWindow - answer.spent + lease.left, resetAt },
      retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil((resetAt.getTime() - answer.now) / 1000)),
    };
  }

  /** One statement: adds `points` to the key's shared window when they fit. */
  private async reserve(key: string, points: number): Promise<Reservation> {
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
      return { start: Number(row.start), spent: Number(row.spent), charged: row.charged, now: Number(row.now) };
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
    const local = Date.now();
    for (const [key, lease] of this.leases) if (local >= lease.endsAtLocal) this.leases.delete(key);
    this.prune().catch(() => undefined);
  }
}

/** The budget COST_BUDGET_STORE asks for: shared over `db`'s pg pool, or this process's memory. */
export function createCostBudget(limits: Pick<LimitsConfig, 'costBudgetPerMinute' | 'costBudgetStore'>, db: DataSource): Budget {
  if (limits.costBudgetStore === 'memory') return new CostBudget(limits.costBudgetPerMinute);
  const pool = (db.driver as unknown as { master: Pool }).master;
  return new PostgresCostBudget(pool, limits.costBudgetPerMinute, 60_000, { warn: logFunction('cost-budget', 'warn') });
}
