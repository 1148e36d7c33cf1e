/**
 * Regulators' use cases on decisions: override an export decision (and lift it), publish a new
 * policy version. Decisions are recomputed in the same transaction.
 */
import type { EntityManager } from 'typeorm';
import { validatePolicyDocument } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type {
  LiftExportOverrideInput,
  OverrideExportDecisionInput,
  PublishPolicyVersionInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../../graphql/mutation-runner';
import { ModelVersionEntity } from '../../persistence/entities';
import { actorOf, authorize } from '../access/rules';
import { appendEvent } from '../events/event-log';
import { inputId, mustFind } from '../shared/write-support';
import { recomputeDecisions } from './recompute-decisions';

export interface ExportDecisionRef {
  exportDecisionId: string;
}
export interface PolicyVersionRef {
  policyVersionId: string;
}

const MAX_POLICY_BYTES = 200_000;

/** The stored decision row for (version, jurisdiction), computed first if it does not exist yet. */
async function decisionRow(
  ctx: GraphQLContext,
  tx: EntityManager,
  versionId: string,
  code: string,
): Promise<{ id: string; override_outcome: string | null; jurisdiction_id: string }> {
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new UserInputProblem(problem('INVALID_COUNTRY', 'Use an ISO 3166-1 alpha-2 code such as DE.', ['jurisdictionCode']));
  }
  const [jurisdiction] = await tx.query('SELECT id FROM jurisdictions WHERE code = $1', [code]);
  if (!jurisdiction) throw new UserInputProblem(problem('NOT_FOUND', `No jurisdiction ${code}.`, ['jurisdictionCode']));
  const find = () =>
    tx.query(
      'SELECT id, override_outcome, jurisdiction_id FROM export_decisions WHERE model_version_id = $1 AND jurisdiction_id = $2 FOR UPDATE',
      [versionId, jurisdiction.id],
    );
  let [row] = await find();
  if (!row) {
    await recomputeDecisions(tx, [versionId], { cause: 'DECISION_MATERIALISED', actor: actorOf(ctx.viewer), now: ctx.now });
    [row] = await find();
  }
  if (!row) throw new UserInputProblem(problem('NO_POLICY_IN_FORCE', 'No policy is in force to decide on.', []));
  return row;
}

export function overrideExportDecision(
  ctx: GraphQLContext,
  input: OverrideExportDecisionInput,
): Promise<MutationOutcome<ExportDecisionRef>> {
  return runMutation(ctx, { operation: 'overrideExportDecision', action: 'decision.override', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'decision.override');
    const versionId = inputId(input.modelVersionId, 'ModelVersion', ['modelVersionId']);
    const version = await mustFind(tx, ModelVersionEntity, versionId, 'model version', ['modelVersionId']);
    const checks = new InputChecks();
    checks.required(input.justification, ['justification']);
    checks.maxLength(input.justification, 4000, ['justification']);
    if (input.expiresAt && input.expiresAt <= ctx.now) checks.add('PAST_DATE', 'An override must expire in the future.', ['expiresAt']);
    checks.throwIfAny();
    const row = await decisionRow(ctx, tx, versionId, input.jurisdictionCode);
    await tx.query(
      `UPDATE export_decisions SET override_outcome = $2, override_justification = $3, override_by = $4, override_at = $5,
              override_expires_at = $6, row_version = row_version + 1, updated_at = now() WHERE id = $1`,
      [row.id, input.outcome, input.justification.trim(), actorOf(ctx.viewer), ctx.now, input.expiresAt ?? null],
    );
    await appendEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'DECISION_OVERRIDDEN',
      subjectType: 'ExportDecision',
      subjectId: row.id,
      occurredAt: ctx.now,
      payload: {
        modelVersionId: versionId,
        versionName: version.name,
        jurisdiction: input.jurisdictionCode,
        outcome: input.outcome,
        previousOverride: row.override_outcome,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    });
    await recomputeDecisions(tx, [versionId], { cause: 'DECISION_OVERRIDDEN', actor: actorOf(ctx.viewer), now: ctx.now });
    return { exportDecisionId: row.id };
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
    await tx.query(
      `UPDATE export_decisions SET override_outcome = NULL, override_justification = NULL, override_by = NULL, override_at = NULL,
              override_expires_at = NULL, row_version = row_version + 1, updated_at = now() WHERE id = $1`,
      [row.id],
    );
    await appendEvent(tx, {
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

export function publishPolicyVersion(
  ctx: GraphQLContext,
  input: PublishPolicyVersionInput,
): Promise<MutationOutcome<PolicyVersionRef>> {
  return runMutation(ctx, { operation: 'publishPolicyVersion', action: 'policy.publish', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'policy.publish');
    if (input.document.length > MAX_POLICY_BYTES) {
      throw new UserInputProblem(problem('TOO_LONG', `The document must be at most ${MAX_POLICY_BYTES} characters.`, ['document']));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.document);
    } catch (err) {
      throw new UserInputProblem(problem('INVALID_JSON', `Not valid JSON: ${(err as Error).message}`, ['document']));
    }
    const validation = validatePolicyDocument(parsed);
    if (!validation.ok) {
      throw new UserInputProblem(
        validation.errors.map((e) =>
          problem('INVALID_POLICY', e.message, ['document', ...e.path.split(/\.|\[|\]/).filter((s) => s !== '')]),
        ),
      );
    }
    const policy = validation.policy;
    const checks = new InputChecks();
    checks.maxLength(input.summary, 4000, ['summary']);
    checks.throwIfAny();
    const effectiveFrom = new Date(policy.effectiveFrom);
    const [row] = await tx.query(
      `INSERT INTO policy_versions (version, effective_from, document, summary, published_by, published_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [policy.version, effectiveFrom, JSON.stringify(policy), input.summary ?? null, actorOf(ctx.viewer), ctx.now],
    );
    await appendEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'POLICY_PUBLISHED',
      subjectType: 'PolicyVersion',
      subjectId: row.id,
      occurredAt: ctx.now,
      payload: { version: policy.version, effectiveFrom: effectiveFrom.toISOString() },
    });
    // In force already: every version is re-decided now; later ones are taken up by the sweep.
    if (effectiveFrom.getTime() <= ctx.now.getTime()) {
      const versions: { id: string }[] = await tx.query('SELECT id FROM model_versions ORDER BY id');
      await recomputeDecisions(tx, versions.map((v) => v.id), { cause: 'POLICY_PUBLISHED', actor: actorOf(ctx.viewer), now: ctx.now });
    }
    return { policyVersionId: row.id };
  });
}
