/**
 * Use cases of regulators' grants of an inherited finding's restricted details to the developer of
 * a derived version (issue 19, "across developers"): grant and revoke. Each: decode → authorize
 * (regulators) → load facts through the transaction → decide (the version must inherit the
 * finding; a standing grant is not repeated) → the store writes → append the event last. No
 * decision changes: a grant is about who reads, not about eligibility.
 */
import type { EntityManager } from 'typeorm';
import type { GraphQLContext } from '../../graphql/context';
import type { GrantInheritedFindingDetailsInput, RevokeInheritedFindingDetailsInput } from '../../graphql/generated/resolvers-types';
import { FindingEntity, ModelVersionEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole, developerMayReadRestrictedDetails } from '../access/rules';
import { recordEvent } from '../events/event-log';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { inputId, mustFind } from '../shared/write-support';
import { insertGrant, revokeGrant, standingGrant } from './details-grants-store';
import { inheritedFindingIds } from './inherited';
import { lockLineage } from './lineage-store';

export interface DetailsGrantRef {
  grantId: string;
}

const MAX_TEXT = 4000;

/** Decode and authorize a grant's or revocation's finding and version, and load both (through the transaction). */
async function grantSubject(ctx: GraphQLContext, tx: EntityManager, input: { findingId: string; modelVersionId: string }) {
  authorizeRole(ctx.viewer, 'lineage.grantDetails');
  const findingId = inputId(input.findingId, 'Finding', ['findingId']);
  const versionId = inputId(input.modelVersionId, 'ModelVersion', ['modelVersionId']);
  const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
  const version = await mustFind(tx, ModelVersionEntity, versionId, 'model version', ['modelVersionId']);
  authorize(ctx.viewer, 'lineage.grantDetails', { developerId: version.developerId });
  return { findingId, versionId, finding, version };
}

export function grantInheritedFindingDetails(ctx: GraphQLContext, input: GrantInheritedFindingDetailsInput): Promise<MutationOutcome<DetailsGrantRef>> {
  return runMutation(
    ctx,
    { operation: 'grantInheritedFindingDetails', action: 'lineage.grantDetails', input, idempotencyKey: input.idempotencyKey },
    async (tx) => {
      const { findingId, versionId, finding, version } = await grantSubject(ctx, tx, input);
      const checks = new InputChecks();
      checks.required(input.justification, ['justification']);
      checks.maxLength(input.justification, MAX_TEXT, ['justification']);
      checks.throwIfAny();

      // Against lineage changes in flight (declarations serialise on the same lock).
      await lockLineage(tx);
      if (developerMayReadRestrictedDetails(version.developerId, finding, [])) {
        throw new UserInputProblem(
          problem('ALREADY_READABLE', `${finding.publicId} is a finding of ${version.name}'s own developer, who reads its details already.`, ['findingId']),
        );
      }
      if (!(await inheritedFindingIds(tx, versionId, ctx.now)).has(findingId)) {
        throw new UserInputProblem(
          problem('NOT_INHERITED', `${version.name} does not inherit ${finding.publicId} from any ancestor under the policy in force.`, ['findingId']),
        );
      }
      if (await standingGrant(tx, findingId, versionId)) {
        throw new UserInputProblem(
          problem('ALREADY_GRANTED', `The developer of ${version.name} already holds a standing grant of ${finding.publicId}'s details.`, ['findingId']),
        );
      }
      const actor = actorOf(ctx.viewer);
      const grant = await insertGrant(tx, {
        findingId,
        versionId,
        granteeOrganizationId: version.developerId,
        justification: input.justification.trim(),
        actor,
        at: ctx.now,
      });
      await recordEvent(tx, {
        actor,
        type: 'INHERITED_FINDING_DETAILS_GRANTED',
        // About the finding: its visibility rule applies to the event.
        subjectType: 'Finding',
        subjectId: findingId,
        occurredAt: ctx.now,
        payload: { grantId: grant.id, findingId, publicId: finding.publicId, modelVersionId: versionId, granteeOrganizationId: version.developerId },
      });
      return { grantId: grant.id };
    },
  );
}

export function revokeInheritedFindingDetails(ctx: GraphQLContext, input: RevokeInheritedFindingDetailsInput): Promise<MutationOutcome<DetailsGrantRef>> {
  return runMutation(
    ctx,
    { operation: 'revokeInheritedFindingDetails', action: 'lineage.grantDetails', input, idempotencyKey: input.idempotencyKey },
    async (tx) => {
      const { findingId, versionId, finding, version } = await grantSubject(ctx, tx, input);
      const checks = new InputChecks();
      checks.required(input.reason, ['reason']);
      checks.maxLength(input.reason, MAX_TEXT, ['reason']);
      checks.throwIfAny();
      const standing = await standingGrant(tx, findingId, versionId);
      if (!standing) {
        throw new UserInputProblem(
          problem('NOT_GRANTED', `No standing grant of ${finding.publicId}'s details to the developer of ${version.name}.`, ['findingId']),
        );
      }
      const actor = actorOf(ctx.viewer);
      const reason = input.reason.trim();
      await revokeGrant(tx, standing.id, actor, reason, ctx.now);
      await recordEvent(tx, {
        actor,
        type: 'INHERITED_FINDING_DETAILS_REVOKED',
        subjectType: 'Finding',
        subjectId: findingId,
        occurredAt: ctx.now,
        payload: { grantId: standing.id, findingId, publicId: finding.publicId, modelVersionId: versionId, reason },
      });
      return { grantId: standing.id };
    },
  );
}
