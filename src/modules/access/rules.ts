/**
 * Who may read and do what: the one place that decides. Resolvers and use cases ask here; the
 * matrix is written down in docs/access-control.md.
 */
import { GraphQLError } from 'graphql';
import {
  auditAccessOpenAt,
  auditorQualifiedAt,
  restrictedAccessGraceDays,
  type AuditKind,
  type AuditorStanding,
  type AuditScope,
  type AuditStatus,
  type PolicyDocument,
} from '../../domain';
import { DAY_MS } from '../../domain/time';
import type { FindingEntity } from '../../persistence/entities';
import type { GraphQLContext } from '../../graphql/context';
import { policyInForce } from '../decisions/policy-service';
import { lineageLoaders } from '../lineage/loaders';

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
  | 'finding.assign'
  | 'finding.import'
  | 'accreditation.register'
  | 'conflict.declare'
  | 'audit.open'
  | 'audit.complete'
  | 'decision.override'
  | 'policy.publish'
  | 'webhook.manage'
  | 'proposedChange.decide'
  | 'lineage.declare'
  | 'lineage.recordNotAffected'
  | 'lineage.grantDetails';

/** What the action is about: the developer whose models are concerned, the auditor acting. */
export interface ActionScope {
  developerId?: string | null;
  auditorId?: string | null;
  /** The organization that owns the object (webhooks). */
  organizationId?: string | null;
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
  // Owners are government staff of the assigner's organization (schema/assignment.graphql).
  'finding.assign': government,
  // Imports of outside catalogues (AVID, OSV; issue 15) create findings and organizations: government staff.
  'finding.import': government,
  'accreditation.register': regulator,
  'conflict.declare': any(regulator, ownAuditor),
  'audit.open': ownAuditor,
  'audit.complete': ownAuditor,
  'decision.override': regulator,
  'policy.publish': regulator,
  // Webhooks: any organization with a role for its own (scope.organizationId; `authorizeRole`
  // passes the viewer's own organization as developerId); regulators for every organization.
  'webhook.manage': any(regulator, (v, s) => v.roles.length > 0 && !!v.organizationId && v.organizationId === (s.organizationId ?? s.developerId)),
  // Four eyes: approving (never one's own proposal) or withdrawing a proposed change.
  'proposedChange.decide': regulator,
  // Model lineage (issue 19): the child's developer or a regulator declares and retracts parents;
  // only a regulator clears an inherited finding on a descendant as "not affected".
  'lineage.declare': any(regulator, ownDeveloper),
  'lineage.recordNotAffected': regulator,
  // Only a regulator lets a descendant's developer read an inherited finding's restricted details.
  'lineage.grantDetails': regulator,
};

export function can(viewer: Viewer, action: Action, scope: ActionScope = {}): boolean {
  return WRITE_RULES[action](viewer, scope);
}

/** The actions of `among` the viewer may perform on this scope (the explorer's controls: `viewerActions`). */
export function allowedActions(viewer: Viewer, among: readonly Action[], scope: ActionScope = {}): Action[] {
  return among.filter((action) => can(viewer, action, scope));
}

