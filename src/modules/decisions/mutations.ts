/**
 * Regulators' use cases on decisions: override an export decision (and lift it), publish a new
 * policy version. Decisions are recomputed in the same transaction. When the policy in force
 * requires four eyes (`approvals`), setting an override and publishing record a proposed change
 * instead (src/modules/proposed-changes); its approval applies it through the same functions.
 * The statements they write and the rows they lock are the store's (write-store.ts).
 */
import type { EntityManager } from 'typeorm';
import { overrideActionFor, type ExportOutcome, type PolicyDocument } from '../../domain';
import { readPolicyDraft } from '../policy-instruments/policy-draft';
import type { GraphQLContext } from '../../graphql/context';
import type {
  LiftExportOverrideInput,
  OverrideExportDecisionInput,
  PublishPolicyVersionInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { ModelVersionEntity } from '../../persistence/entities';
import { actorOf, authorize } from '../access/rules';
import { recordEvent } from '../events/event-log';
import { inputId, mustFind } from '../shared/write-support';
import { recordOverrideChange } from './override-history-store';
import { overrideOfRow } from './stored-override';
import { recomputeDecisions } from './recompute-decisions';
import { withDescendants } from '../lineage/lineage-store';
import {
  allModelVersionIds,
  clearOverride,
  insertPolicyVersion,
  jurisdictionIdByCode,
  latestPublishedPolicyId,
  lockDecisions,
  lockedDecisionRow,
  setOverride,
  type DecisionRowWithOverride,
} from './write-store';
import { approvalRequired, proposeChange } from '../proposed-changes/store';

export interface ExportDecisionRef {
  exportDecisionId: string;
}
export interface PolicyVersionRef {
  policyVersionId: string;
}
export interface ProposalRef {
  /** set when the change waits for a second regulator instead of being applied */
  proposedChangeId: string | null;
}

export type { DecisionRowWithOverride };
/** The newest published policy version (the store's; the four-eyes module takes it from here). */
export { latestPublishedPolicyId };

/** The stored decision row for (version, jurisdiction), computed first if it does not exist yet. */
export async function decisionRow(
  ctx: GraphQLContext,
  tx: EntityManager,
  versionId: string,
  code: string,
): Promise<DecisionRowWithOverride> {
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new UserInputProblem(problem('INVALID_COUNTRY', 'Use an ISO 3166-1 alpha-2 code such as DE.', ['jurisdictionCode']));
  }
  const jurisdictionId = await jurisdictionIdByCode(tx, code);
  if (!jurisdictionId) throw new UserInputProblem(problem('NOT_FOUND', `No jurisdiction ${code}.`, ['jurisdictionCode']));
  // Lock order (docs/architecture.md): the decision locks of the version and its descendants, in
  // version-id order, as the recompute that follows takes them — never this one row first.
  await lockDecisions(tx, await withDescendants(tx, [versionId]));
  let row = await lockedDecisionRow(tx, versionId, jurisdictionId);
  if (!row) {
    await recomputeDecisions(tx, [versionId], { cause: 'DECISION_MATERIALISED', actor: actorOf(ctx.viewer), now: ctx.now });
    row = await lockedDecisionRow(tx, versionId, jurisdictionId);
  }
  if (!row) throw new UserInputProblem(problem('NO_POLICY_IN_FORCE', 'No policy is in force to decide on.', []));
  return row;
}

/** An override as the direct mutation and an approved proposal apply it (checked input). */
export interface OverrideChange {
  versionId: string;
  jurisdictionCode: string;
  outcome: ExportOutcome;
  justification: string;
  expiresAt: Date | null;
}

/** The override state a proposal was made against: approval is refused when it has changed. */
export function overrideBasis(row: DecisionRowWithOverride): Record<string, string | null> {
  return {
    outcome: row.override_outcome,
    setAt: row.override_at?.toISOString() ?? null,
    expiresAt: row.override_expires_at?.toISOString() ?? null,
    justification: row.override_justification,
  };
}

/** Checks an override's input (paths of `overrideExportDecision`'s input). */
export function checkOverride(ctx: GraphQLContext, justification: string, expiresAt: Date | null): void {
  const checks = new InputChecks();
  checks.required(justification, ['justification']);
  checks.maxLength(justification, 4000, ['justification']);
  if (expiresAt && expiresAt <= ctx.now) checks.add('PAST_DATE', 'An override must expire in the future.', ['expiresAt']);
  checks.throwIfAny();
}

