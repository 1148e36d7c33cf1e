/**
 * Which policy version is in force at a moment. Policy documents are validated when published,
 * so reading them back only selects by effective date.
 */
import { selectEffectivePolicy, type PolicyDocument } from '../../domain';
import type { PolicyVersionEntity } from '../../persistence/entities';
import type { GraphQLContext } from '../../graphql/context';

export interface PolicyInForce {
  entity: PolicyVersionEntity;
  document: PolicyDocument;
}

export async function policyInForce(ctx: GraphQLContext, at: Date = ctx.now): Promise<PolicyInForce | null> {
  const versions = await ctx.loaders.allPolicyVersions.load('all');
  const documents = versions.map((v) => v.document as PolicyDocument);
  // The domain decides which version is in force (the same rule as recompute and as-of replay).
  const document = selectEffectivePolicy(documents, at);
  return document ? { entity: versions[documents.indexOf(document)]!, document } : null;
}
