import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import {
  DisclosureEntity,
  FindingEntity,
  FindingReferenceEntity,
  FindingRestrictedDetailsEntity,
  FindingStatusChangeEntity,
  type ModelVersionEntity,
  SeverityAssessmentEntity,
} from '../../persistence/entities';
import { groupPairs, loaderByKey, loaderGroupedBy, type LoaderScope } from '../../persistence/batch';
import { entityReader, type EntityReader } from '../../persistence/fast-read';
import type { Projection } from '../../graphql/pagination';
import { publiclyDisclosedSql } from '../access/rules';
import { prepared } from '../../persistence/prepared-statements';

/** `(key, id)` pairs of the finding ↔ version link table, keyed by either side. */
async function affectedPairs(db: DataSource, by: 'finding_id' | 'model_version_id', keys: readonly string[]) {
  const other = by === 'finding_id' ? 'model_version_id' : 'finding_id';
  const rows: { key: string; id: string }[] = await db.query(
    prepared(`SELECT ${by}::text AS key, ${other}::text AS id FROM finding_affected_versions WHERE ${by} = ANY($1::uuid[])`),
    [keys],
  );
  return groupPairs(rows, keys);
}

const newestReportFirst = (a: FindingEntity, b: FindingEntity) =>
  b.reportedAt.getTime() - a.reportedAt.getTime() || a.id.localeCompare(b.id);

/**
 * Findings by affected version in one statement: the findings joined to their links (each finding hydrated
 * once, and primed into `findingById` when the rows are whole), with whether each is publicly disclosed
 * (primed into findingPubliclyDisclosed: the visibility rule then costs no statement of its own).
 */
function findingsByVersionLoader(
  db: DataSource,
  findings: Pick<EntityReader<FindingEntity>, 'table' | 'selectList' | 'hydrate'>,
  findingPubliclyDisclosed: DataLoader<string, boolean>,
  findingById: DataLoader<string, FindingEntity | null> | null,
) {
  const sql = prepared(`SELECT ${findings.selectList('f')}, fav.model_version_id::text AS link_version_id,
         ${publiclyDisclosedSql('f.id')} AS publicly_disclosed
    FROM ${findings.table} f JOIN finding_affected_versions fav ON fav.finding_id = f.id
   WHERE fav.model_version_id = ANY($1::uuid[])`);
  return new DataLoader<string, FindingEntity[]>(async (versionIds) => {
    const raw: Record<string, unknown>[] = await db.query(sql, [[...versionIds]]);
    const byId = new Map<string, FindingEntity>();
    const pairs: { key: string; id: string }[] = [];
    for (const r of raw) {
      const id = r.id as string;
      let f = byId.get(id);
      if (!f) {
        f = findings.hydrate(r);
        byId.set(id, f);
        findingById?.prime(id, f);
        findingPubliclyDisclosed.prime(id, r.publicly_disclosed === true);
      }
      pairs.push({ key: r.link_version_id as string, id });
    }
    const groups = groupPairs(pairs, versionIds);
    return groups.map((ids) =>
      [...new Set(ids)]
        .map((id) => byId.get(id)!)
        .filter(Boolean)
        .sort(newestReportFirst),
    );
  });
}

/**
 * The Finding fields served by a few columns (their resolvers read no other property of the finding):
 * lists and pages asked for these alone read only those columns. test/integration/api/finding-summaries.test.ts
 * checks each field against the whole row.
 */
export const FINDING_SUMMARY: Projection = {
  fields: new Set([
    '__typename',
    'id',
    'publicId',
    'title',
    'category',
    'status',
    'reportedAt',
    'developer',
    'fixedInVersion',
    'affectedVersions',
    'references',
    'currentSeverity',
    'severityAssessments',
    'statusHistory',
    'disclosures',
  ]),
  columns: ['id', 'publicId', 'developerId', 'title', 'category', 'status', 'reportedAt', 'fixedInVersionId'],
};

