/**
 * Use cases for models and their versions: register, change, retire, suspend, reinstate.
 * Every change of a version recomputes that version's export decisions in the same transaction;
 * the statements they write are the store's (write-store.ts).
 */
import type { EntityManager } from 'typeorm';
import type { AccessStatus } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type {
  ChangeAccessStatusInput,
  RegisterModelInput,
  RegisterModelVersionInput,
  UpdateModelVersionInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { ModelEntity, ModelVersionEntity, OrganizationEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole, type Action } from '../access/rules';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import { inputId, lockForUpdate, mustFind } from '../shared/write-support';
import {
  insertAccessStatusChange,
  insertModel,
  insertModelVersion,
  setAccessStatus,
  setVersionCharacteristics,
  type VersionCharacteristics,
} from './write-store';

export interface ModelRef {
  modelId: string;
}
export interface ModelVersionRef {
  modelVersionId: string;
}

function checkCompute(checks: InputChecks, value: number | null | undefined, path: string[]): void {
  if (value != null && !(Number.isFinite(value) && value >= 0 && value < 1e40)) {
    checks.add('OUT_OF_RANGE', 'Training compute must be a non-negative number of operations.', path);
  }
}

function checkDomains(checks: InputChecks, domains: readonly string[] | null | undefined, path: string[]): void {
  (domains ?? []).forEach((d, i) => {
    if (domains!.indexOf(d) !== i) checks.add('DUPLICATE', 'This domain is listed twice.', [...path, String(i)]);
  });
}

export function registerModel(ctx: GraphQLContext, input: RegisterModelInput): Promise<MutationOutcome<ModelRef>> {
  return runMutation(ctx, { operation: 'registerModel', action: 'model.register', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'model.register');
    const developerId = inputId(input.developerId, 'Organization', ['developerId']);
    authorize(ctx.viewer, 'model.register', { developerId });
    const developer = await mustFind(tx, OrganizationEntity, developerId, 'organization', ['developerId']);
    const checks = new InputChecks();
    if (developer.kind !== 'DEVELOPER') checks.add('NOT_A_DEVELOPER', `${developer.name} is not registered as a developer.`, ['developerId']);
    checks.required(input.name, ['name']);
    checks.maxLength(input.name, 200, ['name']);
    checks.maxLength(input.description, 4000, ['description']);
    checks.throwIfAny();
    const modelId = await insertModel(tx, { developerId, name: input.name.trim(), description: input.description ?? null });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'MODEL_REGISTERED',
      subjectType: 'Model',
      subjectId: modelId,
      occurredAt: ctx.now,
      payload: { name: input.name.trim(), developerId },
    });
    return { modelId };
  });
}

export function registerModelVersion(
  ctx: GraphQLContext,
  input: RegisterModelVersionInput,
): Promise<MutationOutcome<ModelVersionRef>> {
  return runMutation(ctx, { operation: 'registerModelVersion', action: 'modelVersion.register', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'modelVersion.register');
    const modelId = inputId(input.modelId, 'Model', ['modelId']);
    const model = await mustFind(tx, ModelEntity, modelId, 'model', ['modelId']);
    authorize(ctx.viewer, 'modelVersion.register', { developerId: model.developerId });
    const checks = new InputChecks();
    checks.required(input.name, ['name']);
    checks.maxLength(input.name, 200, ['name']);
    checks.notInFuture(input.releasedAt, ctx.now, ['releasedAt']);
    checkCompute(checks, input.trainingComputeOps, ['trainingComputeOps']);
    checkDomains(checks, input.capabilityDomains, ['capabilityDomains']);
    checks.throwIfAny();
    const modelVersionId = await insertModelVersion(tx, {
      modelId,
      developerId: model.developerId,
      name: input.name.trim(),
      releasedAt: input.releasedAt ?? null,
      trainingComputeOps: input.trainingComputeOps ?? null,
      weightAvailability: input.weightAvailability,
      capabilityDomains: input.capabilityDomains,
    });
    await insertAccessStatusChange(tx, {
      modelVersionId,
      from: null,
      to: 'ACTIVE',
      reason: 'Registered',
      actor: actorOf(ctx.viewer),
      occurredAt: ctx.now,
    });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'MODEL_VERSION_REGISTERED',
      subjectType: 'ModelVersion',
      subjectId: modelVersionId,
      occurredAt: ctx.now,
      payload: { name: input.name.trim(), modelId, accessStatus: 'ACTIVE' },
    });
    await recomputeDecisions(tx, [modelVersionId], { cause: 'MODEL_VERSION_REGISTERED', actor: actorOf(ctx.viewer), now: ctx.now });
    return { modelVersionId };
  });
}

