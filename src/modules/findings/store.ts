import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { computeDeadlines, type DeadlineState, type PolicyDocument } from '../../domain';
import type { FindingCategory, FindingStatus, SeverityLevel } from '../../domain/enums';
import { FindingEntity } from '../../persistence/entities';
import { loadFindingFacts } from '../decisions/facts-store';
import { paginate, type Connection, type PageRequest, type SortSpec } from '../../graphql/pagination';
import { FINDING_STATUSES } from '../../domain/enums';
import { findingVisibilitySql, type Viewer } from '../access/rules';

export interface FindingFilter {
  status?: FindingStatus[] | null;
  severityLevel?: SeverityLevel[] | null;
  category?: FindingCategory[] | null;
  developerId?: string | null;
  modelVersionId?: string | null;
  reportedFrom?: Date | null;
  reportedTo?: Date | null;
  text?: string | null;
  /** Only these findings (the result of `findingIdsInDeadlineStates`). */
  ids?: string[] | null;
  /** Only the findings this viewer may see (`findingVisibilitySql`); required, so no listing forgets it. */
  viewer: Viewer;
}

/**
 * "Current assessment" in SQL: the order that puts a finding's current assessment first. It mirrors
 * `currentAssessment` in src/domain/severity.ts (the newest by assessedAt, then recordedAt; on a
 * full tie the one the facts store lists last, i.e. the greatest id). Every SQL reading of the
 * current assessment goes through this order (test/integration/engine/current-assessment-sql.test.ts
 * proves they agree with the domain function).
 */
export const CURRENT_ASSESSMENT_ORDER_SQL = (alias: string) => `${alias}.assessed_at DESC, ${alias}.recorded_at DESC, ${alias}.id DESC`;

/** One column of the current assessment of the finding `findingIdSql` (an SQL expression, never input); NULL when unassessed. */
export const currentAssessmentSql = (column: string, findingIdSql = 'f.id') =>
  `(SELECT sa.${column} FROM severity_assessments sa WHERE sa.finding_id = ${findingIdSql}
  ORDER BY ${CURRENT_ASSESSMENT_ORDER_SQL('sa')} LIMIT 1)`;

/** The level of a finding's current assessment, as a SQL expression over alias `f`. */
export const CURRENT_LEVEL_SQL = currentAssessmentSql('level');

/** The score of a finding's current assessment (NULL when not assessed), over alias `f`. */
const CURRENT_SCORE_SQL = currentAssessmentSql('score');

export type FindingOrderField = 'REPORTED_AT' | 'SEVERITY' | 'STATUS' | 'PUBLIC_ID';
export interface FindingOrder {
  field: FindingOrderField;
  direction: 'ASC' | 'DESC';
}

export const DEFAULT_FINDING_ORDER: FindingOrder = { field: 'REPORTED_AT', direction: 'DESC' };

/**
 * The keyset of each ordering: one SQL key plus the id. Unassessed findings (NULL score) sort last
 * in either direction through a sentinel outside 0–10. Status follows the lifecycle order of
 * `FindingStatus`; public ids by year and then serial number (zero-padded, byte order). Every
 * ordering but the default tags its cursors, so a cursor is refused by another ordering.
 */
export function findingSort(order: FindingOrder): SortSpec {
  const { field, direction } = order;
  const tag = field === DEFAULT_FINDING_ORDER.field && direction === DEFAULT_FINDING_ORDER.direction ? undefined : `findings:${field}:${direction}`;
  const base = { id: 'f.id', idType: 'uuid' as const, direction, ...(tag ? { tag } : {}) };
  switch (field) {
    case 'REPORTED_AT':
      return { ...base, key: 'f.reported_at', keyType: 'timestamptz' };
    case 'SEVERITY':
      return { ...base, key: `COALESCE(${CURRENT_SCORE_SQL}, ${direction === 'DESC' ? -1 : 99})`, keyType: 'numeric' };
    case 'STATUS':
      return { ...base, key: `(CASE f.status ${FINDING_STATUSES.map((st, i) => `WHEN '${st}' THEN ${i}`).join(' ')} END)`, keyType: 'bigint' };
    case 'PUBLIC_ID':
      return {
        ...base,
        key: `((split_part(f.public_id, '-', 2) || '-' || lpad(split_part(f.public_id, '-', 3), 12, '0')) COLLATE "C")`,
        keyType: 'text',
      };
  }
}

