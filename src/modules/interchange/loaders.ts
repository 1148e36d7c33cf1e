/**
 * DataLoaders of the interchange module. They hang off the operation's loader set (a WeakMap keyed
 * by `ctx.loaders`), so they are per operation and renewed with it after every write, without
 * growing the shared context.
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { GraphQLContext, Loaders } from '../../graphql/context';
import type { AtlasMaturityValue } from './atlas-release';

export interface AtlasTacticRecord {
  id: string;
  name: string;
  description: string;
  position: number;
}

export interface AtlasTechniqueRecord {
  id: string;
  name: string;
  description: string;
  maturity: AtlasMaturityValue | null;
  parentId: string | null;
  release: string;
}

export interface AtlasReleaseRecord {
  version: string;
  techniqueCount: number;
  tacticCount: number;
}

export interface OutsideScoreRecord {
  findingId: string;
  scheme: string;
  vector: string;
  baseScore: number | null;
  baseSeverity: string | null;
  source: string;
}

export interface SuccessMeasurementRecord {
  findingId: string;
  source: string;
  detector: string;
  passed: number;
  total: number;
}

export interface FindingImportRecord {
  findingId: string;
  sourceSystem: 'AVID' | 'OSV';
  sourceId: string;
  importedAt: Date;
}

const TECHNIQUE_COLUMNS = `id, name, description, maturity, parent_id AS "parentId", release`;

function grouped<T>(rows: T[], keyOf: (r: T) => string, keys: readonly string[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

export function createInterchangeLoaders(db: DataSource) {
  const atlasTechniqueById = new DataLoader<string, AtlasTechniqueRecord | null>(async (ids) => {
    const rows: AtlasTechniqueRecord[] = await db.query(`SELECT ${TECHNIQUE_COLUMNS} FROM atlas_techniques WHERE id = ANY($1::text[])`, [[...ids]]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return {
    atlasTechniqueById,
    atlasTacticsByTechnique: new DataLoader<string, AtlasTacticRecord[]>(async (ids) => {
      const rows: (AtlasTacticRecord & { techniqueId: string })[] = await db.query(
        `SELECT tt.technique_id AS "techniqueId", t.id, t.name, t.description, t.position
           FROM atlas_technique_tactics tt JOIN atlas_tactics t ON t.id = tt.tactic_id
          WHERE tt.technique_id = ANY($1::text[]) ORDER BY t.position`,
        [[...ids]],
      );
      return grouped(rows, (r) => r.techniqueId, ids);
    }),
    atlasSubTechniques: new DataLoader<string, AtlasTechniqueRecord[]>(async (ids) => {
      const rows: AtlasTechniqueRecord[] = await db.query(
        `SELECT ${TECHNIQUE_COLUMNS} FROM atlas_techniques WHERE parent_id = ANY($1::text[]) ORDER BY id`,
        [[...ids]],
      );
      for (const r of rows) atlasTechniqueById.prime(r.id, r);
      return grouped(rows, (r) => r.parentId!, ids);
    }),
    atlasRelease: new DataLoader<'current', AtlasReleaseRecord | null>(async (keys) => {
      const [row] = await db.query(
        `SELECT r.version, r.technique_count AS "techniqueCount", r.tactic_count AS "tacticCount"
           FROM atlas_releases r WHERE r.version = (SELECT release FROM atlas_techniques LIMIT 1)`,
      );
      return keys.map(() => row ?? null);
    }),
    atlasTactics: new DataLoader<'all', AtlasTacticRecord[]>(async (keys) => {
      const rows: AtlasTacticRecord[] = await db.query('SELECT id, name, description, position FROM atlas_tactics ORDER BY position');
      return keys.map(() => rows);
    }),
    outsideScoresByFinding: new DataLoader<string, OutsideScoreRecord[]>(async (ids) => {
      const rows: OutsideScoreRecord[] = await db.query(
        `SELECT finding_id::text AS "findingId", scheme, vector, base_score::float8 AS "baseScore", base_severity AS "baseSeverity", source
           FROM finding_outside_scores WHERE finding_id = ANY($1::uuid[]) ORDER BY recorded_at, scheme`,
        [[...ids]],
      );
      return grouped(rows, (r) => r.findingId, ids);
    }),
    successMeasurementsByFinding: new DataLoader<string, SuccessMeasurementRecord[]>(async (ids) => {
      const rows: SuccessMeasurementRecord[] = await db.query(
        `SELECT finding_id::text AS "findingId", source, detector, passed, total
           FROM finding_success_measurements WHERE finding_id = ANY($1::uuid[]) ORDER BY position`,
        [[...ids]],
      );
      return grouped(rows, (r) => r.findingId, ids);
    }),
    importByFinding: new DataLoader<string, FindingImportRecord | null>(async (ids) => {
      const rows: FindingImportRecord[] = await db.query(
        `SELECT finding_id::text AS "findingId", source_system AS "sourceSystem", source_id AS "sourceId", imported_at AS "importedAt"
           FROM finding_imports WHERE finding_id = ANY($1::uuid[])`,
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [r.findingId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    importedUnverified: new DataLoader<string, boolean>(async (keys) => {
      // key: `${subjectType}:${uuid}`
      const types = keys.map((k) => k.slice(0, k.indexOf(':')));
      const ids = keys.map((k) => k.slice(k.indexOf(':') + 1));
      const rows: { key: string }[] = await db.query(
        `SELECT u.subject_type || ':' || u.subject_id::text AS key FROM imported_unverified u
           JOIN unnest($1::text[], $2::uuid[]) AS k(t, id) ON u.subject_type = k.t AND u.subject_id = k.id`,
        [types, ids],
      );
      const found = new Set(rows.map((r) => r.key));
      return keys.map((k) => found.has(k));
    }),
  };
}

export type InterchangeLoaders = ReturnType<typeof createInterchangeLoaders>;

const perOperation = new WeakMap<Loaders, InterchangeLoaders>();

export function interchangeLoaders(ctx: GraphQLContext): InterchangeLoaders {
  let loaders = perOperation.get(ctx.loaders);
  if (!loaders) {
    loaders = createInterchangeLoaders(ctx.db);
    perOperation.set(ctx.loaders, loaders);
  }
  return loaders;
}