/** Each loader is built on its first use in an operation (src/graphql/context.ts). */
export const findingLoaders = {
  findingById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(FindingEntity), 'id'),
  findingByPublicId: ({ db }: LoaderScope) => loaderByKey(db.getRepository(FindingEntity), 'publicId'),
  findingsByAffectedVersion: ({
    db,
    findingById,
    findingPubliclyDisclosed,
  }: LoaderScope & { findingById: DataLoader<string, FindingEntity | null>; findingPubliclyDisclosed: DataLoader<string, boolean> }) =>
    findingsByVersionLoader(db, entityReader(db.getRepository(FindingEntity)), findingPubliclyDisclosed, findingById),
  // The same lists with only the columns of FINDING_SUMMARY (issue 12: a nested list asked for
  // publicId, title and status need not read, parse and keep seventeen columns). Its findings are partial,
  // so they are never primed into findingById, which other reads share.
  findingSummariesByAffectedVersion: ({ db, findingPubliclyDisclosed }: LoaderScope & { findingPubliclyDisclosed: DataLoader<string, boolean> }) =>
    findingsByVersionLoader(
      db,
      entityReader(db.getRepository(FindingEntity)).projection(FINDING_SUMMARY.columns),
      findingPubliclyDisclosed,
      null,
    ),
  findingsByFixedVersion: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(FindingEntity), 'fixedInVersionId', {
      reportedAt: 'DESC',
      id: 'ASC',
    }),
  affectedVersionsByFinding: ({
    db,
    modelVersionById,
  }: LoaderScope & {
    modelVersionById: DataLoader<string, ModelVersionEntity | null>;
  }) =>
    new DataLoader<string, ModelVersionEntity[]>(async (findingIds) => {
      const groups = await affectedPairs(db, 'finding_id', findingIds);
      const all = await modelVersionById.loadMany([...new Set(groups.flat())]);
      const byId = new Map(all.filter((v): v is ModelVersionEntity => !!v && !(v instanceof Error)).map((v) => [v.id, v]));
      return groups.map((ids) =>
        ids
          .map((id) => byId.get(id)!)
          .filter(Boolean)
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)),
      );
    }),
  referencesByFinding: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(FindingReferenceEntity), 'findingId', {
      system: 'ASC',
      identifier: 'ASC',
    }),
  // Newest first in the order of "current assessment" (CURRENT_ASSESSMENT_ORDER_SQL in store.ts, mirroring
  // `currentAssessment` in the domain): the first is the current one (`Finding.currentSeverity`, advisories).
  assessmentsByFinding: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(SeverityAssessmentEntity), 'findingId', {
      assessedAt: 'DESC',
      recordedAt: 'DESC',
      id: 'DESC',
    }),
  statusHistoryByFinding: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(FindingStatusChangeEntity), 'findingId', {
      occurredAt: 'ASC',
      recordedAt: 'ASC',
    }),
  disclosuresByFinding: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(DisclosureEntity), 'findingId', {
      disclosedAt: 'ASC',
      recordedAt: 'ASC',
    }),
  // Whether a finding has a public disclosure (the rule: rules.ts), by finding id and by public id:
  // one statement per batch.
  findingPubliclyDisclosed: ({ db }: LoaderScope) =>
    new DataLoader<string, boolean>(async (ids) => {
      const rows: { id: string }[] = await db.query(
        prepared(`SELECT f.id::text AS id FROM findings f WHERE f.id = ANY($1::uuid[]) AND ${publiclyDisclosedSql('f.id')}`),
        [ids],
      );
      const disclosed = new Set(rows.map((r) => r.id));
      return ids.map((id) => disclosed.has(id));
    }),
  publicIdPubliclyDisclosed: ({ db }: LoaderScope) =>
    new DataLoader<string, boolean>(async (publicIds) => {
      const rows: { public_id: string }[] = await db.query(
        prepared(`SELECT f.public_id FROM findings f WHERE f.public_id = ANY($1::text[]) AND ${publiclyDisclosedSql('f.id')}`),
        [publicIds],
      );
      const disclosed = new Set(rows.map((r) => r.public_id));
      return publicIds.map((id) => disclosed.has(id));
    }),
  restrictedDetailsByFinding: ({ db }: LoaderScope) =>
    new DataLoader<string, FindingRestrictedDetailsEntity | null>(async (ids) => {
      const rows = await db.getRepository(FindingRestrictedDetailsEntity).find({ where: { findingId: In([...ids]) } });
      const byId = new Map(rows.map((r) => [r.findingId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
};
