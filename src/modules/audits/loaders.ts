import DataLoader from 'dataloader';
import type { AuditKind, AuditScope, AuditStatus } from '../../domain';
import { AuditEntity, AuditFindingEntity, OrganizationEntity } from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy, loaderGroupedByWithJoined, type LoaderScope } from '../../persistence/batch';

/** An audit that may give its auditor access to restricted details (rules.ts, `mayReadRestrictedDetails`). */
export interface AccessAudit {
  id: string;
  auditorId: string;
  modelVersionId: string;
  /** the developer of the audited version */
  developerId: string;
  kind: AuditKind;
  status: AuditStatus;
  scopes: AuditScope[];
  completedAt: Date | null;
  /** the findings this audit retests (audit_findings role RETESTED) */
  retestedFindingIds: string[];
}

/** An auditor's OPEN audits and those completed after `completedAfter` (the policy's grace). */
export interface AccessAuditKey {
  auditorId: string;
  completedAfter: Date;
}

/** Each loader is built on its first use in an operation (src/graphql/context.ts). */
export const auditLoaders = {
  auditById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(AuditEntity), 'id'),
  /** The same lists, each audit's auditor read in the same statement and primed into organizationById. */
  auditsWithAuditorByVersion: ({
    db,
    organizationById,
  }: LoaderScope & { organizationById: DataLoader<string, OrganizationEntity | null> }) =>
    loaderGroupedByWithJoined(
      db.getRepository(AuditEntity),
      'modelVersionId',
      { startedAt: 'DESC', id: 'ASC' },
      { repo: db.getRepository(OrganizationEntity), on: 'auditorId', prime: organizationById },
    ),
  auditsByVersion: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(AuditEntity), 'modelVersionId', {
      startedAt: 'DESC',
      id: 'ASC',
    }),
  auditFindingsByAudit: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(AuditFindingEntity), 'auditId', {
      role: 'ASC',
      findingId: 'ASC',
    }),
  /** One statement per batch, however many findings ask (usually one auditor per operation). */
  accessAuditsByAuditor: ({ db }: LoaderScope) =>
    new DataLoader<AccessAuditKey, AccessAudit[], string>(
      async (keys) => {
        const since = new Date(Math.min(...keys.map((k) => k.completedAfter.getTime())));
        const rows: {
          id: string;
          auditor_id: string;
          model_version_id: string;
          developer_id: string;
          kind: AuditKind;
          status: AuditStatus;
          scopes: AuditScope[];
          completed_at: Date | null;
          retested: string[];
        }[] = await db.query(
          `SELECT a.id::text AS id, a.auditor_id::text AS auditor_id, a.model_version_id::text AS model_version_id,
                  v.developer_id::text AS developer_id, a.kind, a.status, a.scopes, a.completed_at,
                  COALESCE(array_agg(af.finding_id::text) FILTER (WHERE af.finding_id IS NOT NULL), '{}') AS retested
             FROM audits a
             JOIN model_versions v ON v.id = a.model_version_id
             LEFT JOIN audit_findings af ON af.audit_id = a.id AND af.role = 'RETESTED'
            WHERE a.auditor_id = ANY($1::uuid[]) AND (a.status = 'OPEN' OR a.completed_at > $2)
            GROUP BY a.id, v.developer_id
            ORDER BY a.id`,
          [[...new Set(keys.map((k) => k.auditorId))], since],
        );
        const audits: AccessAudit[] = rows.map((r) => ({
          id: r.id,
          auditorId: r.auditor_id,
          modelVersionId: r.model_version_id,
          developerId: r.developer_id,
          kind: r.kind,
          status: r.status,
          scopes: r.scopes,
          completedAt: r.completed_at,
          retestedFindingIds: r.retested,
        }));
        return keys.map((k) =>
          audits.filter(
            (a) => a.auditorId === k.auditorId && (a.status === 'OPEN' || (a.completedAt !== null && a.completedAt > k.completedAfter)),
          ),
        );
      },
      { cacheKeyFn: (k) => `${k.auditorId}|${k.completedAfter.toISOString()}` },
    ),
};
