/**
 * Four eyes (issue 16): whether the policy in force puts a kind of change under a second
 * regulator's approval, and recording a proposed change (table `proposed_changes`) instead of
 * applying it.
 */
import type { EntityManager } from 'typeorm';
import { requiresSecondApproval, type ApprovableChangeKind } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import { actorOf, PROPOSED_CHANGE_SUBJECT } from '../access/rules';
import { recordEvent } from '../events/event-log';
import { policyInForceIn } from '../decisions/policy-service';

/** Whether the policy in force now requires a second regulator for this kind of change. */
export async function approvalRequired(ctx: GraphQLContext, tx: EntityManager, kind: ApprovableChangeKind): Promise<boolean> {
  // Inside the write's transaction, on its connection (policy-service.ts, `policyInForceIn`).
  const policy = await policyInForceIn(tx, ctx.now);
  return policy !== null && requiresSecondApproval(policy.document, kind);
}

export interface Proposal {
  kind: ApprovableChangeKind;
  /** the mutation's input (without the idempotency key), replayed at approval */
  payload: Record<string, unknown>;
  /** what the proposal was made against; approval refuses it when this has changed */
  basis: Record<string, unknown>;
  /** what the event names besides the change */
  subject: Record<string, unknown>;
  /** the export decision an override proposal concerns (null for a publication) */
  exportDecisionId?: string;
}

/** Records a pending proposed change and its event; returns its id. */
export async function proposeChange(ctx: GraphQLContext, tx: EntityManager, p: Proposal): Promise<string> {
  const [row] = await tx.query(
    `INSERT INTO proposed_changes (kind, payload, basis, proposed_by, proposed_at, result_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [p.kind, JSON.stringify(p.payload), JSON.stringify(p.basis), actorOf(ctx.viewer), ctx.now, p.exportDecisionId ?? null],
  );
  await recordEvent(tx, {
    actor: actorOf(ctx.viewer),
    type: 'CHANGE_PROPOSED',
    subjectType: PROPOSED_CHANGE_SUBJECT,
    subjectId: row.id,
    occurredAt: ctx.now,
    payload: { kind: p.kind, ...p.subject, ...(p.exportDecisionId ? { exportDecisionId: p.exportDecisionId } : {}) },
  });
  return row.id;
}
