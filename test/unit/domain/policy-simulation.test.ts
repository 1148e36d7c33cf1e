/**
 * The what-if's shortcuts (one evaluation per tier, clocks skipped where the draft cannot move
 * them) give exactly what evaluating every version × jurisdiction and every open finding's clocks
 * one by one gives, for random drafts and overrides (fast-check).
 */
import fc from 'fast-check';
import {
  computeDeadlines,
  computeDisclosureObligations,
  evaluateEligibilityMatrix,
  JURISDICTION_TIERS,
  SEVERITY_LEVELS,
  simulatePolicyChange,
  STARTING_POLICY,
  type ExportOutcome,
  type FindingFacts,
  type OverrideFact,
  type PolicyDocument,
} from '../../../src/domain';
import { diffPolicies } from '../../../src/domain/policy-diff';
import { generateRegistry } from '../../../bench/support/generate-registry';

const registry = generateRegistry({ versions: 40, jurisdictions: 45, seed: 3 });
const { versions, jurisdictions, now } = registry;
// A re-opened CRITICAL finding (its clocks restart when the policy says so), on the first version.
const DAY = 86_400_000;
const ago = (d: number) => new Date(now.getTime() - d * DAY);
versions[0]!.findings.push({
  id: 'finding-reopened',
  publicId: 'MSR-2026-900001',
  title: 'Re-opened jailbreak',
  category: 'JAILBREAK',
  status: 'TRIAGED',
  discoveredAt: ago(60),
  reportedAt: ago(60),
  awareAt: ago(60),
  recordedAt: ago(60),
  affectedVersionIds: [versions[0]!.id],
  fixedInVersionId: null,
  statusHistory: [
    { from: null, to: 'REPORTED', occurredAt: ago(60), recordedAt: ago(60) },
    { from: 'REPORTED', to: 'TRIAGED', occurredAt: ago(59), recordedAt: ago(59) },
    { from: 'TRIAGED', to: 'REMEDIATED', occurredAt: ago(30), recordedAt: ago(30) },
    { from: 'REMEDIATED', to: 'TRIAGED', occurredAt: ago(10), recordedAt: ago(10), reason: 'regression' },
  ],
  assessments: [
    {
      id: 'assessment-reopened',
      cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      aiFactors: { capabilityDomain: 'CYBER_OFFENSE', universal: true, successRate: 0.9, trials: 100, exploitedInWild: false },
      assessedAt: ago(59),
      recordedAt: ago(59),
    },
  ],
  disclosures: [],
});
const OUTCOMES: ExportOutcome[] = ['ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'SUSPENDED', 'PROHIBITED'];

type Edit =
  | { kind: 'move'; code: number; tier: number }
  | { kind: 'band'; level: number; delta: number }
  | { kind: 'timeline'; level: number; field: 'acknowledgeHours' | 'notifyGovernmentHours' | 'mitigateHours' | 'remediateHours'; factor: number }
  | { kind: 'reopening' }
  | { kind: 'clock'; index: number; factor: number }
  | { kind: 'dueSoon'; hours: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), code: fc.nat(44), tier: fc.nat(2) }),
  fc.record({ kind: fc.constant('band' as const), level: fc.integer({ min: 1, max: 3 }), delta: fc.constantFrom(-1, -0.5, 0.5) }),
  fc.record({
    kind: fc.constant('timeline' as const),
    level: fc.nat(3),
    field: fc.constantFrom('acknowledgeHours' as const, 'notifyGovernmentHours' as const, 'mitigateHours' as const, 'remediateHours' as const),
    factor: fc.constantFrom(0.25, 0.5, 2),
  }),
  fc.record({ kind: fc.constant('clock' as const), index: fc.nat(5), factor: fc.constantFrom(0.5, 2) }),
  fc.record({ kind: fc.constant('dueSoon' as const), hours: fc.integer({ min: 1, max: 400 }) }),
  fc.constant({ kind: 'reopening' as const }),
);

