import { selectEffectivePolicy, STARTING_POLICY, validatePolicyDocument, type PolicyDocument } from '../../../src/domain';

const clone = (): Record<string, any> => JSON.parse(JSON.stringify(STARTING_POLICY));

function errorsOf(doc: unknown): { path: string; message: string }[] {
  const result = validatePolicyDocument(doc);
  return result.ok ? [] : result.errors;
}

describe('validatePolicyDocument', () => {
  it('accepts the starting policy as JSON', () => {
    const result = validatePolicyDocument(clone());
    expect(result.ok).toBe(true);
  });

  it('the starting policy cites a source for every number', () => {
    const p = STARTING_POLICY;
    const sources = [
      ...p.severity.bands.map((b) => b.source),
      p.severity.successRateConfidence.source,
      ...Object.values(p.timelines).map((t) => t.source),
      p.dueSoon.source,
      p.reopening.source,
      ...p.disclosureClocks.map((c) => c.source),
      p.audits.conflictLookback.source,
      p.audits.rotation.source,
      p.audits.restrictedAccessGrace!.source,
      p.jurisdictions.source,
      ...Object.values(p.eligibility.tiers).flat().map((r) => r.source),
    ];
    for (const s of sources) expect(s.length).toBeGreaterThan(10);
  });

  it.each([
    ['a negative remediation time', (d: any) => (d.timelines.CRITICAL.remediateHours = -1), 'timelines.CRITICAL.remediateHours', /at least 0/],
    ['a missing timeline row', (d: any) => delete d.timelines.LOW, 'timelines.LOW', /must be an object/],
    ['an unknown severity level in a band', (d: any) => (d.severity.bands[2].level = 'SEVERE'), 'severity.bands.2.level', /must be one of/],
    ['bands out of order', (d: any) => (d.severity.bands[2].minScore = 3), 'severity.bands.2.minScore', /ascending/],
    ['a band without a source', (d: any) => delete d.severity.bands[1].source, 'severity.bands.1.source', /non-empty string/],
    ['a conditional last intervention rule', (d: any) => (d.interventionRules[5].when = { levels: ['LOW'] }), 'interventionRules.5.when', /unconditional/],
    ['an unknown condition', (d: any) => (d.interventionRules[0].when.severe = true), 'interventionRules.0.when.severe', /not a known condition/],
    ['an effective date without a zone', (d: any) => (d.effectiveFrom = '2026-01-01'), 'effectiveFrom', /ISO 8601/],
    ['a country in two tiers', (d: any) => d.jurisdictions.tiers.TIER_3.push('US'), 'jurisdictions.tiers.TIER_3.24', /already placed in TIER_1/],
    ['a lower-case country code', (d: any) => (d.jurisdictions.tiers.TIER_1[0] = 'us'), 'jurisdictions.tiers.TIER_1.0', /alpha-2/],
    ['a clock with two durations', (d: any) => (d.disclosureClocks[0].durationHours = 5), 'disclosureClocks.0', /exactly one/],
    ['a fractional rotation limit', (d: any) => (d.audits.rotation.maxConsecutiveAudits = 2.5), 'audits.rotation.maxConsecutiveAudits', /integer/],
    ['a negative restricted-access grace', (d: any) => (d.audits.restrictedAccessGrace.days = -1), 'audits.restrictedAccessGrace.days', /at least 0/],
    ['a restricted-access grace without a source', (d: any) => delete d.audits.restrictedAccessGrace.source, 'audits.restrictedAccessGrace.source', /non-empty string/],
    ['a restricted-access grace that is not an object', (d: any) => (d.audits.restrictedAccessGrace = 7), 'audits.restrictedAccessGrace', /must be an object/],
    ['an unknown eligibility rule kind', (d: any) => (d.eligibility.tiers.TIER_2[0].kind = 'VIBES'), 'eligibility.tiers.TIER_2.0.kind', /must be one of/],
    ['a missing compute threshold', (d: any) => delete d.eligibility.tiers.TIER_3[1].thresholdOps, 'eligibility.tiers.TIER_3.1.thresholdOps', /finite number/],
  ])('rejects %s with the path of the error', (_label, mutate, path, message) => {
    const doc = clone();
    mutate(doc);
    const errors = errorsOf(doc);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
  });

  it('reports every error, not just the first', () => {
    const doc = clone();
    doc.timelines.HIGH.mitigateHours = 'soon';
    doc.version = '';
    doc.audits.conflictLookback.months = -3;
    expect(errorsOf(doc).map((e) => e.path)).toEqual(
      expect.arrayContaining(['version', 'timelines.HIGH.mitigateHours', 'audits.conflictLookback.months']),
    );
  });

  it('accepts a document without the optional restricted-access grace (policies published before it)', () => {
    const doc = clone();
    delete doc.audits.restrictedAccessGrace;
    expect(validatePolicyDocument(doc).ok).toBe(true);
  });

  it('rejects something that is not an object', () => {
    expect(errorsOf('policy')).toEqual([{ path: '$', message: 'must be an object' }]);
  });
});

describe('selectEffectivePolicy', () => {
  const v1 = STARTING_POLICY;
  const v2: PolicyDocument = { ...STARTING_POLICY, version: '2026.2', effectiveFrom: '2026-07-01T00:00:00Z' };

  it.each([
    ['before any policy', '2025-12-31T23:59:59Z', null],
    ['on the first effective instant', '2026-01-01T00:00:00Z', '2026.1'],
    ['one second before the second version', '2026-06-30T23:59:59Z', '2026.1'],
    ['when the second version takes effect', '2026-07-01T00:00:00Z', '2026.2'],
  ])('%s selects %s', (_label, when, expected) => {
    expect(selectEffectivePolicy([v2, v1], new Date(when))?.version ?? null).toBe(expected);
  });
});
