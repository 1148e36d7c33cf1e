import { computeDeadlines, STARTING_POLICY, type Deadline, type DeadlineKind } from '../../../src/domain';
import { assessment, at, days, finding, HIGH_VECTOR, hours, LOW_VECTOR, MEDIUM_VECTOR, T0 } from './factories';

const policy = STARTING_POLICY;
const SECOND = 1000;

function deadline(set: { deadlines: Deadline[] }, kind: DeadlineKind): Deadline {
  return set.deadlines.find((d) => d.kind === kind)!;
}

describe('computeDeadlines', () => {
  it.each([
    ['CRITICAL', undefined, { ACKNOWLEDGE: 24, NOTIFY_GOVERNMENT: 24, MITIGATE: 72, REMEDIATE: 336 }],
    ['HIGH', HIGH_VECTOR, { ACKNOWLEDGE: 48, NOTIFY_GOVERNMENT: 72, MITIGATE: 336, REMEDIATE: 720 }],
    ['MEDIUM', MEDIUM_VECTOR, { ACKNOWLEDGE: 120, NOTIFY_GOVERNMENT: null, MITIGATE: 720, REMEDIATE: 2160 }],
    ['LOW', LOW_VECTOR, { ACKNOWLEDGE: 240, NOTIFY_GOVERNMENT: null, MITIGATE: null, REMEDIATE: 4320 }],
  ])('a %s finding gets the policy table durations from awareness', (level, vector, expected) => {
    const f = finding({ assessments: [assessment(vector ? { cvssVector: vector } : {})] });
    const set = computeDeadlines(f, policy, T0);
    expect(set.level).toBe(level);
    for (const [kind, h] of Object.entries(expected)) {
      const d = deadline(set, kind as DeadlineKind);
      if (h === null) expect(d.state).toBe('NOT_APPLICABLE');
      else {
        expect(d.clockStart).toEqual(T0);
        expect(d.dueAt).toEqual(at(hours(h)));
      }
    }
    expect(set.policyVersion).toBe('2026.1');
  });

  it.each([
    ['well before the due time', -hours(10), 'ON_TRACK'],
    ['inside the warning window', -hours(5), 'DUE_SOON'],
    ['one second before the due time', -SECOND, 'DUE_SOON'],
    ['exactly at the due time', 0, 'DUE_SOON'],
    ['one second after the due time', SECOND, 'OVERDUE'],
  ])('a CRITICAL acknowledgement %s is %s', (_label, offset, state) => {
    const due = at(hours(24));
    const d = deadline(computeDeadlines(finding(), policy, at(offset, due)), 'ACKNOWLEDGE');
    expect(d.state).toBe(state);
    if (state === 'OVERDUE') expect(d.secondsOverdue).toBe(1);
    if (offset === -SECOND) expect(d.secondsRemaining).toBe(1);
  });

  it('the warning window is at most a quarter of the duration', () => {
    // CRITICAL acknowledge is 24 h: window = min(24 h, 6 h) = 6 h.
    expect(deadline(computeDeadlines(finding(), policy, at(hours(17))), 'ACKNOWLEDGE').state).toBe('ON_TRACK');
    expect(deadline(computeDeadlines(finding(), policy, at(hours(18))), 'ACKNOWLEDGE').state).toBe('DUE_SOON');
  });

  it('each obligation is met by the event the contract names', () => {
    const f = finding({ disclosures: [{ id: 'd1', audience: 'GOVERNMENT', kind: 'INITIAL', disclosedAt: at(hours(20)), recordedAt: at(hours(20)) }] }, [
      ['TRIAGED', at(hours(2))],
      ['MITIGATING', at(hours(30))],
      ['REMEDIATED', at(days(20))],
    ]);
    const set = computeDeadlines(f, policy, at(days(30)));
    expect(deadline(set, 'ACKNOWLEDGE')).toMatchObject({ state: 'MET', metAt: at(hours(2)), secondsOverdue: 0 });
    expect(deadline(set, 'NOTIFY_GOVERNMENT')).toMatchObject({ state: 'MET', metAt: at(hours(20)) });
    expect(deadline(set, 'MITIGATE')).toMatchObject({ state: 'MET', metAt: at(hours(30)) });
    expect(deadline(set, 'REMEDIATE')).toMatchObject({ state: 'MET', metAt: at(days(20)), secondsOverdue: days(6) / 1000 });
  });

  it('a partner-agency disclosure does not notify the government', () => {
    const f = finding({ disclosures: [{ id: 'd1', audience: 'PARTNER_AGENCIES', kind: 'INITIAL', disclosedAt: at(hours(1)), recordedAt: at(hours(1)) }] });
    expect(deadline(computeDeadlines(f, policy, at(hours(25))), 'NOTIFY_GOVERNMENT').state).toBe('OVERDUE');
  });

  it('an overdue deadline is a MISSED_DEADLINE reason naming the deadline', () => {
    const set = computeDeadlines(finding(), policy, at(hours(25)));
    const missed = set.reasons.filter((r) => r.code === 'MISSED_DEADLINE');
    expect(missed.map((r) => r.refs.deadline)).toEqual([
      `MSR-2026-0001 ACKNOWLEDGE due ${at(hours(24)).toISOString()}`,
      `MSR-2026-0001 NOTIFY_GOVERNMENT due ${at(hours(24)).toISOString()}`,
    ]);
  });

  it.each(['REJECTED', 'WITHDRAWN'] as const)('a %s finding has no applicable deadlines', (status) => {
    const set = computeDeadlines(finding({}, [[status, at(hours(1))]]), policy, at(days(100)));
    expect(set.deadlines.every((d) => d.state === 'NOT_APPLICABLE')).toBe(true);
  });

  it('an unassessed finding has no deadlines yet and says so', () => {
    const set = computeDeadlines(finding({ assessments: [] }), policy, at(days(100)));
    expect(set.deadlines.every((d) => d.state === 'NOT_APPLICABLE')).toBe(true);
    expect(set.reasons[0]!.code).toBe('UNASSESSED_FINDING');
  });

  it('a change of severity recomputes the deadlines and says so', () => {
    const f = finding({
      assessments: [
        assessment({ id: 'a1', cvssVector: HIGH_VECTOR, assessedAt: T0 }),
        assessment({ id: 'a2', assessedAt: at(hours(10)), recordedAt: at(hours(10)) }),
      ],
    });
    const set = computeDeadlines(f, policy, at(hours(12)));
    expect(set.level).toBe('CRITICAL');
    expect(set.severityChange).toEqual({ from: 'HIGH', to: 'CRITICAL', at: at(hours(10)) });
    expect(set.notes).toContain('recomputed after severity changed from HIGH to CRITICAL');
    expect(deadline(set, 'NOTIFY_GOVERNMENT').dueAt).toEqual(at(hours(24)));
  });

  it('the newest assessment is current even when listed first', () => {
    const f = finding({
      assessments: [
        assessment({ id: 'a2', cvssVector: LOW_VECTOR, assessedAt: at(hours(5)) }),
        assessment({ id: 'a1', cvssVector: HIGH_VECTOR, assessedAt: T0 }),
      ],
    });
    expect(computeDeadlines(f, policy, at(hours(6))).level).toBe('LOW');
  });

  describe('a re-opened finding', () => {
    const reopened = finding({}, [
      ['TRIAGED', at(hours(1))],
      ['MITIGATING', at(hours(2))],
      ['REMEDIATED', at(days(5))],
      ['TRIAGED', at(days(40))],
    ]);

    it('restarts its mitigate and remediate clocks when the policy says so', () => {
      const set = computeDeadlines(reopened, policy, at(days(41)));
      expect(deadline(set, 'REMEDIATE')).toMatchObject({ clockStart: at(days(40)), dueAt: at(days(54)), state: 'ON_TRACK' });
      expect(deadline(set, 'MITIGATE')).toMatchObject({ clockStart: at(days(40)), dueAt: at(days(43)), state: 'ON_TRACK' });
      expect(deadline(set, 'ACKNOWLEDGE').state).toBe('MET');
      expect(set.reasons.map((r) => r.code)).toContain('FINDING_REOPENED');
    });

    it('keeps its original clocks, now overdue, when the policy does not restart them', () => {
      const keep = { ...policy, reopening: { restartsClocks: false, source: 'test' } };
      const set = computeDeadlines(reopened, keep, at(days(41)));
      expect(deadline(set, 'REMEDIATE')).toMatchObject({ clockStart: T0, dueAt: at(days(14)), state: 'OVERDUE' });
    });
  });
});
