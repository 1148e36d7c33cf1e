/**
 * Use cases of model lineage (issue 19): declare and retract a parent, record a descendant as
 * "not affected" by an inherited finding. Each: decode → authorize → load facts (through the
 * transaction) → the domain decides (cycles, inheritance) → the store writes → recompute the
 * decisions of the version and its descendants → append the event (the outbox flushes last).
 */
import { inheritedFindingsAt, lineageCycle } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { DeclareLineageInput, RecordNotAffectedInput, RetractLineageInput } from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { FindingEntity, ModelVersionEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { loadModelVersionFacts } from '../decisions/facts-store';
import { policyInForceIn } from '../decisions/policy-service';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import { inputId, mustFind } from '../shared/write-support';
import {
  activeDeclaration,
  insertDeclaration,
  insertNotAffected,
  loadAncestryEdges,
  lockLineage,
  retractDeclaration,
} from './lineage-store';

export interface LineageRef {
  modelVersionId: string;
}

const MAX_TEXT = 4000;

export function declareLineage(ctx: GraphQLContext, input: DeclareLineageInput): Promise<MutationOutcome<LineageRef>> {
  return runMutation(ctx, { operation: 'declareLineage', action: 'lineage.declare', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'lineage.declare');
    const childId = inputId(input.childVersionId, 'ModelVersion', ['childVersionId']);
    const parentId = inputId(input.parentVersionId, 'ModelVersion', ['parentVersionId']);
    const child = await mustFind(tx, ModelVersionEntity, childId, 'model version', ['childVersionId']);
    authorize(ctx.viewer, 'lineage.declare', { developerId: child.developerId });
    const parent = await mustFind(tx, ModelVersionEntity, parentId, 'model version', ['parentVersionId']);
    const checks = new InputChecks();
    checks.maxLength(input.note, MAX_TEXT, ['note']);
    checks.throwIfAny();

    // Serialise declarations, then decide on what is stored now (src/domain/lineage.ts).
    await lockLineage(tx);
    const cycle = lineageCycle(childId, parentId, await loadAncestryEdges(tx, parentId));
    if (cycle) {
      const names: { id: string; name: string }[] = await tx.query('SELECT id::text AS id, name FROM model_versions WHERE id = ANY($1::uuid[])', [cycle]);
      const nameOf = new Map(names.map((n) => [n.id, n.name]));
      const chain = [...cycle, childId].map((id) => nameOf.get(id) ?? id).join(' → ');
      throw new UserInputProblem(
        problem(
          'LINEAGE_CYCLE',
          childId === parentId
            ? `${child.name} cannot derive from itself.`
            : `${child.name} is already an ancestor of ${parent.name}; this parent would close the cycle ${chain}.`,
          ['parentVersionId'],
        ),
      );
    }
    const existing = await activeDeclaration(tx, childId, parentId);
    if (existing) {
      throw new UserInputProblem(
        problem('ALREADY_DECLARED', `${child.name} already derives from ${parent.name} (${existing.relation}); retract it first to change the relation.`, ['parentVersionId']),
      );
    }
    const actor = actorOf(ctx.viewer);
    const id = await insertDeclaration(tx, {
      childId,
      parentId,
      relation: input.relation,
      note: input.note?.trim() || null,
      actor,
      organizationId: ctx.viewer.organizationId,
      at: ctx.now,
    });
    await recomputeDecisions(tx, [childId], { cause: 'LINEAGE_DECLARED', actor, now: ctx.now });
    await recordEvent(tx, {
      actor,
      type: 'LINEAGE_DECLARED',
      subjectType: 'ModelVersion',
      subjectId: childId,
      occurredAt: ctx.now,
      payload: { declarationId: id, childVersionId: childId, parentVersionId: parentId, relation: input.relation },
    });
    return { modelVersionId: childId };
  });
}

