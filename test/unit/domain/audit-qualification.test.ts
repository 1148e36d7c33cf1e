import { evaluateAuditQualification, STARTING_POLICY, type AuditFacts, type AuditorFacts, type ModelAuditHistoryEntry } from '../../../src/domain';
import { accreditation, audit, auditor, conflict, days } from './factories';

const policy = STARTING_POLICY;
const COMPLETED = new Date('2026-03-10T15:00:00Z');
const monthsBefore = (n: number): Date => {
  const d = new Date(COMPLETED);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
};

function qualify(a: Partial<AuditFacts> = {}, who: Partial<AuditorFacts> = {}, history: ModelAuditHistoryEntry[] = []) {
  return evaluateAuditQualification(audit({ completedAt: COMPLETED, ...a }), auditor(who), { modelAuditHistory: history, developerId: 'developer-1' }, policy);
}
const codes = (r: { reasons: { code: string }[] }): string[] => r.reasons.map((x) => x.code);

describe('evaluateAuditQualification', () => {
  it('an accredited, independent auditor within the rotation limit counts', () => {
    const result = qualify();
    expect(result).toMatchObject({ counts: true, policyVersion: '2026.1' });
    expect(codes(result)).toEqual(['AUDIT_COUNTS']);
  });

  it.each([
    ['expired the day before completion', { validUntil: new Date('2026-03-09T00:00:00Z') }, false],
    ['expires on the completion date', { validUntil: new Date('2026-03-10T00:00:00Z') }, true],
    ['starts the day after completion', { validFrom: new Date('2026-03-11T00:00:00Z') }, false],
    ['starts on the completion date', { validFrom: new Date('2026-03-10T23:00:00Z') }, true],
    ['has no end date', { validUntil: null }, true],
    ['was revoked', { status: 'REVOKED' as const }, false],
    ['was suspended', { status: 'SUSPENDED' as const }, false],
    ['is now marked EXPIRED but was valid on completion', { status: 'EXPIRED' as const }, true],
  ])('an accreditation that %s → counts: %s', (_label, change, counts) => {
    const result = qualify({}, { accreditations: [accreditation(change)] });
    expect(result.counts).toBe(counts);
    if (!counts) expect(codes(result)).toEqual(['ACCREDITATION_NOT_VALID_AT_COMPLETION']);
  });

  it('an accreditation that expired the day before completion does not qualify the auditor, and says when it expired', () => {
    const result = qualify({}, { accreditations: [accreditation({ validUntil: new Date('2026-03-09T00:00:00Z') })] });
    expect(result.reasons[0]!.message).toMatch(/expired 2026-03-09/);
  });

  it('an accreditation that does not cover the audit scope does not qualify the auditor', () => {
    const result = qualify({ scopes: ['JAILBREAK', 'CBRN'] });
    expect(result.counts).toBe(false);
    expect(codes(result)).toEqual(['ACCREDITATION_SCOPE_NOT_COVERED']);
    expect(result.reasons[0]!.message).toMatch(/CBRN/);
  });

  it('scopes may be covered by separate accreditations', () => {
    const result = qualify({ scopes: ['JAILBREAK', 'CBRN'] }, { accreditations: [accreditation(), accreditation({ id: 'acc-2', scopes: ['CBRN'] })] });
    expect(result.counts).toBe(true);
  });

  it('the developer cannot audit its own model', () => {
    const result = qualify({ auditorId: 'developer-1' }, { id: 'developer-1' });
    expect(codes(result)).toEqual(['AUDITOR_IS_DEVELOPER']);
  });

  it.each([
    ['ended 23 months before completion', 23, false],
    ['ended 25 months before completion', 25, true],
    ['ended exactly 24 months before completion', 24, false],
  ])('a conflict with the developer that %s → counts: %s', (_label, months, counts) => {
    const result = qualify({}, { conflicts: [conflict({ periodStart: monthsBefore(40), periodEnd: monthsBefore(months) })] });
    expect(result.counts).toBe(counts);
    if (!counts) expect(codes(result)).toEqual(['CONFLICT_OF_INTEREST']);
  });

  it('an ongoing conflict disqualifies; a conflict with another developer does not', () => {
    expect(qualify({}, { conflicts: [conflict({ periodEnd: null })] }).counts).toBe(false);
    expect(qualify({}, { conflicts: [conflict({ developerId: 'developer-2', periodEnd: null })] }).counts).toBe(true);
  });

  describe('rotation', () => {
    const entry = (i: number, auditorId: string): ModelAuditHistoryEntry => ({
      auditId: `earlier-${i}`,
      auditorId,
      modelVersionId: `version-${i}`,
      completedAt: new Date(COMPLETED.getTime() - days(30 * (10 - i))),
    });

    it.each([
      [0, true],
      [2, true],
      [3, false],
    ])('after %d consecutive audits of the model by the same auditor → counts: %s', (previous, counts) => {
      const history = Array.from({ length: previous }, (_, i) => entry(i + 5, 'auditor-1'));
      const result = qualify({}, {}, history);
      expect(result.counts).toBe(counts);
      if (!counts) expect(codes(result)).toEqual(['ROTATION_LIMIT_EXCEEDED']);
    });

    it('another auditor in between resets the run', () => {
      const history = [entry(1, 'auditor-1'), entry(2, 'auditor-1'), entry(3, 'auditor-2'), entry(4, 'auditor-1'), entry(5, 'auditor-1')];
      expect(qualify({}, {}, history).counts).toBe(true);
    });

    it('later audits do not count against an earlier one', () => {
      const later = [1, 2, 3].map((i) => ({ auditId: `later-${i}`, auditorId: 'auditor-1', modelVersionId: 'v', completedAt: new Date(COMPLETED.getTime() + days(i)) }));
      expect(qualify({}, {}, later).counts).toBe(true);
    });
  });

  it('an audit that is not completed does not count', () => {
    expect(codes(qualify({ status: 'OPEN', completedAt: null }))).toEqual(['AUDIT_NOT_COMPLETED']);
  });

  it('every failing condition is a reason', () => {
    const result = qualify(
      { auditorId: 'developer-1', scopes: ['CBRN'] },
      { id: 'developer-1', conflicts: [conflict({ periodEnd: null })] },
      [1, 2, 3].map((i) => ({ auditId: `e${i}`, auditorId: 'developer-1', modelVersionId: 'v', completedAt: new Date(COMPLETED.getTime() - days(i)) })),
    );
    expect(codes(result).sort()).toEqual(['ACCREDITATION_SCOPE_NOT_COVERED', 'AUDITOR_IS_DEVELOPER', 'CONFLICT_OF_INTEREST', 'ROTATION_LIMIT_EXCEEDED']);
  });
});
