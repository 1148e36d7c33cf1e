/** Resolvers of schema/interchange.graphql: ATLAS reference data, advisories, import facts, importFinding. */
import { badUserInput } from '../../graphql/errors';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { ATLAS_MATURITIES, SHIPPED_ATLAS_RELEASE, type AtlasMaturityValue } from './atlas-release';
import { ATLAS_RENAMES, atlasReferenceStatus } from './atlas-status';
import { listAtlasTechniques } from './atlas-store';
import { loadAdvisoryFacts } from './advisory-facts';
import { buildAdvisory } from './advisories';
import { importFinding } from './import-mutation';
import { interchangeLoaders } from './loaders';

const MAX_TEXT = 200;
const MAX_TACTICS = 50;
const TACTIC_ID = /^AML\.TA\d{4}$/;
const TECHNIQUE_ID = /^AML\.T\d{4}(\.\d{3})?$/;

const toMaturity = (m: AtlasMaturityValue | null) => (m ? (m.toUpperCase() as 'FEASIBLE' | 'DEMONSTRATED' | 'REALIZED') : null);

export const interchangeResolvers: Resolvers = {
  Query: {
    atlasRelease: async (_p, _a, ctx) => {
      const r = await interchangeLoaders(ctx).atlasRelease.load('current');
      return r ?? { version: SHIPPED_ATLAS_RELEASE, techniqueCount: 0, tacticCount: 0 };
    },
    atlasTechniques: async (_p, { filter }, ctx) => {
      const f = filter ?? {};
      if (f.text != null && f.text.length > MAX_TEXT) throw badUserInput(`At most ${MAX_TEXT} characters.`, ['filter', 'text']);
      if (f.tacticIds && f.tacticIds.length > MAX_TACTICS) throw badUserInput(`At most ${MAX_TACTICS} tactics.`, ['filter', 'tacticIds']);
      f.tacticIds?.forEach((id, i) => {
        if (!TACTIC_ID.test(id)) throw badUserInput('Use an ATLAS tactic id such as AML.TA0005.', ['filter', 'tacticIds', String(i)]);
      });
      const rows = await listAtlasTechniques(ctx.db, {
        tacticIds: f.tacticIds,
        maturity: f.maturity?.map((m) => m.toLowerCase() as AtlasMaturityValue).filter((m) => ATLAS_MATURITIES.includes(m)),
        topLevel: f.topLevel,
        text: f.text?.trim() || null,
      });
      const loader = interchangeLoaders(ctx).atlasTechniqueById;
      for (const r of rows) loader.prime(r.id, r);
      return rows;
    },
    atlasTechnique: (_p, { id }, ctx) => (TECHNIQUE_ID.test(id) ? interchangeLoaders(ctx).atlasTechniqueById.load(id) : null),
  },
  AtlasRelease: {
    tactics: (_r, _a, ctx) => interchangeLoaders(ctx).atlasTactics.load('all'),
  },
  AtlasTechnique: {
    maturity: (t) => toMaturity(t.maturity),
    tactics: (t, _a, ctx) => interchangeLoaders(ctx).atlasTacticsByTechnique.load(t.id),
    parent: (t, _a, ctx) => (t.parentId ? interchangeLoaders(ctx).atlasTechniqueById.load(t.parentId) : null),
    subTechniques: (t, _a, ctx) => interchangeLoaders(ctx).atlasSubTechniques.load(t.id),
    url: (t) => `https://atlas.mitre.org/techniques/${t.id}`,
  },
  FindingReference: {
    atlasStatus: async (r, _a, ctx) => {
      if (r.system !== 'MITRE_ATLAS') return null;
      const loader = interchangeLoaders(ctx).atlasTechniqueById;
      const rename = ATLAS_RENAMES[r.identifier];
      const [own, successor] = await Promise.all([loader.load(r.identifier), rename?.to ? loader.load(rename.to) : Promise.resolve(null)]);
      const present = new Set([own?.id, successor?.id].filter(Boolean));
      const status = atlasReferenceStatus(r.identifier, (id) => present.has(id), SHIPPED_ATLAS_RELEASE);
      return { ...status, recordedRelease: r.atlasRelease, technique: status.currentId ? (own ?? successor) : null };
    },
  },
  Finding: {
    advisory: async (f, { format }, ctx) => JSON.stringify(buildAdvisory(format, await loadAdvisoryFacts(ctx, f))),
    outsideScores: (f, _a, ctx) => interchangeLoaders(ctx).outsideScoresByFinding.load(f.id),
    successMeasurements: (f, _a, ctx) => interchangeLoaders(ctx).successMeasurementsByFinding.load(f.id),
    importedFrom: (f, _a, ctx) => interchangeLoaders(ctx).importByFinding.load(f.id),
  },
  SuccessMeasurement: {
    attackSuccessRate: (m) => (m.total > 0 ? (m.total - m.passed) / m.total : null),
  },
  Organization: {
    importedUnverified: (o, _a, ctx) => interchangeLoaders(ctx).importedUnverified.load(`Organization:${o.id}`),
  },
  Model: {
    importedUnverified: (m, _a, ctx) => interchangeLoaders(ctx).importedUnverified.load(`Model:${m.id}`),
  },
  ModelVersion: {
    importedUnverified: (v, _a, ctx) => interchangeLoaders(ctx).importedUnverified.load(`ModelVersion:${v.id}`),
  },
  Mutation: {
    importFinding: async (_p, { input }, ctx) => {
      const { result, errors } = await importFinding(ctx, input);
      return {
        finding: result ? await ctx.loaders.findingById.load(result.findingId) : null,
        outcome: result?.outcome ?? null,
        errors,
      };
    },
  },
};
