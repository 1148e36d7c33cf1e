import { Cvss4P0 } from 'ae-cvss-calculator';
import type { FindingCategory, InterventionTier, SeverityLevel } from './enums';
import type { AiFactors, AssessmentFact, FindingFacts } from './facts';
import { compilePolicy } from './policy/compiled-policy';
import type { FindingCondition, PolicyDocument } from './policy/policy-document';
import { reason, type Reason } from './reason';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const calculatorPackage = require('ae-cvss-calculator/package.json') as { name: string; version: string };

/** The scoring library, named in every result so a score can be reproduced. */
export const CVSS_CALCULATOR = `${calculatorPackage.name}@${calculatorPackage.version}`;

const PREFIX = 'CVSS:4.0';
/** CVSS v4.0 base metrics: mandatory, in specification order. */
const BASE_METRICS = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;

/** A vector the engine refuses to score; `metric` names the offending metric. */
export class InvalidCvssVectorError extends Error {
  override readonly name = 'InvalidCvssVectorError';
  constructor(
    readonly vector: string,
    readonly metric: string,
    detail: string,
  ) {
    super(`Invalid CVSS v4.0 vector: ${detail}`);
  }
}

/** Allowed values per metric, taken from the library's own registry (X = "not defined"). */
const allowedValues: Map<string, Set<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const components of new Cvss4P0().getRegisteredComponents().values()) {
    for (const component of components) {
      map.set(component.shortName, new Set(component.values.map((v) => v.shortName)));
    }
  }
  for (const metric of BASE_METRICS) {
    const values = map.get(metric);
    if (!values) throw new Error(`${CVSS_CALCULATOR} does not define CVSS v4.0 metric ${metric}`);
    values.delete('X');
  }
  // The specification allows only H/L/N for the subsequent-system base metrics (S is environmental).
  for (const metric of ['SC', 'SI', 'SA']) map.get(metric)?.delete('S');
  return map;
})();

/**
 * Checks the vector's syntax against the CVSS v4.0 metric table; throws an
 * `InvalidCvssVectorError` naming the first bad metric. The library alone is too lenient
 * (it silently scores a vector with a missing metric as 0).
 */
export function validateCvssVector(vector: string): void {
  const parts = vector.trim().split('/');
  if (parts[0] !== PREFIX) {
    throw new InvalidCvssVectorError(vector, 'CVSS', `must start with "${PREFIX}/", found "${parts[0] ?? ''}"`);
  }
  const seen = new Set<string>();
  for (const part of parts.slice(1)) {
    const colon = part.indexOf(':');
    const metric = colon < 0 ? part : part.slice(0, colon);
    const value = colon < 0 ? '' : part.slice(colon + 1);
    const allowed = allowedValues.get(metric);
    if (!allowed) throw new InvalidCvssVectorError(vector, metric, `unknown metric ${metric || '(empty)'}`);
    if (seen.has(metric)) throw new InvalidCvssVectorError(vector, metric, `metric ${metric} appears more than once`);
    seen.add(metric);
    if (!allowed.has(value)) {
      throw new InvalidCvssVectorError(
        vector,
        metric,
        `metric ${metric} has invalid value ${value || '(empty)'} (allowed: ${[...allowed].join(', ')})`,
      );
    }
  }
  for (const metric of BASE_METRICS) {
    if (!seen.has(metric)) throw new InvalidCvssVectorError(vector, metric, `missing mandatory metric ${metric}`);
  }
}

interface CvssScore {
  vector: string;
  score: number;
  nomenclature: string;
}

const scoreCache = new Map<string, CvssScore>();
const SCORE_CACHE_LIMIT = 50_000;

/** Validates and scores a vector with the library; memoised because scoring is deterministic. */
export function scoreCvssVector(vector: string): CvssScore {
  const cached = scoreCache.get(vector);
  if (cached) return cached;
  validateCvssVector(vector);
  const cvss = new Cvss4P0(vector.trim());
  const result: CvssScore = Object.freeze({
    vector: cvss.toString(),
    score: cvss.calculateScores().overall,
    nomenclature: cvss.getNomenclature(),
  });
  if (scoreCache.size >= SCORE_CACHE_LIMIT) scoreCache.clear();
  scoreCache.set(vector, result);
  return result;
}

