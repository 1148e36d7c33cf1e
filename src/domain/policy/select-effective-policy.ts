import type { PolicyDocument } from './policy-document';

/**
 * The policy version in force at `at`: the one with the latest `effectiveFrom` not after `at`
 * (ties go to the greater version string, so the choice never depends on input order).
 * Null when no version was in force yet.
 */
export function selectEffectivePolicy(policies: PolicyDocument[], at: Date): PolicyDocument | null {
  const t = at.getTime();
  let best: PolicyDocument | null = null;
  let bestFrom = -Infinity;
  for (const policy of policies) {
    const from = Date.parse(policy.effectiveFrom);
    if (from > t) continue;
    if (from > bestFrom || (from === bestFrom && best !== null && policy.version > best.version)) {
      best = policy;
      bestFrom = from;
    }
  }
  return best;
}
