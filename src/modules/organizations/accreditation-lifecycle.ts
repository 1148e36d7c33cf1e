/**
 * The accreditation lifecycle (issue 16): `changeAccreditation` (suspend, reinstate, renew,
 * revoke) and `endConflictOfInterest`. Decode → authorize → load → the domain decides
 * (`decideAccreditationChange`) → the store writes the history row and the current state
 * (write-store.ts) → decisions of the versions the auditor audited are recomputed → the event is
 * recorded.
 */
import DataLoader from 'dataloader';
import { decideAccreditationChange, type AccreditationAction, type AccreditationStatus } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import {
  insertAccreditationChange,
  lockAccreditation,
  lockConflictOfInterest,
  recordConflictEnd,
  setAccreditationStanding,
  versionsAuditedBy,
} from './write-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LifecycleRef {
  organizationId: string;
}

function uuidOf(value: string, field: string): string {
  if (!UUID.test(value)) throw new UserInputProblem(problem('INVALID_ID', 'Not an id of this registry (a UUID).', [field]));
  return value.toLowerCase();
}

export interface ChangeAccreditationArgs {
  accreditationId: string;
  action: AccreditationAction;
  reason: string;
  effectiveAt?: Date | null;
  validUntil?: Date | null;
  idempotencyKey?: string | null;
}

export function changeAccreditation(ctx: GraphQLContext, input: ChangeAccreditationArgs, renewalGivesUntil: boolean): Promise<MutationOutcome<LifecycleRef>> {
  return runMutation(ctx, { operation: 'changeAccreditation', action: 'accreditation.register', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'accreditation.register');
    const id = uuidOf(input.accreditationId, 'accreditationId');
    const row = await lockAccreditation(tx, id);
    if (!row) throw new UserInputProblem(problem('NOT_FOUND', 'No such accreditation.', ['accreditationId']));
    const checks = new InputChecks();
    checks.required(input.reason, ['reason']);
    checks.maxLength(input.reason, 4000, ['reason']);
    checks.notInFuture(input.effectiveAt, ctx.now, ['effectiveAt']);
    checks.throwIfAny();
    const effectiveAt = input.effectiveAt ?? ctx.now;
    const decision = decideAccreditationChange(
      { status: row.status, validFrom: row.valid_from, validUntil: row.valid_until },
      { action: input.action, effectiveAt, ...(renewalGivesUntil ? { validUntil: input.validUntil ?? null } : {}) },
    );
    if (!decision.ok) throw new UserInputProblem(problem(decision.code, decision.message, [decision.field]));
    await insertAccreditationChange(tx, {
      accreditationId: id,
      action: input.action,
      previousStatus: row.status,
      previousValidUntil: row.valid_until,
      status: decision.status,
      validUntil: decision.validUntil,
      reason: input.reason.trim(),
      actor: actorOf(ctx.viewer),
      effectiveAt,
      recordedAt: ctx.now,
    });
    await setAccreditationStanding(tx, id, { status: decision.status, validUntil: decision.validUntil });
    await recomputeDecisions(tx, await versionsAuditedBy(tx, row.auditor_id), { cause: 'ACCREDITATION_CHANGED', actor: actorOf(ctx.viewer), now: ctx.now });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'ACCREDITATION_CHANGED',
      subjectType: 'Organization',
      subjectId: row.auditor_id,
      occurredAt: ctx.now,
      payload: {
        accreditationId: id,
        action: input.action,
        from: row.status,
        to: decision.status,
        validUntil: decision.validUntil?.toISOString() ?? null,
        effectiveAt: effectiveAt.toISOString(),
        reason: input.reason.trim(),
      },
    });
    return { organizationId: row.auditor_id };
  });
}

export interface EndConflictArgs {
  conflictId: string;
  periodEnd: Date;
  reason: string;
  idempotencyKey?: string | null;
}