/** The level whose band contains `score` (bands are inclusive at their lower bound). */
export function classifyScore(score: number, policy: PolicyDocument): SeverityLevel {
  const bands = compilePolicy(policy).bandsDescending;
  for (const band of bands) {
    if (score >= band.minScore - 1e-9) return band.level;
  }
  return bands[bands.length - 1]!.level;
}

/**
 * Wilson score lower bound of a measured success rate: a small number of trials earns less
 * credit than the same rate over many (1 of 1 is not "100 %").
 */
export function successRateLowerBound(successRate: number, trials: number, z: number): number {
  if (!(trials > 0)) return 0;
  const p = Math.min(1, Math.max(0, successRate));
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}

/** What a condition is checked against. */
export interface ConditionSubject {
  level: SeverityLevel | null;
  aiFactors: AiFactors;
  category?: FindingCategory | null;
  interventionTier?: InterventionTier | null;
  successRateLowerBound: number;
}

export function conditionHolds(
  when: FindingCondition & { interventionTiers?: InterventionTier[] },
  subject: ConditionSubject,
): boolean {
  if (when.levels && (subject.level === null || !when.levels.includes(subject.level))) return false;
  if (when.capabilityDomains && !when.capabilityDomains.includes(subject.aiFactors.capabilityDomain)) return false;
  if (when.categories && (!subject.category || !when.categories.includes(subject.category))) return false;
  if (when.universal !== undefined && when.universal !== subject.aiFactors.universal) return false;
  if (when.exploitedInWild !== undefined && when.exploitedInWild !== subject.aiFactors.exploitedInWild) return false;
  if (when.minSuccessRateLowerBound !== undefined && subject.successRateLowerBound < when.minSuccessRateLowerBound) return false;
  if (when.interventionTiers && (!subject.interventionTier || !when.interventionTiers.includes(subject.interventionTier))) {
    return false;
  }
  return true;
}

export interface SeverityInput {
  cvssVector: string;
  aiFactors: AiFactors;
  /** the finding's category, for policies whose rules name categories */
  category?: FindingCategory | null;
}

export interface SeverityResult {
  /** the vector as the library normalises it */
  cvssVector: string;
  /** the CVSS v4.0 score from the library (CVSS-B, -BT, -BE or -BTE per the metrics given) */
  cvssScore: number;
  cvssNomenclature: string;
  /** the CVSS score after the policy's AI score adjustments, clamped to 0..10, one decimal */
  score: number;
  level: SeverityLevel;
  interventionTier: InterventionTier;
  /** the first intervention rule that matched */
  tierRule: { code: string; message: string; source: string };
  /** Wilson lower bound of the measured success rate at the policy's confidence */
  successRateLowerBound: number;
  policyVersion: string;
  /** library name@version that computed the CVSS score */
  calculator: string;
  reasons: Reason[];
}

/**
 * Scores a CVSS v4.0 vector with ae-cvss-calculator, applies the policy's AI score adjustments
 * (none in the starting policy), classifies the score into a level by the policy's bands, and
 * picks the intervention tier by the first matching intervention rule — where the AI factors
 * (domain, universality, success rate, exploitation in the wild) do their work.
 *
 * @throws InvalidCvssVectorError when the vector is malformed; `error.metric` names the metric.
 */
