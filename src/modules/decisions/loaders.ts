import DataLoader from 'dataloader';
import {
  DecisionExplanationEntity,
  ExportDecisionChangeEntity,
  ExportDecisionEntity,
  JurisdictionEntity,
  PolicyVersionEntity,
} from '../../persistence/entities';
import { loaderByKey, loaderGroupedBy, type LoaderScope } from '../../persistence/batch';
import { readPolicyVersions } from './policy-documents';
import { allJurisdictions } from './jurisdictions-reference';

/** Each loader is built on its first use in an operation (src/graphql/context.ts). */
export const decisionLoaders = {
  jurisdictionById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(JurisdictionEntity), 'id'),
  jurisdictionByCode: ({ db }: LoaderScope) => loaderByKey(db.getRepository(JurisdictionEntity), 'code'),
  exportDecisionById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(ExportDecisionEntity), 'id'),
  exportDecisionsByVersion: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(ExportDecisionEntity), 'modelVersionId', {
      createdAt: 'ASC',
      id: 'ASC',
    }),
  decisionHistoryByDecision: ({ db }: LoaderScope) =>
    loaderGroupedBy(db.getRepository(ExportDecisionChangeEntity), 'exportDecisionId', {
      changedAt: 'ASC',
      id: 'ASC',
    }),
  decisionExplanationById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(DecisionExplanationEntity), 'id'),
  policyVersionById: ({ db }: LoaderScope) => loaderByKey(db.getRepository(PolicyVersionEntity), 'id'),
  /**
   * Every jurisdiction (read once per process: jurisdictions-reference.ts) and every policy version
   * (its small columns once per operation, each document once per process: policy-documents.ts).
   */
  allJurisdictions: ({ db }: LoaderScope) =>
    new DataLoader<'all', JurisdictionEntity[]>(async (keys) => {
      const rows = await allJurisdictions(db);
      return keys.map(() => rows);
    }),
  allPolicyVersions: ({ db }: LoaderScope) =>
    new DataLoader<'all', PolicyVersionEntity[]>(async (keys) => {
      const rows = await readPolicyVersions(db.manager);
      return keys.map(() => rows);
    }),
};
