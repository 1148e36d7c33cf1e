/**
 * The Mutation type: each field calls its use case and turns the result into its payload, loading
 * the changed object afresh (after the commit) through the operation's loaders.
 */
import type { Resolvers } from './generated/resolvers-types';
import type { GraphQLContext } from './context';
import type { MutationOutcome } from '../modules/shared/unit-of-work';
import {
  assessFindingSeverity,
  linkFixVersion,
  recordDisclosure,
  reportFinding,
  transitionFinding,
} from '../modules/findings/mutations';
import { auditAttestationFor, auditAttestationPayloadFor, completeAudit, openAudit } from '../modules/audits/mutations';
import {
  declareConflictOfInterest,
  registerAccreditation,
  registerOrganization,
} from '../modules/organizations/mutations';
import {
  registerModel,
  registerModelVersion,
  reinstateModelVersion,
  retireModelVersion,
  suspendModelVersion,
  updateModelVersion,
} from '../modules/models/mutations';
import { liftExportOverride, overrideExportDecision, publishPolicyVersion } from '../modules/decisions/mutations';
import { assignFinding } from '../modules/findings/assignments';
import { approveProposedChange, withdrawProposedChange } from '../modules/proposed-changes/mutations';
import { ProposedChangeEntity } from '../persistence/entities';

async function payload<R, K extends string, T>(
  outcome: Promise<MutationOutcome<R>>,
  key: K,
  load: (result: R) => Promise<T | null>,
): Promise<{ errors: MutationOutcome<R>['errors'] } & Record<K, T | null>> {
  const { result, errors } = await outcome;
  const value = result ? await load(result) : null;
  return { [key]: value, errors } as { errors: MutationOutcome<R>['errors'] } & Record<K, T | null>;
}

const finding = (ctx: GraphQLContext) => (r: { findingId: string }) => ctx.loaders.findingById.load(r.findingId);
const version = (ctx: GraphQLContext) => (r: { modelVersionId: string }) => ctx.loaders.modelVersionById.load(r.modelVersionId);
const organization = (ctx: GraphQLContext) => (r: { organizationId: string }) => ctx.loaders.organizationById.load(r.organizationId);
const audit = (ctx: GraphQLContext) => (r: { auditId: string }) => ctx.loaders.auditById.load(r.auditId);
const decision = (ctx: GraphQLContext) => (r: { exportDecisionId: string }) => ctx.loaders.exportDecisionById.load(r.exportDecisionId);

/** A proposed change just written (read from the primary: it is the operation's own write). */
const proposalById = (ctx: GraphQLContext) => (r: { proposedChangeId: string }) =>
  ctx.db.getRepository(ProposedChangeEntity).findOneBy({ id: r.proposedChangeId });
const proposal = (ctx: GraphQLContext, r: { proposedChangeId: string | null } | null) =>
  r?.proposedChangeId ? proposalById(ctx)({ proposedChangeId: r.proposedChangeId }) : null;

export const mutationResolvers: Resolvers = {
  Query: {
    auditAttestationPayload: (_p, { input }, ctx) => auditAttestationPayloadFor(ctx, input),
    auditAttestation: (_p, { input }, ctx) => auditAttestationFor(ctx, input),
  },
  Mutation: {
    registerOrganization: (_p, { input }, ctx) => payload(registerOrganization(ctx, input), 'organization', organization(ctx)),
    registerAccreditation: (_p, { input }, ctx) => payload(registerAccreditation(ctx, input), 'auditor', organization(ctx)),
    declareConflictOfInterest: (_p, { input }, ctx) => payload(declareConflictOfInterest(ctx, input), 'auditor', organization(ctx)),
    registerModel: (_p, { input }, ctx) =>
      payload(registerModel(ctx, input), 'model', (r) => ctx.loaders.modelById.load(r.modelId)),
    registerModelVersion: (_p, { input }, ctx) => payload(registerModelVersion(ctx, input), 'modelVersion', version(ctx)),
    updateModelVersion: (_p, { input }, ctx) => payload(updateModelVersion(ctx, input), 'modelVersion', version(ctx)),
    retireModelVersion: (_p, { input }, ctx) => payload(retireModelVersion(ctx, input), 'modelVersion', version(ctx)),
    suspendModelVersion: (_p, { input }, ctx) => payload(suspendModelVersion(ctx, input), 'modelVersion', version(ctx)),
    reinstateModelVersion: (_p, { input }, ctx) => payload(reinstateModelVersion(ctx, input), 'modelVersion', version(ctx)),
    reportFinding: (_p, { input }, ctx) => payload(reportFinding(ctx, input), 'finding', finding(ctx)),
    assessFindingSeverity: (_p, { input }, ctx) => payload(assessFindingSeverity(ctx, input), 'finding', finding(ctx)),
    transitionFinding: (_p, { input }, ctx) => payload(transitionFinding(ctx, input), 'finding', finding(ctx)),
    linkFixVersion: (_p, { input }, ctx) => payload(linkFixVersion(ctx, input), 'finding', finding(ctx)),
    recordDisclosure: (_p, { input }, ctx) => payload(recordDisclosure(ctx, input), 'finding', finding(ctx)),
    assignFinding: (_p, { input }, ctx) => payload(assignFinding(ctx, input), 'finding', finding(ctx)),
    openAudit: (_p, { input }, ctx) => payload(openAudit(ctx, input), 'audit', audit(ctx)),
    completeAudit: (_p, { input }, ctx) => payload(completeAudit(ctx, input), 'audit', audit(ctx)),
    overrideExportDecision: async (_p, { input }, ctx) => {
      const outcome = await overrideExportDecision(ctx, input);
      return { ...(await payload(Promise.resolve(outcome), 'exportDecision', decision(ctx))), proposedChange: await proposal(ctx, outcome.result) };
    },
    liftExportOverride: (_p, { input }, ctx) => payload(liftExportOverride(ctx, input), 'exportDecision', decision(ctx)),
    publishPolicyVersion: async (_p, { input }, ctx) => {
      const outcome = await publishPolicyVersion(ctx, input);
      const published = await payload(Promise.resolve(outcome), 'policyVersion', (r) =>
        r.policyVersionId ? ctx.loaders.policyVersionById.load(r.policyVersionId) : Promise.resolve(null),
      );
      return { ...published, proposedChange: await proposal(ctx, outcome.result) };
    },
    approveProposedChange: (_p, { input }, ctx) => payload(approveProposedChange(ctx, input), 'proposedChange', proposalById(ctx)),
    withdrawProposedChange: (_p, { input }, ctx) => payload(withdrawProposedChange(ctx, input), 'proposedChange', proposalById(ctx)),
  },
};
