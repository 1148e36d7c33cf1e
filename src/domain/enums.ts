/**
 * The closed vocabularies of the registry. The SDL enums, the database CHECK constraints and the
 * domain rules all use exactly these values; change them together.
 */

export const ORGANIZATION_KINDS = ['DEVELOPER', 'AUDITOR', 'AGENCY', 'RESEARCHER'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const WEIGHT_AVAILABILITIES = ['API_ONLY', 'RESTRICTED_WEIGHTS', 'OPEN_WEIGHTS'] as const;
export type WeightAvailability = (typeof WEIGHT_AVAILABILITIES)[number];

export const ACCESS_STATUSES = ['ACTIVE', 'SUSPENDED', 'RETIRED'] as const;
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

export const CAPABILITY_DOMAINS = [
  'GENERAL',
  'CODE',
  'CYBER_OFFENSE',
  'CBRN',
  'PERSUASION',
  'AUTONOMY',
  'BIOLOGY',
] as const;
export type CapabilityDomain = (typeof CAPABILITY_DOMAINS)[number];

export const FINDING_CATEGORIES = [
  'JAILBREAK',
  'PROMPT_INJECTION',
  'DATA_EXFILTRATION',
  'WEIGHT_EXFILTRATION',
  'CBRN_UPLIFT',
  'CYBER_OFFENSE_UPLIFT',
  'MODEL_POISONING',
  'OTHER',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const FINDING_STATUSES = [
  'REPORTED',
  'TRIAGED',
  'MITIGATING',
  'REMEDIATED',
  'VERIFIED',
  'CLOSED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const SEVERITY_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

export const INTERVENTION_TIERS = [
  'INTERNAL_REMEDIATION',
  'GOVERNMENT_NOTIFICATION',
  'GOVERNMENT_INTERVENTION',
] as const;
export type InterventionTier = (typeof INTERVENTION_TIERS)[number];

export const REFERENCE_SYSTEMS = ['CVE', 'MITRE_ATLAS', 'AVID', 'OSV', 'OTHER'] as const;
export type ReferenceSystem = (typeof REFERENCE_SYSTEMS)[number];

export const AUDIT_SCOPES = [
  'JAILBREAK',
  'PROMPT_INJECTION',
  'CBRN',
  'CYBER_OFFENSE',
  'DATA_SECURITY',
  'WEIGHT_SECURITY',
  'GENERAL',
] as const;
export type AuditScope = (typeof AUDIT_SCOPES)[number];

export const ACCREDITATION_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'] as const;
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number];

export const AUDIT_KINDS = ['INITIAL', 'RETEST'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_STATUSES = ['OPEN', 'COMPLETED'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const AUDIT_OUTCOMES = ['PASS', 'PASS_WITH_FINDINGS', 'FAIL'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** How an audit relates to a finding: it raised it, or it retested the fix (with a result). */
export const AUDIT_FINDING_ROLES = ['RAISED', 'RETESTED'] as const;
export type AuditFindingRole = (typeof AUDIT_FINDING_ROLES)[number];

export const RETEST_RESULTS = ['PASS', 'FAIL'] as const;
export type RetestResult = (typeof RETEST_RESULTS)[number];

export const JURISDICTION_TIERS = ['TIER_1', 'TIER_2', 'TIER_3'] as const;
export type JurisdictionTier = (typeof JURISDICTION_TIERS)[number];

export const EXPORT_OUTCOMES = ['ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'SUSPENDED', 'PROHIBITED'] as const;
export type ExportOutcome = (typeof EXPORT_OUTCOMES)[number];

export const DISCLOSURE_AUDIENCES = ['GOVERNMENT', 'PARTNER_AGENCIES', 'PUBLIC'] as const;
export type DisclosureAudience = (typeof DISCLOSURE_AUDIENCES)[number];

export const DISCLOSURE_KINDS = ['INITIAL', 'AMENDED'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
