/** Small builders of plain domain facts for unit tests. Every id is readable, every time explicit. */
import type {
  AccreditationFact,
  AiFactors,
  AssessmentFact,
  AuditFacts,
  AuditorFacts,
  ConflictFact,
  FindingFacts,
  FindingStatus,
  JurisdictionFact,
  ModelVersionFacts,
  OverrideFact,
  StatusChangeFact,
} from '../../../src/domain';

export const T0 = new Date('2026-03-01T00:00:00Z');

export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => hours(24 * n);
export const at = (offsetMs: number, from: Date = T0): Date => new Date(from.getTime() + offsetMs);

/** Vectors the library scores at exactly these values (found by search; checked in severity tests). */
export const VECTORS = {
  score9_3: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  score9_0: 'CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:N/VA:H/SC:L/SI:N/SA:H',
  score8_9: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:H',
  score7_0: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H',
  score6_9: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:H/VI:N/VA:H/SC:N/SI:H/SA:L',
  score4_0: 'CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:L/SC:N/SI:N/SA:H',
  score3_9: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:A/VC:N/VI:H/VA:H/SC:N/SI:L/SA:H/E:U',
  score1_0: 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:P/VC:L/VI:N/VA:N/SC:N/SI:N/SA:L',
} as const;

export const CRITICAL_VECTOR = VECTORS.score9_3;
export const HIGH_VECTOR = VECTORS.score8_9;
export const MEDIUM_VECTOR = VECTORS.score6_9;
export const LOW_VECTOR = VECTORS.score1_0;

export function aiFactors(overrides: Partial<AiFactors> = {}): AiFactors {
  return { capabilityDomain: 'GENERAL', universal: false, successRate: 0.5, trials: 100, exploitedInWild: false, ...overrides };
}

export function assessment(overrides: Partial<AssessmentFact> = {}): AssessmentFact {
  return {
    id: 'assessment-1',
    cvssVector: CRITICAL_VECTOR,
    aiFactors: aiFactors(),
    assessedAt: T0,
    recordedAt: T0,
    ...overrides,
  };
}

export function statusChange(from: FindingStatus | null, to: FindingStatus, occurredAt: Date): StatusChangeFact {
  return { from, to, occurredAt, recordedAt: occurredAt };
}

/** A finding reported (and known to the developer) at T0; `path` appends status changes in order. */
export function finding(overrides: Partial<FindingFacts> = {}, path: [FindingStatus, Date][] = []): FindingFacts {
  const history: StatusChangeFact[] = [statusChange(null, 'REPORTED', overrides.reportedAt ?? T0)];
  for (const [to, when] of path) history.push(statusChange(history[history.length - 1]!.to, to, when));
  return {
    id: 'finding-1',
    publicId: 'MSR-2026-0001',
    title: 'Universal jailbreak',
    category: 'JAILBREAK',
    status: history[history.length - 1]!.to,
    discoveredAt: T0,
    reportedAt: T0,
    awareAt: T0,
    recordedAt: T0,
    affectedVersionIds: ['version-1'],
    fixedInVersionId: null,
    statusHistory: history,
    assessments: [assessment()],
    disclosures: [],
    ...overrides,
  };
}

export function accreditation(overrides: Partial<AccreditationFact> = {}): AccreditationFact {
  return {
    id: 'accreditation-1',
    body: 'AI Assurance Board',
    scopes: ['JAILBREAK', 'GENERAL'],
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: new Date('2028-01-01T00:00:00Z'),
    status: 'ACTIVE',
    recordedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function conflict(overrides: Partial<ConflictFact> = {}): ConflictFact {
  return {
    id: 'conflict-1',
    developerId: 'developer-1',
    description: 'consulting contract',
    periodStart: new Date('2023-01-01T00:00:00Z'),
    periodEnd: new Date('2024-01-01T00:00:00Z'),
    recordedAt: new Date('2023-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function auditor(overrides: Partial<AuditorFacts> = {}): AuditorFacts {
  return { id: 'auditor-1', name: 'Independent Evals Ltd', accreditations: [accreditation()], conflicts: [], ...overrides };
}

export function audit(overrides: Partial<AuditFacts> = {}): AuditFacts {
  return {
    id: 'audit-1',
    auditorId: 'auditor-1',
    modelVersionId: 'version-1',
    modelId: 'model-1',
    developerId: 'developer-1',
    kind: 'INITIAL',
    status: 'COMPLETED',
    scopes: ['JAILBREAK'],
    startedAt: at(-days(10)),
    completedAt: at(-days(1)),
    outcome: 'PASS',
    findings: [],
    recordedAt: at(-days(10)),
    ...overrides,
  };
}

export function version(overrides: Partial<ModelVersionFacts> = {}): ModelVersionFacts {
  return {
    id: 'version-1',
    modelId: 'model-1',
    developerId: 'developer-1',
    name: 'Mythos 5',
    releasedAt: new Date('2026-01-15T00:00:00Z'),
    trainingComputeOps: 3e25,
    weightAvailability: 'API_ONLY',
    capabilityDomains: ['GENERAL', 'CODE'],
    accessStatus: 'ACTIVE',
    accessStatusHistory: [],
    findings: [],
    audits: [audit()],
    auditors: { 'auditor-1': auditor() },
    modelAuditHistory: [],
    recordedAt: new Date('2026-01-15T00:00:00Z'),
    ...overrides,
  };
}

export function override(overrides: Partial<OverrideFact> = {}): OverrideFact {
  return {
    outcome: 'ELIGIBLE',
    justification: 'Humanitarian exemption reviewed by the board.',
    setBy: 'regulator-1',
    setAt: at(-days(1)),
    expiresAt: at(days(30)),
    recordedAt: at(-days(1)),
    ...overrides,
  };
}

export const US: JurisdictionFact = { code: 'US', name: 'United States' };
export const BR: JurisdictionFact = { code: 'BR', name: 'Brazil' };
export const CN: JurisdictionFact = { code: 'CN', name: 'China' };
export const ONE_PER_TIER = [US, BR, CN];
