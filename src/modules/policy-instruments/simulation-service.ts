/**
 * The policy what-if as a use case: read the draft, load the whole registry's facts and override
 * histories (a fixed number of statements), replay them to the moment asked for, and hand
 * everything to the domain's `simulatePolicyChange`. Nothing is written.
 */
import {
  overridesAsOf,
  policyKnownInForceAt,
  registryAsOf,
  simulatePolicyChange,
  type OverrideFact,
  type PolicySimulation,
} from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import { problem, type MutationError } from '../shared/unit-of-work';
import { authorizePolicySimulation } from '../access/rules';
import { loadModelVersionFacts } from '../decisions/facts-store';
import { loadOverrideHistories } from '../decisions/override-history-store';
import { publishedPolicies } from '../decisions/policy-service';
import { readPolicyDraft } from './policy-draft';

export interface SimulationOutcome {
  simulation: PolicySimulation | null;
  errors: MutationError[];
}

export async function runPolicySimulation(
  ctx: GraphQLContext,
  input: { document: string; at?: Date | null },
): Promise<SimulationOutcome> {
  authorizePolicySimulation(ctx.viewer);
  const at = input.at ?? ctx.now;
  const draft = readPolicyDraft(input.document);
  if (!draft.ok) return { simulation: null, errors: draft.problems };

  const current = policyKnownInForceAt(publishedPolicies(await ctx.loaders.allPolicyVersions.load('all')), at);
  if (!current) {
    return { simulation: null, errors: [problem('NO_POLICY_IN_FORCE', 'No policy version was in force at that moment to compare with.', ['at'])] };
  }

  const m = ctx.db.manager;
  const ids: { id: string }[] = await m.query('SELECT id FROM model_versions');
  // Outside a transaction: the statements run at once on several pooled connections.
  const [facts, histories, jurisdictions] = await Promise.all([
    loadModelVersionFacts(m, ids.map((r) => r.id), { concurrent: true }),
    loadOverrideHistories(m, 'all'),
    ctx.loaders.allJurisdictions.load('all'),
  ]);

  const live = at.getTime() >= ctx.now.getTime();
  // A past moment: the registry as it was known then (the domain's replay); now or later: today's facts.
  const versions = live ? [...facts.values()] : registryAsOf([...facts.values()], at);
  const overrides = new Map<string, Map<string, OverrideFact>>();
  for (const [versionId, byCode] of histories) overrides.set(versionId, overridesAsOf(byCode, at));

  const simulation = simulatePolicyChange({
    versions,
    jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name })),
    overrides,
    current,
    draft: draft.policy,
    at,
  });
  return { simulation, errors: [] };
}
