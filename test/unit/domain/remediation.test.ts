import { STARTING_POLICY, type AuditFacts, type AuditorFacts, type FindingFacts, type FindingStatus, type PolicyDocument } from '../../../src/domain';
import { transitionPreconditions } from '../../../src/domain/remediation';
import { accreditation, assessment, at, audit, auditor, conflict, days, finding, HIGH_VECTOR, LOW_VECTOR, T0, version } from './factories';

const NOW = at(days(2));
const FIX = 'fix-1';

const highFinding = (overrides: Partial<FindingFacts> = {}): FindingFacts =>
  finding({ status: 'REMEDIATED', fixedInVersionId: FIX, assessments: [assessment({ cvssVector: HIGH_VECTOR })], ...overrides });
const lowFinding = (overrides: Partial<FindingFacts> = {}): FindingFacts =>
  highFinding({ assessments: [assessment({ cvssVector: LOW_VECTOR })], ...overrides });

const retest = (result: 'PASS' | 'FAIL', overrides: Partial<AuditFacts> = {}): AuditFacts =>
  audit({
    id: `retest-${result}`,
    kind: 'RETEST',
    modelVersionId: FIX,
    completedAt: at(days(1)),
    findings: [{ findingId: 'finding-1', role: 'RETESTED', retestResult: result }],
    ...overrides,
  });

/** The fix version (Mythos 5.1) with these audits, by the default (qualified, independent) auditor unless given. */
const fixVersion = (audits: AuditFacts[], auditors: Record<string, AuditorFacts> = { 'auditor-1': auditor() }) =>
  version({ id: FIX, name: 'Mythos 5.1', audits, auditors });

function problems(f: FindingFacts, to: FindingStatus, audits: AuditFacts[] = [], options: { policy?: PolicyDocument; auditors?: Record<string, AuditorFacts> } = {}) {
  return transitionPreconditions({ finding: f, to, policy: options.policy ?? STARTING_POLICY, versions: [fixVersion(audits, options.auditors)], now: NOW });
}

const withRemediation = (remediation: Partial<PolicyDocument['remediation']>): PolicyDocument => ({
  ...STARTING_POLICY,
  remediation: { ...STARTING_POLICY.remediation, ...remediation },
});

