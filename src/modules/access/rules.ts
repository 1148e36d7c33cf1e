/**
 * Who may read and do what: the one place that decides. Resolvers and use cases ask here; the
 * matrix is written down in docs/access-control.md.
 */
import { GraphQLError } from 'graphql';
import type { FindingEntity } from '../../persistence/entities';
import type { GraphQLContext } from '../../graphql/context';

export const ROLES = ['REGULATOR', 'ANALYST', 'AUDITOR', 'DEVELOPER', 'PARTNER_AGENCY'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  /** the token's subject (a person or system); null when anonymous */
  subject: string | null;
  /** the organization the subject acts for */
  organizationId: string | null;
  roles: Role[];
}

export const ANONYMOUS: Viewer = { subject: null, organizationId: null, roles: [] };

/** The actor string recorded in histories and events. */
export function actorOf(viewer: Viewer): string {
  return viewer.subject ?? 'anonymous';
}

/** Every write the registry offers. */
export type Action =
  | 'organization.register'
  | 'model.register'
  | 'modelVersion.register'
  | 'modelVersion.update'
  | 'modelVersion.retire'
  | 'modelVersion.suspend'
  | 'modelVersion.reinstate'
  | 'finding.report'
  | 'finding.assess'
  | 'finding.transition'
  | 'finding.linkFix'
  | 'finding.disclose'
  | 'accreditation.register'
  | 'conflict.declare'
  | 'audit.open'
  | 'audit.complete'
  | 'decision.override'
  | 'policy.publish';

/** What the action is about: the developer whose models are concerned, the auditor acting. */
export interface ActionScope {
  developerId?: string | null;
  auditorId?: string | null;
}

type Rule = (viewer: Viewer, scope: ActionScope) => boolean;

const has = (viewer: Viewer, role: Role) => viewer.roles.includes(role);
const regulator: Rule = (v) => has(v, 'REGULATOR');
const government: Rule = (v) => has(v, 'REGULATOR') || has(v, 'ANALYST');
const ownDeveloper: Rule = (v, s) => has(v, 'DEVELOPER') && !!v.organizationId && v.organizationId === s.developerId;
const ownAuditor: Rule = (v, s) => has(v, 'AUDITOR') && !!v.organizationId && v.organizationId === s.auditorId;
const any =
  (...rules: Rule[]): Rule =>
  (v, s) =>
    rules.some((r) => r(v, s));

/** The write matrix (docs/access-control.md). */
export const WRITE_RULES: Record<Action, Rule> = {
  'organization.register': regulator,
  'model.register': any(regulator, ownDeveloper),
  'modelVersion.register': any(regulator, ownDeveloper),
  'modelVersion.update': any(regulator, ownDeveloper),
  'modelVersion.retire': any(regulator, ownDeveloper),
  'modelVersion.suspend': regulator,
  'modelVersion.reinstate': regulator,
  // Researchers' reports are recorded by government staff; developers and auditors report directly.
  'finding.report': any(government, ownDeveloper, (v) => has(v, 'AUDITOR')),
  'finding.assess': government,
  'finding.transition': any(government, ownDeveloper),
  'finding.linkFix': any(regulator, ownDeveloper),
  'finding.disclose': any(regulator, ownDeveloper),
  'accreditation.register': regulator,
  'conflict.declare': any(regulator, ownAuditor),
  'audit.open': ownAuditor,
  'audit.complete': ownAuditor,
  'decision.override': regulator,
  'policy.publish': regulator,
};

export function can(viewer: Viewer, action: Action, scope: ActionScope = {}): boolean {
  return WRITE_RULES[action](viewer, scope);
}

/**
 * Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN when the viewer may not perform the
 * action on this scope. Called by every use case before it writes anything.
 */
export function authorize(viewer: Viewer, action: Action, scope: ActionScope = {}): void {
  if (can(viewer, action, scope)) return;
  if (viewer.subject === null) {
    throw new GraphQLError('Sign in to do this.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  throw new GraphQLError(`You may not perform ${action} here.`, { extensions: { code: 'FORBIDDEN', action } });
}

/**
 * Checked before a use case reads anything: whether the viewer's roles could perform the action
 * at all (on their own organization's objects). Callers without the right role learn nothing
 * about the objects they name; the scoped `authorize` follows once the objects are loaded.
 */
export function authorizeRole(viewer: Viewer, action: Action): void {
  authorize(viewer, action, { developerId: viewer.organizationId, auditorId: viewer.organizationId });
}

/**
 * Every field that carries restricted data, by schema coordinate, with the read rule that guards
 * it. The authorization matrix test derives the restricted fields from the SDL (types named
 * `Restricted*`, fields or types marked `@authenticated`, `@requiresScopes` or `@policy`) and
 * fails when one is missing here; every coordinate listed must resolve through `readRestricted…`
 * functions (src/modules/access/restricted-reads.ts), which check the rule and record the read.
 */
export const RESTRICTED_FIELDS = [
  { coordinate: 'Finding.restrictedDetails', rule: 'finding.restrictedDetails' },
] as const satisfies readonly { coordinate: string; rule: RestrictedRead }[];

/** Every read of restricted data. */
export type RestrictedRead = 'finding.restrictedDetails';

/**
 * Restricted details go only to the affected model's developer, auditors with an audit (in any
 * state) of an affected version, regulators and analysts. Everyone else — partner agencies, other
 * developers and auditors, anonymous callers — gets null, exactly as for a finding without
 * details, so the answer reveals nothing about what exists.
 */
export async function mayReadRestrictedDetails(ctx: GraphQLContext, finding: FindingEntity): Promise<boolean> {
  const { viewer } = ctx;
  if (viewer.subject === null) return false;
  if (viewer.roles.includes('REGULATOR') || viewer.roles.includes('ANALYST')) return true;
  if (viewer.roles.includes('DEVELOPER') && viewer.organizationId !== null && viewer.organizationId === finding.developerId) return true;
  if (viewer.roles.includes('AUDITOR') && viewer.organizationId !== null) {
    const versions = await ctx.loaders.affectedVersionsByFinding.load(finding.id);
    const audits = await ctx.loaders.auditsByVersion.loadMany(versions.map((v) => v.id));
    return audits.some((list) => Array.isArray(list) && list.some((a) => a.auditorId === viewer.organizationId));
  }
  return false;
}
