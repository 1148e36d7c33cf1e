/**
 * Writes one mapped outside document (import-model.ts) as a finding, in the caller's transaction:
 * idempotent on the source id (`finding_imports`, under an advisory lock), developers, models and
 * versions matched by name where that is unambiguous or created and marked imported, unverified,
 * the source's public disclosure recorded (AVID and OSV publish), outside scores and measured
 * success rates kept as given, one event per new object, and the decisions of the versions
 * concerned recomputed. docs/interchange.md.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { nextPublicId } from '../findings/mutations';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import { canonicalJson } from '../events/event-log';
import type { ImportedArtifact, ImportedFinding } from './import-model';

/** The placeholders an import gives what the free text does not say (an analyst corrects them when merging). */
export const IMPORTED_DEFAULTS = {
  /** ISO 3166 user-assigned code for "unknown country" */
  countryCode: 'ZZ',
  /** a model version whose weights' availability is unknown is recorded as reachable only through an API */
  weightAvailability: 'API_ONLY',
  /** AVID artifacts carry no version: one version of this name per imported model */
  versionName: 'unspecified',
} as const;

export interface ImportWrite {
  findingId: string;
  outcome: 'IMPORTED' | 'ALREADY_IMPORTED';
  /** when ALREADY_IMPORTED: whether the document differs from the one imported then */
  sourceChanged: boolean;
  created: { organizations: number; models: number; versions: number };
  /** the versions whose decisions the import concerns */
  versionIds: string[];
}

