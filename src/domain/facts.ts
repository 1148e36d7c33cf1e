/**
 * The plain facts the domain engine decides on. Loaders build these from storage; the engine
 * never reads anything else. Every fact carries `recordedAt` (when the registry learnt it) so that
 * `factsAsOf` can replay what was known at a past moment.
 */
import type {
  AccessStatus,
  AccreditationStatus,
  AuditFindingRole,
  AuditKind,
  AuditOutcome,
  AuditScope,
  AuditStatus,
  CapabilityDomain,
  DisclosureAudience,
  DisclosureKind,
  ExportOutcome,
  FindingCategory,
  FindingStatus,
  RetestResult,
  WeightAvailability,
} from './enums';
import type { AccreditationChangeFact, ConflictEndFact } from './accreditation-history';
import type { LineageFacts } from './lineage';

/** AI-specific severity factors recorded with every assessment. */
export interface AiFactors {
  capabilityDomain: CapabilityDomain;
  /** the exploit works across prompts, tasks and contexts (e.g. a universal jailbreak) */
  universal: boolean;
  /** measured success rate, 0..1 */
  successRate: number;
  /** number of trials the success rate was measured over */
  trials: number;
  exploitedInWild: boolean;
}

export interface AssessmentFact {
  id: string;
  cvssVector: string;
  aiFactors: AiFactors;
  assessedAt: Date;
  recordedAt: Date;
}

export interface StatusChangeFact {
  from: FindingStatus | null;
  to: FindingStatus;
  occurredAt: Date;
  recordedAt: Date;
  reason?: string | null;
}

export interface DisclosureFact {
  id: string;
  audience: DisclosureAudience;
  kind: DisclosureKind;
  disclosedAt: Date;
  recordedAt: Date;
}

export interface FindingFacts {
  id: string;
  publicId: string;
  title: string;
  category: FindingCategory;
  status: FindingStatus;
  discoveredAt: Date;
  reportedAt: Date;
  /** when the developer became aware: clocks start here */
  awareAt: Date;
  recordedAt: Date;
  affectedVersionIds: string[];
  fixedInVersionId: string | null;
  /** the fix version's name as people know it ("Mythos 5.1"), for messages; absent: "another version" */
  fixedInVersionName?: string | null;
  /** when `fixedInVersionId` was recorded; lets `factsAsOf` hide a fix named later (optional) */
  fixedInVersionRecordedAt?: Date | null;
  /** oldest first; the first entry has from = null, to = 'REPORTED' */
  statusHistory: StatusChangeFact[];
  /** oldest first; the newest (by assessedAt, then recordedAt) is current */
  assessments: AssessmentFact[];
  disclosures: DisclosureFact[];
}

export interface AccreditationFact {
  id: string;
  body: string;
  scopes: AuditScope[];
  validFrom: Date;
  validUntil: Date | null;
  /** the current recorded status (the state after the last change) */
  status: AccreditationStatus;
  recordedAt: Date;
  /** suspensions, reinstatements, renewals and revocations, in recording order (optional) */
  history?: AccreditationChangeFact[];
}

export interface ConflictFact {
  id: string;
  developerId: string;
  description: string;
  periodStart: Date;
  periodEnd: Date | null;
  recordedAt: Date;
  /** when the conflict was ended (or its end moved), in recording order (optional) */
  endHistory?: ConflictEndFact[];
}

export interface AuditorFacts {
  id: string;
  name: string;
  accreditations: AccreditationFact[];
  conflicts: ConflictFact[];
}

export interface AuditFindingLink {
  findingId: string;
  role: AuditFindingRole;
  retestResult: RetestResult | null;
}

export interface AuditFacts {
  id: string;
  auditorId: string;
  modelVersionId: string;
  modelId: string;
  developerId: string;
  kind: AuditKind;
  status: AuditStatus;
  scopes: AuditScope[];
  startedAt: Date;
  completedAt: Date | null;
  outcome: AuditOutcome | null;
  findings: AuditFindingLink[];
  recordedAt: Date;
  /** when the completion (status, outcome, retest results) was recorded (optional, for `factsAsOf`) */
  completionRecordedAt?: Date | null;
}

/** One completed audit of some version of a model, for the rotation rule. */
export interface ModelAuditHistoryEntry {
  auditId: string;
  auditorId: string;
  modelVersionId: string;
  completedAt: Date;
}

export interface AccessStatusChangeFact {
  status: AccessStatus;
  occurredAt: Date;
  recordedAt: Date;
}

export interface ModelVersionFacts {
  id: string;
  modelId: string;
  developerId: string;
  name: string;
  releasedAt: Date | null;
  trainingComputeOps: number | null;
  weightAvailability: WeightAvailability;
  capabilityDomains: CapabilityDomain[];
  accessStatus: AccessStatus;
  accessStatusHistory: AccessStatusChangeFact[];
  /** every finding that lists this version as affected OR as its fixed-in version */
  findings: FindingFacts[];
  /** audits of this version (any status) */
  audits: AuditFacts[];
  /** every auditor referenced by those audits */
  auditors: Record<string, AuditorFacts>;
  /** audits of other versions of the same model, for the rotation rule */
  modelAuditHistory: ModelAuditHistoryEntry[];
  recordedAt: Date;
  /** its ancestry and the ancestors' findings (src/domain/lineage.ts); absent = no parents */
  lineage?: LineageFacts;
}

export interface JurisdictionFact {
  /** ISO 3166-1 alpha-2 */
  code: string;
  name: string;
}

export interface OverrideFact {
  outcome: ExportOutcome;
  justification: string;
  setBy: string;
  setAt: Date;
  expiresAt: Date | null;
  recordedAt: Date;
}
