/**
 * The DOMAIN.md story with plain facts: Fable 5 and Mythos 5 pass an audit, a universal jailbreak
 * is found in both, Mythos 5.1 ships the fix and passes a retest, Fable 5 stays suspended.
 */
import { evaluateEligibilityMatrix, STARTING_POLICY, type AuditFacts, type FindingFacts, type ModelVersionFacts } from '../../../src/domain';
import { accreditation, aiFactors, assessment, audit, auditor, statusChange } from './factories';

const policy = STARTING_POLICY;
const d = (iso: string): Date => new Date(iso);
const JURISDICTIONS = [
  { code: 'US', name: 'United States' },
  { code: 'GB', name: 'United Kingdom' },
  { code: 'BR', name: 'Brazil' },
  { code: 'IN', name: 'India' },
  { code: 'CN', name: 'China' },
];
const auditors = { 'auditor-1': auditor({ accreditations: [accreditation({ scopes: ['JAILBREAK', 'PROMPT_INJECTION', 'GENERAL'] })] }) };

const initialAudit = (versionId: string, modelId: string): AuditFacts =>
  audit({ id: `audit-${versionId}`, modelVersionId: versionId, modelId, startedAt: d('2026-02-01T00:00:00Z'), completedAt: d('2026-02-10T00:00:00Z'), recordedAt: d('2026-02-01T00:00:00Z') });

function baseVersion(id: string, modelId: string, name: string): ModelVersionFacts {
  return {
    id,
    modelId,
    developerId: 'developer-1',
    name,
    releasedAt: d('2026-01-20T00:00:00Z'),
    trainingComputeOps: 5e25,
    weightAvailability: 'API_ONLY',
    capabilityDomains: ['GENERAL', 'CODE'],
    accessStatus: 'ACTIVE',
    accessStatusHistory: [],
    findings: [],
    audits: [initialAudit(id, modelId)],
    auditors,
    modelAuditHistory: [],
    recordedAt: d('2026-01-20T00:00:00Z'),
  };
}

