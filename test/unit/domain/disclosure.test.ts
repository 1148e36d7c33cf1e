import { computeDisclosureObligations, STARTING_POLICY, type DisclosureObligation } from '../../../src/domain';
import { aiFactors, assessment, at, days, finding, HIGH_VECTOR, hours, MEDIUM_VECTOR, T0 } from './factories';

const policy = STARTING_POLICY;
const byCode = (list: DisclosureObligation[], code: string): DisclosureObligation => list.find((o) => o.code === code)!;
const disclosure = (id: string, audience: 'GOVERNMENT' | 'PUBLIC', kind: 'INITIAL' | 'AMENDED', when: Date) => ({
  id,
  audience,
  kind,
  disclosedAt: when,
  recordedAt: when,
});

describe('computeDisclosureObligations', () => {
  it('a CRITICAL finding runs government notification, the 15-day report and public disclosure at once', () => {
    const list = computeDisclosureObligations(finding(), policy, at(hours(1)));
    expect(list.filter((o) => o.required).map((o) => o.code)).toEqual([
      'GOVERNMENT_NOTIFICATION',
      'SERIOUS_INCIDENT_REPORT_15_DAYS',
      'PUBLIC_DISCLOSURE',
    ]);
    expect(byCode(list, 'GOVERNMENT_NOTIFICATION').dueAt).toEqual(at(hours(24)));
    expect(byCode(list, 'SERIOUS_INCIDENT_REPORT_15_DAYS').dueAt).toEqual(at(days(15)));
    expect(byCode(list, 'PUBLIC_DISCLOSURE').dueAt).toEqual(at(days(90)));
    expect(byCode(list, 'IMMINENT_RISK_REPORT_24_HOURS').required).toBe(false);
    for (const o of list) expect(o.source.length).toBeGreaterThan(10);
  });

  it('exploitation in the wild adds the 24-hour imminent-risk report', () => {
    const f = finding({ assessments: [assessment({ aiFactors: aiFactors({ exploitedInWild: true }) })] });
    const o = byCode(computeDisclosureObligations(f, policy, at(hours(25))), 'IMMINENT_RISK_REPORT_24_HOURS');
    expect(o).toMatchObject({ required: true, dueAt: at(hours(24)), state: 'OVERDUE' });
    expect(o.reasons.map((r) => r.code)).toContain('DISCLOSURE_OVERDUE');
  });

  it('a MEDIUM finding needs no government notification but still public disclosure', () => {
    const f = finding({ assessments: [assessment({ cvssVector: MEDIUM_VECTOR })] });
    const list = computeDisclosureObligations(f, policy, T0);
    expect(byCode(list, 'GOVERNMENT_NOTIFICATION')).toMatchObject({ required: false, state: 'NOT_APPLICABLE' });
    expect(byCode(list, 'PUBLIC_DISCLOSURE').required).toBe(true);
  });

  it('public disclosure falls due 30 days after remediation when that is sooner than 90 days after report', () => {
    const f = finding({}, [['TRIAGED', at(hours(1))], ['REMEDIATED', at(days(10))]]);
    const o = byCode(computeDisclosureObligations(f, policy, at(days(11))), 'PUBLIC_DISCLOSURE');
    expect(o.dueAt).toEqual(at(days(40)));
  });

  it('public disclosure stays 90 days after report when remediation comes late', () => {
    const f = finding({}, [['REMEDIATED', at(days(80))]]);
    expect(byCode(computeDisclosureObligations(f, policy, at(days(81))), 'PUBLIC_DISCLOSURE').dueAt).toEqual(at(days(90)));
  });

  it('the first disclosure to the audience satisfies the obligation and later ones are amendments', () => {
    const f = finding({
      disclosures: [disclosure('d2', 'GOVERNMENT', 'AMENDED', at(hours(30))), disclosure('d1', 'GOVERNMENT', 'INITIAL', at(hours(20)))],
    });
    const o = byCode(computeDisclosureObligations(f, policy, at(hours(40))), 'GOVERNMENT_NOTIFICATION');
    expect(o.state).toBe('MET');
    expect(o.satisfiedBy).toEqual({ disclosureId: 'd1', kind: 'INITIAL', disclosedAt: at(hours(20)) });
    expect(o.amendments.map((a) => a.disclosureId)).toEqual(['d2']);
  });

  it('a severity change after the disclosure asks for an amended disclosure until one is made', () => {
    const assessments = [
      assessment({ id: 'a1', cvssVector: HIGH_VECTOR, assessedAt: T0 }),
      assessment({ id: 'a2', assessedAt: at(hours(30)), recordedAt: at(hours(30)) }),
    ];
    const initial = disclosure('d1', 'GOVERNMENT', 'INITIAL', at(hours(20)));
    const before = byCode(computeDisclosureObligations(finding({ assessments, disclosures: [initial] }), policy, at(hours(40))), 'GOVERNMENT_NOTIFICATION');
    expect(before.amendmentOutstanding).toBe(true);
    const amended = disclosure('d2', 'GOVERNMENT', 'AMENDED', at(hours(35)));
    const after = byCode(computeDisclosureObligations(finding({ assessments, disclosures: [initial, amended] }), policy, at(hours(40))), 'GOVERNMENT_NOTIFICATION');
    expect(after.amendmentOutstanding).toBe(false);
  });

  it('a withdrawn finding has no disclosure obligations', () => {
    const list = computeDisclosureObligations(finding({}, [['WITHDRAWN', at(hours(1))]]), policy, at(days(200)));
    expect(list.every((o) => !o.required && o.state === 'NOT_APPLICABLE')).toBe(true);
  });

  it('an unassessed finding still owes public disclosure but not a level-dependent notification', () => {
    const list = computeDisclosureObligations(finding({ assessments: [] }), policy, T0);
    expect(byCode(list, 'PUBLIC_DISCLOSURE').required).toBe(true);
    expect(byCode(list, 'GOVERNMENT_NOTIFICATION').required).toBe(false);
  });
});