function applyEdits(edits: Edit[]): PolicyDocument {
  const p = structuredClone(STARTING_POLICY) as PolicyDocument;
  p.version = 'draft';
  for (const e of edits) {
    switch (e.kind) {
      case 'move': {
        const code = jurisdictions[e.code]!.code;
        for (const t of JURISDICTION_TIERS) p.jurisdictions.tiers[t] = p.jurisdictions.tiers[t].filter((c) => c !== code);
        p.jurisdictions.tiers[JURISDICTION_TIERS[e.tier]!].push(code);
        break;
      }
      case 'band': {
        const bands = p.severity.bands;
        const level = SEVERITY_LEVELS[e.level]!;
        const i = bands.findIndex((b) => b.level === level);
        const lo = bands[i - 1]!.minScore + 0.1;
        const hi = i + 1 < bands.length ? bands[i + 1]!.minScore - 0.1 : 10;
        bands[i] = { ...bands[i]!, minScore: Math.round(Math.min(hi, Math.max(lo, bands[i]!.minScore + e.delta)) * 10) / 10 };
        break;
      }
      case 'timeline': {
        const row = p.timelines[SEVERITY_LEVELS[e.level]!];
        if (row[e.field] !== null) row[e.field] = row[e.field]! * e.factor;
        break;
      }
      case 'clock': {
        const clock = p.disclosureClocks[e.index % p.disclosureClocks.length]!;
        if (clock.durationHours !== undefined) clock.durationHours *= e.factor;
        break;
      }
      case 'dueSoon':
        p.dueSoon = { ...p.dueSoon, hours: e.hours };
        break;
      case 'reopening':
        p.reopening = { ...p.reopening, restartsClocks: !p.reopening.restartsClocks };
        break;
    }
  }
  return p;
}

const overridesArb = fc.array(
  fc.record({ version: fc.nat(39), code: fc.nat(44), outcome: fc.constantFrom(...OUTCOMES), expired: fc.boolean() }),
  { maxLength: 6 },
);

function overridesOf(list: { version: number; code: number; outcome: ExportOutcome; expired: boolean }[]) {
  const map = new Map<string, Map<string, OverrideFact>>();
  for (const o of list) {
    const id = versions[o.version]!.id;
    const byCode = map.get(id) ?? new Map<string, OverrideFact>();
    byCode.set(jurisdictions[o.code]!.code, {
      outcome: o.outcome,
      justification: 'test',
      setBy: 'regulator',
      setAt: new Date(now.getTime() - 10 * 86_400_000),
      expiresAt: o.expired ? new Date(now.getTime() - 86_400_000) : null,
      recordedAt: new Date(now.getTime() - 10 * 86_400_000),
    });
    map.set(id, byCode);
  }
  return map;
}

const clockKey = (c: { required?: boolean; state: string; dueAt: Date | null; durationHours?: number | null }) =>
  `${c.required ?? c.state !== 'NOT_APPLICABLE'}/${c.state}/${c.dueAt?.getTime() ?? null}`;

