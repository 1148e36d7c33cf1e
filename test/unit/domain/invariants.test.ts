import fc from 'fast-check';
import {
  evaluateEligibilityMatrix,
  outcomeRank,
  STARTING_POLICY,
  type AuditFacts,
  type FindingFacts,
  type FindingStatus,
  type ModelVersionFacts,
} from '../../../src/domain';
import { accreditation, aiFactors, assessment, at, audit, auditor, days, finding, hours, ONE_PER_TIER, VECTORS, version } from './factories';

const policy = STARTING_POLICY;
const NOW = at(days(30));
const PATHS: FindingStatus[][] = [
  [],
  ['TRIAGED'],
  ['TRIAGED', 'MITIGATING'],
  ['TRIAGED', 'MITIGATING', 'REMEDIATED'],
  ['TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED'],
  ['TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED', 'CLOSED'],
  ['REJECTED'],
];

const arbFinding = (i: number, open = false): fc.Arbitrary<FindingFacts> =>
  fc
    .record({
      vector: fc.constantFrom(...Object.values(VECTORS)),
      domain: fc.constantFrom('GENERAL', 'CBRN', 'CYBER_OFFENSE', 'CODE' as const),
      universal: fc.boolean(),
      wild: fc.boolean(),
      path: open ? fc.constantFrom(PATHS[0]!, PATHS[1]!, PATHS[2]!) : fc.constantFrom(...PATHS),
      relation: open ? fc.constant('AFFECTED' as const) : fc.constantFrom('AFFECTED', 'FIXED_HERE', 'FIXED_ELSEWHERE', 'SHIPS_FIX'),
      assessed: open ? fc.boolean() : fc.boolean(),
    })
    .map(({ vector, domain, universal, wild, path, relation, assessed }) =>
      finding(
        {
          id: `finding-${i}`,
          publicId: `MSR-2026-${String(i).padStart(4, '0')}`,
          affectedVersionIds: relation === 'SHIPS_FIX' ? ['version-0'] : ['version-1'],
          fixedInVersionId: relation === 'FIXED_HERE' || relation === 'SHIPS_FIX' ? 'version-1' : relation === 'FIXED_ELSEWHERE' ? 'version-2' : null,
          assessments: assessed ? [assessment({ id: `a-${i}`, cvssVector: vector, aiFactors: aiFactors({ capabilityDomain: domain, universal, exploitedInWild: wild }) })] : [],
        },
        path.map((s, k) => [s, at(hours(k + 1))] as [FindingStatus, Date]),
      ),
    );

const arbRetest = (findingIndex: number, pass: boolean, id: string, completedAt: Date): AuditFacts =>
  audit({ id, kind: 'RETEST', auditorId: 'auditor-2', completedAt, findings: [{ findingId: `finding-${findingIndex}`, role: 'RETESTED', retestResult: pass ? 'PASS' : 'FAIL' }] });

const arbVersion: fc.Arbitrary<ModelVersionFacts> = fc
  .record({
    count: fc.integer({ min: 0, max: 4 }),
    compute: fc.constantFrom(null, 1e25, 1e26, 3e26),
    domains: fc.subarray(['GENERAL', 'CODE', 'CBRN', 'CYBER_OFFENSE'] as const, { minLength: 1 }),
    suspended: fc.boolean(),
    auditOutcome: fc.constantFrom('PASS', 'PASS_WITH_FINDINGS', 'FAIL', null),
    retests: fc.array(fc.record({ index: fc.integer({ min: 0, max: 3 }), pass: fc.boolean() }), { maxLength: 2 }),
  })
  .chain(({ count, compute, domains, suspended, auditOutcome, retests }) =>
    fc.tuple(...Array.from({ length: count }, (_, i) => arbFinding(i))).map((findings) =>
      version({
        findings,
        trainingComputeOps: compute,
        capabilityDomains: [...domains],
        accessStatus: suspended ? 'SUSPENDED' : 'ACTIVE',
        audits: [
          ...(auditOutcome ? [audit({ outcome: auditOutcome })] : []),
          ...retests.map((r, k) => arbRetest(r.index, r.pass, `retest-${k}`, at(days(2 + k)))),
        ],
        auditors: {
          'auditor-1': auditor(),
          'auditor-2': auditor({ id: 'auditor-2', name: 'Second Evals', accreditations: [accreditation({ id: 'acc-2' })] }),
        },
      }),
    ),
  );

const ranks = (v: ModelVersionFacts): number[] => evaluateEligibilityMatrix(v, ONE_PER_TIER, policy, NOW).map((d) => outcomeRank(d.outcome));

describe('eligibility invariants', () => {
  it('adding an open finding never improves an outcome', () => {
    fc.assert(
      fc.property(arbVersion, arbFinding(9, true), (v, extra) => {
        const before = ranks(v);
        const after = ranks({ ...v, findings: [...v.findings, extra] });
        after.forEach((r, i) => expect(r).toBeGreaterThanOrEqual(before[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('a passing retest never worsens an outcome', () => {
    fc.assert(
      fc.property(arbVersion, fc.integer({ min: 0, max: 3 }), (v, index) => {
        const before = ranks(v);
        const after = ranks({ ...v, audits: [...v.audits, arbRetest(index, true, 'retest-new', at(days(20)))] });
        after.forEach((r, i) => expect(r).toBeLessThanOrEqual(before[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('evaluation is deterministic, whatever the order of findings', () => {
    fc.assert(
      fc.property(arbVersion, (v) => {
        const first = evaluateEligibilityMatrix(v, ONE_PER_TIER, policy, NOW);
        const again = evaluateEligibilityMatrix(structuredClone(v), ONE_PER_TIER, policy, NOW);
        const reversed = evaluateEligibilityMatrix({ ...v, findings: [...v.findings].reverse() }, ONE_PER_TIER, policy, NOW);
        expect(again).toEqual(first);
        expect(reversed).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('an ELIGIBLE decision has an empty path and any other has at least one blocker', () => {
    fc.assert(
      fc.property(arbVersion, (v) => {
        for (const d of evaluateEligibilityMatrix(v, ONE_PER_TIER, policy, NOW)) {
          expect(d.pathToEligibility.length === 0).toBe(d.computedOutcome === 'ELIGIBLE');
        }
      }),
      { numRuns: 200 },
    );
  });
});

