/** What the lineage resolvers hand to GraphQL (codegen mappers). */
import type { ExportOutcome, InheritedStatus, JurisdictionTier, LineageStep } from '../../domain';

export interface LineageAncestorModel {
  versionId: string;
  depth: number;
  path: LineageStep[];
}

export interface BlastRadiusEntryModel {
  versionId: string;
  reach: 'DIRECT' | 'INHERITED';
  path: LineageStep[];
  status: InheritedStatus;
  outcomes: { tier: JurisdictionTier; outcome: ExportOutcome }[];
}
