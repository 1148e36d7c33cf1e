import {
  evaluateEligibilityMatrix,
  evaluateExportEligibility,
  STARTING_POLICY,
  type AuditFacts,
  type EligibilityDecision,
  type FindingFacts,
  type ModelVersionFacts,
} from '../../../src/domain';
import {
  aiFactors,
  assessment,
  at,
  audit,
  BR,
  CN,
  CRITICAL_VECTOR,
  days,
  finding,
  HIGH_VECTOR,
  hours,
  LOW_VECTOR,
  MEDIUM_VECTOR,
  ONE_PER_TIER,
  override,
  T0,
  US,
  version,
} from './factories';

const policy = STARTING_POLICY;
const NOW = at(days(2));

function outcomes(v: ModelVersionFacts, now = NOW): Record<string, string> {
  return Object.fromEntries(evaluateEligibilityMatrix(v, ONE_PER_TIER, policy, now).map((d) => [d.tier, d.outcome]));
}
const codes = (d: EligibilityDecision): string[] => d.reasons.map((r) => r.code);
const retest = (findingId: string, result: 'PASS' | 'FAIL', overrides: Partial<AuditFacts> = {}): AuditFacts =>
  audit({ id: `retest-${findingId}`, kind: 'RETEST', completedAt: at(days(1)), findings: [{ findingId, role: 'RETESTED', retestResult: result }], ...overrides });
const highFinding = (overrides: Partial<FindingFacts> = {}, path: Parameters<typeof finding>[1] = []) =>
  finding({ assessments: [assessment({ cvssVector: HIGH_VECTOR })], ...overrides }, path);