export function updateModelVersion(ctx: GraphQLContext, input: UpdateModelVersionInput): Promise<MutationOutcome<ModelVersionRef>> {
  return runMutation(ctx, { operation: 'updateModelVersion', action: 'modelVersion.update', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'modelVersion.update');
    const id = inputId(input.id, 'ModelVersion', ['id']);
    const version = await mustFind(tx, ModelVersionEntity, id, 'model version', ['id']);
    authorize(ctx.viewer, 'modelVersion.update', { developerId: version.developerId });
    await lockForUpdate(tx, 'model_versions', id, input.expectedRowVersion, 'model version', ['id']);
    Object.assign(version, await mustFind(tx, ModelVersionEntity, id, 'model version', ['id']));
    const checks = new InputChecks();
    checkCompute(checks, input.trainingComputeOps, ['trainingComputeOps']);
    checkDomains(checks, input.capabilityDomains, ['capabilityDomains']);
    if (input.weightAvailability == null && input.trainingComputeOps == null && input.capabilityDomains == null) {
      checks.add('NOTHING_TO_CHANGE', 'Give at least one field to change.', []);
    }
    checks.throwIfAny();
    const before: VersionCharacteristics = {
      weightAvailability: version.weightAvailability,
      trainingComputeOps: version.trainingComputeOps,
      capabilityDomains: version.capabilityDomains,
    };
    const after: VersionCharacteristics = {
      weightAvailability: input.weightAvailability ?? version.weightAvailability,
      trainingComputeOps: input.trainingComputeOps ?? version.trainingComputeOps,
      capabilityDomains: input.capabilityDomains ?? version.capabilityDomains,
    };
    await setVersionCharacteristics(tx, id, after);
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'MODEL_VERSION_UPDATED',
      subjectType: 'ModelVersion',
      subjectId: id,
      occurredAt: ctx.now,
      payload: { name: version.name, before, after },
    });
    await recomputeDecisions(tx, [id], { cause: 'MODEL_VERSION_UPDATED', actor: actorOf(ctx.viewer), now: ctx.now });
    return { modelVersionId: id };
  });
}

const ACCESS_CHANGES: Record<'retire' | 'suspend' | 'reinstate', { action: Action; from: AccessStatus[]; to: AccessStatus; event: string }> = {
  retire: { action: 'modelVersion.retire', from: ['ACTIVE', 'SUSPENDED'], to: 'RETIRED', event: 'MODEL_VERSION_RETIRED' },
  suspend: { action: 'modelVersion.suspend', from: ['ACTIVE'], to: 'SUSPENDED', event: 'MODEL_VERSION_SUSPENDED' },
  reinstate: { action: 'modelVersion.reinstate', from: ['SUSPENDED'], to: 'ACTIVE', event: 'MODEL_VERSION_REINSTATED' },
};

async function changeAccess(
  ctx: GraphQLContext,
  tx: EntityManager,
  kind: keyof typeof ACCESS_CHANGES,
  input: ChangeAccessStatusInput,
): Promise<ModelVersionRef> {
  const change = ACCESS_CHANGES[kind];
  authorizeRole(ctx.viewer, change.action);
  const id = inputId(input.id, 'ModelVersion', ['id']);
  const version = await mustFind(tx, ModelVersionEntity, id, 'model version', ['id']);
  authorize(ctx.viewer, change.action, { developerId: version.developerId });
  await lockForUpdate(tx, 'model_versions', id, input.expectedRowVersion, 'model version', ['id']);
  const checks = new InputChecks();
  checks.required(input.reason, ['reason']);
  checks.maxLength(input.reason, 4000, ['reason']);
  if (!change.from.includes(version.accessStatus)) {
    throw new UserInputProblem(
      problem('ILLEGAL_TRANSITION', `A ${version.accessStatus} version cannot become ${change.to}.`, ['id']),
    );
  }
  checks.throwIfAny();
  await setAccessStatus(tx, id, change.to);
  await insertAccessStatusChange(tx, {
    modelVersionId: id,
    from: version.accessStatus,
    to: change.to,
    reason: input.reason.trim(),
    actor: actorOf(ctx.viewer),
    occurredAt: ctx.now,
  });
  await recordEvent(tx, {
    actor: actorOf(ctx.viewer),
    type: change.event,
    subjectType: 'ModelVersion',
    subjectId: id,
    occurredAt: ctx.now,
    payload: { name: version.name, from: version.accessStatus, to: change.to, reason: input.reason.trim() },
  });
  await recomputeDecisions(tx, [id], { cause: change.event, actor: actorOf(ctx.viewer), now: ctx.now });
  return { modelVersionId: id };
}

export const retireModelVersion = (ctx: GraphQLContext, input: ChangeAccessStatusInput) =>
  runMutation(ctx, { operation: 'retireModelVersion', action: 'modelVersion.retire', input, idempotencyKey: input.idempotencyKey }, (tx) =>
    changeAccess(ctx, tx, 'retire', input),
  );
export const suspendModelVersion = (ctx: GraphQLContext, input: ChangeAccessStatusInput) =>
  runMutation(ctx, { operation: 'suspendModelVersion', action: 'modelVersion.suspend', input, idempotencyKey: input.idempotencyKey }, (tx) =>
    changeAccess(ctx, tx, 'suspend', input),
  );
export const reinstateModelVersion = (ctx: GraphQLContext, input: ChangeAccessStatusInput) =>
  runMutation(ctx, { operation: 'reinstateModelVersion', action: 'modelVersion.reinstate', input, idempotencyKey: input.idempotencyKey }, (tx) =>
    changeAccess(ctx, tx, 'reinstate', input),
  );
