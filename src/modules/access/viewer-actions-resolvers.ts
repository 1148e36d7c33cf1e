/**
 * `viewerActions` and `Finding.availableTransitions`: what the viewer may write, answered by the
 * same rules every mutation enforces (rules.ts), so a client shows exactly the controls that work.
 */
import type { Resolvers, WriteAction } from '../../graphql/generated/resolvers-types';
import { checkTransition, FINDING_TRANSITIONS } from '../../domain/finding-transitions';
import type { FindingStatus } from '../../domain/enums';
import type { ModelVersionFacts } from '../../domain/facts';
import { hasRemediationPreconditions, retestVersionIds, transitionPreconditions } from '../../domain/remediation';
import type { GraphQLContext } from '../../graphql/context';
import { policyInForce } from '../decisions/policy-service';
import { allowedActions, allowedRoleActions, can, type Action } from './rules';

/** The SDL name of every action. */
const WRITE_ACTION: Record<Action, WriteAction> = {
  'organization.register': 'REGISTER_ORGANIZATION',
  'model.register': 'REGISTER_MODEL',
  'modelVersion.register': 'REGISTER_MODEL_VERSION',
  'modelVersion.update': 'UPDATE_MODEL_VERSION',
  'modelVersion.retire': 'RETIRE_MODEL_VERSION',
  'modelVersion.suspend': 'SUSPEND_MODEL_VERSION',
  'modelVersion.reinstate': 'REINSTATE_MODEL_VERSION',
  'finding.report': 'REPORT_FINDING',
  'finding.assess': 'ASSESS_FINDING_SEVERITY',
  'finding.transition': 'TRANSITION_FINDING',
  'finding.linkFix': 'LINK_FIX_VERSION',
  'finding.disclose': 'RECORD_DISCLOSURE',
  'finding.assign': 'ASSIGN_FINDING',
  'finding.import': 'IMPORT_FINDING',
  'accreditation.register': 'REGISTER_ACCREDITATION',
  'conflict.declare': 'DECLARE_CONFLICT_OF_INTEREST',
  'audit.open': 'OPEN_AUDIT',
  'audit.complete': 'COMPLETE_AUDIT',
  'decision.override': 'OVERRIDE_EXPORT_DECISION',
  'policy.publish': 'PUBLISH_POLICY_VERSION',
  'webhook.manage': 'MANAGE_WEBHOOKS',
  'proposedChange.decide': 'DECIDE_PROPOSED_CHANGE',
  'lineage.declare': 'DECLARE_LINEAGE',
  'lineage.recordNotAffected': 'RECORD_NOT_AFFECTED',
  'lineage.grantDetails': 'GRANT_INHERITED_FINDING_DETAILS',
};

const FINDING_ACTIONS: readonly Action[] = ['finding.assess', 'finding.transition', 'finding.linkFix', 'finding.disclose', 'finding.assign'];
const VERSION_ACTIONS: readonly Action[] = [
  'modelVersion.update',
  'modelVersion.retire',
  'modelVersion.suspend',
  'modelVersion.reinstate',
  'finding.report',
  'decision.override',
  'lineage.declare',
  'lineage.recordNotAffected',
  'lineage.grantDetails',
];

/**
 * Per target status, what `transitionFinding` would refuse the move for, in its own words: the
 * same domain rule (`transitionPreconditions`) on the same facts (the finding's, and for VERIFIED
 * those of the versions a retest can be on) under the policy in force. The facts are loaded once
 * per finding through the operation's loaders (batched across findings) and reused for every target.
 */
async function unmetPreconditions(ctx: GraphQLContext, findingId: string, targets: readonly FindingStatus[]): Promise<Map<FindingStatus, string>> {
  const unmet = new Map<FindingStatus, string>();
  const checked = targets.filter(hasRemediationPreconditions);
  if (checked.length === 0) return unmet;
  const [policy, finding] = await Promise.all([policyInForce(ctx), ctx.loaders.findingFacts.load(findingId)]);
  if (!policy) {
    for (const to of checked) unmet.set(to, 'No policy version is in force.');
    return unmet;
  }
  if (!finding) return unmet;
  let versions: ModelVersionFacts[] = [];
  if (checked.includes('VERIFIED')) {
    versions = (await ctx.loaders.versionFacts.loadMany([...retestVersionIds(finding)])).filter((v): v is ModelVersionFacts => v !== null && !(v instanceof Error));
  }
  for (const to of checked) {
    const problems = transitionPreconditions({ finding, to, policy: policy.document, versions, now: ctx.now });
    if (problems.length > 0) unmet.set(to, problems.map((p) => p.message).join(' '));
  }
  return unmet;
}

const named = (actions: readonly Action[]): WriteAction[] => actions.map((a) => WRITE_ACTION[a]);

export const viewerActionResolvers: Resolvers = {
  Query: {
    viewerActions: (_p, _a, ctx) => named(allowedRoleActions(ctx.viewer)),
    viewerOrganization: (_p, _a, ctx) => (ctx.viewer.organizationId ? ctx.loaders.organizationById.load(ctx.viewer.organizationId) : null),
  },
  Finding: {
    viewerActions: (finding, _a, ctx) => named(allowedActions(ctx.viewer, FINDING_ACTIONS, { developerId: finding.developerId })),
    availableTransitions: async (finding, _a, ctx) => {
      if (!can(ctx.viewer, 'finding.transition', { developerId: finding.developerId })) return [];
      const moves = FINDING_TRANSITIONS[finding.status].flatMap((to) => {
        const check = checkTransition(finding.status, to);
        return check.ok ? [{ to, reasonRequired: check.reasonRequired }] : [];
      });
      const unmet = await unmetPreconditions(ctx, finding.id, moves.map((m) => m.to));
      return moves.map((m) => ({ ...m, unmetPrecondition: unmet.get(m.to) ?? null }));
    },
  },
  ModelVersion: {
    viewerActions: (version, _a, ctx) => named(allowedActions(ctx.viewer, VERSION_ACTIONS, { developerId: version.developerId })),
  },
  Model: {
    viewerActions: (model, _a, ctx) => named(allowedActions(ctx.viewer, ['modelVersion.register'], { developerId: model.developerId })),
  },
  Organization: {
    viewerActions: (org, _a, ctx) =>
      org.kind === 'DEVELOPER' ? named(allowedActions(ctx.viewer, ['model.register'], { developerId: org.id })) : [],
  },
};