export function endConflictOfInterest(ctx: GraphQLContext, input: EndConflictArgs): Promise<MutationOutcome<LifecycleRef>> {
  return runMutation(ctx, { operation: 'endConflictOfInterest', action: 'conflict.declare', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'conflict.declare');
    const id = uuidOf(input.conflictId, 'conflictId');
    const row = await lockConflictOfInterest(tx, id);
    if (!row) throw new UserInputProblem(problem('NOT_FOUND', 'No such conflict of interest.', ['conflictId']));
    authorize(ctx.viewer, 'conflict.declare', { auditorId: row.auditor_id, developerId: row.developer_id });
    const checks = new InputChecks();
    checks.required(input.reason, ['reason']);
    checks.maxLength(input.reason, 4000, ['reason']);
    checks.notInFuture(input.periodEnd, ctx.now, ['periodEnd']);
    if (input.periodEnd < row.period_start) checks.add('DATES_OUT_OF_ORDER', 'A conflict cannot end before it started.', ['periodEnd']);
    if (row.period_end !== null && row.period_end.getTime() === input.periodEnd.getTime()) {
      checks.add('NOTHING_TO_CHANGE', 'The conflict already ends then.', ['periodEnd']);
    }
    checks.throwIfAny();
    await recordConflictEnd(tx, {
      conflictId: id,
      previousPeriodEnd: row.period_end,
      periodEnd: input.periodEnd,
      reason: input.reason.trim(),
      actor: actorOf(ctx.viewer),
      recordedAt: ctx.now,
    });
    await recomputeDecisions(tx, await versionsAuditedBy(tx, row.auditor_id), { cause: 'CONFLICT_ENDED', actor: actorOf(ctx.viewer), now: ctx.now });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'CONFLICT_ENDED',
      subjectType: 'Organization',
      subjectId: row.auditor_id,
      occurredAt: ctx.now,
      payload: { conflictId: id, developerId: row.developer_id, periodEnd: input.periodEnd.toISOString(), reason: input.reason.trim() },
    });
    return { organizationId: row.auditor_id };
  });
}

interface AccreditationChangeRow {
  accreditation_id: string;
  action: AccreditationAction;
  previous_status: AccreditationStatus;
  status: AccreditationStatus;
  valid_until: Date | null;
  reason: string;
  actor: string;
  effective_at: Date;
  recorded_at: Date;
}

/**
 * Per operation: the changes of many accreditations in one statement. Tied to the operation's
 * loaders, so a write (which replaces them) starts afresh.
 */
const historyLoaders = new WeakMap<object, DataLoader<string, AccreditationChangeRow[]>>();
function accreditationHistory(ctx: GraphQLContext): DataLoader<string, AccreditationChangeRow[]> {
  let loader = historyLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows: AccreditationChangeRow[] = await ctx.db.query(
        'SELECT * FROM accreditation_changes WHERE accreditation_id = ANY($1::uuid[]) ORDER BY id',
        [[...ids]],
      );
      const byId = new Map(ids.map((id) => [id, [] as AccreditationChangeRow[]]));
      for (const r of rows) byId.get(r.accreditation_id)?.push(r);
      return ids.map((id) => byId.get(id)!);
    });
    historyLoaders.set(ctx.loaders, loader);
  }
  return loader;
}

export const accreditationLifecycleResolvers: Resolvers = {
  Mutation: {
    changeAccreditation: async (_p, { input }, ctx) => {
      // A renewal must name its new end; `validUntil: null` (open-ended) differs from leaving it out.
      const { result, errors } = await changeAccreditation(ctx, input, input.validUntil !== undefined);
      return { auditor: result ? await ctx.loaders.organizationById.load(result.organizationId) : null, errors };
    },
    endConflictOfInterest: async (_p, { input }, ctx) => {
      const { result, errors } = await endConflictOfInterest(ctx, input);
      return { auditor: result ? await ctx.loaders.organizationById.load(result.organizationId) : null, errors };
    },
  },
  Accreditation: {
    history: async (a, _x, ctx) => {
      const rows = await accreditationHistory(ctx).load(a.id);
      return rows.map((r) => ({
        action: r.action,
        previousStatus: r.previous_status,
        status: r.status,
        validUntil: r.valid_until,
        reason: r.reason,
        actor: r.actor,
        effectiveAt: r.effective_at,
        recordedAt: r.recorded_at,
      }));
    },
  },
};