const jailbreak = (overrides: Partial<FindingFacts> = {}): FindingFacts => ({
  id: 'finding-jb',
  publicId: 'MSR-2026-0007',
  title: 'Universal role-play jailbreak',
  category: 'JAILBREAK',
  status: 'TRIAGED',
  discoveredAt: d('2026-03-01T00:00:00Z'),
  reportedAt: d('2026-03-01T00:00:00Z'),
  awareAt: d('2026-03-01T06:00:00Z'),
  recordedAt: d('2026-03-01T00:00:00Z'),
  affectedVersionIds: ['fable-5', 'mythos-5'],
  fixedInVersionId: null,
  statusHistory: [statusChange(null, 'REPORTED', d('2026-03-01T00:00:00Z')), statusChange('REPORTED', 'TRIAGED', d('2026-03-01T08:00:00Z'))],
  assessments: [assessment({ cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', aiFactors: aiFactors({ universal: true, successRate: 0.92, trials: 500 }), assessedAt: d('2026-03-01T09:00:00Z') })],
  disclosures: [{ id: 'disc-1', audience: 'GOVERNMENT', kind: 'INITIAL', disclosedAt: d('2026-03-01T12:00:00Z'), recordedAt: d('2026-03-01T12:00:00Z') }],
  ...overrides,
});

const outcomesByCode = (v: ModelVersionFacts, now: Date): Record<string, string> =>
  Object.fromEntries(evaluateEligibilityMatrix(v, JURISDICTIONS, policy, now).map((x) => [x.jurisdictionCode, x.outcome]));

describe('the DOMAIN.md story', () => {
  const fable5 = baseVersion('fable-5', 'fable', 'Fable 5');
  const mythos5 = baseVersion('mythos-5', 'mythos', 'Mythos 5');

  it('both versions are eligible in TIER_1 and TIER_2 after a passing independent audit', () => {
    for (const v of [fable5, mythos5]) {
      expect(outcomesByCode(v, d('2026-02-15T00:00:00Z'))).toEqual({ US: 'ELIGIBLE', GB: 'ELIGIBLE', BR: 'ELIGIBLE', IN: 'ELIGIBLE', CN: 'RESTRICTED' });
    }
  });

  it('after the CRITICAL universal jailbreak both are SUSPENDED in every jurisdiction', () => {
    const now = d('2026-03-02T00:00:00Z');
    for (const v of [fable5, mythos5]) {
      const decisions = evaluateEligibilityMatrix({ ...v, findings: [jailbreak()] }, JURISDICTIONS, policy, now);
      expect(decisions.every((x) => x.outcome === 'SUSPENDED')).toBe(true);
      expect(decisions[0]!.reasons[0]).toMatchObject({ code: 'OPEN_INTERVENTION_FINDING', refs: { findingPublicIds: ['MSR-2026-0007'] } });
    }
  });

  describe('after Mythos 5.1 ships the fix and a qualified auditor retests it', () => {
    const now = d('2026-03-20T00:00:00Z');
    const fixed = jailbreak({
      status: 'REMEDIATED',
      fixedInVersionId: 'mythos-5-1',
      fixedInVersionName: 'Mythos 5.1',
      statusHistory: [
        ...jailbreak().statusHistory,
        statusChange('TRIAGED', 'MITIGATING', d('2026-03-02T00:00:00Z')),
        statusChange('MITIGATING', 'REMEDIATED', d('2026-03-10T00:00:00Z')),
      ],
    });
    const retest: AuditFacts = audit({
      id: 'retest-mythos-5-1',
      modelVersionId: 'mythos-5-1',
      modelId: 'mythos',
      kind: 'RETEST',
      scopes: ['JAILBREAK'],
      startedAt: d('2026-03-11T00:00:00Z'),
      completedAt: d('2026-03-15T00:00:00Z'),
      outcome: 'PASS',
      findings: [{ findingId: 'finding-jb', role: 'RETESTED', retestResult: 'PASS' }],
      recordedAt: d('2026-03-11T00:00:00Z'),
    });
    const mythos51: ModelVersionFacts = {
      ...baseVersion('mythos-5-1', 'mythos', 'Mythos 5.1'),
      audits: [retest],
      findings: [fixed],
      modelAuditHistory: [{ auditId: 'audit-mythos-5', auditorId: 'auditor-1', modelVersionId: 'mythos-5', completedAt: d('2026-02-10T00:00:00Z') }],
    };

    it('Mythos 5.1 is blocked until the retest passes', () => {
      expect(outcomesByCode({ ...mythos51, audits: [] }, now).US).toBe('SUSPENDED');
    });

    it('Mythos 5.1 becomes ELIGIBLE in TIER_1 and TIER_2 (the retest is its counting audit)', () => {
      expect(outcomesByCode(mythos51, now)).toEqual({ US: 'ELIGIBLE', GB: 'ELIGIBLE', BR: 'ELIGIBLE', IN: 'ELIGIBLE', CN: 'RESTRICTED' });
    });

    it('Fable 5 stays SUSPENDED and its path to eligibility names the finding and what would clear it', () => {
      const decisions = evaluateEligibilityMatrix({ ...fable5, findings: [fixed] }, JURISDICTIONS, policy, now);
      expect(decisions.every((x) => x.outcome === 'SUSPENDED')).toBe(true);
      const path = decisions[0]!.pathToEligibility;
      expect(path[0]).toMatchObject({ code: 'OPEN_INTERVENTION_FINDING', refs: { findingPublicIds: ['MSR-2026-0007'] } });
      expect(path[0]!.clearedBy).toMatch(/fix is in another version \(Mythos 5\.1\), not Fable 5/);
      expect(path[0]!.clearedBy).toMatch(/passing retest of MSR-2026-0007 on Fable 5 by a qualified, independent auditor/);
    });
  });
});
