import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import {
  DecisionExplanationEntity,
  ExportDecisionChangeEntity,
  ExportDecisionEntity,
  JurisdictionEntity,
  PolicyVersionEntity,
} from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy } from '../../persistence/batch';
import { readPolicyVersions } from './policy-service';
import { allJurisdictions } from './jurisdictions-reference';

export function createDecisionLoaders(db: DataSource) {
  return {
    jurisdictionById: loaderByKey(db.getRepository(JurisdictionEntity), 'id'),
    jurisdictionByCode: loaderByKey(db.getRepository(JurisdictionEntity), 'code'),
    exportDecisionById: loaderByKey(db.getRepository(ExportDecisionEntity), 'id'),
    exportDecisionsByVersion: loaderGroupedBy(db.getRepository(ExportDecisionEntity), 'modelVersionId', {
      createdAt: 'ASC',
      id: 'ASC',
    }),
    decisionHistoryByDecision: loaderGroupedBy(db.getRepository(ExportDecisionChangeEntity), 'exportDecisionId', {
      changedAt: 'ASC',
      id: 'ASC',
    }),
    decisionExplanationById: loaderByKey(db.getRepository(DecisionExplanationEntity), 'id'),
    policyVersionById: loaderByKey(db.getRepository(PolicyVersionEntity), 'id'),
    /** Every jurisdiction (read once per process: jurisdictions-reference.ts) and every policy version (once per operation). */
    allJurisdictions: new DataLoader<'all', JurisdictionEntity[]>(async (keys) => {
      const rows = await allJurisdictions(db);
      return keys.map(() => rows);
    }),
    allPolicyVersions: new DataLoader<'all', PolicyVersionEntity[]>(async (keys) => {
      const rows = await readPolicyVersions(db.manager);
      return keys.map(() => rows);
    }),
  };
}
