/**
 * True time travel, as a property (fast-check): a registry is driven through a random history —
 * findings reported, assessed and moved, the version suspended and reinstated, an audit completed,
 * overrides set, extended and lifted, policy versions published (also retroactively or for later)
 * — and after every step the decisions are evaluated from the state as it is then, the way the
 * registry stores them. Replaying any of those moments afterwards with `evaluateEligibilityAsOf`
 * over the final facts, the override histories and the published policies must reproduce every
 * stored decision exactly.
 */
import fc from 'fast-check';
import {
  decideAccreditationChange,
  evaluateEligibilityAsOf,
  type AccreditationAction,
  evaluateEligibilityMatrix,
  overrideActionFor,
  selectEffectivePolicy,
  STARTING_POLICY,
  type EligibilityDecision,
  type ExportOutcome,
  type FindingStatus,
  type OverrideChangeFact,
  type OverrideFact,
  type PolicyDocument,
  type PublishedPolicy,
} from '../../../src/domain';
import { at, audit, auditor, conflict, days, finding, hours, version, VECTORS, T0, US, BR, CN } from './factories';

const JURISDICTIONS = [US, BR, CN, { code: 'DE', name: 'Germany' }];
const OUTCOMES: ExportOutcome[] = ['ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'SUSPENDED', 'PROHIBITED'];
const VECTOR_LIST = Object.values(VECTORS);

const lenient: Omit<PolicyDocument, 'version' | 'effectiveFrom'> = {
  ...STARTING_POLICY,
  eligibility: { ...STARTING_POLICY.eligibility, suspension: { ...STARTING_POLICY.eligibility.suspension, interventionTiers: [] } },
};
const strict: Omit<PolicyDocument, 'version' | 'effectiveFrom'> = {
  ...STARTING_POLICY,
  eligibility: { ...STARTING_POLICY.eligibility, missedDeadlines: { outcome: 'RESTRICTED', source: 'test' } },
};
const moved: Omit<PolicyDocument, 'version' | 'effectiveFrom'> = {
  ...STARTING_POLICY,
  jurisdictions: { ...STARTING_POLICY.jurisdictions, tiers: { ...STARTING_POLICY.jurisdictions.tiers, TIER_1: ['DE'], TIER_3: [...STARTING_POLICY.jurisdictions.tiers.TIER_3, 'BR'] } },
};
const VARIANTS = [lenient, strict, moved, STARTING_POLICY];

type Command =
  | { kind: 'report'; finding: number }
  | { kind: 'assess'; finding: number; vector: number }
  | { kind: 'move'; finding: number; to: FindingStatus }
  | { kind: 'access'; status: 'SUSPENDED' | 'ACTIVE' }
  | { kind: 'completeAudit'; outcome: 'PASS' | 'FAIL' }
  | { kind: 'override'; code: number; outcome: ExportOutcome; expiresInHours: number | null }
  | { kind: 'lift'; code: number }
  | { kind: 'publish'; variant: number; effectiveOffsetHours: number }
  | { kind: 'accreditation'; action: AccreditationAction; retroDays: number; renewDays: number | null }
  | { kind: 'endConflict'; daysAgo: number }
  | { kind: 'wait' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('report' as const), finding: fc.nat(2) }),
  fc.record({ kind: fc.constant('assess' as const), finding: fc.nat(2), vector: fc.nat(VECTOR_LIST.length - 1) }),
  fc.record({ kind: fc.constant('move' as const), finding: fc.nat(2), to: fc.constantFrom<FindingStatus>('TRIAGED', 'MITIGATING', 'REMEDIATED', 'REJECTED', 'REPORTED') }),
  fc.record({ kind: fc.constant('access' as const), status: fc.constantFrom('SUSPENDED' as const, 'ACTIVE' as const) }),
  fc.record({ kind: fc.constant('completeAudit' as const), outcome: fc.constantFrom('PASS' as const, 'FAIL' as const) }),
  fc.record({ kind: fc.constant('override' as const), code: fc.nat(3), outcome: fc.constantFrom(...OUTCOMES), expiresInHours: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }) }),
  fc.record({ kind: fc.constant('lift' as const), code: fc.nat(3) }),
  fc.record({ kind: fc.constant('publish' as const), variant: fc.nat(VARIANTS.length - 1), effectiveOffsetHours: fc.constantFrom(-48, 0, 24) }),
  fc.record({
    kind: fc.constant('accreditation' as const),
    action: fc.constantFrom<AccreditationAction>('SUSPEND', 'REINSTATE', 'RENEW', 'REVOKE'),
    retroDays: fc.constantFrom(0, 0, 3, 400),
    renewDays: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('endConflict' as const), daysAgo: fc.constantFrom(0, 900) }),
  fc.constant({ kind: 'wait' as const }),
);

