/**
 * Who may read what. The one place that decides access to restricted data; resolvers ask here.
 *
 * Until authentication lands (see docs/access-control.md), every caller is anonymous, and anonymous
 * callers never see restricted finding details.
 */
import type { FindingEntity } from '../../persistence/entities';
import type { GraphQLContext } from '../../graphql/context';

export type Role = 'REGULATOR' | 'ANALYST' | 'AUDITOR' | 'DEVELOPER' | 'PARTNER_AGENCY';

export interface Viewer {
  subject: string | null;
  organizationId: string | null;
  roles: Role[];
}

export const ANONYMOUS: Viewer = { subject: null, organizationId: null, roles: [] };

/** The actor string recorded in histories and events. */
export function actorOf(viewer: Viewer): string {
  return viewer.subject ?? 'anonymous';
}

/**
 * Restricted details go only to the affected model's developer, auditors with an audit of an
 * affected version, regulators and analysts.
 */
export async function mayReadRestrictedDetails(ctx: GraphQLContext, finding: FindingEntity): Promise<boolean> {
  const { viewer } = ctx;
  if (viewer.roles.includes('REGULATOR') || viewer.roles.includes('ANALYST')) return true;
  if (viewer.roles.includes('DEVELOPER') && viewer.organizationId === finding.developerId) return true;
  if (viewer.roles.includes('AUDITOR') && viewer.organizationId) {
    const versions = await ctx.loaders.affectedVersionsByFinding.load(finding.id);
    const audits = await ctx.loaders.auditsByVersion.loadMany(versions.map((v) => v.id));
    return audits.some((list) => Array.isArray(list) && list.some((a) => a.auditorId === viewer.organizationId));
  }
  return false;
}