export function documentHash(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

interface Created {
  organizations: number;
  models: number;
  versions: number;
}

async function markUnverified(tx: EntityManager, subjectType: string, subjectId: string, f: ImportedFinding): Promise<void> {
  await tx.query(
    `INSERT INTO imported_unverified (subject_type, subject_id, source_system, source_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [subjectType, subjectId, f.sourceSystem, f.sourceId],
  );
}

async function developerFor(tx: EntityManager, name: string, f: ImportedFinding, actor: string, now: Date, created: Created): Promise<string> {
  const matches: { id: string; kind: string }[] = await tx.query('SELECT id, kind FROM organizations WHERE lower(name) = lower($1)', [name]);
  const developers = matches.filter((m) => m.kind === 'DEVELOPER');
  if (developers.length === 1) return developers[0]!.id;
  // No developer of that name (or a non-developer holds it): a new developer organization, marked.
  const orgName = matches.length ? `${name} (imported developer)`.slice(0, 200) : name.slice(0, 200);
  const [again] = await tx.query('SELECT id FROM organizations WHERE name = $1', [orgName]);
  if (again) return again.id;
  const [row] = await tx.query(`INSERT INTO organizations (name, kind, country_code) VALUES ($1, 'DEVELOPER', $2) RETURNING id`, [
    orgName,
    IMPORTED_DEFAULTS.countryCode,
  ]);
  await markUnverified(tx, 'Organization', row.id, f);
  await recordEvent(tx, {
    actor,
    type: 'ORGANIZATION_REGISTERED',
    subjectType: 'Organization',
    subjectId: row.id,
    occurredAt: now,
    payload: { name: orgName, kind: 'DEVELOPER', countryCode: IMPORTED_DEFAULTS.countryCode, importedFrom: f.sourceId },
  });
  created.organizations++;
  return row.id;
}

/**
 * The version an artifact names, under the developer: a version of that name (exactly one), else
 * a model of that name (exactly one) with its single version or its version of the artifact's
 * version name, else a new model and version, marked.
 */
async function versionFor(
  tx: EntityManager,
  developerId: string,
  a: ImportedArtifact,
  f: ImportedFinding,
  actor: string,
  now: Date,
  created: Created,
  newVersions: string[],
): Promise<string> {
  const name = a.name.slice(0, 200);
  const versions: { id: string }[] = await tx.query(
    'SELECT id FROM model_versions WHERE developer_id = $1 AND lower(name) = lower($2) LIMIT 2',
    [developerId, a.versionName ? `${name} ${a.versionName}` : name],
  );
  if (versions.length === 1) return versions[0]!.id;
  const models: { id: string }[] = await tx.query('SELECT id FROM models WHERE developer_id = $1 AND lower(name) = lower($2) LIMIT 2', [developerId, name]);
  let modelId: string;
  if (models.length === 1) {
    modelId = models[0]!.id;
    const own: { id: string; name: string }[] = await tx.query('SELECT id, name FROM model_versions WHERE model_id = $1', [modelId]);
    const wanted = (a.versionName ?? IMPORTED_DEFAULTS.versionName).toLowerCase();
    const named = own.filter((v) => v.name.toLowerCase() === wanted);
    if (named.length === 1) return named[0]!.id;
    if (!a.versionName && own.length === 1) return own[0]!.id;
  } else {
    const modelName = models.length ? `${name} (imported)`.slice(0, 200) : name;
    const [existing] = await tx.query('SELECT id FROM models WHERE developer_id = $1 AND name = $2', [developerId, modelName]);
    if (existing) modelId = existing.id;
    else {
      const [m] = await tx.query('INSERT INTO models (developer_id, name, description) VALUES ($1, $2, $3) RETURNING id', [
        developerId,
        modelName,
        `Imported from ${f.sourceId} (${a.kind}); not verified.`,
      ]);
      modelId = m.id;
      await markUnverified(tx, 'Model', modelId, f);
      await recordEvent(tx, {
        actor,
        type: 'MODEL_REGISTERED',
        subjectType: 'Model',
        subjectId: modelId,
        occurredAt: now,
        payload: { name: modelName, developerId, importedFrom: f.sourceId },
      });
      created.models++;
    }
  }
  const versionName = (a.versionName ?? IMPORTED_DEFAULTS.versionName).slice(0, 200);
  const [same] = await tx.query('SELECT id FROM model_versions WHERE model_id = $1 AND name = $2', [modelId, versionName]);
  if (same) return same.id;
  const [v] = await tx.query(
    `INSERT INTO model_versions (model_id, developer_id, name, weight_availability) VALUES ($1, $2, $3, $4) RETURNING id`,
    [modelId, developerId, versionName, IMPORTED_DEFAULTS.weightAvailability],
  );
  await tx.query(
    `INSERT INTO model_version_status_changes (model_version_id, from_status, to_status, reason, actor, occurred_at)
     VALUES ($1, NULL, 'ACTIVE', $2, $3, $4)`,
    [v.id, `Imported from ${f.sourceId}`, actor, now],
  );
  await markUnverified(tx, 'ModelVersion', v.id, f);
  await recordEvent(tx, {
    actor,
    type: 'MODEL_VERSION_REGISTERED',
    subjectType: 'ModelVersion',
    subjectId: v.id,
    occurredAt: now,
    payload: { name: versionName, modelId, accessStatus: 'ACTIVE', importedFrom: f.sourceId },
  });
  created.versions++;
  newVersions.push(v.id);
  return v.id;
}

export async function writeImportedFinding(
  tx: EntityManager,
  f: ImportedFinding,
  hash: string,
  actor: string,
  now: Date,
  options: { recomputeDecisions?: boolean } = {},
): Promise<ImportWrite> {
  const created: Created = { organizations: 0, models: 0, versions: 0 };
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`finding-import\n${f.sourceSystem}\n${f.sourceId}`]);
  const [previous] = await tx.query('SELECT finding_id, document_sha256 FROM finding_imports WHERE source_system = $1 AND source_id = $2', [
    f.sourceSystem,
    f.sourceId,
  ]);
  if (previous) {
    return { findingId: previous.finding_id, outcome: 'ALREADY_IMPORTED', sourceChanged: previous.document_sha256 !== hash, created, versionIds: [] };
  }
  // Names are matched and created one at a time, under a lock, so concurrent imports agree on them.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['finding-import-names']);

  const developerIds: string[] = [];
  for (const name of f.developers) developerIds.push(await developerFor(tx, name, f, actor, now, created));
  const developerId = developerIds[0]!;
  const newVersions: string[] = [];
  const versionIds: string[] = [];
  for (const a of f.artifacts) {
    const id = await versionFor(tx, developerId, a, f, actor, now, created, newVersions);
    if (!versionIds.includes(id)) versionIds.push(id);
  }

  const publicId = await nextPublicId(tx, now);
  const published = f.publishedAt;
  const [finding] = await tx.query(
    `INSERT INTO findings (public_id, developer_id, title, summary, category, status, reporter_name, discovered_at, reported_at, developer_aware_at)
     VALUES ($1, $2, $3, $4, $5, 'REPORTED', $6, $7, $8, $7) RETURNING id`,
    [publicId, developerId, f.title, f.summary, f.category, f.reporterName, published, now],
  );
  const findingId: string = finding.id;
  await tx.query(
    `INSERT INTO finding_affected_versions (finding_id, model_version_id) SELECT $1, unnest($2::uuid[])`,
    [findingId, versionIds],
  );
  if (f.references.length) {
    await tx.query(
      `INSERT INTO finding_references (finding_id, system, identifier, url) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
      [findingId, f.references.map((r) => r.system), f.references.map((r) => r.identifier), f.references.map((r) => r.url)],
    );
  }
  for (const s of f.scores) {
    await tx.query(
      `INSERT INTO finding_outside_scores (finding_id, scheme, vector, base_score, base_severity, source) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [findingId, s.scheme, s.vector, s.baseScore, s.baseSeverity, f.sourceId],
    );
  }
  if (f.measurements.length) {
    const m = f.measurements;
    await tx.query(
      `INSERT INTO finding_success_measurements (finding_id, source, probe, detector, passed, total, position)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::int[])`,
      [findingId, f.sourceId, m.map((x) => x.probe), m.map((x) => x.detector), m.map((x) => x.passed), m.map((x) => x.total), m.map((_x, i) => i)],
    );
  }
  await tx.query(
    `INSERT INTO finding_status_changes (finding_id, from_status, to_status, reason, actor, occurred_at) VALUES ($1, NULL, 'REPORTED', $2, $3, $4)`,
    [findingId, `Imported from ${f.sourceSystem} ${f.sourceId}`, actor, now],
  );
  // The source published it: a public disclosure on its publication date.
  const [disclosure] = await tx.query(
    `INSERT INTO disclosures (finding_id, audience, kind, summary, actor, disclosed_at) VALUES ($1, 'PUBLIC', 'INITIAL', $2, $3, $4) RETURNING id`,
    [findingId, `Published by ${f.sourceSystem} as ${f.sourceId}.`, actor, published],
  );
  await tx.query(
    `INSERT INTO finding_imports (source_system, source_id, finding_id, document_sha256, imported_by) VALUES ($1, $2, $3, $4, $5)`,
    [f.sourceSystem, f.sourceId, findingId, hash, actor],
  );
  await recordEvent(tx, {
    actor,
    type: 'FINDING_REPORTED',
    subjectType: 'Finding',
    subjectId: findingId,
    occurredAt: now,
    payload: { publicId, title: f.title, category: f.category, affectedVersionIds: versionIds, importedFrom: { system: f.sourceSystem, id: f.sourceId } },
  });
  await recordEvent(tx, {
    actor,
    type: 'DISCLOSURE_RECORDED',
    subjectType: 'Finding',
    subjectId: findingId,
    occurredAt: now,
    payload: { publicId, disclosureId: disclosure.id, audience: 'PUBLIC', kind: 'INITIAL' },
  });
  // A bulk import defers this to one pass over every version it touched (importFiles).
  if (options.recomputeDecisions !== false) await recomputeDecisions(tx, versionIds, { cause: 'FINDING_REPORTED', actor, now });
  return { findingId, outcome: 'IMPORTED', sourceChanged: false, created, versionIds };
}
