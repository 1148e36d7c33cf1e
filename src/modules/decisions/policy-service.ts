/**
 * Which policy version is in force at a moment. Policy documents are validated when published,
 * so reading them back only selects by effective date.
 */
import type { PolicyDocument } from '../../domain/policy/policy-document';
import type { PolicyVersionEntity } from '../../persistence/entities';
import type { GraphQLContext } from '../../graphql/context';

export interface PolicyInForce {
  entity: PolicyVersionEntity;
  document: PolicyDocument;
}

export async function policyInForce(ctx: GraphQLContext, at: Date = ctx.now): Promise<PolicyInForce | null> {
  const versions = await ctx.loaders.allPolicyVersions.load('all');
  // Newest effective date first; the first one already in effect at `at` is in force.
  const entity = versions.find((v) => v.effectiveFrom.getTime() <= at.getTime());
  return entity ? { entity, document: entity.document as PolicyDocument } : null;
}
