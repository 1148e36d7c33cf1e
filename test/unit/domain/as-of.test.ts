import { evaluateEligibilityAsOf, factsAsOf, STARTING_POLICY, type OverrideChangeFact, type PolicyDocument } from '../../../src/domain';
import { assessment, at, audit, days, finding, hours, US, version, ONE_PER_TIER } from './factories';

describe('factsAsOf', () => {
  const f = finding(
    {
      assessments: [assessment({ id: 'a1', assessedAt: at(hours(2)), recordedAt: at(hours(2)) })],
      disclosures: [{ id: 'd1', audience: 'GOVERNMENT', kind: 'INITIAL', disclosedAt: at(hours(5)), recordedAt: at(hours(5)) }],
      fixedInVersionId: 'version-1',
      fixedInVersionRecordedAt: at(days(3)),
    },
    [['TRIAGED', at(hours(1))], ['REMEDIATED', at(days(3))]],
  );
  const v = version({
    findings: [f],
    audits: [audit({ id: 'late', completedAt: at(days(4)) }), audit({ id: 'early', completedAt: at(-days(1)) })],
    accessStatus: 'SUSPENDED',
    accessStatusHistory: [{ status: 'SUSPENDED', occurredAt: at(hours(3)), recordedAt: at(hours(3)) }],
  });

  it('rolls the finding status back to the last status recorded by then', () => {
    expect(factsAsOf(v, at(days(1))).findings[0]!.status).toBe('TRIAGED');
    expect(factsAsOf(v, at(days(5))).findings[0]!.status).toBe('REMEDIATED');
  });

  it('drops assessments, disclosures and a fix version recorded later', () => {
    const past = factsAsOf(v, at(hours(1.5))).findings[0]!;
    expect(past.assessments).toEqual([]);
    expect(past.disclosures).toEqual([]);
    expect(past.fixedInVersionId).toBeNull();
  });

  it('drops a finding recorded later', () => {
    expect(factsAsOf(v, at(-hours(1))).findings).toEqual([]);
  });

  it('reopens audits completed later', () => {
    const audits = factsAsOf(v, at(days(1))).audits;
    expect(audits.find((a) => a.id === 'late')).toMatchObject({ status: 'OPEN', completedAt: null, outcome: null });
    expect(audits.find((a) => a.id === 'early')).toMatchObject({ status: 'COMPLETED' });
  });

  it('rolls the access status back', () => {
    expect(factsAsOf(v, at(hours(1))).accessStatus).toBe('ACTIVE');
    expect(factsAsOf(v, at(hours(4))).accessStatus).toBe('SUSPENDED');
  });

  it('does not modify its input', () => {
    const before = JSON.stringify(v);
    factsAsOf(v, at(hours(1)));
    expect(JSON.stringify(v)).toBe(before);
  });
});

describe('evaluateEligibilityAsOf', () => {
  const v = version({ findings: [finding({ recordedAt: at(days(1)), assessments: [assessment({ recordedAt: at(days(1)), assessedAt: at(days(1)) })] })] });
  const lenient: PolicyDocument = {
    ...STARTING_POLICY,
    version: '2026.2',
    effectiveFrom: '2026-03-05T00:00:00Z',
    eligibility: { ...STARTING_POLICY.eligibility, suspension: { ...STARTING_POLICY.eligibility.suspension, interventionTiers: [] } },
  };
  const policies = [STARTING_POLICY, lenient].map((document) => ({ document, publishedAt: new Date(document.effectiveFrom) }));

  it('uses only the facts recorded by then', () => {
    const before = evaluateEligibilityAsOf(v, [US], policies, at(hours(12)));
    const after = evaluateEligibilityAsOf(v, [US], policies, at(days(2)));
    expect(before.decisions[0]!.outcome).toBe('ELIGIBLE');
    expect(after.decisions[0]!.outcome).toBe('SUSPENDED');
  });

  it('uses the policy version effective then', () => {
    const later = evaluateEligibilityAsOf(v, [US], policies, at(days(10)));
    expect(later.policy?.version).toBe('2026.2');
    expect(later.decisions[0]!.policyVersion).toBe('2026.2');
    expect(later.decisions[0]!.outcome).toBe('RESTRICTED');
  });

  const set = (day: number, extra: Partial<OverrideChangeFact> = {}): OverrideChangeFact => ({
    action: 'SET',
    outcome: 'ELIGIBLE',
    justification: 'Humanitarian exemption reviewed by the board.',
    actor: 'regulator-1',
    effectiveAt: at(days(day)),
    expiresAt: null,
    recordedAt: at(days(day)),
    ...extra,
  });

  it('applies only overrides recorded by then', () => {
    const history = new Map([['US', [set(3)]]]);
    expect(evaluateEligibilityAsOf(v, [US], policies, at(days(2)), history).decisions[0]!.outcome).toBe('SUSPENDED');
    expect(evaluateEligibilityAsOf(v, [US], policies, at(days(4)), history).decisions[0]!.outcome).toBe('ELIGIBLE');
  });

  it('sees an override that was in force then and lifted since', () => {
    const history = new Map([['US', [set(2), set(3, { action: 'LIFTED', outcome: null, justification: 'Exemption withdrawn.' })]]]);
    expect(evaluateEligibilityAsOf(v, [US], policies, at(days(2.5)), history).decisions[0]!).toMatchObject({ outcome: 'ELIGIBLE', computedOutcome: 'SUSPENDED' });
    expect(evaluateEligibilityAsOf(v, [US], policies, at(days(3.5)), history).decisions[0]!).toMatchObject({ outcome: 'SUSPENDED', override: null });
  });

  it('sees the override that was replaced later, and an extension only from when it was recorded', () => {
    const history = new Map([
      ['US', [set(3, { outcome: 'CONDITIONAL', expiresAt: at(days(7)) }), set(6, { action: 'EXTENDED', outcome: 'CONDITIONAL', expiresAt: at(days(20)) })]],
    ]);
    expect(evaluateEligibilityAsOf(v, [US], policies, at(days(5)), history).decisions[0]!.override?.expiresAt).toEqual(at(days(7)));
    const extended = evaluateEligibilityAsOf(v, [US], policies, at(days(10)), history).decisions[0]!;
    expect(extended.outcome).toBe('CONDITIONAL');
    expect(extended.override).toMatchObject({ setAt: at(days(3)), expiresAt: at(days(20)) });
  });

  it('does not apply a policy published after the moment, even with an earlier effective date', () => {
    const retroactive = [{ document: STARTING_POLICY, publishedAt: new Date(STARTING_POLICY.effectiveFrom) }, { document: lenient, publishedAt: at(days(20)) }];
    expect(evaluateEligibilityAsOf(v, [US], retroactive, at(days(10))).policy?.version).toBe(STARTING_POLICY.version);
    expect(evaluateEligibilityAsOf(v, [US], retroactive, at(days(21))).policy?.version).toBe('2026.2');
  });

  it('gives no decisions before the first policy', () => {
    expect(evaluateEligibilityAsOf(v, ONE_PER_TIER, policies, new Date('2025-06-01T00:00:00Z'))).toEqual({ policy: null, decisions: [] });
  });

});
