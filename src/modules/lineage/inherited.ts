/** Which findings a version inherits, read inside a write's transaction (for the audits' retest check). */
import type { EntityManager } from 'typeorm';
import { inheritedFindingsAt } from '../../domain';
import { loadModelVersionFacts } from '../decisions/facts-store';
import { policyInForceIn } from '../decisions/policy-service';

/** Ids of the ancestors' findings the version inherits at `now` under the policy in force (open or cleared). */
export async function inheritedFindingIds(tx: EntityManager, versionId: string, now: Date): Promise<Set<string>> {
  const policy = await policyInForceIn(tx, now);
  const facts = (await loadModelVersionFacts(tx, [versionId])).get(versionId);
  if (!policy || !facts?.lineage) return new Set();
  return new Set(inheritedFindingsAt(facts, policy.document, now).map((i) => i.finding.id));
}
