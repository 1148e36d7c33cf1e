/**
 * Use cases that change findings: report, assess, move through the lifecycle, link the fix,
 * record disclosures. Each runs in one transaction, checks its input and the caller's rights,
 * appends an event and recomputes the export decisions of the versions concerned.
 */
import type { EntityManager } from 'typeorm';
import {
  assessSeverity,
  InvalidCvssVectorError,
  selectEffectivePolicy,
  type FindingStatus,
  type PolicyDocument,
} from '../../domain';
import { checkTransition } from '../../domain/finding-transitions';
import type { GraphQLContext } from '../../graphql/context';
import type {
  AssessFindingSeverityInput,
  LinkFixVersionInput,
  RecordDisclosureInput,
  ReportFindingInput,
  TransitionFindingInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../../graphql/mutation-runner';
import { FindingEntity, ModelVersionEntity, OrganizationEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { loadPolicies, recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import { inputId, lockForUpdate, mustFind } from '../shared/write-support';
import { insertRestrictedDetails } from './restricted-details-store';
import { checkAtlasReferences } from '../interchange/atlas-store';

export interface FindingRef {
  findingId: string;
}

const PUBLIC_ID = /^MSR-\d{4}-\d{4,}$/;
const CVE = /^CVE-\d{4}-\d{4,}$/;
const ATLAS = /^AML\.T\d{4}(\.\d{3})?$/;
const MAX_AFFECTED = 100;
const MAX_REFERENCES = 20;

export async function policyInForceAt(tx: EntityManager, at: Date): Promise<PolicyDocument> {
  const policy = selectEffectivePolicy(await loadPolicies(tx), at);
  if (!policy) throw new UserInputProblem(problem('NO_POLICY_IN_FORCE', 'No policy version is in force.', []));
  return policy;
}

async function versionsConcerned(tx: EntityManager, findingId: string): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(
    `SELECT model_version_id AS id FROM finding_affected_versions WHERE finding_id = $1
     UNION SELECT fixed_in_version_id AS id FROM findings WHERE id = $1 AND fixed_in_version_id IS NOT NULL`,
    [findingId],
  );
  return rows.map((r) => r.id);
}

export /** The next generated public id of the year: a sequence per year, no lock held (numbers may skip; migration 1764600000100). */
async function nextPublicId(tx: EntityManager, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.query('SELECT msr_next_finding_number($1)::text AS next', [year]);
  return `MSR-${year}-${String(row.next).padStart(4, '0')}`;
}

export function reportFinding(ctx: GraphQLContext, input: ReportFindingInput): Promise<MutationOutcome<FindingRef>> {
  return runMutation(ctx, { operation: 'reportFinding', action: 'finding.report', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.report');
    const now = ctx.now;
    const checks = new InputChecks();
    if (input.affectedVersionIds.length === 0) checks.add('REQUIRED', 'Name at least one affected version.', ['affectedVersionIds']);
    if (input.affectedVersionIds.length > MAX_AFFECTED) {
      checks.add('TOO_MANY', `At most ${MAX_AFFECTED} affected versions.`, ['affectedVersionIds']);
    }
    checks.throwIfAny();
    const versionIds = input.affectedVersionIds.map((id, i) => inputId(id, 'ModelVersion', ['affectedVersionIds', i]));
    const versions: ModelVersionEntity[] = [];
    for (const [i, id] of versionIds.entries()) {
      if (versionIds.indexOf(id) !== i) checks.add('DUPLICATE', 'This version is listed twice.', ['affectedVersionIds', i]);
      const v = await tx.getRepository(ModelVersionEntity).findOneBy({ id });
      if (!v) checks.add('NOT_FOUND', 'No model version with this id.', ['affectedVersionIds', i]);
      else versions.push(v);
    }
    checks.throwIfAny();
    const developerId = versions[0]!.developerId;
    versions.forEach((v, i) => {
      if (v.developerId !== developerId) {
        checks.add('DIFFERENT_DEVELOPER', 'All affected versions must belong to one developer.', ['affectedVersionIds', i]);
      }
    });
    authorize(ctx.viewer, 'finding.report', { developerId });

    checks.required(input.title, ['title']);
    checks.maxLength(input.title, 300, ['title']);
    checks.required(input.summary, ['summary']);
    checks.maxLength(input.summary, 10_000, ['summary']);
    checks.maxLength(input.reporterName, 200, ['reporterName']);
    checks.maxLength(input.restrictedDetails?.reproductionSteps, 50_000, ['restrictedDetails', 'reproductionSteps']);
    checks.maxLength(input.restrictedDetails?.prompts, 50_000, ['restrictedDetails', 'prompts']);
    checks.maxLength(input.restrictedDetails?.notes, 50_000, ['restrictedDetails', 'notes']);
    const awareAt = input.developerAwareAt ?? now;
    checks.notInFuture(input.discoveredAt, now, ['discoveredAt']);
    checks.notInFuture(awareAt, now, ['developerAwareAt']);
    if (awareAt < input.discoveredAt) {
      checks.add('DATES_OUT_OF_ORDER', 'The developer cannot have become aware before the discovery.', ['developerAwareAt']);
    }
    if (input.publicId != null && !PUBLIC_ID.test(input.publicId)) {
      checks.add('INVALID_PUBLIC_ID', 'Use the form MSR-YYYY-NNNN.', ['publicId']);
    }
    const refs = input.references ?? [];
    if (refs.length > MAX_REFERENCES) checks.add('TOO_MANY', `At most ${MAX_REFERENCES} references.`, ['references']);
    refs.forEach((r, i) => {
      checks.maxLength(r.identifier, 200, ['references', i, 'identifier']);
      checks.maxLength(r.url, 2000, ['references', i, 'url']);
      checks.maxLength(r.atlasRelease, 50, ['references', i, 'atlasRelease']);
      if (r.system === 'CVE' && !CVE.test(r.identifier)) checks.add('INVALID_REFERENCE', 'Use CVE-YYYY-NNNN.', ['references', i, 'identifier']);
      if (r.system === 'MITRE_ATLAS' && !ATLAS.test(r.identifier)) {
        checks.add('INVALID_REFERENCE', 'Use an ATLAS technique id such as AML.T0054.', ['references', i, 'identifier']);
      }
      if (r.system !== 'MITRE_ATLAS' && r.atlasRelease) {
        checks.add('INVALID_REFERENCE', 'Only MITRE ATLAS references carry an ATLAS release.', ['references', i, 'atlasRelease']);
      }
    });
    await checkAtlasReferences(tx, refs, checks); // against the shipped ATLAS release (issue 15)
    let reporterOrganizationId: string | null = null;
    if (input.reporterOrganizationId) {
      reporterOrganizationId = inputId(input.reporterOrganizationId, 'Organization', ['reporterOrganizationId']);
      if (!(await tx.getRepository(OrganizationEntity).existsBy({ id: reporterOrganizationId }))) {
        checks.add('NOT_FOUND', 'No organization with this id.', ['reporterOrganizationId']);
      }
    }
    checks.throwIfAny();

    const publicId = input.publicId ?? (await nextPublicId(tx, now));
    const [finding] = await tx.query(
      `INSERT INTO findings (public_id, developer_id, title, summary, category, status, reporter_organization_id, reporter_name,
                             discovered_at, reported_at, developer_aware_at)
       VALUES ($1, $2, $3, $4, $5, 'REPORTED', $6, $7, $8, $9, $10) RETURNING id`,
      [publicId, developerId, input.title.trim(), input.summary.trim(), input.category, reporterOrganizationId,
        input.reporterName ?? null, input.discoveredAt, now, awareAt],
    );
    const findingId: string = finding.id;
    for (const v of versionIds) {
      await tx.query('INSERT INTO finding_affected_versions (finding_id, model_version_id) VALUES ($1, $2)', [findingId, v]);
    }
    const d = input.restrictedDetails;
    if (d && (d.reproductionSteps || d.prompts || d.notes)) {
      // Sealed (AES-256-GCM, bound to the finding): never stored in clear.
      await insertRestrictedDetails(tx, findingId, d);
    }
    for (const r of refs) {
      await tx.query(
        'INSERT INTO finding_references (finding_id, system, identifier, url, atlas_release) VALUES ($1, $2, $3, $4, $5)',
        [findingId, r.system, r.identifier, r.url ?? null, r.atlasRelease ?? null],
      );
    }
    await tx.query(
      `INSERT INTO finding_status_changes (finding_id, from_status, to_status, reason, actor, occurred_at)
       VALUES ($1, NULL, 'REPORTED', 'Reported', $2, $3)`,
      [findingId, actorOf(ctx.viewer), now],
    );
    ctx.faultInjector?.('reportFinding:after-insert');
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'FINDING_REPORTED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: { publicId, title: input.title.trim(), category: input.category, affectedVersionIds: versionIds },
    });
    await recomputeDecisions(tx, versionIds, { cause: 'FINDING_REPORTED', actor: actorOf(ctx.viewer), now });
    return { findingId };
  });
}

