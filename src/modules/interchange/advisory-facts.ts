/**
 * The public facts of a finding an advisory is built from, loaded through the operation's
 * DataLoaders (so a page of findings costs a fixed number of statements). Restricted details are
 * never loaded here: no advisory can carry them.
 */
import type { GraphQLContext } from '../../graphql/context';
import type { FindingEntity } from '../../persistence/entities';
import { interchangeLoaders, type OutsideScoreRecord } from './loaders';

export interface AdvisoryVersion {
  id: string;
  developer: string;
  model: string;
  version: string;
}

export interface AdvisoryFacts {
  publicId: string;
  title: string;
  summary: string;
  category: string;
  status: string;
  developer: string;
  reportedAt: Date;
  discoveredAt: Date;
  updatedAt: Date;
  rowVersion: number;
  /** first public disclosure, if any */
  publishedAt: Date | null;
  affected: AdvisoryVersion[];
  fixedIn: AdvisoryVersion | null;
  references: { system: string; identifier: string; url: string | null; atlasRelease: string | null }[];
  /** the registry's current assessment (CVSS v4.0 base + AI factors) */
  severity: { cvssVector: string; cvssScore: number; score: number; level: string; interventionTier: string; policyVersion: string; assessedAt: Date } | null;
  outsideScores: OutsideScoreRecord[];
  statusHistory: { to: string; occurredAt: Date; reason: string | null }[];
}

export async function loadAdvisoryFacts(ctx: GraphQLContext, f: FindingEntity): Promise<AdvisoryFacts> {
  const l = ctx.loaders;
  const [developer, affected, fixed, references, assessments, disclosures, history, outside] = await Promise.all([
    l.organizationById.load(f.developerId),
    l.affectedVersionsByFinding.load(f.id),
    f.fixedInVersionId ? l.modelVersionById.load(f.fixedInVersionId) : Promise.resolve(null),
    l.referencesByFinding.load(f.id),
    l.assessmentsByFinding.load(f.id),
    l.disclosuresByFinding.load(f.id),
    l.statusHistoryByFinding.load(f.id),
    interchangeLoaders(ctx).outsideScoresByFinding.load(f.id),
  ]);
  const versions = [...affected, ...(fixed ? [fixed] : [])];
  const models = await l.modelById.loadMany([...new Set(versions.map((v) => v.modelId))]);
  const modelName = new Map(models.filter((m) => m && !(m instanceof Error)).map((m) => [(m as { id: string }).id, (m as { name: string }).name]));
  const developerName = developer?.name ?? 'unknown developer';
  const asVersion = (v: { id: string; modelId: string; name: string }): AdvisoryVersion => ({
    id: v.id,
    developer: developerName,
    model: modelName.get(v.modelId) ?? 'unknown model',
    version: v.name,
  });
  const current = assessments[0];
  const publicDisclosure = disclosures.filter((d) => d.audience === 'PUBLIC').sort((a, b) => a.disclosedAt.getTime() - b.disclosedAt.getTime())[0];
  return {
    publicId: f.publicId,
    title: f.title,
    summary: f.summary,
    category: f.category,
    status: f.status,
    developer: developerName,
    reportedAt: f.reportedAt,
    discoveredAt: f.discoveredAt,
    updatedAt: f.updatedAt,
    rowVersion: f.rowVersion,
    publishedAt: publicDisclosure?.disclosedAt ?? null,
    affected: affected.map(asVersion),
    fixedIn: fixed ? asVersion(fixed) : null,
    references: references.map((r) => ({ system: r.system, identifier: r.identifier, url: r.url, atlasRelease: r.atlasRelease })),
    severity: current
      ? {
          cvssVector: current.cvssVector,
          cvssScore: current.cvssScore,
          score: current.score,
          level: current.level,
          interventionTier: current.interventionTier,
          policyVersion: current.policyVersion,
          assessedAt: current.assessedAt,
        }
      : null,
    outsideScores: outside,
    statusHistory: history.map((h) => ({ to: h.toStatus, occurredAt: h.occurredAt, reason: h.reason })),
  };
}