/** The filter as WHERE conditions on alias `f`. */
function applyFindingFilter(qb: SelectQueryBuilder<FindingEntity>, filter: FindingFilter): SelectQueryBuilder<FindingEntity> {
  if (filter.status?.length) qb.andWhere('f.status IN (:...statuses)', { statuses: filter.status });
  if (filter.category?.length) qb.andWhere('f.category IN (:...categories)', { categories: filter.category });
  if (filter.severityLevel?.length) qb.andWhere(`${CURRENT_LEVEL_SQL} IN (:...levels)`, { levels: filter.severityLevel });
  if (filter.developerId) qb.andWhere('f.developer_id = :developerId', { developerId: filter.developerId });
  if (filter.modelVersionId) {
    qb.andWhere(
      'EXISTS (SELECT 1 FROM finding_affected_versions fav WHERE fav.finding_id = f.id AND fav.model_version_id = :versionId)',
      { versionId: filter.modelVersionId },
    );
  }
  if (filter.reportedFrom) qb.andWhere('f.reported_at >= :from', { from: filter.reportedFrom });
  if (filter.reportedTo) qb.andWhere('f.reported_at < :to', { to: filter.reportedTo });
  if (filter.text) {
    qb.andWhere(`(f.search @@ websearch_to_tsquery('english', :text) OR f.public_id = upper(:text))`, { text: filter.text });
  }
  if (filter.ids) qb.andWhere('f.id = ANY(CAST(:ids AS uuid[]))', { ids: filter.ids });
  // Undisclosed findings are left out for the public in the statement itself, so totalCount,
  // pages, cursors and the deadline candidates count only what the viewer may see.
  const visible = findingVisibilitySql(filter.viewer, 'f.id');
  if (visible) qb.andWhere(visible);
  return qb;
}

/** At most this many findings are evaluated for a `deadlineState` filter. */
export const MAX_DEADLINE_CANDIDATES = 10_000;
/** Findings whose facts are loaded and evaluated together (5 statements per batch). */
export const DEADLINE_BATCH_SIZE = 1_000;

export type DeadlineCandidates = { ok: true; ids: string[]; candidates: number } | { ok: false; candidates: number };

/**
 * The ids of the findings matching `filter` with at least one deadline in one of `states` at
 * `now` under `policy`, computed by the engine exactly as `Finding.deadlines` is. One statement
 * selects the candidates (the other filters applied; rejected, withdrawn and unassessed findings
 * left out unless NOT_APPLICABLE is asked for, since all their deadlines are NOT_APPLICABLE), then
 * five statements per batch of DEADLINE_BATCH_SIZE load their facts. More than
 * MAX_DEADLINE_CANDIDATES candidates: `{ ok: false }` and nothing is evaluated.
 *
 * VERIFIED and CLOSED findings stay candidates: NOTIFY_GOVERNMENT is met only by a government
 * disclosure, so a closed finding can still have it OVERDUE.
 */
export async function findingIdsInDeadlineStates(
  db: DataSource,
  filter: FindingFilter,
  states: readonly DeadlineState[],
  policy: PolicyDocument | null,
  now: Date,
): Promise<DeadlineCandidates> {
  const wanted = new Set(states);
  if (wanted.size === 0 || !policy) return { ok: true, ids: [], candidates: 0 };
  const qb = applyFindingFilter(db.getRepository(FindingEntity).createQueryBuilder('f'), filter);
  if (!wanted.has('NOT_APPLICABLE')) {
    qb.andWhere(`f.status NOT IN ('REJECTED', 'WITHDRAWN')`);
    qb.andWhere('EXISTS (SELECT 1 FROM severity_assessments sa0 WHERE sa0.finding_id = f.id)');
  }
  const rows: { id: string }[] = await qb.select('f.id', 'id').limit(MAX_DEADLINE_CANDIDATES + 1).getRawMany();
  if (rows.length > MAX_DEADLINE_CANDIDATES) return { ok: false, candidates: rows.length };
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += DEADLINE_BATCH_SIZE) {
    const batch = rows.slice(i, i + DEADLINE_BATCH_SIZE).map((r) => r.id);
    const facts = await loadFindingFacts(db.manager, batch);
    for (const id of batch) {
      const f = facts.get(id);
      if (f && computeDeadlines(f, policy, now).deadlines.some((d) => wanted.has(d.state))) ids.push(id);
    }
  }
  return { ok: true, ids, candidates: rows.length };
}

export function pageFindings(
  db: DataSource,
  filter: FindingFilter,
  page: PageRequest,
  order: FindingOrder = DEFAULT_FINDING_ORDER,
): Promise<Connection<FindingEntity>> {
  const qb = applyFindingFilter(db.getRepository(FindingEntity).createQueryBuilder('f'), filter);
  return paginate(qb, findingSort(order), page);
}
