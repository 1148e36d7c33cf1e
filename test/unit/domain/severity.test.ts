import { assessSeverity, classifyScore, CVSS_CALCULATOR, InvalidCvssVectorError, STARTING_POLICY } from '../../../src/domain';
import { aiFactors, VECTORS } from './factories';

const policy = STARTING_POLICY;

describe('severity bands', () => {
  it.each([
    [VECTORS.score1_0, 1.0, 'LOW'],
    [VECTORS.score3_9, 3.9, 'LOW'],
    [VECTORS.score4_0, 4.0, 'MEDIUM'],
    [VECTORS.score6_9, 6.9, 'MEDIUM'],
    [VECTORS.score7_0, 7.0, 'HIGH'],
    [VECTORS.score8_9, 8.9, 'HIGH'],
    [VECTORS.score9_0, 9.0, 'CRITICAL'],
    [VECTORS.score9_3, 9.3, 'CRITICAL'],
  ])('the vector %s scores %d and is %s', (vector, score, level) => {
    const result = assessSeverity({ cvssVector: vector, aiFactors: aiFactors() }, policy);
    expect(result.cvssScore).toBe(score);
    expect(result.score).toBe(score);
    expect(result.level).toBe(level);
  });

  it.each([
    [0, 'LOW'],
    [3.9, 'LOW'],
    [4.0, 'MEDIUM'],
    [6.9, 'MEDIUM'],
    [7.0, 'HIGH'],
    [8.9, 'HIGH'],
    [9.0, 'CRITICAL'],
    [10, 'CRITICAL'],
  ])('a score of %d falls in the %s band', (score, level) => {
    expect(classifyScore(score, policy)).toBe(level);
  });

  it('bands come from the policy, not the code', () => {
    const strict = { ...policy, severity: { ...policy.severity, bands: policy.severity.bands.map((b) => (b.level === 'CRITICAL' ? { ...b, minScore: 9.5 } : b)) } };
    expect(classifyScore(9.3, strict)).toBe('HIGH');
  });
});

describe('intervention tier', () => {
  it.each([
    ['a CRITICAL finding', 'GOVERNMENT_INTERVENTION', 'CRITICAL_SEVERITY', VECTORS.score9_3, aiFactors()],
    ['a HIGH finding exploited in the wild', 'GOVERNMENT_INTERVENTION', 'HIGH_EXPLOITED_IN_WILD', VECTORS.score8_9, aiFactors({ exploitedInWild: true })],
    ['a universal LOW exploit with CBRN uplift', 'GOVERNMENT_INTERVENTION', 'UNIVERSAL_CBRN_UPLIFT', VECTORS.score1_0, aiFactors({ universal: true, capabilityDomain: 'CBRN' })],
    ['a HIGH finding not exploited', 'GOVERNMENT_NOTIFICATION', 'HIGH_SEVERITY', VECTORS.score7_0, aiFactors()],
    ['a MEDIUM finding in cyber-offense', 'GOVERNMENT_NOTIFICATION', 'MEDIUM_SENSITIVE_DOMAIN', VECTORS.score4_0, aiFactors({ capabilityDomain: 'CYBER_OFFENSE' })],
    ['a MEDIUM finding in CBRN', 'GOVERNMENT_NOTIFICATION', 'MEDIUM_SENSITIVE_DOMAIN', VECTORS.score6_9, aiFactors({ capabilityDomain: 'CBRN' })],
    ['a MEDIUM general finding', 'INTERNAL_REMEDIATION', 'DEFAULT_INTERNAL', VECTORS.score6_9, aiFactors()],
    ['a universal MEDIUM exploit outside CBRN', 'INTERNAL_REMEDIATION', 'DEFAULT_INTERNAL', VECTORS.score6_9, aiFactors({ universal: true, capabilityDomain: 'CODE' })],
    ['a LOW CBRN finding that is not universal', 'INTERNAL_REMEDIATION', 'DEFAULT_INTERNAL', VECTORS.score3_9, aiFactors({ capabilityDomain: 'CBRN' })],
  ])('%s leads to %s by rule %s', (_label, tier, rule, vector, factors) => {
    const result = assessSeverity({ cvssVector: vector, aiFactors: factors }, policy);
    expect(result.interventionTier).toBe(tier);
    expect(result.tierRule.code).toBe(rule);
    expect(result.reasons.map((r) => r.code)).toContain(rule);
  });

  it('names the policy version and the calculator that scored it', () => {
    const result = assessSeverity({ cvssVector: VECTORS.score9_3, aiFactors: aiFactors() }, policy);
    expect(result.policyVersion).toBe('2026.1');
    expect(result.calculator).toBe(CVSS_CALCULATOR);
    expect(CVSS_CALCULATOR).toMatch(/^ae-cvss-calculator@\d+\.\d+\.\d+$/);
  });

  it('a policy may require a measured success rate, judged by its lower confidence bound', () => {
    const rated = {
      ...policy,
      interventionRules: [
        { code: 'RELIABLE_UNIVERSAL', description: 'Reliable universal exploits.', tier: 'GOVERNMENT_NOTIFICATION' as const, when: { universal: true, minSuccessRateLowerBound: 0.5 }, source: 'test' },
        ...policy.interventionRules,
      ],
    };
    const fewTrials = assessSeverity({ cvssVector: VECTORS.score1_0, aiFactors: aiFactors({ universal: true, successRate: 1, trials: 2 }) }, rated);
    const manyTrials = assessSeverity({ cvssVector: VECTORS.score1_0, aiFactors: aiFactors({ universal: true, successRate: 0.8, trials: 200 }) }, rated);
    expect(fewTrials.interventionTier).toBe('INTERNAL_REMEDIATION');
    expect(manyTrials.interventionTier).toBe('GOVERNMENT_NOTIFICATION');
  });

  it('a policy score adjustment moves the final score but not the CVSS score', () => {
    const adjusted = {
      ...policy,
      severity: {
        ...policy.severity,
        scoreAdjustments: [{ code: 'EXPLOITED_IN_WILD_UPLIFT', description: 'Exploited in the wild.', when: { exploitedInWild: true }, delta: 0.5, source: 'test' }],
      },
    };
    const result = assessSeverity({ cvssVector: VECTORS.score8_9, aiFactors: aiFactors({ exploitedInWild: true }) }, adjusted);
    expect(result.cvssScore).toBe(8.9);
    expect(result.score).toBe(9.4);
    expect(result.level).toBe('CRITICAL');
  });
});

describe('invalid vectors', () => {
  it.each([
    ['CVSS:4.0/AV:Q/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AV', /metric AV has invalid value Q/],
    ['CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AT', /missing mandatory metric AT/],
    ['CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AV', /metric AV has invalid value X/],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/FOO:B', 'FOO', /unknown metric FOO/],
    ['CVSS:4.0/AV:N/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AV', /more than once/],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N', 'SC', /metric SC has invalid value S/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS', /must start with "CVSS:4.0\/"/],
    ['garbage', 'CVSS', /must start/],
  ])('%s is rejected naming metric %s', (vector, metric, message) => {
    let error: unknown;
    try {
      assessSeverity({ cvssVector: vector, aiFactors: aiFactors() }, policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidCvssVectorError);
    expect((error as InvalidCvssVectorError).metric).toBe(metric);
    expect((error as InvalidCvssVectorError).message).toMatch(message);
  });
});
