/**
 * `ExportDecision.statement` and `EligibilityEvaluation.statement`: the decision as a signed
 * decision statement (decision-statement.ts). Thin: gather the natural key and the event-log
 * position through the operation's loaders, sign.
 */
import DataLoader from 'dataloader';
import type { Reason } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { toGlobalId } from '../../graphql/global-id';
import { presentReason } from '../decisions/reason-presentation';
import { explanationOf } from '../decisions/store';
import { signDecisionStatement } from './decision-statement';

interface DecisionFields {
  modelVersionId: string;
  jurisdictionCode: string;
  tier: string;
  outcome: string;
  computedOutcome: string;
  reasons: Reason[];
  policyVersion: string;
  evaluatedAt: Date;
}

/**
 * Per operation: the last event sequence that occurred by a moment (one statement per batch).
 * Tied to the operation's loaders, so a write (which appends events and replaces them) starts afresh.
 */
const sequenceLoaders = new WeakMap<object, DataLoader<number, string>>();
function eventSequenceAt(ctx: GraphQLContext, at: Date): Promise<string> {
  let loader = sequenceLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader<number, string>(async (times) => {
      const rows: { t: Date; seq: string | null }[] = await ctx.db.query(
        `SELECT t, (SELECT max(seq)::text FROM events WHERE occurred_at <= t) AS seq FROM unnest($1::timestamptz[]) AS t`,
        [times.map((ms) => new Date(ms))],
      );
      const bySeconds = new Map(rows.map((r) => [r.t.getTime(), r.seq ?? '0']));
      return times.map((ms) => bySeconds.get(ms) ?? '0');
    });
    sequenceLoaders.set(ctx.loaders, loader);
  }
  return loader.load(at.getTime());
}

async function statementOf(ctx: GraphQLContext, d: DecisionFields, source: 'stored' | 'evaluation'): Promise<string | null> {
  const findingIds = new Set<string>();
  for (const r of d.reasons) {
    const all = r.refs?.findingPublicIds ?? [];
    // Partners (and everyone) get a statement only for what they may read in full.
    const shown = (await presentReason(ctx, r)).findingPublicIds;
    if (shown.length !== all.length) return null;
    for (const id of all) findingIds.add(id);
  }
  const version = await ctx.loaders.modelVersionById.load(d.modelVersionId);
  if (!version) return null;
  const model = await ctx.loaders.modelById.load(version.modelId);
  const developer = model ? await ctx.loaders.organizationById.load(model.developerId) : null;
  if (!model || !developer) return null;
  return signDecisionStatement(
    {
      modelVersion: { id: toGlobalId('ModelVersion', version.id), developer: developer.name, model: model.name, name: version.name },
      jurisdiction: d.jurisdictionCode,
      tier: d.tier,
      outcome: d.outcome,
      computedOutcome: d.computedOutcome,
      reasonCodes: d.reasons.map((r) => r.code),
      findingIds: [...findingIds].sort(),
      policyVersion: d.policyVersion,
      evaluatedAt: d.evaluatedAt.toISOString(),
      eventSequence: await eventSequenceAt(ctx, d.evaluatedAt),
      source,
    },
    ctx.now,
  );
}

export const statementResolvers: Resolvers = {
  ExportDecision: {
    statement: async (d, _a, ctx) => {
      const [jurisdiction, explanation] = await Promise.all([
        ctx.loaders.jurisdictionById.load(d.jurisdictionId),
        explanationOf(ctx.loaders, d.explanationId),
      ]);
      if (!jurisdiction) return null;
      return statementOf(
        ctx,
        {
          modelVersionId: d.modelVersionId,
          jurisdictionCode: jurisdiction.code,
          tier: d.tier,
          outcome: d.outcome,
          computedOutcome: d.computedOutcome,
          reasons: (explanation.reasons as Reason[] | undefined) ?? [],
          policyVersion: d.policyVersion,
          evaluatedAt: d.evaluatedAt,
        },
        'stored',
      );
    },
  },
  EligibilityEvaluation: {
    statement: (d, _a, ctx) => statementOf(ctx, d, 'evaluation'),
  },
};