export function assessSeverity(input: SeverityInput, policy: PolicyDocument): SeverityResult {
  const cvss = scoreCvssVector(input.cvssVector);
  const lowerBound = successRateLowerBound(
    input.aiFactors.successRate,
    input.aiFactors.trials,
    policy.severity.successRateConfidence.z,
  );
  const reasons: Reason[] = [
    reason('CVSS_SCORE', `${cvss.nomenclature} score ${cvss.score.toFixed(1)} computed by ${CVSS_CALCULATOR}.`),
  ];
  const subjectWithoutLevel: ConditionSubject = {
    level: null,
    aiFactors: input.aiFactors,
    category: input.category ?? null,
    successRateLowerBound: lowerBound,
  };

  let score = cvss.score;
  for (const adjustment of policy.severity.scoreAdjustments) {
    if (!conditionHolds(adjustment.when, subjectWithoutLevel)) continue;
    const before = score;
    score = Math.round(Math.min(10, Math.max(0, score + adjustment.delta)) * 10) / 10;
    reasons.push(
      reason(adjustment.code, `${adjustment.description} Score ${before.toFixed(1)} → ${score.toFixed(1)}.`),
    );
  }

  const level = classifyScore(score, policy);
  const band = policy.severity.bands.find((b) => b.level === level)!;
  reasons.push(
    reason('SEVERITY_BAND', `Score ${score.toFixed(1)} is in the ${level} band (from ${band.minScore.toFixed(1)}).`),
  );

  const subject: ConditionSubject = { ...subjectWithoutLevel, level };
  const rule = policy.interventionRules.find((r) => conditionHolds(r.when, subject));
  if (!rule) throw new Error(`policy ${policy.version} has no intervention rule matching a ${level} finding`);
  reasons.push(reason(rule.code, `${rule.description} → ${rule.tier}.`));

  return {
    cvssVector: cvss.vector,
    cvssScore: cvss.score,
    cvssNomenclature: cvss.nomenclature,
    score,
    level,
    interventionTier: rule.tier,
    tierRule: { code: rule.code, message: rule.description, source: rule.source },
    successRateLowerBound: lowerBound,
    policyVersion: policy.version,
    calculator: CVSS_CALCULATOR,
    reasons,
  };
}

/** The current assessment of a finding: the newest by assessedAt, then recordedAt. */
export function currentAssessment(finding: FindingFacts): AssessmentFact | null {
  let current: AssessmentFact | null = null;
  for (const a of finding.assessments) {
    if (
      current === null ||
      a.assessedAt.getTime() > current.assessedAt.getTime() ||
      (a.assessedAt.getTime() === current.assessedAt.getTime() && a.recordedAt.getTime() >= current.recordedAt.getTime())
    ) {
      current = a;
    }
  }
  return current;
}

/** Assessments oldest first by assessedAt, then recordedAt (stable for equal times). */
export function assessmentsInOrder(finding: FindingFacts): AssessmentFact[] {
  return finding.assessments
    .map((a, i) => ({ a, i }))
    .sort(
      (x, y) =>
        x.a.assessedAt.getTime() - y.a.assessedAt.getTime() ||
        x.a.recordedAt.getTime() - y.a.recordedAt.getTime() ||
        x.i - y.i,
    )
    .map((x) => x.a);
}

export type FindingSeverity =
  | { kind: 'ASSESSED'; assessment: AssessmentFact; result: SeverityResult }
  | { kind: 'UNASSESSED' }
  | { kind: 'INVALID'; assessment: AssessmentFact; error: InvalidCvssVectorError };

const findingSeverityCache = new WeakMap<PolicyDocument, WeakMap<AssessmentFact, FindingSeverity>>();

/** The severity of one assessment under a policy, memoised per (policy, assessment object). */
export function severityOfAssessment(
  assessment: AssessmentFact,
  category: FindingCategory,
  policy: PolicyDocument,
): FindingSeverity {
  let perPolicy = findingSeverityCache.get(policy);
  if (!perPolicy) {
    perPolicy = new WeakMap();
    findingSeverityCache.set(policy, perPolicy);
  }
  const cached = perPolicy.get(assessment);
  if (cached) return cached;
  let severity: FindingSeverity;
  try {
    severity = {
      kind: 'ASSESSED',
      assessment,
      result: assessSeverity({ cvssVector: assessment.cvssVector, aiFactors: assessment.aiFactors, category }, policy),
    };
  } catch (error) {
    if (!(error instanceof InvalidCvssVectorError)) throw error;
    severity = { kind: 'INVALID', assessment, error };
  }
  perPolicy.set(assessment, severity);
  return severity;
}

/** The severity of a finding's current assessment under a policy. */
export function severityOfFinding(finding: FindingFacts, policy: PolicyDocument): FindingSeverity {
  const assessment = currentAssessment(finding);
  if (!assessment) return { kind: 'UNASSESSED' };
  return severityOfAssessment(assessment, finding.category, policy);
}
