/**
 * The framework engine in the API: resolvers load facts through the per-operation loaders, pick
 * the policy in force, call the pure domain functions and return their results as they are.
 */
import {
  assessSeverity,
  computeDeadlines,
  computeDisclosureObligations,
  evaluateAuditQualification,
  evaluateEligibilityAsOf,
  evaluateEligibilityMatrix,
  findingFactsAsOf,
  overridesAsOf,
  InvalidCvssVectorError,
} from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { badUserInput } from '../../graphql/errors';
import { policyInForce, publishedPolicies } from './policy-service';

const ISO = /^[A-Z]{2}$/;

/** A past moment for as-of evaluation; the future is not known yet. */
function asOfMoment(ctx: GraphQLContext, asOf: Date | null | undefined, argument: string): Date {
  if (!asOf) return ctx.now;
  if (asOf.getTime() > ctx.now.getTime()) {
    throw badUserInput(`"${argument}" must not be in the future.`, [argument]);
  }
  return asOf;
}

/**
 * The matrix of one version at `at`: live (at = the operation's now) with the facts and the
 * override history as they are; a past moment through the domain's as-of replay (the facts, the
 * overrides and the policy versions as the registry knew them then).
 */
async function evaluateMatrix(ctx: GraphQLContext, versionId: string, at: Date, codes: string[] | null) {
  const [policies, facts, jurisdictions, histories] = await Promise.all([
    ctx.loaders.allPolicyVersions.load('all'),
    ctx.loaders.versionFacts.load(versionId),
    ctx.loaders.allJurisdictions.load('all'),
    ctx.loaders.overrideHistoryByVersion.load(versionId),
  ]);
  if (!facts) return [];
  const selected = codes ? jurisdictions.filter((j) => codes.includes(j.code)) : jurisdictions;
  if (at.getTime() !== ctx.now.getTime()) {
    return evaluateEligibilityAsOf(facts, selected, publishedPolicies(policies), at, histories).decisions;
  }
  const policy = await policyInForce(ctx, at);
  if (!policy) return [];
  return evaluateEligibilityMatrix(facts, selected, policy.document, at, overridesAsOf(histories, at));
}

export const engineResolvers: Resolvers = {
  Query: {
    previewSeverity: async (_p, { cvssVector, aiFactors }, ctx) => {
      const policy = await policyInForce(ctx);
      if (!policy) {
        return { preview: null, errors: [{ path: [], message: 'No policy version is in force.', code: 'NO_POLICY_IN_FORCE' }] };
      }
      if (aiFactors.successRate < 0 || aiFactors.successRate > 1) {
        return {
          preview: null,
          errors: [{ path: ['aiFactors', 'successRate'], message: 'Must be between 0 and 1.', code: 'OUT_OF_RANGE' }],
        };
      }
      if (aiFactors.trials < 0) {
        return { preview: null, errors: [{ path: ['aiFactors', 'trials'], message: 'Must not be negative.', code: 'OUT_OF_RANGE' }] };
      }
      try {
        return { preview: assessSeverity({ cvssVector, aiFactors }, policy.document), errors: [] };
      } catch (err) {
        if (err instanceof InvalidCvssVectorError) {
          return { preview: null, errors: [{ path: ['cvssVector'], message: err.message, code: 'INVALID_CVSS_VECTOR' }] };
        }
        throw err;
      }
    },
  },
  Finding: {
    deadlines: async (f, { asOf }, ctx) => {
      const at = asOfMoment(ctx, asOf, 'asOf');
      const [policy, facts] = await Promise.all([policyInForce(ctx, at), ctx.loaders.findingFacts.load(f.id)]);
      if (!policy || !facts) return null;
      const subject = at === ctx.now ? facts : findingFactsAsOf(facts, at);
      return subject ? computeDeadlines(subject, policy.document, at) : null;
    },
    disclosureObligations: async (f, { asOf }, ctx) => {
      const at = asOfMoment(ctx, asOf, 'asOf');
      const [policy, facts] = await Promise.all([policyInForce(ctx, at), ctx.loaders.findingFacts.load(f.id)]);
      if (!policy || !facts) return [];
      const subject = at === ctx.now ? facts : findingFactsAsOf(facts, at);
      return subject ? computeDisclosureObligations(subject, policy.document, at) : [];
    },
  },
  Audit: {
    qualification: async (a, _args, ctx) => {
      const [policy, input] = await Promise.all([policyInForce(ctx), ctx.loaders.auditQualificationInput.load(a.id)]);
      if (!policy || !input || !input.auditor) return null;
      return evaluateAuditQualification(
        input.audit,
        input.auditor,
        { modelAuditHistory: input.modelAuditHistory, developerId: input.audit.developerId },
        policy.document,
      );
    },
  },
  ModelVersion: {
    eligibility: async (v, { jurisdictionCode, asOf }, ctx) => {
      if (!ISO.test(jurisdictionCode)) {
        throw badUserInput(`"${jurisdictionCode.slice(0, 10)}" is not an ISO 3166-1 alpha-2 code.`, ['jurisdictionCode']);
      }
      const [decision] = await evaluateMatrix(ctx, v.id, asOfMoment(ctx, asOf, 'asOf'), [jurisdictionCode]);
      return decision ?? null;
    },
    eligibilityMatrix: async (v, { tier, asOf }, ctx) => {
      const decisions = await evaluateMatrix(ctx, v.id, asOfMoment(ctx, asOf, 'asOf'), null);
      return tier ? decisions.filter((d) => d.tier === tier) : decisions;
    },
  },
  EligibilityEvaluation: {
    jurisdiction: async (d, _a, ctx) => (await ctx.loaders.jurisdictionByCode.load(d.jurisdictionCode))!,
  },
  SeverityPreview: {
    tierRule: (r) => r.tierRule.code,
  },
};
