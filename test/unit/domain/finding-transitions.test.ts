import { FINDING_STATUSES } from '../../../src/domain/enums';
import { checkTransition, FINDING_TRANSITIONS } from '../../../src/domain/finding-transitions';

describe('the finding lifecycle', () => {
  test.each([
    ['REPORTED', 'TRIAGED'],
    ['TRIAGED', 'MITIGATING'],
    ['MITIGATING', 'REMEDIATED'],
    ['REMEDIATED', 'VERIFIED'],
    ['VERIFIED', 'CLOSED'],
    ['TRIAGED', 'REMEDIATED'],
  ] as const)('%s → %s is a legal move that needs no reason', (from, to) => {
    expect(checkTransition(from, to)).toEqual({ ok: true, reopening: false, reasonRequired: false });
  });

  test.each([
    ['REPORTED', 'REJECTED'],
    ['TRIAGED', 'WITHDRAWN'],
  ] as const)('%s → %s needs a reason', (from, to) => {
    expect(checkTransition(from, to)).toMatchObject({ ok: true, reasonRequired: true, reopening: false });
  });

  test.each([['REMEDIATED'], ['VERIFIED'], ['CLOSED'], ['REJECTED']] as const)(
    're-opening a %s finding moves it to TRIAGED and needs a reason',
    (from) => {
      expect(checkTransition(from, 'TRIAGED')).toEqual({ ok: true, reopening: true, reasonRequired: true });
    },
  );

  test.each([
    ['REPORTED', 'CLOSED'],
    ['REPORTED', 'VERIFIED'],
    ['MITIGATING', 'VERIFIED'],
    ['CLOSED', 'REPORTED'],
    ['WITHDRAWN', 'TRIAGED'],
  ] as const)('%s → %s is illegal and says which moves are allowed', (from, to) => {
    const result = checkTransition(from, to);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('ILLEGAL_TRANSITION');
      expect(result.message).toContain(from);
    }
  });

  test('staying in the same status is not a move', () => {
    expect(checkTransition('TRIAGED', 'TRIAGED')).toMatchObject({ ok: false, code: 'SAME_STATUS' });
  });

  test('every status appears in the transition table and every target is a known status', () => {
    for (const s of FINDING_STATUSES) {
      expect(FINDING_TRANSITIONS[s]).toBeDefined();
      for (const t of FINDING_TRANSITIONS[s]) expect(FINDING_STATUSES).toContain(t);
    }
  });
});