describe('transition preconditions (policy remediation settings, counting retests)', () => {
  test('moves other than REMEDIATED and VERIFIED have none', () => {
    for (const to of ['TRIAGED', 'MITIGATING', 'CLOSED', 'REJECTED', 'WITHDRAWN'] as const) {
      expect(problems(highFinding({ fixedInVersionId: null }), to)).toEqual([]);
    }
  });

  test('a HIGH finding needs a named fix version to be REMEDIATED, as the policy requires', () => {
    const [p, ...rest] = problems(highFinding({ status: 'TRIAGED', fixedInVersionId: null }), 'REMEDIATED');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'FIX_VERSION_REQUIRED', path: ['to'] });
    expect(p!.message).toContain('Link the version that contains the fix first');
    expect(p!.message).toContain('policy 2026.1 requires a fix in a named version for HIGH, CRITICAL findings, and MSR-2026-0001 is HIGH');
    expect(problems(highFinding({ status: 'TRIAGED' }), 'REMEDIATED')).toEqual([]);
  });

  test('without fixVersionRequired a HIGH finding is REMEDIATED without one', () => {
    expect(problems(highFinding({ status: 'TRIAGED', fixedInVersionId: null }), 'REMEDIATED', [], { policy: withRemediation({ fixVersionRequired: false }) })).toEqual([]);
  });

  test('an unassessed finding is held to the strictest level', () => {
    const unassessed = highFinding({ status: 'TRIAGED', fixedInVersionId: null, assessments: [] });
    const [p] = problems(unassessed, 'REMEDIATED');
    expect(p).toMatchObject({ code: 'FIX_VERSION_REQUIRED' });
    expect(p!.message).toContain('MSR-2026-0001 is not yet assessed');
    expect(problems(highFinding({ assessments: [] }), 'VERIFIED').map((x) => x.code)).toEqual(['RETEST_REQUIRED']);
  });

  test('a LOW finding (not in retestRequiredLevels) is REMEDIATED and VERIFIED without fix version or retest', () => {
    expect(problems(lowFinding({ status: 'TRIAGED', fixedInVersionId: null }), 'REMEDIATED')).toEqual([]);
    expect(problems(lowFinding({ fixedInVersionId: null }), 'VERIFIED')).toEqual([]);
    expect(problems(lowFinding(), 'VERIFIED')).toEqual([]);
  });

  test('a policy that puts LOW in retestRequiredLevels holds LOW findings to a retest', () => {
    const policy = withRemediation({ retestRequiredLevels: ['LOW', 'HIGH', 'CRITICAL'] });
    expect(problems(lowFinding(), 'VERIFIED', [], { policy }).map((p) => p.code)).toEqual(['RETEST_REQUIRED']);
    expect(problems(lowFinding(), 'VERIFIED', [retest('PASS')], { policy })).toEqual([]);
  });

  test('a HIGH finding is VERIFIED after a counting PASS retest on the fix version', () => {
    expect(problems(highFinding(), 'VERIFIED', [retest('PASS')])).toEqual([]);
  });

  test('VERIFIED without any retest names what is missing', () => {
    const [p] = problems(highFinding(), 'VERIFIED');
    expect(p).toMatchObject({ code: 'RETEST_REQUIRED', path: ['to'] });
    expect(p!.message).toContain('A passing retest of MSR-2026-0001 on Mythos 5.1 by a qualified, independent auditor is needed first');
    expect(p!.message).toContain('No completed audit of Mythos 5.1 has retested it.');
  });

  test('a PASS by a conflicted (not independent) auditor does not count, and the message says why', () => {
    const conflicted = auditor({ conflicts: [conflict({ periodStart: at(-days(100)), periodEnd: null, recordedAt: at(-days(100)) })] });
    const [p] = problems(highFinding(), 'VERIFIED', [retest('PASS')], { auditors: { 'auditor-1': conflicted } });
    expect(p!.code).toBe('RETEST_REQUIRED');
    expect(p!.message).toContain('retested it with PASS but does not count');
    expect(p!.message).toContain('declared a conflict with the developer (consulting contract)');
  });

  test('a PASS by an auditor whose accreditation had expired does not count, and the message says why', () => {
    const expired = auditor({ accreditations: [accreditation({ validUntil: T0 })] });
    const [p] = problems(highFinding(), 'VERIFIED', [retest('PASS')], { auditors: { 'auditor-1': expired } });
    expect(p!.code).toBe('RETEST_REQUIRED');
    expect(p!.message).toMatch(/Independent Evals Ltd's accreditation for JAILBREAK was not valid on 2026-03-02/);
  });

  test('the developer auditing its own fix does not count', () => {
    const [p] = problems(highFinding(), 'VERIFIED', [retest('PASS', { auditorId: 'developer-1' })], {
      auditors: { 'developer-1': auditor({ id: 'developer-1', name: 'Mythos Labs' }) },
    });
    expect(p!.message).toContain('Mythos Labs is the developer of the audited model');
  });

  test('the latest counting retest decides: a later FAIL undoes an earlier PASS', () => {
    const earlier = retest('PASS', { id: 'retest-early', completedAt: at(days(0.5)) });
    const later = retest('FAIL', { id: 'retest-late', completedAt: at(days(1)) });
    const [p] = problems(highFinding(), 'VERIFIED', [earlier, later]);
    expect(p!.code).toBe('RETEST_REQUIRED');
    expect(p!.message).toContain('The latest counting retest on Mythos 5.1, the audit by Independent Evals Ltd completed 2026-03-02, did not pass.');
    expect(problems(highFinding(), 'VERIFIED', [retest('FAIL', { id: 'f', completedAt: at(days(0.5)) }), retest('PASS')])).toEqual([]);
  });

  test('an open retest or one completed after now does not count yet', () => {
    const open = retest('PASS', { status: 'OPEN', completedAt: null, outcome: null });
    const [p] = problems(highFinding(), 'VERIFIED', [open]);
    expect(p!.message).toContain('The open audit by Independent Evals Ltd started 2026-02-19 retests it but has not completed.');
    expect(problems(highFinding(), 'VERIFIED', [retest('PASS', { completedAt: at(days(3)) })]).map((x) => x.code)).toEqual(['RETEST_REQUIRED']);
  });

  test('a retest on another version than the fix version does not count', () => {
    const onAffected = version({ audits: [retest('PASS', { modelVersionId: 'version-1' })] });
    const result = transitionPreconditions({ finding: highFinding(), to: 'VERIFIED', policy: STARTING_POLICY, versions: [onAffected], now: NOW });
    expect(result.map((p) => p.code)).toEqual(['RETEST_REQUIRED']);
  });

  test('with no fix version (and none required) a counting retest on an affected version verifies it', () => {
    const policy = withRemediation({ fixVersionRequired: false });
    const onAffected = version({ audits: [retest('PASS', { modelVersionId: 'version-1' })] });
    const f = highFinding({ fixedInVersionId: null });
    expect(transitionPreconditions({ finding: f, to: 'VERIFIED', policy, versions: [onAffected], now: NOW })).toEqual([]);
    expect(transitionPreconditions({ finding: f, to: 'VERIFIED', policy, versions: [version({ audits: [] })], now: NOW }).map((p) => p.code)).toEqual([
      'RETEST_REQUIRED',
    ]);
  });

  test('VERIFIED of a HIGH finding without a fix version asks for the fix version first', () => {
    expect(problems(highFinding({ fixedInVersionId: null }), 'VERIFIED', [retest('PASS')]).map((p) => p.code)).toEqual(['FIX_VERSION_REQUIRED']);
  });
});
