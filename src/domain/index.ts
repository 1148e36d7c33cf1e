/**
 * The domain engine: pure rules over plain facts, with the policy passed in as data.
 * Imports nothing from transport or persistence.
 */
export * from './enums';
export * from './facts';
export * from './reason';
export * from './policy/policy-document';
export { STARTING_POLICY } from './policy/starting-policy';
export { validatePolicyDocument, type PolicyValidationError, type PolicyValidationResult } from './policy/validate-policy-document';
export { selectEffectivePolicy } from './policy/select-effective-policy';
export { jurisdictionTier } from './policy/compiled-policy';
export {
  assessSeverity,
  classifyScore,
  currentAssessment,
  severityOfFinding,
  successRateLowerBound,
  validateCvssVector,
  CVSS_CALCULATOR,
  InvalidCvssVectorError,
  type FindingSeverity,
  type SeverityInput,
  type SeverityResult,
} from './severity';
export {
  computeDeadlines,
  DEADLINE_KINDS,
  DEADLINE_STATES,
  type Deadline,
  type DeadlineKind,
  type DeadlineSet,
  type DeadlineState,
  type SeverityChange,
} from './deadlines';
export { computeDisclosureObligations, type DisclosureObligation, type DisclosureRef } from './disclosure';
export {
  accreditationCovers,
  accreditationInForceAt,
  accreditationStatusAt,
  auditAccessOpenAt,
  auditorQualifiedAt,
  conflictsWithDeveloperAt,
  restrictedAccessGraceDays,
  scopesNotAccreditedAt,
  scopesNotAccreditedThroughout,
  type AccreditationStanding,
  type AuditorStanding,
} from './auditor-standing';
export {
  AuditLabel,
  auditLabel,
  evaluateAuditQualification,
  type AuditQualification,
  type AuditQualificationContext,
} from './audit-qualification';
export { outcomeRank, worseOutcome } from './export-outcome';
export {
  evaluateEligibilityMatrix,
  evaluateEligibilityTiers,
  evaluateExportEligibility,
  inheritedFindingsAt,
  isOverrideActive,
  type EligibilityDecision,
  type PathItem,
  type TierDecision,
} from './eligibility';
export { evaluateEligibilityAsOf, factsAsOf, findingFactsAsOf, overridesAsOf, policyKnownInForceAt, registryAsOf, type AsOfEvaluation, type PublishedPolicy } from './as-of';
export { diffPolicies, type PolicyChange, type PolicyChangeCategory, type PolicyChangeKind } from './policy-diff';
export {
  simulatePolicyChange,
  type ClockSide,
  type DeadlineChange,
  type DecisionChange,
  type DecisionSide,
  type DisclosureChange,
  type OutcomeCount,
  type PolicySimulation,
  type SimulationInput,
} from './policy-simulation';
export {
  overrideActionFor,
  overrideFromHistory,
  overrideTimeline,
  type OverrideAction,
  type OverrideChangeFact,
  type OverrideTimelineAction,
  type OverrideTimelineEntry,
} from './override-history';
export {
  accreditationKnownAt,
  accreditationStateAt,
  conflictKnownAt,
  decideAccreditationChange,
  type AccreditationAction,
  type AccreditationChangeDecision,
  type AccreditationChangeFact,
  type AccreditationChangeRequest,
  type ConflictEndFact,
} from './accreditation-history';
export {
  describePath,
  effectiveTrainingCompute,
  inheritedFindings,
  lineageAncestors,
  lineageCycle,
  relationInherits,
  LINEAGE_RELATIONS,
  type InheritedFinding,
  type InheritedStatus,
  type LineageAncestorFact,
  type LineageEdgeFact,
  type LineageFacts,
  type LineageRelation,
  type LineageStep,
  type NotAffectedFact,
} from './lineage';
