import {
  accreditationInForceAt,
  accreditationStatusAt,
  auditAccessOpenAt,
  auditorQualifiedAt,
  conflictsWithDeveloperAt,
  restrictedAccessGraceDays,
  scopesNotAccreditedAt,
  scopesNotAccreditedThroughout,
  STARTING_POLICY,
  type PolicyDocument,
} from '../../../src/domain';
import { accreditation, auditor, conflict } from './factories';

const policy = STARTING_POLICY;
const NOW = new Date('2026-12-01T12:00:00Z');
const withGrace = (days: number): PolicyDocument => ({
  ...STARTING_POLICY,
  audits: { ...STARTING_POLICY.audits, restrictedAccessGrace: { days, source: 'test' } },
});

describe('accreditationStatusAt', () => {
  const a = accreditation({ validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2027-01-01T00:00:00Z') });
  it.each([
    ['before validFrom', '2025-12-31T23:59:59.999Z', 'NOT_YET_VALID'],
    ['at validFrom', '2026-01-01T00:00:00Z', 'ACTIVE'],
    ['inside', '2026-06-01T00:00:00Z', 'ACTIVE'],
    ['one millisecond before validUntil', '2026-12-31T23:59:59.999Z', 'ACTIVE'],
    ['at validUntil', '2027-01-01T00:00:00Z', 'EXPIRED'],
    ['after validUntil', '2028-01-01T00:00:00Z', 'EXPIRED'],
  ])('a recorded ACTIVE accreditation %s is %s', (_label, at, status) => {
    expect(accreditationStatusAt(a, new Date(at))).toBe(status);
  });

  it('an open-ended accreditation never expires', () => {
    expect(accreditationStatusAt(accreditation({ validUntil: null }), new Date('2100-01-01T00:00:00Z'))).toBe('ACTIVE');
  });

  it.each(['SUSPENDED', 'REVOKED', 'EXPIRED'] as const)('a recorded %s stays, whatever the dates', (status) => {
    expect(accreditationStatusAt(accreditation({ status }), new Date('2026-06-01T00:00:00Z'))).toBe(status);
    expect(accreditationStatusAt(accreditation({ status }), new Date('2020-01-01T00:00:00Z'))).toBe(status);
  });

  it('is in force only while ACTIVE and not in a disqualifying status of the policy', () => {
    expect(accreditationInForceAt(accreditation(), NOW, policy)).toBe(true);
    expect(accreditationInForceAt(accreditation({ validUntil: new Date('2026-11-30T00:00:00Z') }), NOW, policy)).toBe(false);
    expect(accreditationInForceAt(accreditation({ status: 'SUSPENDED' }), NOW, policy)).toBe(false);
  });
});

describe('scopes not accredited', () => {
  const current = accreditation({ scopes: ['JAILBREAK'], validFrom: new Date('2026-06-01T00:00:00Z'), validUntil: null });
  const lapsed = accreditation({ id: 'old', scopes: ['CBRN'], validFrom: new Date('2025-01-01T00:00:00Z'), validUntil: new Date('2026-06-01T00:00:00Z') });

  it('names the scopes no accreditation in force covers, in order', () => {
    expect(scopesNotAccreditedAt([current, lapsed], ['CBRN', 'JAILBREAK', 'GENERAL'], NOW, policy)).toEqual(['CBRN', 'GENERAL']);
  });

  it('follows the policy scope coverage', () => {
    const broad: PolicyDocument = {
      ...STARTING_POLICY,
      audits: { ...STARTING_POLICY.audits, scopeCoverage: { ...STARTING_POLICY.audits.scopeCoverage, GENERAL: ['GENERAL', 'JAILBREAK'] } },
    };
    expect(scopesNotAccreditedAt([current], ['GENERAL'], NOW, policy)).toEqual(['GENERAL']);
    expect(scopesNotAccreditedAt([current], ['GENERAL'], NOW, broad)).toEqual([]);
  });

  it('throughout an interval needs one accreditation in force at both ends', () => {
    expect(scopesNotAccreditedThroughout([current], ['JAILBREAK'], new Date('2026-07-01T00:00:00Z'), NOW, policy)).toEqual([]);
    expect(scopesNotAccreditedThroughout([current], ['JAILBREAK'], new Date('2026-05-01T00:00:00Z'), NOW, policy)).toEqual(['JAILBREAK']);
    // Valid then (the lapsed one) and valid now (another) is not one accreditation throughout.
    const cbrnNow = accreditation({ id: 'new', scopes: ['CBRN'], validFrom: new Date('2026-09-01T00:00:00Z'), validUntil: null });
    expect(scopesNotAccreditedThroughout([lapsed, cbrnNow], ['CBRN'], new Date('2026-03-01T00:00:00Z'), NOW, policy)).toEqual(['CBRN']);
  });
});

describe('conflictsWithDeveloperAt (the same rule as audit qualification)', () => {
  const monthsBefore = (n: number) => {
    const d = new Date(NOW);
    d.setUTCMonth(d.getUTCMonth() - n);
    return d;
  };
  it.each([
    ['ongoing', null, 1],
    ['ended 23 months before', monthsBefore(23), 1],
    ['ended exactly 24 months before', monthsBefore(24), 1],
    ['ended 25 months before', monthsBefore(25), 0],
  ])('a conflict with the developer %s bars: %s', (_label, periodEnd, n) => {
    expect(conflictsWithDeveloperAt([conflict({ periodStart: monthsBefore(40), periodEnd })], 'developer-1', NOW, policy)).toHaveLength(n);
  });

  it('a conflict with another developer, or one that begins later, does not bar', () => {
    expect(conflictsWithDeveloperAt([conflict({ developerId: 'developer-2', periodEnd: null })], 'developer-1', NOW, policy)).toEqual([]);
    expect(conflictsWithDeveloperAt([conflict({ periodStart: new Date('2027-01-01T00:00:00Z'), periodEnd: null })], 'developer-1', NOW, policy)).toEqual([]);
  });
});

describe('auditorQualifiedAt', () => {
  const audit = { scopes: ['JAILBREAK'] as const, developerId: 'developer-1' };
  it('an accredited, independent auditor is qualified', () => {
    expect(auditorQualifiedAt(auditor(), { ...audit, scopes: [...audit.scopes] }, NOW, policy)).toBe(true);
  });
  it.each([
    ['its accreditation lapsed', auditor({ accreditations: [accreditation({ validUntil: new Date('2026-11-01T00:00:00Z') })] }), audit],
    ['a scope is not covered', auditor(), { ...audit, scopes: ['JAILBREAK', 'CBRN'] as const }],
    ['no scope', auditor(), { ...audit, scopes: [] as const }],
    ['it is the developer', auditor({ id: 'developer-1' }), audit],
    ['a conflict is declared', auditor({ conflicts: [conflict({ periodEnd: null })] }), audit],
  ])('not when %s', (_label, who, a) => {
    expect(auditorQualifiedAt(who, { ...a, scopes: [...a.scopes] }, NOW, policy)).toBe(false);
  });
});

describe('auditAccessOpenAt', () => {
  const completed = (daysAgo: number) => ({ status: 'COMPLETED' as const, completedAt: new Date(NOW.getTime() - daysAgo * 86_400_000) });
  it('an open audit gives access; a completed one no longer, by default', () => {
    expect(restrictedAccessGraceDays(policy)).toBe(0);
    expect(auditAccessOpenAt({ status: 'OPEN', completedAt: null }, NOW, policy)).toBe(true);
    expect(auditAccessOpenAt(completed(0), NOW, policy)).toBe(false);
  });
  it('a policy grace extends access after completion, exclusive at its end', () => {
    expect(auditAccessOpenAt(completed(6.9), NOW, withGrace(7))).toBe(true);
    expect(auditAccessOpenAt(completed(7), NOW, withGrace(7))).toBe(false);
  });
  it('a policy without the field has no grace', () => {
    const { restrictedAccessGrace: _omit, ...audits } = STARTING_POLICY.audits;
    expect(restrictedAccessGraceDays({ ...STARTING_POLICY, audits })).toBe(0);
  });
});
