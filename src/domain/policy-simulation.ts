/**
 * Policy what-if: the whole registry evaluated under the policy in force and under a draft, at
 * the same moment, with the same facts and overrides, and the difference. Pure; nothing is
 * written. The facts are the caller's (replayed with `factsAsOf` for a past moment).
 */
import { computeDeadlines, type Deadline, type DeadlineKind, type DeadlineState } from './deadlines';
import { computeDisclosureObligations, type DisclosureObligation } from './disclosure';
import { evaluateEligibilityMatrix, type EligibilityDecision } from './eligibility';
import { jurisdictionTier } from './policy/compiled-policy';
import { EXPORT_OUTCOMES, JURISDICTION_TIERS, SEVERITY_LEVELS, type ExportOutcome, type JurisdictionTier, type SeverityLevel } from './enums';
import { assessmentsInOrder, severityOfAssessment } from './severity';
import type { FindingFacts, JurisdictionFact, ModelVersionFacts, OverrideFact } from './facts';
import { isDismissed } from './finding-lifecycle';
import { diffPolicies, type PolicyChange } from './policy-diff';
import type { PolicyDocument } from './policy/policy-document';
import type { Reason } from './reason';

export interface OutcomeCount {
  tier: JurisdictionTier;
  outcome: ExportOutcome;
  /** decisions in this tier with this outcome under the policy in force / the draft */
  before: number;
  after: number;
}

export interface DecisionSide {
  tier: JurisdictionTier;
  outcome: ExportOutcome;
  computedOutcome: ExportOutcome;
  reasons: Reason[];
}

/** One version × jurisdiction whose outcome (the effective one, overrides included) changes. */
export interface DecisionChange {
  modelVersionId: string;
  versionName: string;
  jurisdictionCode: string;
  before: DecisionSide;
  after: DecisionSide;
}

export interface ClockSide {
  required: boolean;
  state: DeadlineState;
  dueAt: Date | null;
  durationHours: number | null;
}

/** A response deadline of an open finding whose due date, duration or state changes. */
export interface DeadlineChange {
  findingId: string;
  findingPublicId: string;
  kind: DeadlineKind;
  before: ClockSide;
  after: ClockSide;
}

/** A disclosure obligation of an open finding that appears, disappears or changes due date or state. */
export interface DisclosureChange {
  findingId: string;
  findingPublicId: string;
  code: string;
  /** null on the side where the policy has no clock with this code */
  before: ClockSide | null;
  after: ClockSide | null;
}

export interface PolicySimulation {
  at: Date;
  currentVersion: string;
  draftVersion: string;
  /** version × jurisdiction pairs evaluated (under each policy) */
  evaluated: number;
  /** every tier × outcome, in enum order */
  counts: OutcomeCount[];
  /** ordered by model version id, then jurisdiction code */
  changes: DecisionChange[];
  deadlineChanges: DeadlineChange[];
  disclosureChanges: DisclosureChange[];
  /** what the draft changes in the document */
  documentChanges: PolicyChange[];
}

export interface SimulationInput {
  /** the facts as they stood at `at` */
  versions: ModelVersionFacts[];
  jurisdictions: JurisdictionFact[];
  /** per model version id: the override in force at `at` per jurisdiction code */
  overrides: Map<string, Map<string, OverrideFact>>;
  current: PolicyDocument;
  draft: PolicyDocument;
  at: Date;
}

/**
 * Open for the what-if of clocks: a finding neither rejected, withdrawn nor CLOSED (a remediated
 * finding's disclosure clocks, e.g. "30 days after the fix", still run).
 */
function isOpenFinding(f: FindingFacts): boolean {
  return !isDismissed(f.status) && f.status !== 'CLOSED';
}

const sideOf = (d: EligibilityDecision): DecisionSide => ({
  tier: d.tier,
  outcome: d.outcome,
  computedOutcome: d.computedOutcome,
  reasons: d.reasons,
});

const deadlineSide = (d: Deadline): ClockSide => ({
  required: d.state !== 'NOT_APPLICABLE',
  state: d.state,
  dueAt: d.dueAt,
  durationHours: d.durationHours,
});

const obligationSide = (o: DisclosureObligation): ClockSide => ({
  required: o.required,
  state: o.state,
  dueAt: o.dueAt,
  durationHours: o.clockStart && o.dueAt ? (o.dueAt.getTime() - o.clockStart.getTime()) / 3_600_000 : null,
});

