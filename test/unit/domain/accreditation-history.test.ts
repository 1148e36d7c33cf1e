/**
 * The accreditation lifecycle in the domain: which changes are allowed, the standing at a moment
 * following the history (also retroactive changes), and audit qualification by the accreditation
 * as it stood at completion.
 */
import {
  accreditationKnownAt,
  accreditationStateAt,
  accreditationStatusAt,
  decideAccreditationChange,
  evaluateAuditQualification,
  STARTING_POLICY,
  type AccreditationChangeFact,
} from '../../../src/domain';
import { accreditation, at, audit, auditor, days } from './factories';

const change = (extra: Partial<AccreditationChangeFact>): AccreditationChangeFact => ({
  action: 'SUSPEND',
  previousStatus: 'ACTIVE',
  previousValidUntil: new Date('2028-01-01T00:00:00Z'),
  status: 'SUSPENDED',
  validUntil: new Date('2028-01-01T00:00:00Z'),
  reason: 'Sampling irregularities.',
  actor: 'regulator',
  effectiveAt: at(days(10)),
  recordedAt: at(days(10)),
  ...extra,
});

describe('decideAccreditationChange', () => {
  const base = { validFrom: new Date('2025-01-01T00:00:00Z'), validUntil: new Date('2027-01-01T00:00:00Z') };
  it('suspends only an ACTIVE accreditation, reinstates only a SUSPENDED one, never revives a REVOKED one', () => {
    expect(decideAccreditationChange({ ...base, status: 'ACTIVE' }, { action: 'SUSPEND', effectiveAt: at(0) })).toMatchObject({ ok: true, status: 'SUSPENDED' });
    expect(decideAccreditationChange({ ...base, status: 'SUSPENDED' }, { action: 'SUSPEND', effectiveAt: at(0) })).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION', field: 'action' });
    expect(decideAccreditationChange({ ...base, status: 'SUSPENDED' }, { action: 'REINSTATE', effectiveAt: at(0) })).toMatchObject({ ok: true, status: 'ACTIVE' });
    expect(decideAccreditationChange({ ...base, status: 'REVOKED' }, { action: 'RENEW', effectiveAt: at(0), validUntil: null })).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    expect(decideAccreditationChange({ ...base, status: 'REVOKED' }, { action: 'REVOKE', effectiveAt: at(0) })).toMatchObject({ ok: false });
  });
  it('a renewal names a new end after it takes effect', () => {
    expect(decideAccreditationChange({ ...base, status: 'EXPIRED' }, { action: 'RENEW', effectiveAt: at(0) })).toMatchObject({ ok: false, code: 'REQUIRED', field: 'validUntil' });
    expect(decideAccreditationChange({ ...base, status: 'EXPIRED' }, { action: 'RENEW', effectiveAt: at(0), validUntil: at(-days(1)) })).toMatchObject({ ok: false, code: 'DATES_OUT_OF_ORDER' });
    expect(decideAccreditationChange({ ...base, status: 'EXPIRED' }, { action: 'RENEW', effectiveAt: at(0), validUntil: at(days(365)) })).toEqual({ ok: true, status: 'ACTIVE', validUntil: at(days(365)) });
  });
});

describe('the standing follows the history', () => {
  const suspended = accreditation({ status: 'SUSPENDED', history: [change({})] });
  it('before the suspension took effect it was ACTIVE; from then on SUSPENDED', () => {
    expect(accreditationStatusAt(suspended, at(days(9)))).toBe('ACTIVE');
    expect(accreditationStatusAt(suspended, at(days(10)))).toBe('SUSPENDED');
  });
  it('a retroactive suspension is known only from when it was recorded', () => {
    const retro = accreditation({ status: 'SUSPENDED', history: [change({ effectiveAt: at(days(2)), recordedAt: at(days(10)) })] });
    expect(accreditationStatusAt(retro, at(days(5)))).toBe('SUSPENDED');
    expect(accreditationStatusAt(accreditationKnownAt(retro, at(days(5))), at(days(5)))).toBe('ACTIVE');
  });
  it('a renewal extends the validity from when it takes effect', () => {
    const renewed = accreditation({
      validUntil: at(days(400)),
      history: [change({ action: 'RENEW', previousValidUntil: at(days(20)), status: 'ACTIVE', validUntil: at(days(400)), effectiveAt: at(days(15)) })],
    });
    expect(accreditationStateAt(renewed, at(days(14))).validUntil).toEqual(at(days(20)));
    expect(accreditationStatusAt(renewed, at(days(30)))).toBe('ACTIVE');
  });
  it('an audit completed while the accreditation was suspended does not count, one completed before does', () => {
    const a = auditor({ accreditations: [suspended] });
    const ctx = { modelAuditHistory: [], developerId: 'developer-1' };
    const before = evaluateAuditQualification(audit({ completedAt: at(days(5)) }), a, ctx, STARTING_POLICY);
    const during = evaluateAuditQualification(audit({ completedAt: at(days(12)) }), a, ctx, STARTING_POLICY);
    expect(before.counts).toBe(true);
    expect(during.counts).toBe(false);
    expect(during.reasons.map((r) => r.code)).toContain('ACCREDITATION_NOT_VALID_AT_COMPLETION');
  });
});
