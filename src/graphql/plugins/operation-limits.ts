/**
 * Depth, cost and input limits per operation, and a cost budget per token per minute.
 *
 * Runs in `didResolveOperation`, which Apollo Server calls for every request — validation rules
 * are skipped for documents already in its cache, so limits that depend on variables cannot live
 * there. WebSocket subscriptions do not pass through Apollo's plugins: their `onSubscribe` calls
 * `enforceOperationLimits` with the same limiter. The budget is shared by every instance over the
 * database (`PostgresCostBudget`, COST_BUDGET_STORE=postgres) or kept per process (`CostBudget`).
 *
 * Every response reports what it cost, like Shopify's `extensions.cost` and GitHub's `rateLimit`:
 *   "extensions": { "cost": { "requested": 123, "depth": 4, "maxCost": 10000, "maxDepth": 12,
 *                             "budget": { "limit": 50000, "remaining": 49877, "resetAt": "…" } } }
 */
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { LimitsConfig } from '../../config/config';
import type { GraphQLContext } from '../context';
import type { ErrorCode } from '../errors';
import type { Viewer } from '../../modules/access/rules';
import { checkInputLimits } from './input-limits';
import { measureOperation } from './operation-cost';

export interface BudgetState {
  limit: number;
  remaining: number;
  resetAt: Date;
}

/** The outcome of one charge: charged only when it fitted. */
export interface BudgetCharge {
  ok: boolean;
  state: BudgetState;
  retryAfterSeconds: number;
}

/** A per-key budget of cost points: in memory (`CostBudget`) or shared (`PostgresCostBudget`). */
export interface Budget {
  readonly perWindow: number;
  charge(key: string, cost: number): BudgetCharge | Promise<BudgetCharge>;
}

/**
 * Fixed one-minute windows of cost points per key (a token's subject, or an anonymous client's
 * address), in this process's memory (COST_BUDGET_STORE=memory, and the fallback of the shared
 * store). Windows that have ended are purged as the map grows.
 */
export class CostBudget implements Budget {
  private readonly windows = new Map<string, { start: number; spent: number }>();
  constructor(
    readonly perWindow: number,
    readonly windowMs = 60_000,
  ) {}

  /** Charges `cost` when it fits; otherwise charges nothing and says when to retry. */
  charge(key: string, cost: number, now = Date.now()): BudgetCharge {
    if (this.windows.size > 10_000) this.purge(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, spent: 0 };
      this.windows.set(key, w);
    }
    const resetAt = new Date(w.start + this.windowMs);
    const ok = w.spent + cost <= this.perWindow;
    if (ok) w.spent += cost;
    return {
      ok,
      state: { limit: this.perWindow, remaining: this.perWindow - w.spent, resetAt },
      retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil((resetAt.getTime() - now) / 1000)),
    };
  }

  purge(now = Date.now()): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

export interface CostReport {
  requested: number;
  depth: number;
  maxCost: number;
  maxDepth: number;
  budget: { limit: number; remaining: number; resetAt: string };
}

/** Anonymous callers are told apart by client address (set by the HTTP or WebSocket layer on the context). */
export function budgetKeyOf(viewer: Viewer, clientAddress: string | undefined): string {
  if (viewer.subject !== null) return `sub:${viewer.subject}`;
  return `addr:${clientAddress ?? 'unknown'}`;
}

function limitError(code: ErrorCode, message: string, status: number, extensions: Record<string, unknown>, headers?: [string, string][]) {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status, headers: new Map(headers ?? []) } } });
}

export interface OperationToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  budgetKey: string;
}

/**
 * Checks the input, depth and cost limits, then charges the budget. Throws a GraphQLError
 * (BAD_USER_INPUT, DEPTH_LIMIT_EXCEEDED, COST_LIMIT_EXCEEDED: HTTP 400; RATE_LIMITED: 429 with
 * Retry-After) or returns the cost report.
 */
export async function enforceOperationLimits(limits: LimitsConfig, budget: Budget, op: OperationToCheck): Promise<CostReport> {
  try {
    checkInputLimits(op.document, op.operation, op.variables, limits);
  } catch (err) {
    if (err instanceof GraphQLError) {
      throw new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status: 400, headers: new Map() } } });
    }
    throw err;
  }
  const { depth, cost } = measureOperation(op.schema, op.document, op.operation, op.variables ?? {});
  const base = { depth, maxDepth: limits.maxDepth, requestedCost: cost, maxCost: limits.maxCost };
  if (depth > limits.maxDepth) {
    throw limitError('DEPTH_LIMIT_EXCEEDED', `The operation nests ${depth} levels deep; at most ${limits.maxDepth} are allowed.`, 400, base);
  }
  // `!(cost <= max)`: a cost that overflowed to Infinity or NaN is refused too, never let through.
  if (!(cost <= limits.maxCost)) {
    throw limitError('COST_LIMIT_EXCEEDED', `The operation would cost ${cost} points; at most ${limits.maxCost} are allowed per operation. Ask for smaller pages or fewer fields.`, 400, base);
  }
  const charged = await budget.charge(op.budgetKey, cost);
  const report: CostReport = {
    requested: cost,
    depth,
    maxCost: limits.maxCost,
    maxDepth: limits.maxDepth,
    budget: { limit: charged.state.limit, remaining: charged.state.remaining, resetAt: charged.state.resetAt.toISOString() },
  };
  if (!charged.ok) {
    throw limitError(
      'RATE_LIMITED',
      `The cost budget of ${budget.perWindow} points per minute is spent; retry in ${charged.retryAfterSeconds} s.`,
      429,
      { retryAfterSeconds: charged.retryAfterSeconds, cost: report },
      [['retry-after', String(charged.retryAfterSeconds)]],
    );
  }
  return report;
}

const reports = new WeakMap<object, CostReport>();

export function operationLimitsPlugin(limits: LimitsConfig, budget: Budget = new CostBudget(limits.costBudgetPerMinute)): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return; // Apollo has already answered "operation not found"
          const report = await enforceOperationLimits(limits, budget, {
            schema: rc.schema,
            document: rc.document,
            operation: rc.operation,
            variables: rc.request.variables,
            budgetKey: budgetKeyOf(rc.contextValue.viewer, rc.contextValue.clientAddress),
          });
          reports.set(rc.request, report);
        },
        async willSendResponse(rc) {
          const report = reports.get(rc.request);
          if (!report) return;
          rc.response.http.headers.set('x-ratelimit-limit', String(report.budget.limit));
          rc.response.http.headers.set('x-ratelimit-remaining', String(report.budget.remaining));
          rc.response.http.headers.set('x-ratelimit-reset', String(Math.ceil(Date.parse(report.budget.resetAt) / 1000)));
          if (rc.response.body.kind === 'single') {
            const result = rc.response.body.singleResult;
            result.extensions = { ...result.extensions, cost: report };
          }
        },
      };
    },
  };
}
