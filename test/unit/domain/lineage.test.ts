import fc from 'fast-check';
import {
  diffPolicies,
  effectiveTrainingCompute,
  evaluateEligibilityMatrix,
  factsAsOf,
  inheritedFindings,
  inheritedFindingsAt,
  lineageCycle,
  relationInherits,
  STARTING_POLICY,
  validatePolicyDocument,
  type FindingFacts,
  type LineageEdgeFact,
  type LineageFacts,
  type LineageRelation,
  type ModelVersionFacts,
  type PolicyDocument,
} from '../../../src/domain';
import { at, audit, auditor, days, finding, hours, T0, US, version } from './factories';

const policy = STARTING_POLICY;
const NOW = at(days(30));

const edge = (childId: string, parentId: string, relation: LineageRelation): LineageEdgeFact => ({ childId, parentId, relation });

/** Mythos 5 Mini, derived from its ancestors by `edges`, with the ancestors' findings. */
function mini(edges: LineageEdgeFact[], ancestorFindings: FindingFacts[], overrides: Partial<ModelVersionFacts> = {}, extra: Partial<LineageFacts> = {}) {
  const ids = new Set(edges.flatMap((e) => [e.childId, e.parentId]));
  ids.delete('mythos-5-mini');
  return version({
    id: 'mythos-5-mini',
    name: 'Mythos 5 Mini',
    lineage: {
      edges,
      ancestors: [...ids].map((id) => ({ id, name: id === 'mythos-5' ? 'Mythos 5' : id, developerId: 'developer-1', trainingComputeOps: 3e26 })),
      ancestorFindings,
      notAffected: [],
      ...extra,
    },
    ...overrides,
  });
}

const jailbreak = (overrides: Partial<FindingFacts> = {}) => finding({ affectedVersionIds: ['mythos-5'], ...overrides });

