/**
 * Per-operation loaders of lineage (one batched statement each), tied to the operation's loaders
 * so a write — which replaces them — starts afresh (as src/modules/findings/assignments.ts does).
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { ExportOutcome, JurisdictionTier, LineageEdgeFact } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import { grantsById, grantsByVersion, standingGranteesByFinding, type DetailsGrantRow } from './details-grants-store';
import { activeDeclarationsByParent, declarationsByChild, loadDescentEdges, type LineageDeclarationRow } from './lineage-store';

export interface TierOutcomeRow {
  tier: JurisdictionTier;
  outcome: ExportOutcome;
}

function createLineageLoaders(db: DataSource) {
  return {
    /** every declaration naming the version as the child, oldest first */
    declarationsByChild: new DataLoader<string, LineageDeclarationRow[]>(async (ids) => {
      const by = await declarationsByChild(db.manager, ids);
      return ids.map((id) => by.get(id) ?? []);
    }),
    /** standing declarations naming the version as the parent, oldest first */
    childrenByParent: new DataLoader<string, LineageDeclarationRow[]>(async (ids) => {
      const by = await activeDeclarationsByParent(db.manager, ids);
      return ids.map((id) => by.get(id) ?? []);
    }),
    /** the active edges below each version (one statement for all: their union, split per root) */
    descentByVersion: new DataLoader<string, LineageEdgeFact[]>(async (ids) => {
      const edges = await loadDescentEdges(db.manager, [...ids]);
      const childrenOf = new Map<string, LineageEdgeFact[]>();
      for (const e of edges) {
        const list = childrenOf.get(e.parentId);
        if (list) list.push(e);
        else childrenOf.set(e.parentId, [e]);
      }
      return ids.map((root) => {
        const below: LineageEdgeFact[] = [];
        const seen = new Set([root]);
        let frontier = [root];
        while (frontier.length > 0) {
          const next: string[] = [];
          for (const id of frontier) {
            for (const e of childrenOf.get(id) ?? []) {
              below.push(e);
              if (seen.has(e.childId)) continue;
              seen.add(e.childId);
              next.push(e.childId);
            }
          }
          frontier = next;
        }
        return below;
      });
    }),
    /** the organizations with a standing grant of each finding's restricted details (the read rule's input) */
    detailsGranteesByFinding: new DataLoader<string, string[]>(async (ids) => {
      const by = await standingGranteesByFinding(db.manager, ids);
      return ids.map((id) => by.get(id) ?? []);
    }),
    /** every grant of inherited findings' details on each version, standing and revoked, oldest first */
    detailsGrantsByVersion: new DataLoader<string, DetailsGrantRow[]>(async (ids) => {
      const by = await grantsByVersion(db.manager, ids);
      return ids.map((id) => by.get(id) ?? []);
    }),
    detailsGrantById: new DataLoader<string, DetailsGrantRow | null>(async (ids) => {
      const by = await grantsById(db.manager, ids);
      return ids.map((id) => by.get(id) ?? null);
    }),
    /** the stored computed outcome per tier of each version (the same in every jurisdiction of a tier) */
    tierOutcomesByVersion: new DataLoader<string, TierOutcomeRow[]>(async (ids) => {
      const rows: (TierOutcomeRow & { versionId: string })[] = await db.query(
        `SELECT DISTINCT ON (d.model_version_id, d.tier) d.model_version_id::text AS "versionId", d.tier, d.computed_outcome AS outcome
           FROM export_decisions d WHERE d.model_version_id = ANY($1::uuid[])
          ORDER BY d.model_version_id, d.tier, d.id`,
        [[...ids]],
      );
      const by = new Map<string, TierOutcomeRow[]>(ids.map((id) => [id, []]));
      for (const r of rows) by.get(r.versionId)!.push({ tier: r.tier, outcome: r.outcome });
      return ids.map((id) => by.get(id)!);
    }),
  };
}

export type LineageLoaders = ReturnType<typeof createLineageLoaders>;

const loaders = new WeakMap<object, LineageLoaders>();

/** The operation's lineage loaders (built on first use). */
export function lineageLoaders(ctx: GraphQLContext): LineageLoaders {
  let l = loaders.get(ctx.loaders);
  if (!l) {
    l = createLineageLoaders(ctx.db);
    loaders.set(ctx.loaders, l);
  }
  return l;
}
