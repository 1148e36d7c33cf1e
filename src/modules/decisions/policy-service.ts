/**
 * Which policy version is in force at a moment. Policy documents are validated when published,
 * so reading them back only selects by effective date.
 */
import { policyKnownInForceAt, type PolicyDocument, type PublishedPolicy } from '../../domain';
import type { EntityManager } from 'typeorm';
import type { PolicyVersionEntity } from '../../persistence/entities';
import { readPolicyVersions } from './policy-documents';
import type { GraphQLContext } from '../../graphql/context';

export interface PolicyInForce {
  entity: PolicyVersionEntity;
  document: PolicyDocument;
}

/** Every published version as the domain's `PublishedPolicy` (document and publication moment). */
export function publishedPolicies(versions: readonly PolicyVersionEntity[]): PublishedPolicy[] {
  return versions.map((v) => ({ document: v.document as PolicyDocument, publishedAt: v.publishedAt }));
}

export async function policyInForce(ctx: GraphQLContext, at: Date = ctx.now): Promise<PolicyInForce | null> {
  return inForceOf(await ctx.loaders.allPolicyVersions.load('all'), at);
}

/**
 * `policyInForce` read inside a write's transaction: on its connection (a second connection from
 * the pool while the transaction holds one can exhaust the pool under load and hang every writer),
 * and seeing what the transaction sees. Every write that needs the policy in force asks this
 * (findings, audits, recompute, the deadline sweep, lineage, proposed changes), so reads and writes
 * apply one rule: of the versions published by `at`, the one effective then (issue 13).
 */
export async function policyInForceIn(tx: EntityManager, at: Date): Promise<PolicyInForce | null> {
  return inForceOf(await readPolicyVersions(tx), at);
}

function inForceOf(versions: PolicyVersionEntity[], at: Date): PolicyInForce | null {
  const published = publishedPolicies(versions);
  // The domain decides which version is in force (the same rule as recompute and as-of replay):
  // of the versions published by `at`, the one effective then.
  const document = policyKnownInForceAt(published, at);
  return document ? { entity: versions[published.findIndex((p) => p.document === document)]!, document } : null;
}