/** The actions whose role check (`authorizeRole`) the viewer passes: what it may do at all. */
export function allowedRoleActions(viewer: Viewer): Action[] {
  const own = { developerId: viewer.organizationId, auditorId: viewer.organizationId };
  return allowedActions(viewer, Object.keys(WRITE_RULES) as Action[], own);
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
 * Restricted details go only to the affected model's developer, regulators and analysts, auditors
 * through an audit that gives access (`auditorMayReadRestrictedDetails`), and the developer of a
 * derived version under a regulator's standing grant (`developerMayReadRestrictedDetails`). Everyone
 * else — partner agencies, other developers and auditors, anonymous callers — gets null, exactly as
 * for a finding without details, so the answer reveals nothing about what exists.
 */
export async function mayReadRestrictedDetails(ctx: GraphQLContext, finding: FindingEntity): Promise<boolean> {
  const { viewer } = ctx;
  if (viewer.subject === null) return false;
  if (viewer.roles.includes('REGULATOR') || viewer.roles.includes('ANALYST')) return true;
  if (viewer.roles.includes('DEVELOPER') && viewer.organizationId !== null) {
    if (viewer.organizationId === finding.developerId) return true;
    // Batched per operation: one statement for any number of findings.
    const grantees = await lineageLoaders(ctx).detailsGranteesByFinding.load(finding.id);
    if (developerMayReadRestrictedDetails(viewer.organizationId, finding, grantees)) return true;
  }
  if (viewer.roles.includes('AUDITOR') && viewer.organizationId !== null) {
    const auditorId = viewer.organizationId;
    // Every statement below goes through a per-operation loader: a fixed number for any number of findings.
    const policy = await policyInForce(ctx);
    if (!policy) return false;
    const completedAfter = new Date(ctx.now.getTime() - restrictedAccessGraceDays(policy.document) * DAY_MS);
    const audits = await ctx.loaders.accessAuditsByAuditor.load({ auditorId, completedAfter });
    if (audits.length === 0) return false;
    const [versions, accreditations, conflicts] = await Promise.all([
      ctx.loaders.affectedVersionsByFinding.load(finding.id),
      ctx.loaders.accreditationsByAuditor.load(auditorId),
      ctx.loaders.conflictsByAuditor.load(auditorId),
    ]);
    return auditorMayReadRestrictedDetails(
      { id: auditorId, accreditations, conflicts },
      audits,
      { id: finding.id, affectedVersionIds: versions.map((v) => v.id), fixedInVersionId: finding.fixedInVersionId },
      ctx.now,
      policy.document,
    );
  }
  return false;
}

/**
 * A developer reads a finding's restricted details when the finding is its own, or while a
 * regulator's grant to it stands — made for a derived version of its that inherited the finding
 * when granted (`grantInheritedFindingDetails`; `granteeIds`: the organizations holding a standing grant).
 */
export function developerMayReadRestrictedDetails(
  organizationId: string,
  finding: { developerId: string },
  granteeIds: readonly string[],
): boolean {
  return organizationId === finding.developerId || granteeIds.includes(organizationId);
}

/**
 * Who sees the grants of an inherited finding's details on a version (who was let in, by whom,
 * why): government staff, the grantee (the version's developer) and the finding's own developer.
 */
export function mayViewDetailsGrants(viewer: Viewer, scope: { versionDeveloperId: string; findingDeveloperId: string }): boolean {
  if (government(viewer, {})) return true;
  return (
    has(viewer, 'DEVELOPER') &&
    viewer.organizationId !== null &&
    (viewer.organizationId === scope.versionDeveloperId || viewer.organizationId === scope.findingDeveloperId)
  );
}

/** What the auditor rule needs to know about an audit (src/modules/audits/loaders.ts, `AccessAudit`). */
export interface RestrictedAccessAudit {
  auditorId: string;
  modelVersionId: string;
  /** the developer of the audited version */
  developerId: string;
  kind: AuditKind;
  status: AuditStatus;
  scopes: readonly AuditScope[];
  completedAt: Date | null;
  retestedFindingIds: readonly string[];
}

/** What the auditor rule needs to know about the finding. */
export interface RestrictedAccessFinding {
  id: string;
  affectedVersionIds: readonly string[];
  fixedInVersionId: string | null;
}

/**
 * Whether the audit is about the finding: an audit of a version the finding affects, or a RETEST
 * audit of the finding's fix version that names the finding among the findings it retests (the
 * retesting auditor must read the prompt it retests — that finding's, not others').
 */
export function auditConcernsFinding(audit: RestrictedAccessAudit, finding: RestrictedAccessFinding): boolean {
  if (finding.affectedVersionIds.includes(audit.modelVersionId)) return true;
  return (
    audit.kind === 'RETEST' &&
    finding.fixedInVersionId !== null &&
    audit.modelVersionId === finding.fixedInVersionId &&
    audit.retestedFindingIds.includes(finding.id)
  );
}

/**
 * An auditor reads a finding's restricted details at `at` through one of its own audits that
 * concerns the finding (`auditConcernsFinding`), while the audit is OPEN — or completed within the
 * policy's `audits.restrictedAccessGrace` (none by default) — and while the auditor is qualified
 * for it at `at`: accredited then for every scope of the audit, not the developer, no declared
 * conflict with the developer within the look-back (src/domain/auditor-standing.ts).
 */
export function auditorMayReadRestrictedDetails(
  auditor: AuditorStanding,
  audits: readonly RestrictedAccessAudit[],
  finding: RestrictedAccessFinding,
  at: Date,
  policy: PolicyDocument,
): boolean {
  return audits.some(
    (a) =>
      a.auditorId === auditor.id &&
      auditConcernsFinding(a, finding) &&
      auditAccessOpenAt(a, at, policy) &&
      auditorQualifiedAt(auditor, a, at, policy),
  );
}

// ---------------------------------------------------------------------------------------------
// Findings before their public disclosure (docs/access-control.md, "Undisclosed findings")

/**
 * The disclosure audience that makes a finding public. A disclosure of any kind (INITIAL or
 * AMENDED) to this audience counts; disclosures to GOVERNMENT or PARTNER_AGENCIES do not.
 * (`recordDisclosure` refuses dates in the future, so a recorded disclosure has been made.)
 */
export const PUBLIC_DISCLOSURE_AUDIENCE = 'PUBLIC' as const;

/**
 * Whether the viewer sees findings (their public summary — never restricted details) before any
 * public disclosure: every caller with a token and at least one role — regulators, analysts,
 * developers, auditors, partner agencies. Anonymous callers and tokens without a role are the
 * public: like CVE's reserved records and GitHub's private advisories, a finding is hidden from
 * them until it is publicly disclosed.
 */
export function seesUndisclosedFindings(viewer: Viewer): boolean {
  return viewer.subject !== null && viewer.roles.length > 0;
}

/**
 * May the viewer see this finding at all (its summary, its events, its public id in decision
 * reasons)? The one rule for every read path — queries, `node`, `_entities`, lists, search,
 * subscriptions — and for future exports, feeds and webhooks: reuse it, with
 * `publiclyDisclosedSql`/`findingVisibilitySql` in SQL.
 */
export function mayViewFinding(viewer: Viewer, isPubliclyDisclosed: boolean): boolean {
  return isPubliclyDisclosed || seesUndisclosedFindings(viewer);
}

/** SQL: true when the finding whose id is the expression `findingId` has a public disclosure. */
export function publiclyDisclosedSql(findingId: string): string {
  return `EXISTS (SELECT 1 FROM disclosures pub_d WHERE pub_d.finding_id = ${findingId} AND pub_d.audience = '${PUBLIC_DISCLOSURE_AUDIENCE}')`;
}

/** `mayViewFinding` as a SQL condition on the finding id expression `findingId`; null: no restriction. */
export function findingVisibilitySql(viewer: Viewer, findingId: string): string | null {
  return seesUndisclosedFindings(viewer) ? null : publiclyDisclosedSql(findingId);
}

// ---------------------------------------------------------------------------------------------
// Registry events (docs/access-control.md, "Events")

/** The event recorded for every read of restricted details (src/modules/access/restricted-reads.ts). */
export const RESTRICTED_DETAILS_READ = 'RESTRICTED_DETAILS_READ';

/**
 * Who may list the log of restricted-details reads: regulators all of it, the developer of a
 * finding the reads of its own findings. Nobody else learns those events exist.
 */
export function mayViewRestrictedReadLog(viewer: Viewer, findingDeveloperId: string | null): boolean {
  if (has(viewer, 'REGULATOR')) return true;
  return has(viewer, 'DEVELOPER') && viewer.organizationId !== null && viewer.organizationId === findingDeveloperId;
}

/** What the event rule needs to know about an event whose subject is a finding. */
export interface EventFindingFacts {
  developerId: string;
  isPubliclyDisclosed: boolean;
}

/** The events' subject type of proposed changes (four eyes). */
export const PROPOSED_CHANGE_SUBJECT = 'ProposedChange';

/**
 * May the viewer see this registry event (in `events`, `node`, and every subscription feed)?
 * Reads of restricted details follow `mayViewRestrictedReadLog`; any event about a finding follows
 * `mayViewFinding`; events about proposed changes are for regulators and analysts. `finding` is
 * the event's subject when that is a Finding (null when unknown). `eventVisibilitySql` is the same
 * rule in SQL.
 */
export function mayViewEvent(
  viewer: Viewer,
  event: { type: string; subjectType: string },
  finding: EventFindingFacts | null,
): boolean {
  if (event.type === RESTRICTED_DETAILS_READ && !mayViewRestrictedReadLog(viewer, finding?.developerId ?? null)) return false;
  if (event.subjectType === 'Finding' && !mayViewFinding(viewer, finding?.isPubliclyDisclosed ?? false)) return false;
  // Four eyes: proposals are government business until applied (`proposedChanges` is theirs too).
  if (event.subjectType === PROPOSED_CHANGE_SUBJECT && !government(viewer, {})) return false;
  return true;
}

/** Whether `mayViewEvent` needs the subject finding's facts for this viewer and event. */
export function eventNeedsFindingFacts(viewer: Viewer, event: { type: string; subjectType: string }): boolean {
  if (event.subjectType !== 'Finding') return false;
  if (event.type === RESTRICTED_DETAILS_READ) return !has(viewer, 'REGULATOR');
  return !seesUndisclosedFindings(viewer);
}

/**
 * `mayViewEvent` as a SQL condition over the events alias `e` (TypeORM named parameters); null
 * when the viewer sees every event.
 */
export function eventVisibilitySql(viewer: Viewer, e = 'e'): { sql: string; params: Record<string, unknown> } | null {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (!has(viewer, 'REGULATOR')) {
    if (has(viewer, 'DEVELOPER') && viewer.organizationId !== null) {
      conditions.push(
        `(${e}.type <> '${RESTRICTED_DETAILS_READ}' OR EXISTS (SELECT 1 FROM findings rd_f WHERE rd_f.id = ${e}.subject_id AND rd_f.developer_id = CAST(:readLogDeveloperId AS uuid)))`,
      );
      params.readLogDeveloperId = viewer.organizationId;
    } else {
      conditions.push(`${e}.type <> '${RESTRICTED_DETAILS_READ}'`);
    }
  }
  if (!seesUndisclosedFindings(viewer)) {
    conditions.push(`(${e}.subject_type <> 'Finding' OR ${publiclyDisclosedSql(`${e}.subject_id`)})`);
  }
  if (!government(viewer, {})) conditions.push(`${e}.subject_type <> '${PROPOSED_CHANGE_SUBJECT}'`);
  return conditions.length > 0 ? { sql: conditions.join(' AND '), params } : null;
}

/**
 * Who gets a full recomputation of the event log from `verifyEventChain`: regulators (it reads
 * every event). Everyone else, anonymous callers included, gets the registry's cached verification
 * of the head (continued from the last event verified before; docs/access-control.md).
 */
export function mayVerifyEventLogInFull(viewer: Viewer): boolean {
  return has(viewer, 'REGULATOR');
}

/** Who may read proposed changes (`proposedChanges`): regulators and analysts. */
export function authorizeProposedChangeRead(viewer: Viewer): void {
  if (government(viewer, {})) return;
  if (viewer.subject === null) throw new GraphQLError('Sign in to do this.', { extensions: { code: 'UNAUTHENTICATED' } });
  throw new GraphQLError('Only regulators and analysts may read proposed changes.', { extensions: { code: 'FORBIDDEN' } });
}

/**
 * Who may run a policy what-if (`simulatePolicy`): regulators and analysts. It evaluates every
 * version, so its reasons name every finding; the callers see undisclosed findings anyway.
 * Throws UNAUTHENTICATED / FORBIDDEN otherwise.
 */
export function authorizePolicySimulation(viewer: Viewer): void {
  if (government(viewer, {})) return;
  if (viewer.subject === null) throw new GraphQLError('Sign in to do this.', { extensions: { code: 'UNAUTHENTICATED' } });
  throw new GraphQLError('Only regulators and analysts may simulate a policy.', { extensions: { code: 'FORBIDDEN' } });
}