export function assessFindingSeverity(
  ctx: GraphQLContext,
  input: AssessFindingSeverityInput,
): Promise<MutationOutcome<FindingRef>> {
  return runMutation(ctx, { operation: 'assessFindingSeverity', action: 'finding.assess', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.assess');
    const now = ctx.now;
    const findingId = inputId(input.findingId, 'Finding', ['findingId']);
    const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    authorize(ctx.viewer, 'finding.assess', { developerId: finding.developerId });
    const checks = new InputChecks();
    const ai = input.aiFactors;
    if (!(ai.successRate >= 0 && ai.successRate <= 1)) checks.add('OUT_OF_RANGE', 'Must be between 0 and 1.', ['aiFactors', 'successRate']);
    if (ai.trials < 0) checks.add('OUT_OF_RANGE', 'Must not be negative.', ['aiFactors', 'trials']);
    checks.maxLength(input.cvssVector, 300, ['cvssVector']);
    checks.maxLength(input.rationale, 4000, ['rationale']);
    if (finding.status === 'REJECTED' || finding.status === 'WITHDRAWN') {
      checks.add('FINDING_CLOSED', `A ${finding.status} finding is not assessed.`, ['findingId']);
    }
    checks.throwIfAny();
    const policy = await policyInForceAt(tx, now);
    let result;
    try {
      result = assessSeverity({ cvssVector: input.cvssVector, aiFactors: ai, category: finding.category }, policy);
    } catch (err) {
      if (err instanceof InvalidCvssVectorError) {
        throw new UserInputProblem(problem('INVALID_CVSS_VECTOR', err.message, ['cvssVector']));
      }
      throw err;
    }
    const [previous] = await tx.query(
      'SELECT level FROM severity_assessments WHERE finding_id = $1 ORDER BY assessed_at DESC, recorded_at DESC LIMIT 1',
      [findingId],
    );
    await tx.query(
      `INSERT INTO severity_assessments (finding_id, cvss_vector, cvss_score, capability_domain, universal, success_rate, trials,
         exploited_in_wild, score, level, intervention_tier, tier_rule, policy_version, calculator, rationale, assessed_by, assessed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [findingId, result.cvssVector, result.cvssScore, ai.capabilityDomain, ai.universal, ai.successRate, ai.trials,
        ai.exploitedInWild, result.score, result.level, result.interventionTier, result.tierRule.code, result.policyVersion,
        result.calculator, input.rationale ?? null, actorOf(ctx.viewer), now],
    );
    await tx.query('UPDATE findings SET row_version = row_version + 1, updated_at = now() WHERE id = $1', [findingId]);
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'FINDING_ASSESSED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: {
        publicId: finding.publicId,
        from: previous?.level ?? null,
        level: result.level,
        tier: result.interventionTier,
        score: result.score,
        tierRule: result.tierRule.code,
      },
    });
    await recomputeDecisions(tx, await versionsConcerned(tx, findingId), { cause: 'FINDING_ASSESSED', actor: actorOf(ctx.viewer), now });
    return { findingId };
  });
}

export function transitionFinding(ctx: GraphQLContext, input: TransitionFindingInput): Promise<MutationOutcome<FindingRef>> {
  return runMutation(ctx, { operation: 'transitionFinding', action: 'finding.transition', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.transition');
    const now = ctx.now;
    const findingId = inputId(input.findingId, 'Finding', ['findingId']);
    const owner = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    authorize(ctx.viewer, 'finding.transition', { developerId: owner.developerId });
    await lockForUpdate(tx, 'findings', findingId, input.expectedRowVersion, 'finding', ['findingId']);
    const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    const to = input.to as FindingStatus;
    const check = checkTransition(finding.status, to);
    if (!check.ok) throw new UserInputProblem(problem(check.code, check.message, ['to']));
    const checks = new InputChecks();
    if (check.reasonRequired && !input.reason?.trim()) {
      checks.add('REASON_REQUIRED', check.reopening ? 'Say why the finding is re-opened.' : `Say why the finding is ${to}.`, ['reason']);
    }
    checks.maxLength(input.reason, 4000, ['reason']);
    const occurredAt = input.occurredAt ?? now;
    checks.notInFuture(occurredAt, now, ['occurredAt']);
    const [last] = await tx.query(
      'SELECT occurred_at FROM finding_status_changes WHERE finding_id = $1 ORDER BY occurred_at DESC LIMIT 1',
      [findingId],
    );
    if (last && occurredAt < last.occurred_at) {
      checks.add('DATES_OUT_OF_ORDER', 'A move cannot happen before the previous one.', ['occurredAt']);
    }
    if (to === 'REMEDIATED' && !finding.fixedInVersionId) {
      checks.add('FIX_VERSION_REQUIRED', 'Link the version that contains the fix first (linkFixVersion).', ['to']);
    }
    if (to === 'VERIFIED') {
      const [retest] = await tx.query(
        `SELECT 1 FROM audit_findings af JOIN audits a ON a.id = af.audit_id
          WHERE af.finding_id = $1 AND af.role = 'RETESTED' AND af.retest_result = 'PASS' AND a.status = 'COMPLETED' LIMIT 1`,
        [findingId],
      );
      if (!retest) checks.add('RETEST_REQUIRED', 'A completed audit must have retested the fix with a PASS first.', ['to']);
    }
    checks.throwIfAny();
    await tx.query('UPDATE findings SET status = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1', [
      findingId,
      to,
    ]);
    await tx.query(
      `INSERT INTO finding_status_changes (finding_id, from_status, to_status, reason, actor, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [findingId, finding.status, to, input.reason?.trim() || null, actorOf(ctx.viewer), occurredAt],
    );
    ctx.faultInjector?.('transitionFinding:after-update');
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'FINDING_STATUS_CHANGED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: { publicId: finding.publicId, from: finding.status, to, reopening: check.reopening, reason: input.reason ?? null },
    });
    await recomputeDecisions(tx, await versionsConcerned(tx, findingId), { cause: 'FINDING_STATUS_CHANGED', actor: actorOf(ctx.viewer), now });
    return { findingId };
  });
}