describe('simulatePolicyChange', () => {
  it('agrees with evaluating every version × jurisdiction and every open finding one by one', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), overridesArb, (edits, overrideList) => {
        const draft = applyEdits(edits);
        const overrides = overridesOf(overrideList);
        const sim = simulatePolicyChange({ versions, jurisdictions, overrides, current: STARTING_POLICY, draft, at: now });

        const expectedChanges: string[] = [];
        const counts = new Map<string, [number, number]>();
        const bump = (tier: string, outcome: string, side: 0 | 1) => {
          const k = `${tier}:${outcome}`;
          const c = counts.get(k) ?? [0, 0];
          c[side]++;
          counts.set(k, c);
        };
        for (const v of [...versions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
          const o = overrides.get(v.id);
          const codes = [...jurisdictions].sort((a, b) => (a.code < b.code ? -1 : 1));
          const before = evaluateEligibilityMatrix(v, codes, STARTING_POLICY, now, o);
          const after = evaluateEligibilityMatrix(v, codes, draft, now, o);
          before.forEach((b, i) => {
            const a = after[i]!;
            bump(b.tier, b.outcome, 0);
            bump(a.tier, a.outcome, 1);
            if (a.outcome !== b.outcome) expectedChanges.push(`${v.id}/${b.jurisdictionCode}/${b.tier}:${b.outcome}>${a.tier}:${a.outcome}`);
          });
        }
        expect(sim.changes.map((c) => `${c.modelVersionId}/${c.jurisdictionCode}/${c.before.tier}:${c.before.outcome}>${c.after.tier}:${c.after.outcome}`)).toEqual(expectedChanges);
        for (const c of sim.counts) expect([c.before, c.after]).toEqual(counts.get(`${c.tier}:${c.outcome}`) ?? [0, 0]);

        // Clocks, by brute force over every open finding.
        const findings = new Map<string, FindingFacts>();
        for (const v of versions) for (const f of v.findings) if (!['REJECTED', 'WITHDRAWN', 'CLOSED'].includes(f.status)) findings.set(f.id, f);
        const deadlines: string[] = [];
        const disclosures: string[] = [];
        for (const f of findings.values()) {
          const db = computeDeadlines(f, STARTING_POLICY, now).deadlines;
          const da = computeDeadlines(f, draft, now).deadlines;
          db.forEach((d, i) => {
            const a = da[i]!;
            if (clockKey(d) !== clockKey(a) || d.durationHours !== a.durationHours) deadlines.push(`${f.id}/${d.kind}`);
          });
          const ob = new Map(computeDisclosureObligations(f, STARTING_POLICY, now).map((o) => [o.code, clockKey(o)]));
          const oa = new Map(computeDisclosureObligations(f, draft, now).map((o) => [o.code, clockKey(o)]));
          for (const code of new Set([...ob.keys(), ...oa.keys()])) if (ob.get(code) !== oa.get(code)) disclosures.push(`${f.id}/${code}`);
        }
        expect(sim.deadlineChanges.map((d) => `${d.findingId}/${d.kind}`).sort()).toEqual(deadlines.sort());
        expect(sim.disclosureChanges.map((d) => `${d.findingId}/${d.code}`).sort()).toEqual(disclosures.sort());
        expect(sim.documentChanges).toEqual(diffPolicies(STARTING_POLICY, draft));
      }),
      {
        numRuns: 40,
        // Always covered, whatever the seed: each input a clock depends on.
        examples: [
          [[{ kind: 'timeline', level: 3, field: 'notifyGovernmentHours', factor: 2 }], []],
          [[{ kind: 'timeline', level: 2, field: 'remediateHours', factor: 0.5 }], []],
          [[{ kind: 'reopening' }], []],
          [[{ kind: 'dueSoon', hours: 300 }], []],
          [[{ kind: 'clock', index: 3, factor: 0.5 }], []],
          [[{ kind: 'band', level: 3, delta: -0.5 }], [{ version: 0, code: 0, outcome: 'ELIGIBLE', expired: false }]],
          [[{ kind: 'move', code: 3, tier: 2 }], [{ version: 1, code: 3, outcome: 'PROHIBITED', expired: true }]],
        ],
      },
    );
  });

  it('a draft equal to the policy in force changes nothing', () => {
    const sim = simulatePolicyChange({ versions, jurisdictions, overrides: new Map(), current: STARTING_POLICY, draft: structuredClone(STARTING_POLICY), at: now });
    expect(sim).toMatchObject({ changes: [], deadlineChanges: [], disclosureChanges: [], documentChanges: [] });
    expect(sim.counts.every((c) => c.before === c.after)).toBe(true);
    expect(sim.evaluated).toBe(versions.length * jurisdictions.length);
  });
});

describe('diffPolicies', () => {
  it('names moved countries, changed numbers with their source, added rules and a new rule order', () => {
    const draft = structuredClone(STARTING_POLICY) as PolicyDocument;
    draft.jurisdictions.tiers.TIER_3.push('XK');
    draft.timelines.CRITICAL.remediateHours = 240;
    draft.interventionRules = [...draft.interventionRules].reverse();
    const changes = diffPolicies(STARTING_POLICY, draft);
    expect(changes).toContainEqual(expect.objectContaining({ path: ['jurisdictions', 'XK'], category: 'TIER', before: 'TIER_2', after: 'TIER_3' }));
    expect(changes).toContainEqual(
      expect.objectContaining({ path: ['timelines', 'CRITICAL', 'remediateHours'], category: 'NUMBER', after: 240, source: STARTING_POLICY.timelines.CRITICAL.source }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ path: ['interventionRules'], kind: 'CHANGED', category: 'RULE' }));
    expect(diffPolicies(STARTING_POLICY, structuredClone(STARTING_POLICY))).toEqual([]);
  });
});