/** The registry's current state, changed in place as a mutation would (current-state fields included). */
function runHistory(commands: { c: Command; gapHours: number }[]) {
  const state = version({
    recordedAt: at(-days(30)),
    audits: [
      audit({ id: 'audit-old', completedAt: at(-days(200)), startedAt: at(-days(210)), recordedAt: at(-days(210)) }),
      audit({ id: 'audit-new', status: 'OPEN', completedAt: null, outcome: null, startedAt: at(-days(5)), recordedAt: at(-days(5)) }),
    ],
    // An auditor with an accreditation whose lifecycle the history changes, and an old conflict
    // with the developer (it bars its audits until it is recorded as ended long enough ago).
    auditors: { 'auditor-1': auditor({ conflicts: [conflict({ periodStart: at(-days(1000)), periodEnd: null, recordedAt: at(-days(1000)) })] }) },
  });
  const accreditationOf = () => state.auditors['auditor-1']!.accreditations[0]!;
  const conflictOf = () => state.auditors['auditor-1']!.conflicts[0]!;
  const published: PublishedPolicy[] = [{ document: STARTING_POLICY, publishedAt: new Date(STARTING_POLICY.effectiveFrom) }];
  const histories = new Map<string, OverrideChangeFact[]>();
  const current = new Map<string, OverrideFact>(); // the decision's override columns
  const stored: { t: Date; decisions: EligibilityDecision[] }[] = [];
  let t = T0;
  let published_n = 0;
  for (const { c, gapHours } of commands) {
    t = at(hours(gapHours), t);
    const fid = (i: number) => `finding-${i}`;
    const existing = (i: number) => state.findings.find((f) => f.id === fid(i));
    switch (c.kind) {
      case 'report':
        if (!existing(c.finding)) {
          state.findings.push(
            finding({ id: fid(c.finding), publicId: `MSR-2026-000${c.finding + 1}`, recordedAt: t, reportedAt: t, awareAt: t, discoveredAt: t, assessments: [] }),
          );
        }
        break;
      case 'assess': {
        const f = existing(c.finding);
        if (f) f.assessments.push({ id: `a-${f.assessments.length}-${c.finding}`, cvssVector: VECTOR_LIST[c.vector]!, aiFactors: { capabilityDomain: 'GENERAL', universal: false, successRate: 0.5, trials: 100, exploitedInWild: false }, assessedAt: t, recordedAt: t });
        break;
      }
      case 'move': {
        const f = existing(c.finding);
        if (f && f.status !== c.to) {
          f.statusHistory.push({ from: f.status, to: c.to, occurredAt: t, recordedAt: t });
          f.status = c.to;
        }
        break;
      }
      case 'access':
        if (state.accessStatus !== c.status) {
          state.accessStatusHistory.push({ status: c.status, occurredAt: t, recordedAt: t });
          state.accessStatus = c.status;
        }
        break;
      case 'completeAudit': {
        const a = state.audits.find((x) => x.id === 'audit-new')!;
        if (a.status === 'OPEN') Object.assign(a, { status: 'COMPLETED', completedAt: t, outcome: c.outcome, completionRecordedAt: t });
        break;
      }
      case 'override': {
        const code = JURISDICTIONS[c.code]!.code;
        const previous = current.get(code) ?? null;
        const action = overrideActionFor(previous, c.outcome, t);
        const expiresAt = c.expiresInHours === null ? null : at(hours(c.expiresInHours), t);
        const list = histories.get(code) ?? [];
        list.push({ action, outcome: c.outcome, justification: `why ${list.length}`, actor: 'regulator', effectiveAt: t, expiresAt, recordedAt: t });
        histories.set(code, list);
        // As the mutation writes the columns: an extension keeps override_at.
        const setAt = action === 'EXTENDED' ? previous!.setAt : t;
        current.set(code, { outcome: c.outcome, justification: `why ${list.length - 1}`, setBy: 'regulator', setAt, expiresAt, recordedAt: setAt });
        break;
      }
      case 'lift': {
        const code = JURISDICTIONS[c.code]!.code;
        if (current.has(code)) {
          const list = histories.get(code)!;
          list.push({ action: 'LIFTED', outcome: null, justification: 'lifted', actor: 'regulator', effectiveAt: t, expiresAt: null, recordedAt: t });
          current.delete(code);
        }
        break;
      }
      case 'publish':
        published.push({
          document: { ...VARIANTS[c.variant]!, version: `2026.${++published_n + 1}`, effectiveFrom: at(hours(c.effectiveOffsetHours), t).toISOString() },
          publishedAt: t,
        });
        break;
      case 'accreditation': {
        const a = accreditationOf();
        const effectiveAt = at(-days(c.retroDays), t);
        const decision = decideAccreditationChange(a, { action: c.action, effectiveAt, validUntil: c.renewDays === null ? null : at(days(c.renewDays), t) });
        if (decision.ok) {
          const history = a.history ?? [];
          history.push({ action: c.action, previousStatus: a.status, previousValidUntil: a.validUntil, status: decision.status, validUntil: decision.validUntil, reason: 'r', actor: 'regulator', effectiveAt, recordedAt: t });
          Object.assign(a, { history, status: decision.status, validUntil: decision.validUntil });
        }
        break;
      }
      case 'endConflict': {
        const k = conflictOf();
        const periodEnd = at(-days(c.daysAgo), t);
        const endHistory = k.endHistory ?? [];
        endHistory.push({ previousPeriodEnd: k.periodEnd, periodEnd, reason: 'ended', actor: 'regulator', recordedAt: t });
        Object.assign(k, { endHistory, periodEnd });
        break;
      }
      case 'wait':
        break;
    }
    // What the registry stores now: today's state, the policy in force, the override columns.
    const policy = selectEffectivePolicy(published.map((p) => p.document), t)!;
    stored.push({ t, decisions: evaluateEligibilityMatrix(structuredClone(state), JURISDICTIONS, policy, t, new Map(current)) });
  }
  return { final: state, published, histories, stored };
}

describe('as-of replay', () => {
  it('reproduces every stored decision at the moment it was stored', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ c: command, gapHours: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 18 }), (commands) => {
        const { final, published, histories, stored } = runHistory(commands);
        for (const { t, decisions } of stored) {
          const replay = evaluateEligibilityAsOf(final, JURISDICTIONS, published, t, histories);
          expect(replay.decisions).toEqual(decisions);
        }
      }),
      { numRuns: 150 },
    );
  });
});