const sameClock = (a: ClockSide | null, b: ClockSide | null): boolean =>
  a !== null &&
  b !== null &&
  a.required === b.required &&
  a.state === b.state &&
  a.durationHours === b.durationHours &&
  (a.dueAt?.getTime() ?? null) === (b.dueAt?.getTime() ?? null);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const withoutSource = <T extends { source: string }>(row: T): Omit<T, 'source'> => {
  const { source: _source, ...rest } = row;
  return rest;
};

/**
 * Which of a finding's clocks can differ between two policies. Deadlines read a policy only
 * through the finding's severity (level, intervention tier and success-rate bound of each
 * assessment), the timeline rows of those levels, `dueSoon` and `reopening`; disclosure
 * obligations through the same severity, the disclosure clocks, the `notifyGovernmentHours` of
 * those levels and `dueSoon`. When those are equal for a finding, so are its clocks, and their
 * computation is skipped. Sources do not count (they change no date). A property test checks
 * this against computing every clock.
 */
function clockChangeTests(current: PolicyDocument, draft: PolicyDocument): (f: FindingFacts) => { deadlines: boolean; disclosures: boolean } {
  const dueSoonDiffers = current.dueSoon.hours !== draft.dueSoon.hours || current.dueSoon.fractionOfDuration !== draft.dueSoon.fractionOfDuration;
  const reopeningDiffers = current.reopening.restartsClocks !== draft.reopening.restartsClocks;
  const clocksDiffer = !same(current.disclosureClocks.map(withoutSource), draft.disclosureClocks.map(withoutSource));
  const rowSame = new Map(SEVERITY_LEVELS.map((l) => [l, same(withoutSource(current.timelines[l]), withoutSource(draft.timelines[l]))]));
  const notifySame = new Map(SEVERITY_LEVELS.map((l) => [l, current.timelines[l].notifyGovernmentHours === draft.timelines[l].notifyGovernmentHours]));
  const signature = (f: FindingFacts, p: PolicyDocument, levels: Set<SeverityLevel>) =>
    assessmentsInOrder(f)
      .map((a) => {
        const sev = severityOfAssessment(a, f.category, p);
        if (sev.kind !== 'ASSESSED') return sev.kind;
        levels.add(sev.result.level);
        return `${sev.result.level}/${sev.result.interventionTier}/${sev.result.successRateLowerBound}`;
      })
      .join('|');
  return (f) => {
    const levels = new Set<SeverityLevel>();
    const severityDiffers = signature(f, current, levels) !== signature(f, draft, levels);
    const any = (m: Map<SeverityLevel, boolean>) => [...levels].some((l) => !m.get(l));
    return {
      deadlines: severityDiffers || dueSoonDiffers || reopeningDiffers || any(rowSame),
      disclosures: severityDiffers || dueSoonDiffers || clocksDiffer || any(notifySame),
    };
  };
}

