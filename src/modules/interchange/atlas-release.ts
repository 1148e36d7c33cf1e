/**
 * The MITRE ATLAS release the registry ships (src/modules/interchange/data/atlas/<version>/, with
 * MITRE's Apache-2.0 licence) and how it is loaded into the reference tables. Pure parsing here;
 * `loadAtlasRelease` writes the tables (called by migrations only: docs/interchange.md, "Upgrading
 * ATLAS").
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../infra/project-root';

/** The pinned release: ATLAS.yaml's own `version:` (tag v5.6.1 of mitre-atlas/atlas-data changed only contribution schemas). */
export const SHIPPED_ATLAS_RELEASE = '5.6.0';

export const ATLAS_DATA_DIR = path.join(PROJECT_ROOT, 'src', 'modules', 'interchange', 'data', 'atlas');

export const ATLAS_MATURITIES = ['feasible', 'demonstrated', 'realized'] as const;
export type AtlasMaturityValue = (typeof ATLAS_MATURITIES)[number];

export interface AtlasTacticRow {
  id: string;
  name: string;
  description: string;
  position: number;
}

export interface AtlasTechniqueRow {
  id: string;
  name: string;
  description: string;
  maturity: AtlasMaturityValue | null;
  parentId: string | null;
  /** the technique's own tactics; a sub-technique has none in ATLAS.yaml and inherits its parent's */
  tacticIds: string[];
  createdDate: string | null;
  modifiedDate: string | null;
}

export interface ParsedAtlasRelease {
  version: string;
  tactics: AtlasTacticRow[];
  techniques: AtlasTechniqueRow[];
}

const TACTIC_ID = /^AML\.TA\d{4}$/;
const TECHNIQUE_ID = /^AML\.T\d{4}(\.\d{3})?$/;

function isoDate(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  return null;
}

/** Parses ATLAS.yaml (the `dist/ATLAS.yaml` of mitre-atlas/atlas-data) into rows; throws on anything unexpected. */
export function parseAtlasYaml(text: string): ParsedAtlasRelease {
  const doc = parse(text) as { version?: unknown; matrices?: { tactics?: unknown[]; techniques?: unknown[] }[] };
  if (typeof doc?.version !== 'string' || !Array.isArray(doc.matrices) || doc.matrices.length === 0) {
    throw new Error('ATLAS.yaml: expected `version` and `matrices`');
  }
  const matrix = doc.matrices[0]!;
  const tactics: AtlasTacticRow[] = (matrix.tactics ?? []).map((raw, position) => {
    const t = raw as Record<string, unknown>;
    if (typeof t.id !== 'string' || !TACTIC_ID.test(t.id)) throw new Error(`ATLAS.yaml: bad tactic id ${String(t.id)}`);
    return { id: t.id, name: String(t.name), description: String(t.description ?? ''), position };
  });
  const techniques: AtlasTechniqueRow[] = (matrix.techniques ?? []).map((raw) => {
    const t = raw as Record<string, unknown>;
    if (typeof t.id !== 'string' || !TECHNIQUE_ID.test(t.id)) throw new Error(`ATLAS.yaml: bad technique id ${String(t.id)}`);
    const maturity = typeof t.maturity === 'string' && (ATLAS_MATURITIES as readonly string[]).includes(t.maturity) ? (t.maturity as AtlasMaturityValue) : null;
    return {
      id: t.id,
      name: String(t.name),
      description: String(t.description ?? ''),
      maturity,
      parentId: typeof t['subtechnique-of'] === 'string' ? (t['subtechnique-of'] as string) : null,
      tacticIds: Array.isArray(t.tactics) ? (t.tactics as unknown[]).map(String) : [],
      createdDate: isoDate(t.created_date),
      modifiedDate: isoDate(t.modified_date),
    };
  });
  const byId = new Map(techniques.map((t) => [t.id, t]));
  for (const t of techniques) {
    if (t.parentId && !byId.has(t.parentId)) throw new Error(`ATLAS.yaml: ${t.id} is a sub-technique of unknown ${t.parentId}`);
    if (t.parentId && t.tacticIds.length === 0) t.tacticIds = [...byId.get(t.parentId)!.tacticIds];
  }
  return { version: doc.version, tactics, techniques };
}

export function readShippedAtlasRelease(version = SHIPPED_ATLAS_RELEASE): ParsedAtlasRelease {
  const parsed = parseAtlasYaml(fs.readFileSync(path.join(ATLAS_DATA_DIR, version, 'ATLAS.yaml'), 'utf8'));
  if (parsed.version !== version) throw new Error(`ATLAS.yaml in ${version}/ says version ${parsed.version}`);
  return parsed;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Replaces the ATLAS reference tables with `release` (one transaction is the caller's: a
 * migration). Techniques of earlier releases that this one lacks are kept out: the tables hold
 * the current release only, and `atlas_releases` records every release loaded.
 */
export async function loadAtlasRelease(q: Queryable, release: ParsedAtlasRelease): Promise<void> {
  await q.query('DELETE FROM atlas_technique_tactics');
  await q.query('DELETE FROM atlas_techniques');
  await q.query('DELETE FROM atlas_tactics');
  await q.query(
    `INSERT INTO atlas_tactics (id, name, description, position, release)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])`,
    [release.tactics.map((t) => t.id), release.tactics.map((t) => t.name), release.tactics.map((t) => t.description),
      release.tactics.map((t) => t.position), release.tactics.map(() => release.version)],
  );
  const ts = release.techniques;
  await q.query(
    `INSERT INTO atlas_techniques (id, name, description, maturity, parent_id, release, created_date, modified_date)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[])`,
    [ts.map((t) => t.id), ts.map((t) => t.name), ts.map((t) => t.description), ts.map((t) => t.maturity),
      ts.map((t) => t.parentId), ts.map(() => release.version), ts.map((t) => t.createdDate), ts.map((t) => t.modifiedDate)],
  );
  const pairs = ts.flatMap((t) => t.tacticIds.map((tacticId) => [t.id, tacticId] as const));
  await q.query(
    `INSERT INTO atlas_technique_tactics (technique_id, tactic_id) SELECT * FROM unnest($1::text[], $2::text[])`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  await q.query(
    `INSERT INTO atlas_releases (version, technique_count, tactic_count, loaded_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (version) DO UPDATE SET technique_count = EXCLUDED.technique_count, tactic_count = EXCLUDED.tactic_count, loaded_at = now()`,
    [release.version, ts.length, release.tactics.length],
  );
}