export function linkFixVersion(ctx: GraphQLContext, input: LinkFixVersionInput): Promise<MutationOutcome<FindingRef>> {
  return runMutation(ctx, { operation: 'linkFixVersion', action: 'finding.linkFix', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.linkFix');
    const now = ctx.now;
    const findingId = inputId(input.findingId, 'Finding', ['findingId']);
    const fixId = inputId(input.fixedInVersionId, 'ModelVersion', ['fixedInVersionId']);
    const owner = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    authorize(ctx.viewer, 'finding.linkFix', { developerId: owner.developerId });
    await lockForUpdate(tx, 'findings', findingId, input.expectedRowVersion, 'finding', ['findingId']);
    const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    const fix = await mustFind(tx, ModelVersionEntity, fixId, 'model version', ['fixedInVersionId']);
    if (fix.developerId !== finding.developerId) {
      throw new UserInputProblem(problem('DIFFERENT_DEVELOPER', "The fix must be in a version of the finding's developer.", ['fixedInVersionId']));
    }
    const affected: { id: string; model_id: string; released_at: Date | null; name: string }[] = await tx.query(
      `SELECT v.id, v.model_id, v.released_at, v.name FROM finding_affected_versions fav
         JOIN model_versions v ON v.id = fav.model_version_id WHERE fav.finding_id = $1`,
      [findingId],
    );
    if (affected.some((a) => a.id === fix.id)) {
      throw new UserInputProblem(problem('FIX_IS_AFFECTED', `${fix.name} is itself affected by this finding; the fix must be another version.`, ['fixedInVersionId']));
    }
    for (const a of affected) {
      if (a.model_id === fix.modelId && a.released_at && fix.releasedAt && fix.releasedAt < a.released_at) {
        throw new UserInputProblem(
          problem('FIX_PREDATES_AFFECTED', `${fix.name} was released before the affected ${a.name}.`, ['fixedInVersionId']),
        );
      }
    }
    const previousFix = finding.fixedInVersionId;
    await tx.query(
      'UPDATE findings SET fixed_in_version_id = $2, fixed_in_version_recorded_at = now(), row_version = row_version + 1, updated_at = now() WHERE id = $1',
      [findingId, fixId],
    );
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'FINDING_FIX_LINKED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: { publicId: finding.publicId, fixedInVersionId: fixId, previousFixedInVersionId: previousFix },
    });
    const concerned = new Set(await versionsConcerned(tx, findingId));
    if (previousFix) concerned.add(previousFix);
    await recomputeDecisions(tx, [...concerned], { cause: 'FINDING_FIX_LINKED', actor: actorOf(ctx.viewer), now });
    return { findingId };
  });
}

