/**
 * Four eyes (issue 16): a second regulator approves a proposed change — applied exactly as the
 * direct mutation applies it (`applyOverride` / `applyPublication`, with recompute and events) —
 * or a regulator withdraws it. The proposer cannot approve their own change.
 */
import type { EntityManager } from 'typeorm';
import type { ExportOutcome } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { ApproveProposedChangeInput, WithdrawProposedChangeInput } from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { actorOf, authorize, PROPOSED_CHANGE_SUBJECT } from '../access/rules';
import { recordEvent } from '../events/event-log';
import { readPolicyDraft } from '../policy-instruments/policy-draft';
import { inputId } from '../shared/write-support';
import {
  applyOverride,
  applyPublication,
  checkOverride,
  decisionRow,
  latestPublishedPolicyId,
  overrideBasis,
} from '../decisions/mutations';

export interface ProposedChangeRef {
  proposedChangeId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ProposalRow {
  id: string;
  kind: 'POLICY_PUBLICATION' | 'EXPORT_OVERRIDE';
  payload: Record<string, unknown>;
  basis: Record<string, unknown>;
  proposed_by: string;
  status: 'PENDING' | 'APPROVED' | 'WITHDRAWN';
}

/** The pending proposal, locked; typed errors at `["proposedChangeId"]` otherwise. */
async function pendingProposal(tx: EntityManager, id: string): Promise<ProposalRow> {
  const path = ['proposedChangeId'];
  if (!UUID.test(id)) throw new UserInputProblem(problem('INVALID_ID', 'Not an id of this registry (a UUID).', path));
  const [row]: ProposalRow[] = await tx.query(
    'SELECT id, kind, payload, basis, proposed_by, status FROM proposed_changes WHERE id = $1 FOR UPDATE',
    [id.toLowerCase()],
  );
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', 'No such proposed change.', path));
  if (row.status !== 'PENDING') {
    throw new UserInputProblem(problem('NOT_PENDING', `This change was already ${row.status.toLowerCase()}.`, path));
  }
  return row;
}

const stale = (message: string) => new UserInputProblem(problem('STALE_PROPOSAL', `${message} Withdraw it and propose again.`, ['proposedChangeId']));

/** Records the decision on the proposal and its event. */
async function decide(
  ctx: GraphQLContext,
  tx: EntityManager,
  row: ProposalRow,
  status: 'APPROVED' | 'WITHDRAWN',
  reason: string | null,
  resultId: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE proposed_changes SET status = $2, decided_by = $3, decided_at = $4, reason = $5, result_id = COALESCE($6, result_id) WHERE id = $1`,
    [row.id, status, actorOf(ctx.viewer), ctx.now, reason, resultId],
  );
  await recordEvent(tx, {
    actor: actorOf(ctx.viewer),
    type: status === 'APPROVED' ? 'CHANGE_APPROVED' : 'CHANGE_WITHDRAWN',
    subjectType: PROPOSED_CHANGE_SUBJECT,
    subjectId: row.id,
    occurredAt: ctx.now,
    payload: { kind: row.kind, proposedBy: row.proposed_by, reason, resultId },
  });
}

export function approveProposedChange(ctx: GraphQLContext, input: ApproveProposedChangeInput): Promise<MutationOutcome<ProposedChangeRef>> {
  return runMutation(ctx, { operation: 'approveProposedChange', action: 'proposedChange.decide', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'proposedChange.decide');
    const checks = new InputChecks();
    checks.maxLength(input.reason, 4000, ['reason']);
    checks.throwIfAny();
    const row = await pendingProposal(tx, input.proposedChangeId);
    if (row.proposed_by === actorOf(ctx.viewer)) {
      throw new UserInputProblem(problem('SAME_REGULATOR', 'A second regulator must approve: the proposer cannot approve their own change.', ['proposedChangeId']));
    }
    const reason = input.reason?.trim() || null;
    const extra = { approvedBy: actorOf(ctx.viewer), proposedBy: row.proposed_by, proposedChangeId: row.id };
    let resultId: string;
    if (row.kind === 'POLICY_PUBLICATION') {
      authorize(ctx.viewer, 'policy.publish');
      // Two publication approvals at once: one at a time, so the second sees the first's version.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['policy-publication-approval']);
      if ((await latestPublishedPolicyId(tx)) !== row.basis.latestPolicyVersionId) {
        throw stale('Another policy version was published since this change was proposed.');
      }
      const draft = readPolicyDraft(String(row.payload.document));
      if (!draft.ok) throw stale('The proposed document is no longer valid.');
      const summary = typeof row.payload.summary === 'string' ? row.payload.summary : null;
      resultId = (await applyPublication(ctx, tx, draft.policy, summary, row.proposed_by, extra)).policyVersionId;
    } else {
      authorize(ctx.viewer, 'decision.override');
      const p = row.payload as { modelVersionId: string; jurisdictionCode: string; outcome: ExportOutcome; justification: string; expiresAt: string | null };
      const versionId = inputId(p.modelVersionId, 'ModelVersion', ['proposedChangeId']);
      const expiresAt = p.expiresAt ? new Date(p.expiresAt) : null;
      if (expiresAt && expiresAt <= ctx.now) throw stale('The proposed override would already have expired.');
      checkOverride(ctx, p.justification, expiresAt);
      const decision = await decisionRow(ctx, tx, versionId, p.jurisdictionCode);
      if (Object.entries(overrideBasis(decision)).some(([key, value]) => row.basis[key] !== value)) {
        throw stale('The override of this decision changed since this change was proposed.');
      }
      const change = { versionId, jurisdictionCode: p.jurisdictionCode, outcome: p.outcome, justification: p.justification, expiresAt };
      resultId = (await applyOverride(ctx, tx, decision, change, row.proposed_by, extra)).exportDecisionId;
    }
    await decide(ctx, tx, row, 'APPROVED', reason, resultId);
    return { proposedChangeId: row.id };
  });
}

export function withdrawProposedChange(ctx: GraphQLContext, input: WithdrawProposedChangeInput): Promise<MutationOutcome<ProposedChangeRef>> {
  return runMutation(ctx, { operation: 'withdrawProposedChange', action: 'proposedChange.decide', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'proposedChange.decide');
    const checks = new InputChecks();
    checks.required(input.reason, ['reason']);
    checks.maxLength(input.reason, 4000, ['reason']);
    checks.throwIfAny();
    const row = await pendingProposal(tx, input.proposedChangeId);
    await decide(ctx, tx, row, 'WITHDRAWN', input.reason.trim(), null);
    return { proposedChangeId: row.id };
  });
}