describe('evaluateExportEligibility', () => {
  it('a clean version with a counting audit is ELIGIBLE in TIER_1 and TIER_2 and RESTRICTED in TIER_3', () => {
    expect(outcomes(version())).toEqual({ TIER_1: 'ELIGIBLE', TIER_2: 'ELIGIBLE', TIER_3: 'RESTRICTED' });
  });

  it('every decision names the policy version, the tier and explains itself', () => {
    const d = evaluateExportEligibility(version(), US, policy, NOW);
    expect(d).toMatchObject({ modelVersionId: 'version-1', jurisdictionCode: 'US', tier: 'TIER_1', policyVersion: '2026.1', evaluatedAt: NOW, override: null });
    expect(codes(d)).toContain('ELIGIBLE');
    expect(d.pathToEligibility).toEqual([]);
  });

  describe('suspension', () => {
    it('an open intervention-tier finding suspends the version everywhere short of PROHIBITED', () => {
      const v = version({ findings: [finding()] });
      expect(outcomes(v)).toEqual({ TIER_1: 'SUSPENDED', TIER_2: 'SUSPENDED', TIER_3: 'SUSPENDED' });
      const d = evaluateExportEligibility(v, BR, policy, NOW);
      expect(codes(d)[0]).toBe('OPEN_INTERVENTION_FINDING');
      expect(d.reasons[0]!.refs.findingPublicIds).toEqual(['MSR-2026-0001']);
    });

    it('a HIGH finding exploited in the wild suspends too', () => {
      const v = version({ findings: [highFinding({ assessments: [assessment({ cvssVector: HIGH_VECTOR, aiFactors: aiFactors({ exploitedInWild: true }) })] })] });
      expect(outcomes(v).TIER_1).toBe('SUSPENDED');
    });

    it('a SUSPENDED access status suspends the version and the path says what clears it', () => {
      const d = evaluateExportEligibility(version({ accessStatus: 'SUSPENDED' }), US, policy, NOW);
      expect(d.outcome).toBe('SUSPENDED');
      expect(d.pathToEligibility[0]).toMatchObject({ code: 'VERSION_SUSPENDED', clearedBy: "Mythos 5's access status returning to ACTIVE" });
    });

    it('PROHIBITED is worse than SUSPENDED: a large model stays PROHIBITED in TIER_3', () => {
      expect(outcomes(version({ trainingComputeOps: 3e26, findings: [finding()] })).TIER_3).toBe('PROHIBITED');
    });
  });

  describe('TIER_3', () => {
    it.each([
      ['exactly at the compute threshold', { trainingComputeOps: 1e26 }, 'RESTRICTED'],
      ['above the compute threshold', { trainingComputeOps: 1.1e26 }, 'PROHIBITED'],
      ['with a CBRN capability', { capabilityDomains: ['GENERAL', 'CBRN'] as ModelVersionFacts['capabilityDomains'] }, 'PROHIBITED'],
      ['with a cyber-offense capability', { capabilityDomains: ['CYBER_OFFENSE'] as ModelVersionFacts['capabilityDomains'] }, 'PROHIBITED'],
      ['otherwise', {}, 'RESTRICTED'],
      ['with unknown compute', { trainingComputeOps: null }, 'RESTRICTED'],
    ])('a version %s is %s', (_label, change, outcome) => {
      expect(evaluateExportEligibility(version(change), CN, policy, NOW).outcome).toBe(outcome);
    });
  });

  describe('TIER_2', () => {
    it('an open HIGH finding restricts', () => {
      expect(outcomes(version({ findings: [highFinding()] })).TIER_2).toBe('RESTRICTED');
    });

    it('an open MEDIUM or LOW finding does not', () => {
      const v = version({ findings: [finding({ id: 'm', publicId: 'MSR-2026-0002', assessments: [assessment({ cvssVector: MEDIUM_VECTOR })] }), finding({ id: 'l', publicId: 'MSR-2026-0003', assessments: [assessment({ cvssVector: LOW_VECTOR })] })] });
      expect(outcomes(v)).toMatchObject({ TIER_1: 'ELIGIBLE', TIER_2: 'ELIGIBLE' });
    });

    it.each([
      ['no audit at all', [], 'RESTRICTED'],
      ['an audit that failed', [audit({ outcome: 'FAIL' })], 'RESTRICTED'],
      ['an audit that passed with findings', [audit({ outcome: 'PASS_WITH_FINDINGS' })], 'ELIGIBLE'],
      ['an audit not covering jailbreaks', [audit({ scopes: ['GENERAL'] })], 'RESTRICTED'],
      ['an audit still open', [audit({ status: 'OPEN', completedAt: null, outcome: null })], 'RESTRICTED'],
      ['an audit completed just under 12 months ago', [audit({ completedAt: new Date('2025-03-03T00:00:01Z') })], 'ELIGIBLE'],
      ['an audit completed exactly 12 months ago', [audit({ completedAt: new Date('2025-03-03T00:00:00Z') })], 'RESTRICTED'],
      ['an audit by an auditor accredited only later', [audit({ completedAt: new Date('2024-12-01T00:00:00Z') })], 'RESTRICTED'],
    ])('with %s a version is %s in TIER_2', (_label, audits, outcome) => {
      const d = evaluateExportEligibility(version({ audits }), BR, policy, NOW);
      expect(d.outcome).toBe(outcome);
      if (outcome === 'RESTRICTED') expect(d.pathToEligibility.map((p) => p.code)).toEqual(['NO_COUNTING_AUDIT']);
    });

    it('an audit by the developer itself does not count, and the decision says why', () => {
      const v = version({ audits: [audit({ auditorId: 'developer-1' })], auditors: { 'developer-1': { id: 'developer-1', name: 'The Lab', accreditations: [], conflicts: [] } } });
      const d = evaluateExportEligibility(v, BR, policy, NOW);
      expect(d.outcome).toBe('RESTRICTED');
      expect(codes(d)).toEqual(expect.arrayContaining(['NO_COUNTING_AUDIT', 'AUDIT_DOES_NOT_COUNT']));
      // Named as people know it (issue 14): by its auditor and day, never by its internal id.
      const notCounting = d.reasons.find((r) => r.code === 'AUDIT_DOES_NOT_COUNT')!;
      expect(notCounting.message).toMatch(/^The audit by The Lab completed \d{4}-\d{2}-\d{2} does not count: /);
      const a = v.audits[0]!;
      for (const r of [...d.reasons, ...d.pathToEligibility]) expect(`${r.message} ${'clearedBy' in r ? r.clearedBy : ''}`).not.toContain(a.id);
    });

    it('an affected version names the version its fix ships in', () => {
      const elsewhere = finding({ fixedInVersionId: 'version-2', fixedInVersionName: 'Mythos 6' }, [
        ['TRIAGED', at(hours(1))],
        ['REMEDIATED', at(hours(2))],
      ]);
      const d = evaluateExportEligibility(version({ findings: [elsewhere] }), US, policy, NOW);
      expect(d.pathToEligibility[0]!.clearedBy).toMatch(/^the fix is in another version \(Mythos 6\), not Mythos 5: /);
      expect(d.reasons.map((r) => r.message).join(' ')).toContain('(fixed in another version, Mythos 6, not in this one)');
      expect(JSON.stringify(d)).not.toMatch(/version-2\)|, version-2,/);
    });
  });

  describe('TIER_1', () => {
    it('an open HIGH finding without mitigation restricts', () => {
      expect(outcomes(version({ findings: [highFinding({}, [['TRIAGED', at(hours(1))]])] })).TIER_1).toBe('RESTRICTED');
    });

    it('an open HIGH finding with mitigation in place is CONDITIONAL', () => {
      const d = evaluateExportEligibility(version({ findings: [highFinding({}, [['TRIAGED', at(hours(1))], ['MITIGATING', at(hours(2))]])] }), US, policy, NOW);
      expect(d.outcome).toBe('CONDITIONAL');
      expect(d.pathToEligibility[0]!.clearedBy).toBe('a fix of MSR-2026-0001 in a named version, then a passing retest of MSR-2026-0001 on that version by a qualified, independent auditor');
    });

    it('TIER_1 needs no audit', () => {
      expect(evaluateExportEligibility(version({ audits: [] }), US, policy, NOW).outcome).toBe('ELIGIBLE');
    });
  });

  describe('open for eligibility', () => {
    const fixedHere = (path: Parameters<typeof finding>[1], overrides: Partial<FindingFacts> = {}) =>
      highFinding({ fixedInVersionId: 'version-1', ...overrides }, path);
    const remediated: Parameters<typeof finding>[1] = [['TRIAGED', at(hours(1))], ['MITIGATING', at(hours(2))], ['REMEDIATED', at(hours(20))]];

    it('a HIGH finding fixed in place stays open until a counting retest passes', () => {
      expect(outcomes(version({ findings: [fixedHere(remediated)] })).TIER_2).toBe('RESTRICTED');
      expect(outcomes(version({ findings: [fixedHere(remediated)], audits: [audit(), retest('finding-1', 'PASS')] })).TIER_2).toBe('ELIGIBLE');
    });

    it('a failing retest keeps it open, and the latest retest decides', () => {
      expect(outcomes(version({ findings: [fixedHere(remediated)], audits: [audit(), retest('finding-1', 'FAIL')] })).TIER_2).toBe('RESTRICTED');
      const passThenFail = [audit(), retest('finding-1', 'PASS', { id: 'r1', completedAt: at(days(1)) }), retest('finding-1', 'FAIL', { id: 'r2', completedAt: at(days(1.5)) })];
      expect(outcomes(version({ findings: [fixedHere(remediated)], audits: passThenFail })).TIER_2).toBe('RESTRICTED');
    });

    it('a retest by an unqualified auditor does not clear it', () => {
      const v = version({ findings: [fixedHere(remediated)], audits: [audit(), retest('finding-1', 'PASS', { auditorId: 'auditor-x' })], auditors: { 'auditor-1': version().auditors['auditor-1']!, 'auditor-x': { id: 'auditor-x', name: 'Unaccredited', accreditations: [], conflicts: [] } } });
      expect(outcomes(v).TIER_2).toBe('RESTRICTED');
    });

    it('a MEDIUM finding fixed in place stops counting once remediated, without a retest', () => {
      const medium = finding({ fixedInVersionId: 'version-1', assessments: [assessment({ cvssVector: MEDIUM_VECTOR, aiFactors: aiFactors({ capabilityDomain: 'CBRN' }) })] }, remediated);
      const d = evaluateExportEligibility(version({ findings: [medium] }), US, policy, NOW);
      expect(d.outcome).toBe('ELIGIBLE');
      expect(d.reasons.some((r) => r.refs.findingIds?.includes('finding-1'))).toBe(false);
    });

    it('a version that ships the fix is blocked until the retest passes, then clears', () => {
      const fix = finding({ affectedVersionIds: ['version-0'], fixedInVersionId: 'version-1' }, remediated);
      const before = evaluateExportEligibility(version({ findings: [fix] }), US, policy, NOW);
      expect(before.outcome).toBe('SUSPENDED');
      expect(before.pathToEligibility[0]!.clearedBy).toBe('a passing retest of MSR-2026-0001 on Mythos 5 by a qualified, independent auditor');
      expect(outcomes(version({ findings: [fix], audits: [audit(), retest('finding-1', 'PASS')] }))).toMatchObject({ TIER_1: 'ELIGIBLE', TIER_2: 'ELIGIBLE' });
    });

    it('an affected version stays blocked when the fix ships in another version', () => {
      const elsewhere = finding({ fixedInVersionId: 'version-2' }, remediated);
      const d = evaluateExportEligibility(version({ findings: [elsewhere] }), US, policy, NOW);
      expect(d.outcome).toBe('SUSPENDED');
      expect(d.pathToEligibility[0]!.clearedBy).toMatch(/the fix is in another version, not Mythos 5/);
    });

    it.each(['REJECTED', 'WITHDRAWN'] as const)('a %s finding never counts', (status) => {
      expect(outcomes(version({ findings: [finding({}, [[status, at(hours(1))]])] })).TIER_1).toBe('ELIGIBLE');
    });

    it('an unassessed finding blocks nothing but is listed', () => {
      const d = evaluateExportEligibility(version({ findings: [finding({ assessments: [] })] }), US, policy, NOW);
      expect(d.outcome).toBe('ELIGIBLE');
      expect(codes(d)).toContain('UNASSESSED_FINDING');
    });
  });

  describe('missed deadlines', () => {
    const lateHigh = highFinding({}, [['TRIAGED', at(hours(1))], ['MITIGATING', at(hours(2))]]);

    it('are reasons but do not change the outcome under the starting policy', () => {
      const d = evaluateExportEligibility(version({ findings: [lateHigh] }), US, policy, at(days(20)));
      expect(d.outcome).toBe('CONDITIONAL');
      expect(codes(d)).toContain('MISSED_DEADLINE');
    });

    it('change the outcome when the policy says so', () => {
      const strict = { ...policy, eligibility: { ...policy.eligibility, missedDeadlines: { outcome: 'RESTRICTED' as const, source: 'test' } } };
      const d = evaluateExportEligibility(version({ findings: [lateHigh] }), US, strict, at(days(20)));
      expect(d.outcome).toBe('RESTRICTED');
      expect(d.pathToEligibility.map((p) => p.code)).toContain('MISSED_DEADLINE');
    });
  });

  describe('overrides', () => {
    const suspended = version({ findings: [finding()] });

    it("an active regulator's override wins and the computed outcome is shown beside it", () => {
      const o = override();
      const d = evaluateExportEligibility(suspended, US, policy, NOW, o);
      expect(d).toMatchObject({ outcome: 'ELIGIBLE', computedOutcome: 'SUSPENDED', override: o });
      expect(codes(d)[0]).toBe('OVERRIDE_ACTIVE');
      expect(d.pathToEligibility.length).toBeGreaterThan(0);
    });

    it('an expired override no longer applies', () => {
      const d = evaluateExportEligibility(suspended, US, policy, NOW, override({ expiresAt: at(days(1)) }));
      expect(d).toMatchObject({ outcome: 'SUSPENDED', computedOutcome: 'SUSPENDED', override: null });
      expect(codes(d)[0]).toBe('OVERRIDE_EXPIRED');
    });

    it('an override expires exactly at its expiry', () => {
      expect(evaluateExportEligibility(suspended, US, policy, NOW, override({ expiresAt: NOW })).outcome).toBe('SUSPENDED');
      expect(evaluateExportEligibility(suspended, US, policy, NOW, override({ expiresAt: new Date(NOW.getTime() + 1000) })).outcome).toBe('ELIGIBLE');
    });

    it('applies only to its jurisdiction in a matrix', () => {
      const decisions = evaluateEligibilityMatrix(suspended, ONE_PER_TIER, policy, NOW, new Map([['BR', override({ outcome: 'CONDITIONAL' })]]));
      expect(decisions.map((d) => d.outcome)).toEqual(['SUSPENDED', 'CONDITIONAL', 'SUSPENDED']);
    });
  });

  it('the matrix keeps jurisdiction order and places unlisted countries in the default tier', () => {
    const decisions = evaluateEligibilityMatrix(version(), [CN, { code: 'XK', name: 'Kosovo' }, US], policy, NOW);
    expect(decisions.map((d) => [d.jurisdictionCode, d.tier])).toEqual([['CN', 'TIER_3'], ['XK', 'TIER_2'], ['US', 'TIER_1']]);
  });

  it('missed deadlines of an open finding are measured from when the developer became aware', () => {
    const d = evaluateExportEligibility(version({ findings: [finding({ assessments: [assessment({ cvssVector: CRITICAL_VECTOR })] })] }), US, policy, at(days(20)));
    expect(d.reasons.filter((r) => r.code === 'MISSED_DEADLINE').map((r) => r.refs.deadline)).toContain(`MSR-2026-0001 ACKNOWLEDGE due ${at(hours(24), T0).toISOString()}`);
  });
});