/**
 * Sets or replaces an override: history row, current state, event, recompute — the one path for
 * `overrideExportDecision` and an approved proposal. `actor` is who set it (the proposer).
 */
export async function applyOverride(
  ctx: GraphQLContext,
  tx: EntityManager,
  row: DecisionRowWithOverride,
  change: OverrideChange,
  actor: string,
  extra: Record<string, unknown> = {},
): Promise<ExportDecisionRef> {
  const version = await mustFind(tx, ModelVersionEntity, change.versionId, 'model version', ['modelVersionId']);
  const justification = change.justification.trim();
  // The history row first; the decision's override columns are its current state.
  const previous = overrideOfRow(row);
  const action = overrideActionFor(previous, change.outcome, ctx.now);
  const setAt = action === 'EXTENDED' ? previous!.setAt : ctx.now;
  await recordOverrideChange(tx, {
    modelVersionId: change.versionId,
    jurisdictionId: row.jurisdiction_id,
    action,
    outcome: change.outcome,
    justification,
    actor,
    effectiveAt: ctx.now,
    expiresAt: change.expiresAt,
    recordedAt: ctx.now,
  });
  await setOverride(tx, row.id, { outcome: change.outcome, justification, setBy: actor, setAt, expiresAt: change.expiresAt });
  await recordEvent(tx, {
    actor: actorOf(ctx.viewer),
    type: 'DECISION_OVERRIDDEN',
    subjectType: 'ExportDecision',
    subjectId: row.id,
    occurredAt: ctx.now,
    payload: {
      modelVersionId: change.versionId,
      versionName: version.name,
      jurisdiction: change.jurisdictionCode,
      outcome: change.outcome,
      action,
      previousOverride: row.override_outcome,
      expiresAt: change.expiresAt?.toISOString() ?? null,
      ...extra,
    },
  });
  await recomputeDecisions(tx, [change.versionId], { cause: 'DECISION_OVERRIDDEN', actor: actorOf(ctx.viewer), now: ctx.now });
  return { exportDecisionId: row.id };
}

export function overrideExportDecision(
  ctx: GraphQLContext,
  input: OverrideExportDecisionInput,
): Promise<MutationOutcome<ExportDecisionRef & ProposalRef>> {
  return runMutation(ctx, { operation: 'overrideExportDecision', action: 'decision.override', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'decision.override');
    const versionId = inputId(input.modelVersionId, 'ModelVersion', ['modelVersionId']);
    await mustFind(tx, ModelVersionEntity, versionId, 'model version', ['modelVersionId']);
    checkOverride(ctx, input.justification, input.expiresAt ?? null);
    const row = await decisionRow(ctx, tx, versionId, input.jurisdictionCode);
    // Four eyes: the policy in force may put overrides under a second regulator's approval.
    if (await approvalRequired(ctx, tx, 'EXPORT_OVERRIDE')) {
      const proposedChangeId = await proposeChange(ctx, tx, {
        kind: 'EXPORT_OVERRIDE',
        payload: {
          modelVersionId: input.modelVersionId,
          jurisdictionCode: input.jurisdictionCode,
          outcome: input.outcome,
          justification: input.justification.trim(),
          expiresAt: input.expiresAt?.toISOString() ?? null,
        },
        basis: overrideBasis(row),
        subject: { jurisdiction: input.jurisdictionCode, outcome: input.outcome },
        exportDecisionId: row.id,
      });
      return { exportDecisionId: row.id, proposedChangeId };
    }
    const change = { versionId, jurisdictionCode: input.jurisdictionCode, outcome: input.outcome, justification: input.justification, expiresAt: input.expiresAt ?? null };
    return { ...(await applyOverride(ctx, tx, row, change, actorOf(ctx.viewer))), proposedChangeId: null };
  });
}