describe('inherited findings', () => {
  test('a distilled version inherits its parent’s open CRITICAL jailbreak and is SUSPENDED by it', () => {
    const v = mini([edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')], [jailbreak()]);
    const inherited = inheritedFindings(v, policy, () => undefined);
    expect(inherited).toHaveLength(1);
    expect(inherited[0]).toMatchObject({ status: 'OPEN', fromVersionId: 'mythos-5', path: [{ parentId: 'mythos-5', childId: 'mythos-5-mini', relation: 'DISTILLATION' }] });
    const [d] = evaluateEligibilityMatrix(v, [US], policy, NOW);
    expect(d!.outcome).toBe('SUSPENDED');
    const blocker = d!.pathToEligibility.find((p) => p.code === 'OPEN_INTERVENTION_FINDING')!;
    expect(blocker.message).toContain('MSR-2026-0001');
    expect(blocker.message).toContain('inherited: Mythos 5 → DISTILLATION → Mythos 5 Mini');
    expect(blocker.clearedBy).toContain('a passing retest of MSR-2026-0001 on Mythos 5 Mini');
    expect(blocker.clearedBy).toContain('not affected');
  });

  test('distillation does not carry weight exfiltration, quantization carries everything', () => {
    const exfil = jailbreak({ category: 'WEIGHT_EXFILTRATION' });
    expect(inheritedFindings(mini([edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')], [exfil]), policy, () => undefined)).toEqual([]);
    expect(inheritedFindings(mini([edge('mythos-5-mini', 'mythos-5', 'QUANTIZATION')], [exfil]), policy, () => undefined)).toHaveLength(1);
    expect(relationInherits(policy.inheritance, 'DISTILLATION', 'JAILBREAK')).toBe(true);
    expect(relationInherits(policy.inheritance, 'DISTILLATION', 'WEIGHT_EXFILTRATION')).toBe(false);
  });

  test('a finding passes down several generations only if every relation on the path carries it', () => {
    const edges = [edge('mythos-5-ft', 'mythos-5', 'FINE_TUNE'), edge('mythos-5-mini', 'mythos-5-ft', 'QUANTIZATION')];
    const [inherited] = inheritedFindings(mini(edges, [jailbreak({ category: 'WEIGHT_EXFILTRATION' })]), policy, () => undefined);
    expect(inherited!.path.map((s) => s.relation)).toEqual(['FINE_TUNE', 'QUANTIZATION']);
    const broken = [edge('mythos-5-ft', 'mythos-5', 'DISTILLATION'), edge('mythos-5-mini', 'mythos-5-ft', 'QUANTIZATION')];
    expect(inheritedFindings(mini(broken, [jailbreak({ category: 'WEIGHT_EXFILTRATION' })]), policy, () => undefined)).toEqual([]);
  });

  test('a passing counting retest of the descendant completed after the report clears it; one from before does not', () => {
    const edges = [edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')];
    const retest = (completedAt: Date) =>
      audit({
        id: 'retest-1',
        kind: 'RETEST',
        modelVersionId: 'mythos-5-mini',
        scopes: ['JAILBREAK'],
        completedAt,
        findings: [{ findingId: 'finding-1', role: 'RETESTED', retestResult: 'PASS' }],
      });
    const after = mini(edges, [jailbreak()], { audits: [retest(at(days(2)))], auditors: { 'auditor-1': auditor() } });
    const label = 'the audit by Sentinel Assurance completed 2026-10-15';
    const [cleared] = inheritedFindings(after, policy, () => ({ at: at(days(2)).getTime(), passed: true, auditId: 'retest-1', label }));
    expect(cleared).toMatchObject({ status: 'CLEARED_BY_RETEST', clearedByAuditId: 'retest-1' });
    // Issue 14: reasons name audits as people know them, never by internal id.
    expect(cleared!.clearedBy).toContain(`in ${label}`);
    expect(cleared!.clearedBy).not.toContain('retest-1');
    expect(evaluateEligibilityMatrix(after, [US], policy, NOW)[0]!.outcome).toBe('ELIGIBLE');
    const [computed] = inheritedFindingsAt(after, policy, NOW);
    expect(computed!.clearedBy).toMatch(/in the audit by .+ completed \d{4}-\d{2}-\d{2}$/);
    expect(computed!.clearedBy).not.toContain('retest-1');

    const before = mini(edges, [jailbreak({ reportedAt: at(days(5)) })], { audits: [retest(at(days(2)))] });
    expect(evaluateEligibilityMatrix(before, [US], policy, NOW)[0]!.outcome).toBe('SUSPENDED');
  });

  test('a regulator’s “not affected” with evidence clears it on that descendant only', () => {
    const notAffected = { findingId: 'finding-1', modelVersionId: 'mythos-5-mini', justification: 'Different tokenizer; prefix inert.', evidence: 'Eval report R-7', recordedBy: 'regulator-1', recordedAt: T0 };
    const v = mini([edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')], [jailbreak()], {}, { notAffected: [notAffected] });
    expect(inheritedFindings(v, policy, () => undefined)[0]).toMatchObject({ status: 'NOT_AFFECTED', notAffected });
    expect(evaluateEligibilityMatrix(v, [US], policy, NOW)[0]!.outcome).toBe('ELIGIBLE');
  });

  test('the ancestor’s fix and its verification do not clear the descendant', () => {
    const fixed = finding({ affectedVersionIds: ['mythos-5'], fixedInVersionId: 'mythos-5-1' }, [
      ['TRIAGED', at(hours(1))],
      ['REMEDIATED', at(hours(2))],
      ['VERIFIED', at(hours(3))],
    ]);
    expect(fixed.status).toBe('VERIFIED');
    const v = mini([edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')], [fixed]);
    expect(evaluateEligibilityMatrix(v, [US], policy, NOW)[0]!.outcome).toBe('SUSPENDED');
  });

  test('dismissed findings, findings naming the version itself and policies without inheritance pass nothing on', () => {
    const edges = [edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')];
    expect(inheritedFindings(mini(edges, [jailbreak({ status: 'REJECTED' })]), policy, () => undefined)).toEqual([]);
    expect(inheritedFindings(mini(edges, [jailbreak({ affectedVersionIds: ['mythos-5', 'mythos-5-mini'] })]), policy, () => undefined)).toEqual([]);
    const { inheritance: _none, ...withoutInheritance } = policy;
    const legacy: PolicyDocument = withoutInheritance;
    const v = mini(edges, [jailbreak()]);
    expect(inheritedFindings(v, legacy, () => undefined)).toEqual([]);
    expect(evaluateEligibilityMatrix(v, [US], legacy, NOW)[0]!.outcome).toBe('ELIGIBLE');
  });

  test('an unassessed inherited finding blocks nothing yet and says so', () => {
    const v = mini([edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')], [jailbreak({ assessments: [] })]);
    const [d] = evaluateEligibilityMatrix(v, [US], policy, NOW);
    expect(d!.outcome).toBe('ELIGIBLE');
    expect(d!.reasons.map((r) => r.code)).toContain('UNASSESSED_FINDING');
  });

  test('as of a moment before the lineage was declared, nothing is inherited', () => {
    const edges = [{ ...edge('mythos-5-mini', 'mythos-5', 'DISTILLATION'), declaredAt: at(days(10)) }];
    const v = mini(edges, [jailbreak()], { recordedAt: T0 });
    expect(inheritedFindings(factsAsOf(v, at(days(5))), policy, () => undefined)).toEqual([]);
    expect(inheritedFindings(factsAsOf(v, at(days(11))), policy, () => undefined)).toHaveLength(1);
  });

  test('a link retracted later still applies as of a moment before its retraction, and never after it or now', () => {
    const retracted = { ...edge('mythos-5-mini', 'mythos-5', 'DISTILLATION'), declaredAt: at(days(2)), retractedAt: at(days(10)) };
    const v = mini([], [jailbreak()], { recordedAt: T0 }, { retractedEdges: [retracted] });
    expect(inheritedFindings(v, policy, () => undefined)).toEqual([]);
    expect(evaluateEligibilityMatrix(v, [US], policy, NOW)[0]!.outcome).toBe('ELIGIBLE');
    expect(inheritedFindings(factsAsOf(v, at(days(1))), policy, () => undefined)).toEqual([]);
    const before = factsAsOf(v, at(days(5)));
    expect(inheritedFindings(before, policy, () => undefined)).toMatchObject([{ status: 'OPEN', path: [{ relation: 'DISTILLATION' }] }]);
    expect(inheritedFindings(factsAsOf(v, at(days(10))), policy, () => undefined)).toEqual([]);
    expect(inheritedFindings(factsAsOf(v, at(days(11))), policy, () => undefined)).toEqual([]);
  });
});

describe('training compute through lineage', () => {
  test('a quantization counts its parent’s compute once, however many paths lead to it; distillation does not', () => {
    const diamond = [
      edge('a', 'mythos-5', 'FINE_TUNE'),
      edge('b', 'mythos-5', 'FINE_TUNE'),
      edge('mythos-5-mini', 'a', 'MERGE'),
      edge('mythos-5-mini', 'b', 'MERGE'),
    ];
    // every ancestor has 3e26 of its own (see `mini`): a + b + Mythos 5, each once
    expect(effectiveTrainingCompute(mini(diamond, [], { trainingComputeOps: 1e24 }), policy)).toBeCloseTo(1e24 + 9e26, -20);
    expect(effectiveTrainingCompute(mini([edge('mythos-5-mini', 'mythos-5', 'DISTILLATION')], [], { trainingComputeOps: 1e24 }), policy)).toBe(1e24);
    const [cn] = evaluateEligibilityMatrix(mini([edge('mythos-5-mini', 'mythos-5', 'QUANTIZATION')], [], { trainingComputeOps: 0 }), [{ code: 'CN', name: 'China' }], policy, NOW);
    expect(cn!.outcome).toBe('PROHIBITED');
    expect(cn!.reasons.find((r) => r.code === 'COMPUTE_ABOVE_THRESHOLD')!.message).toContain("parents' compute");
  });
});

describe('lineage cycles', () => {
  test('naming a descendant (or the version itself) as a parent closes a cycle and says which', () => {
    const ancestryOfParent = [edge('mythos-5-mini', 'mythos-5', 'DISTILLATION'), edge('mythos-5-mini-q', 'mythos-5-mini', 'QUANTIZATION')];
    // declaring mythos-5-mini-q as a parent of mythos-5: mythos-5 is an ancestor of mythos-5-mini-q
    expect(lineageCycle('mythos-5', 'mythos-5-mini-q', ancestryOfParent)).toEqual(['mythos-5', 'mythos-5-mini', 'mythos-5-mini-q']);
    expect(lineageCycle('x', 'x', [])).toEqual(['x']);
    expect(lineageCycle('other', 'mythos-5-mini-q', ancestryOfParent)).toBeNull();
  });
});

describe('inheritance on random lineages (several parents, merges, even corrupt cycles)', () => {
  const RELATIONS: LineageRelation[] = ['FINE_TUNE', 'DISTILLATION', 'QUANTIZATION', 'MERGE', 'CONTINUED_PRETRAINING'];
  const N = 7;
  const arbEdges = (acyclic: boolean) =>
    fc.uniqueArray(
      fc.record({ a: fc.integer({ min: 0, max: N - 1 }), b: fc.integer({ min: 0, max: N - 1 }), relation: fc.constantFrom(...RELATIONS) }),
      { maxLength: 14, selector: (e) => `${e.a}-${e.b}` },
    ).map((list) =>
      list
        .filter((e) => e.a !== e.b && (!acyclic || e.a < e.b))
        // node 0 is the descendant under test; edges point from child to parent
        .map((e) => edge(`v${e.a}`, `v${e.b}`, e.relation)),
    );

  /** Brute force: is there any path from `from` up to `to` whose every relation carries `category`? */
  function carried(edges: LineageEdgeFact[], from: string, to: string, category: FindingFacts['category'], seen = new Set<string>()): boolean {
    if (from === to) return true;
    seen.add(from);
    return edges.some((e) => e.childId === from && !seen.has(e.parentId) && relationInherits(policy.inheritance, e.relation, category) && carried(edges, e.parentId, to, category, new Set(seen)));
  }

  for (const acyclic of [true, false]) {
    test(`inherited exactly when some inheriting path leads to an affected ancestor, with a valid path (${acyclic ? 'acyclic' : 'with cycles'})`, () => {
      fc.assert(
        fc.property(
          arbEdges(acyclic),
          fc.subarray(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']),
          fc.constantFrom('JAILBREAK', 'WEIGHT_EXFILTRATION', 'DATA_EXFILTRATION' as const),
          (edges, affected, category) => {
            const f = finding({ affectedVersionIds: affected, category });
            const v = version({
              id: 'v0',
              name: 'V0',
              lineage: {
                edges,
                ancestors: Array.from({ length: N }, (_x, i) => ({ id: `v${i}`, name: `V${i}`, developerId: 'd', trainingComputeOps: 1 })),
                ancestorFindings: [f],
                notAffected: [],
              },
            });
            const result = inheritedFindings(v, policy, () => undefined);
            const expected = affected.some((a) => carried(edges, 'v0', a, category));
            expect(result.length).toBe(expected ? 1 : 0);
            if (!expected) return;
            const { path, fromVersionId } = result[0]!;
            expect(affected).toContain(fromVersionId);
            expect(path[0]!.parentId).toBe(fromVersionId);
            expect(path[path.length - 1]!.childId).toBe('v0');
            for (let i = 0; i < path.length; i++) {
              const step = path[i]!;
              expect(edges.some((e) => e.childId === step.childId && e.parentId === step.parentId && e.relation === step.relation)).toBe(true);
              expect(relationInherits(policy.inheritance, step.relation, category)).toBe(true);
              if (i > 0) expect(path[i - 1]!.childId).toBe(step.parentId);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  test('a version is never its own ancestor: every acyclic lineage plus one declared edge is refused exactly when it closes a cycle', () => {
    fc.assert(
      fc.property(arbEdges(true), fc.integer({ min: 0, max: N - 1 }), fc.integer({ min: 0, max: N - 1 }), (edges, c, p) => {
        const cycle = lineageCycle(`v${c}`, `v${p}`, edges);
        const closes = c === p || carriedAny(edges, `v${p}`, `v${c}`);
        expect(cycle !== null).toBe(closes);
      }),
      { numRuns: 300 },
    );
    function carriedAny(edges: LineageEdgeFact[], from: string, to: string, seen = new Set<string>()): boolean {
      if (from === to) return true;
      seen.add(from);
      return edges.some((e) => e.childId === from && !seen.has(e.parentId) && carriedAny(edges, e.parentId, to, seen));
    }
  });
});

describe('the policy document’s inheritance section', () => {
  test('the starting policy validates with it, and every rule names its source', () => {
    expect(validatePolicyDocument(STARTING_POLICY).ok).toBe(true);
    for (const rule of STARTING_POLICY.inheritance!.rules) expect(rule.source.length).toBeGreaterThan(10);
  });

  test('an unknown relation or category is refused with its path', () => {
    const bad = structuredClone(STARTING_POLICY) as unknown as { inheritance: { rules: Record<string, unknown>[] } };
    bad.inheritance.rules[0]!.relations = ['CLONING'];
    bad.inheritance.rules[1]!.categories = ['JAILBREAK', 'TELEPATHY'];
    delete bad.inheritance.rules[1]!.source;
    const result = validatePolicyDocument(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['inheritance.rules.0.relations.0', 'inheritance.rules.1.categories.1', 'inheritance.rules.1.source']),
    );
  });

  test('a policy without the section validates (nothing is inherited)', () => {
    const { inheritance: _none, ...legacy } = STARTING_POLICY;
    expect(validatePolicyDocument(legacy).ok).toBe(true);
  });
});




describe('policy diff of the inheritance section', () => {
  test('changing which categories distillation carries is a RULE change with its source', () => {
    const draft = structuredClone(STARTING_POLICY);
    draft.inheritance!.rules[1]!.categories = ['JAILBREAK'];
    const changes = diffPolicies(STARTING_POLICY, draft);
    expect(changes).toEqual([
      expect.objectContaining({ path: ['inheritance', 'rules', 'BEHAVIOUR_DISTILLED', 'categories'], category: 'RULE', source: STARTING_POLICY.inheritance!.rules[1]!.source }),
    ]);
  });
});
