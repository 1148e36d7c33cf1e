/**
 * Per-operation loaders of the engine's plain facts, so evaluating many versions, findings or
 * audits in one operation stays a fixed number of SQL statements.
 */
import DataLoader from 'dataloader';
import type { LoaderScope } from '../../persistence/batch';
import type { AuditFacts, AuditorFacts, FindingFacts, ModelAuditHistoryEntry, ModelVersionFacts } from '../../domain';
import type { OverrideChangeFact } from '../../domain';
import { loadAuditFacts, loadAuditorFacts, loadFindingFacts, loadModelAuditHistory, loadModelVersionFacts } from './facts-store';
import { loadOverrideHistories } from './override-history-store';

export interface AuditQualificationInput {
  audit: AuditFacts;
  auditor: AuditorFacts | null;
  modelAuditHistory: ModelAuditHistoryEntry[];
}

/** Each loader is built on its first use in an operation (src/graphql/context.ts). */
export const engineLoaders = {
  versionFacts: ({ db }: LoaderScope) =>
    new DataLoader<string, ModelVersionFacts | null>(async (ids) => {
      const facts = await loadModelVersionFacts(db.manager, [...ids]);
      return ids.map((id) => facts.get(id) ?? null);
    }),
  /** Per version: each jurisdiction's override history (code → changes in replay order). */
  overrideHistoryByVersion: ({ db }: LoaderScope) =>
    new DataLoader<string, Map<string, OverrideChangeFact[]>>(async (ids) => {
      const histories = await loadOverrideHistories(db.manager, ids);
      return ids.map((id) => histories.get(id) ?? new Map());
    }),
  findingFacts: ({ db }: LoaderScope) =>
    new DataLoader<string, FindingFacts | null>(async (ids) => {
      const facts = await loadFindingFacts(db.manager, [...ids]);
      return ids.map((id) => facts.get(id) ?? null);
    }),
  auditQualificationInput: ({ db }: LoaderScope) =>
    new DataLoader<string, AuditQualificationInput | null>(async (ids) => {
      const audits = await loadAuditFacts(db.manager, { auditIds: [...ids] });
      const auditors = await loadAuditorFacts(db.manager, [...new Set(audits.map((a) => a.auditorId))]);
      const history = await loadModelAuditHistory(db.manager, [...new Set(audits.map((a) => a.modelId))]);
      const byId = new Map(audits.map((a) => [a.id, a]));
      return ids.map((id) => {
        const audit = byId.get(id);
        if (!audit) return null;
        return {
          audit,
          auditor: auditors.get(audit.auditorId) ?? null,
          modelAuditHistory: history.get(audit.modelId) ?? [],
        };
      });
    }),
};