export function liftExportOverride(ctx: GraphQLContext, input: LiftExportOverrideInput): Promise<MutationOutcome<ExportDecisionRef>> {
  return runMutation(ctx, { operation: 'liftExportOverride', action: 'decision.override', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'decision.override');
    const versionId = inputId(input.modelVersionId, 'ModelVersion', ['modelVersionId']);
    await mustFind(tx, ModelVersionEntity, versionId, 'model version', ['modelVersionId']);
    const checks = new InputChecks();
    checks.required(input.reason, ['reason']);
    checks.maxLength(input.reason, 4000, ['reason']);
    checks.throwIfAny();
    const row = await decisionRow(ctx, tx, versionId, input.jurisdictionCode);
    if (!row.override_outcome) {
      throw new UserInputProblem(problem('NO_OVERRIDE', 'This decision has no override to lift.', ['jurisdictionCode']));
    }
    await recordOverrideChange(tx, {
      modelVersionId: versionId,
      jurisdictionId: row.jurisdiction_id,
      action: 'LIFTED',
      outcome: null,
      justification: input.reason.trim(),
      actor: actorOf(ctx.viewer),
      effectiveAt: ctx.now,
      expiresAt: null,
      recordedAt: ctx.now,
    });
    await clearOverride(tx, row.id);
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'DECISION_OVERRIDE_LIFTED',
      subjectType: 'ExportDecision',
      subjectId: row.id,
      occurredAt: ctx.now,
      payload: { modelVersionId: versionId, jurisdiction: input.jurisdictionCode, liftedOutcome: row.override_outcome, reason: input.reason.trim() },
    });
    await recomputeDecisions(tx, [versionId], { cause: 'DECISION_OVERRIDE_LIFTED', actor: actorOf(ctx.viewer), now: ctx.now });
    return { exportDecisionId: row.id };
  });
}

/**
 * Publishes a checked policy document: row, event, recompute when already in force — the one
 * path for `publishPolicyVersion` and an approved proposal. `actor` is the publisher (the proposer).
 */
export async function applyPublication(
  ctx: GraphQLContext,
  tx: EntityManager,
  policy: PolicyDocument,
  summary: string | null,
  actor: string,
  extra: Record<string, unknown> = {},
): Promise<PolicyVersionRef> {
  const effectiveFrom = new Date(policy.effectiveFrom);
  const policyVersionId = await insertPolicyVersion(tx, { policy, effectiveFrom, summary, publishedBy: actor, publishedAt: ctx.now });
  await recordEvent(tx, {
    actor: actorOf(ctx.viewer),
    type: 'POLICY_PUBLISHED',
    subjectType: 'PolicyVersion',
    subjectId: policyVersionId,
    occurredAt: ctx.now,
    payload: { version: policy.version, effectiveFrom: effectiveFrom.toISOString(), ...extra },
  });
  // In force already: every version is re-decided now; later ones are taken up by the sweep.
  if (effectiveFrom.getTime() <= ctx.now.getTime()) {
    await recomputeDecisions(tx, await allModelVersionIds(tx), { cause: 'POLICY_PUBLISHED', actor: actorOf(ctx.viewer), now: ctx.now });
  }
  return { policyVersionId };
}

export function publishPolicyVersion(
  ctx: GraphQLContext,
  input: PublishPolicyVersionInput,
): Promise<MutationOutcome<{ policyVersionId: string | null } & ProposalRef>> {
  return runMutation(ctx, { operation: 'publishPolicyVersion', action: 'policy.publish', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'policy.publish');
    const draft = readPolicyDraft(input.document);
    if (!draft.ok) throw new UserInputProblem(draft.problems);
    const checks = new InputChecks();
    checks.maxLength(input.summary, 4000, ['summary']);
    checks.throwIfAny();
    // Four eyes: the policy in force may put publications under a second regulator's approval.
    if (await approvalRequired(ctx, tx, 'POLICY_PUBLICATION')) {
      const proposedChangeId = await proposeChange(ctx, tx, {
        kind: 'POLICY_PUBLICATION',
        payload: { document: input.document, summary: input.summary ?? null },
        basis: { latestPolicyVersionId: await latestPublishedPolicyId(tx) },
        subject: { version: draft.policy.version },
      });
      return { policyVersionId: null, proposedChangeId };
    }
    return { ...(await applyPublication(ctx, tx, draft.policy, input.summary ?? null, actorOf(ctx.viewer))), proposedChangeId: null };
  });
}