export function retractLineage(ctx: GraphQLContext, input: RetractLineageInput): Promise<MutationOutcome<LineageRef>> {
  return runMutation(ctx, { operation: 'retractLineage', action: 'lineage.declare', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'lineage.declare');
    const childId = inputId(input.childVersionId, 'ModelVersion', ['childVersionId']);
    const parentId = inputId(input.parentVersionId, 'ModelVersion', ['parentVersionId']);
    const child = await mustFind(tx, ModelVersionEntity, childId, 'model version', ['childVersionId']);
    authorize(ctx.viewer, 'lineage.declare', { developerId: child.developerId });
    const checks = new InputChecks();
    checks.required(input.reason, ['reason']);
    checks.maxLength(input.reason, MAX_TEXT, ['reason']);
    checks.throwIfAny();
    await lockLineage(tx);
    const existing = await activeDeclaration(tx, childId, parentId);
    if (!existing) {
      throw new UserInputProblem(problem('NOT_DECLARED', `${child.name} has no standing declaration naming this parent.`, ['parentVersionId']));
    }
    const actor = actorOf(ctx.viewer);
    await retractDeclaration(tx, existing.id, actor, input.reason.trim(), ctx.now);
    await recomputeDecisions(tx, [childId], { cause: 'LINEAGE_RETRACTED', actor, now: ctx.now });
    await recordEvent(tx, {
      actor,
      type: 'LINEAGE_RETRACTED',
      subjectType: 'ModelVersion',
      subjectId: childId,
      occurredAt: ctx.now,
      payload: { declarationId: existing.id, childVersionId: childId, parentVersionId: parentId, relation: existing.relation, reason: input.reason.trim() },
    });
    return { modelVersionId: childId };
  });
}

export function recordNotAffected(ctx: GraphQLContext, input: RecordNotAffectedInput): Promise<MutationOutcome<LineageRef>> {
  return runMutation(
    ctx,
    { operation: 'recordNotAffected', action: 'lineage.recordNotAffected', input, idempotencyKey: input.idempotencyKey },
    async (tx) => {
      authorizeRole(ctx.viewer, 'lineage.recordNotAffected');
      const findingId = inputId(input.findingId, 'Finding', ['findingId']);
      const versionId = inputId(input.modelVersionId, 'ModelVersion', ['modelVersionId']);
      const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
      const version = await mustFind(tx, ModelVersionEntity, versionId, 'model version', ['modelVersionId']);
      authorize(ctx.viewer, 'lineage.recordNotAffected', { developerId: version.developerId });
      const checks = new InputChecks();
      checks.required(input.justification, ['justification']);
      checks.maxLength(input.justification, MAX_TEXT, ['justification']);
      checks.required(input.evidence, ['evidence']);
      checks.maxLength(input.evidence, MAX_TEXT, ['evidence']);
      checks.throwIfAny();

      // Only a finding the version inherits now, and not yet recorded, can be cleared here.
      const policy = await policyInForceIn(tx, ctx.now);
      const facts = (await loadModelVersionFacts(tx, [versionId])).get(versionId);
      const inherited = policy && facts ? inheritedFindingsAt(facts, policy.document, ctx.now).find((i) => i.finding.id === findingId) : undefined;
      if (!inherited) {
        throw new UserInputProblem(
          problem('NOT_INHERITED', `${version.name} does not inherit ${finding.publicId} from any ancestor under the policy in force.`, ['findingId']),
        );
      }
      if (inherited.status === 'NOT_AFFECTED') {
        throw new UserInputProblem(problem('ALREADY_RECORDED', `${version.name} is already recorded as not affected by ${finding.publicId}.`, ['findingId']));
      }
      const actor = actorOf(ctx.viewer);
      await insertNotAffected(tx, {
        findingId,
        versionId,
        justification: input.justification.trim(),
        evidence: input.evidence.trim(),
        actor,
        at: ctx.now,
      });
      await recomputeDecisions(tx, [versionId], { cause: 'LINEAGE_NOT_AFFECTED', actor, now: ctx.now });
      await recordEvent(tx, {
        actor,
        type: 'LINEAGE_NOT_AFFECTED_RECORDED',
        // About the finding: its visibility rule applies to the event (an undisclosed finding stays hidden).
        subjectType: 'Finding',
        subjectId: findingId,
        occurredAt: ctx.now,
        payload: { findingId, publicId: finding.publicId, modelVersionId: versionId, inheritedFromVersionId: inherited.fromVersionId },
      });
      return { modelVersionId: versionId };
    },
  );
}