export function recordDisclosure(ctx: GraphQLContext, input: RecordDisclosureInput): Promise<MutationOutcome<FindingRef>> {
  return runMutation(ctx, { operation: 'recordDisclosure', action: 'finding.disclose', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.disclose');
    const now = ctx.now;
    const findingId = inputId(input.findingId, 'Finding', ['findingId']);
    const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    authorize(ctx.viewer, 'finding.disclose', { developerId: finding.developerId });
    const checks = new InputChecks();
    const disclosedAt = input.disclosedAt ?? now;
    checks.notInFuture(disclosedAt, now, ['disclosedAt']);
    if (disclosedAt < finding.discoveredAt) checks.add('DATES_OUT_OF_ORDER', 'A disclosure cannot precede the discovery.', ['disclosedAt']);
    checks.maxLength(input.summary, 10_000, ['summary']);
    checks.maxLength(input.obligationCode, 100, ['obligationCode']);
    checks.throwIfAny();
    const [row] = await tx.query(
      `INSERT INTO disclosures (finding_id, audience, kind, obligation_code, summary, actor, disclosed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [findingId, input.audience, input.kind, input.obligationCode ?? null, input.summary ?? null, actorOf(ctx.viewer), disclosedAt],
    );
    await tx.query('UPDATE findings SET row_version = row_version + 1, updated_at = now() WHERE id = $1', [findingId]);
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'DISCLOSURE_RECORDED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: { publicId: finding.publicId, disclosureId: row.id, audience: input.audience, kind: input.kind },
    });
    await recomputeDecisions(tx, await versionsConcerned(tx, findingId), { cause: 'DISCLOSURE_RECORDED', actor: actorOf(ctx.viewer), now });
    return { findingId };
  });
}
