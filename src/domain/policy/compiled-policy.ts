import type { JurisdictionTier, SeverityLevel } from '../enums';
import type { PolicyDocument } from './policy-document';

/**
 * Lookup structures derived from a policy document once and reused for every evaluation under
 * it. Cached per document object; a policy document must not be mutated after first use.
 */
export interface CompiledPolicy {
  policy: PolicyDocument;
  /** bands sorted by descending minScore, for level lookup */
  bandsDescending: { level: SeverityLevel; minScore: number }[];
  tierByJurisdiction: Map<string, JurisdictionTier>;
  retestRequired: Set<SeverityLevel>;
}

const cache = new WeakMap<PolicyDocument, CompiledPolicy>();

export function compilePolicy(policy: PolicyDocument): CompiledPolicy {
  let compiled = cache.get(policy);
  if (compiled) return compiled;
  const tierByJurisdiction = new Map<string, JurisdictionTier>();
  for (const [tier, codes] of Object.entries(policy.jurisdictions.tiers) as [JurisdictionTier, string[]][]) {
    for (const code of codes) tierByJurisdiction.set(code.toUpperCase(), tier);
  }
  compiled = {
    policy,
    bandsDescending: [...policy.severity.bands]
      .map((b) => ({ level: b.level, minScore: b.minScore }))
      .sort((a, b) => b.minScore - a.minScore),
    tierByJurisdiction,
    retestRequired: new Set(policy.remediation.retestRequiredLevels),
  };
  cache.set(policy, compiled);
  return compiled;
}

/** The tier the policy places a jurisdiction in (explicit list, else the default tier). */
export function jurisdictionTier(policy: PolicyDocument, code: string): JurisdictionTier {
  const compiled = compilePolicy(policy);
  return compiled.tierByJurisdiction.get(code) ?? compiled.tierByJurisdiction.get(code.toUpperCase()) ?? policy.jurisdictions.defaultTier;
}