export function simulatePolicyChange(input: SimulationInput): PolicySimulation {
  const { versions, jurisdictions, overrides, current, draft, at } = input;
  const tally = new Map<JurisdictionTier, Map<ExportOutcome, OutcomeCount>>();
  for (const tier of JURISDICTION_TIERS) {
    tally.set(tier, new Map(EXPORT_OUTCOMES.map((outcome) => [outcome, { tier, outcome, before: 0, after: 0 }])));
  }
  const ordered = [...versions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const codes = [...jurisdictions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const tierBefore = codes.map((j) => jurisdictionTier(current, j.code));
  const tierAfter = codes.map((j) => jurisdictionTier(draft, j.code));
  // Without an override a decision depends only on the version and the tier: one jurisdiction per
  // tier stands for all of them (the engine computes each tier once per version anyway), the
  // jurisdictions are counted in groups of (tier before, tier after), and only jurisdictions with
  // an override are evaluated on their own. The same decisions as one per jurisdiction, without
  // building half a million objects.
  /** The first jurisdiction of each tier, skipping those with an override (they stand for themselves). */
  const representatives = (tiers: JurisdictionTier[], skip?: (i: number) => boolean) => {
    const reps = new Map<JurisdictionTier, JurisdictionFact>();
    tiers.forEach((t, i) => {
      if (!reps.has(t) && !skip?.(i)) reps.set(t, codes[i]!);
    });
    return [...reps.values()];
  };
  const repsBefore = representatives(tierBefore);
  const repsAfter = representatives(tierAfter);
  const groups = new Map<string, { before: JurisdictionTier; after: JurisdictionTier; members: number[] }>();
  codes.forEach((_, i) => {
    const key = `${tierBefore[i]}>${tierAfter[i]}`;
    const group = groups.get(key);
    if (group) group.members.push(i);
    else groups.set(key, { before: tierBefore[i]!, after: tierAfter[i]!, members: [i] });
  });
  const decide = (version: ModelVersionFacts, policy: PolicyDocument, reps: JurisdictionFact[], overridden: JurisdictionFact[], o: Map<string, OverrideFact> | undefined) => {
    const decisions = evaluateEligibilityMatrix(version, overridden.length > 0 ? [...reps, ...overridden] : reps, policy, at, o);
    const byTier = new Map<JurisdictionTier, EligibilityDecision>();
    const byCode = new Map<string, EligibilityDecision>();
    decisions.forEach((d, i) => {
      if (i < reps.length) byTier.set(d.tier, d);
      else byCode.set(d.jurisdictionCode, d);
    });
    return { byTier, byCode };
  };
  const tallyOf = (tier: JurisdictionTier, outcome: ExportOutcome) => tally.get(tier)!.get(outcome)!;
  const changes: DecisionChange[] = [];
  const findings = new Map<string, FindingFacts>();
  for (const version of ordered) {
    const o = overrides.get(version.id);
    const overridden = o && o.size > 0 ? codes.filter((j) => o.has(j.code)) : [];
    const isOverridden = (i: number) => overridden.length > 0 && o!.has(codes[i]!.code);
    const before = decide(version, current, overridden.length > 0 ? representatives(tierBefore, isOverridden) : repsBefore, overridden, o);
    const after = decide(version, draft, overridden.length > 0 ? representatives(tierAfter, isOverridden) : repsAfter, overridden, o);
    const own: { i: number; b: EligibilityDecision; a: EligibilityDecision }[] = [];
    for (const group of groups.values()) {
      const members = overridden.length > 0 ? group.members.filter((i) => !isOverridden(i)) : group.members;
      if (members.length === 0) continue;
      const b = before.byTier.get(group.before)!;
      const a = after.byTier.get(group.after)!;
      tallyOf(b.tier, b.outcome).before += members.length;
      tallyOf(a.tier, a.outcome).after += members.length;
      if (a.outcome !== b.outcome) for (const i of members) own.push({ i, b, a });
    }
    for (const j of overridden) {
      const b = before.byCode.get(j.code)!;
      const a = after.byCode.get(j.code)!;
      tallyOf(b.tier, b.outcome).before++;
      tallyOf(a.tier, a.outcome).after++;
      if (a.outcome !== b.outcome) own.push({ i: codes.indexOf(j), b, a });
    }
    own.sort((x, y) => x.i - y.i);
    for (const { i, b, a } of own) {
      changes.push({ modelVersionId: version.id, versionName: version.name, jurisdictionCode: codes[i]!.code, before: sideOf(b), after: sideOf(a) });
    }
    for (const f of version.findings) if (isOpenFinding(f) && !findings.has(f.id)) findings.set(f.id, f);
  }

  const deadlineChanges: DeadlineChange[] = [];
  const disclosureChanges: DisclosureChange[] = [];
  const mayMove = clockChangeTests(current, draft);
  const openFindings = [...findings.values()].sort((a, b) => (a.publicId < b.publicId ? -1 : a.publicId > b.publicId ? 1 : 0));
  for (const f of openFindings) {
    const move = mayMove(f);
    if (move.deadlines) {
      const db = computeDeadlines(f, current, at).deadlines;
      const da = computeDeadlines(f, draft, at).deadlines;
      for (let i = 0; i < db.length; i++) {
        const b = deadlineSide(db[i]!);
        const a = deadlineSide(da[i]!);
        if (!sameClock(b, a)) deadlineChanges.push({ findingId: f.id, findingPublicId: f.publicId, kind: db[i]!.kind, before: b, after: a });
      }
    }
    if (move.disclosures) {
      const ob = new Map(computeDisclosureObligations(f, current, at).map((o) => [o.code, obligationSide(o)]));
      const oa = new Map(computeDisclosureObligations(f, draft, at).map((o) => [o.code, obligationSide(o)]));
      for (const code of new Set([...ob.keys(), ...oa.keys()])) {
        const b = ob.get(code) ?? null;
        const a = oa.get(code) ?? null;
        // A clock absent on one side and not required on the other changes nothing for the finding.
        if ((b === null && a !== null && !a.required) || (a === null && b !== null && !b.required)) continue;
        if (!sameClock(b, a)) disclosureChanges.push({ findingId: f.id, findingPublicId: f.publicId, code, before: b, after: a });
      }
    }
  }

  return {
    at,
    currentVersion: current.version,
    draftVersion: draft.version,
    evaluated: ordered.length * codes.length,
    counts: [...tally.values()].flatMap((byOutcome) => [...byOutcome.values()]),
    changes,
    deadlineChanges,
    disclosureChanges,
    documentChanges: diffPolicies(current, draft),
  };
}
