import { STARTING_POLICY } from '../../../src/domain';
import {
  auditConcernsFinding,
  auditorMayReadRestrictedDetails,
  type RestrictedAccessAudit,
  type RestrictedAccessFinding,
} from '../../../src/modules/access/rules';
import { accreditation, auditor, conflict } from '../domain/factories';

const NOW = new Date('2026-12-01T12:00:00Z');
const policy = STARTING_POLICY;

const finding: RestrictedAccessFinding = { id: 'finding-1', affectedVersionIds: ['version-1'], fixedInVersionId: 'version-fix' };
const audit = (overrides: Partial<RestrictedAccessAudit> = {}): RestrictedAccessAudit => ({
  auditorId: 'auditor-1',
  modelVersionId: 'version-1',
  developerId: 'developer-1',
  kind: 'INITIAL',
  status: 'OPEN',
  scopes: ['JAILBREAK'],
  completedAt: null,
  retestedFindingIds: [],
  ...overrides,
});
const retest = (overrides: Partial<RestrictedAccessAudit> = {}) =>
  audit({ kind: 'RETEST', modelVersionId: 'version-fix', retestedFindingIds: ['finding-1'], ...overrides });

describe('auditConcernsFinding', () => {
  it.each([
    ['an audit of an affected version', audit(), true],
    ['an audit of another version', audit({ modelVersionId: 'version-2' }), false],
    ['a RETEST of the fix version naming the finding', retest(), true],
    ['a RETEST of the fix version naming other findings', retest({ retestedFindingIds: ['finding-2'] }), false],
    ['an INITIAL audit of the fix version', audit({ modelVersionId: 'version-fix' }), false],
    ['a RETEST naming the finding, of a version that is not its fix', retest({ modelVersionId: 'version-2' }), false],
  ])('%s → %s', (_label, a, expected) => {
    expect(auditConcernsFinding(a, finding)).toBe(expected);
  });

  it('a RETEST gives nothing for a finding without a fix version', () => {
    expect(auditConcernsFinding(retest(), { ...finding, fixedInVersionId: null })).toBe(false);
  });
});

describe('auditorMayReadRestrictedDetails', () => {
  const may = (audits: RestrictedAccessAudit[], who = auditor()) => auditorMayReadRestrictedDetails(who, audits, finding, NOW, policy);

  it('an open audit of an affected version by a qualified auditor gives access', () => {
    expect(may([audit()])).toBe(true);
    expect(may([retest()])).toBe(true);
  });

  it.each([
    ['no audit', []],
    ["another auditor's audit", [audit({ auditorId: 'auditor-2' })]],
    ['a completed audit (no grace)', [audit({ status: 'COMPLETED', completedAt: new Date('2026-11-30T00:00:00Z') })]],
    ['an open audit for a scope the accreditation does not cover', [audit({ scopes: ['CBRN'] })]],
  ])('not with %s', (_label, audits) => {
    expect(may(audits)).toBe(false);
  });

  it('not when the accreditation lapsed or a conflict was declared, however open the audit', () => {
    expect(may([audit()], auditor({ accreditations: [accreditation({ validUntil: new Date('2026-11-30T00:00:00Z') })] }))).toBe(false);
    expect(may([audit()], auditor({ conflicts: [conflict({ periodStart: new Date('2026-11-01T00:00:00Z'), periodEnd: null })] }))).toBe(false);
  });

  it('a completed audit within the policy grace still gives access', () => {
    const graceful = { ...policy, audits: { ...policy.audits, restrictedAccessGrace: { days: 3, source: 'test' } } };
    const done = audit({ status: 'COMPLETED', completedAt: new Date('2026-11-30T00:00:00Z') });
    expect(auditorMayReadRestrictedDetails(auditor(), [done], finding, NOW, graceful)).toBe(true);
  });
});
