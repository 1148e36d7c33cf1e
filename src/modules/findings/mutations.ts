/**
 * Use cases that change findings: report, assess, move through the lifecycle, link the fix,
 * record disclosures. Each runs in one transaction: decode → authorize → load → the domain
 * decides → the store writes (write-store.ts) → recompute the export decisions of the versions
 * concerned; its event is appended last, at commit (the unit of work's outbox).
 */
import type { EntityManager } from 'typeorm';
import {
  assessSeverity,
  InvalidCvssVectorError,
  type FindingStatus,
  type PolicyDocument,
} from '../../domain';
import type { FindingFacts, ModelVersionFacts } from '../../domain/facts';
import { checkTransition } from '../../domain/finding-transitions';
import { hasRemediationPreconditions, retestVersionIds, transitionPreconditions } from '../../domain/remediation';
import type { GraphQLContext } from '../../graphql/context';
import type {
  AssessFindingSeverityInput,
  LinkFixVersionInput,
  RecordDisclosureInput,
  ReportFindingInput,
  TransitionFindingInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { FindingEntity, ModelVersionEntity, OrganizationEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { loadFindingFacts, loadModelVersionFacts } from '../decisions/facts-store';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { policyInForceIn } from '../decisions/policy-service';
import { recordEvent } from '../events/event-log';
import { findByIds, inputId, lockForUpdate, mustFind } from '../shared/write-support';
import { insertRestrictedDetails } from './restricted-details-store';
import {
  affectedVersionsOf,
  bumpFindingVersion,
  insertAffectedVersions,
  insertDisclosure,
  insertFinding,
  insertReferences,
  insertStatusChange,
  recordSeverityAssessment,
  latestStatusChangeAt,
  nextPublicId,
  setFindingStatus,
  setFixVersion,
  versionsConcerned,
} from './write-store';
import { checkAtlasReferences } from '../interchange/atlas-store';

export interface FindingRef {
  findingId: string;
}

const PUBLIC_ID = /^MSR-\d{4}-\d{4,}$/;
const CVE = /^CVE-\d{4}-\d{4,}$/;
const ATLAS = /^AML\.T\d{4}(\.\d{3})?$/;
const MAX_AFFECTED = 100;
const MAX_REFERENCES = 20;

/** The policy in force at `at` (policy-service `policyInForceIn`, the read path's rule); none is a typed error. */
export async function policyInForceAt(tx: EntityManager, at: Date): Promise<PolicyDocument> {
  const policy = (await policyInForceIn(tx, at))?.document;
  if (!policy) throw new UserInputProblem(problem('NO_POLICY_IN_FORCE', 'No policy version is in force.', []));
  return policy;
}

/** The next generated public id of the year (the store's; the importer takes it from here). */
export { nextPublicId };

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
    const found = await findByIds(tx, ModelVersionEntity, versionIds);
    for (const [i, id] of versionIds.entries()) {
      if (versionIds.indexOf(id) !== i) checks.add('DUPLICATE', 'This version is listed twice.', ['affectedVersionIds', i]);
      const v = found.get(id);
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
    const findingId = await insertFinding(tx, {
      publicId,
      developerId,
      title: input.title.trim(),
      summary: input.summary.trim(),
      category: input.category,
      reporterOrganizationId,
      reporterName: input.reporterName ?? null,
      discoveredAt: input.discoveredAt,
      reportedAt: now,
      developerAwareAt: awareAt,
    });
    await insertAffectedVersions(tx, findingId, versionIds);
    const d = input.restrictedDetails;
    if (d && (d.reproductionSteps || d.prompts || d.notes)) {
      // Sealed (AES-256-GCM, bound to the finding): never stored in clear.
      await insertRestrictedDetails(tx, findingId, d);
    }
    await insertReferences(tx, findingId, refs);
    await insertStatusChange(tx, { findingId, from: null, to: 'REPORTED', reason: 'Reported', actor: actorOf(ctx.viewer), occurredAt: now });
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
    const { previousLevel, versionIds } = await recordSeverityAssessment(tx, {
      findingId,
      result,
      aiFactors: ai,
      rationale: input.rationale ?? null,
      assessedBy: actorOf(ctx.viewer),
      assessedAt: now,
    });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'FINDING_ASSESSED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: {
        publicId: finding.publicId,
        from: previousLevel,
        level: result.level,
        tier: result.interventionTier,
        score: result.score,
        tierRule: result.tierRule.code,
      },
    });
    await recomputeDecisions(tx, versionIds, { cause: 'FINDING_ASSESSED', actor: actorOf(ctx.viewer), now, policy });
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
    const lastMoveAt = await latestStatusChangeAt(tx, findingId);
    if (lastMoveAt && occurredAt < lastMoveAt) {
      checks.add('DATES_OUT_OF_ORDER', 'A move cannot happen before the previous one.', ['occurredAt']);
    }
    // The policy's remediation preconditions, decided by the domain on the facts the engine uses.
    const policy = (await policyInForceIn(tx, now))?.document ?? null;
    if (hasRemediationPreconditions(to)) {
      if (!policy) throw new UserInputProblem(problem('NO_POLICY_IN_FORCE', 'No policy version is in force.', []));
      const facts = await loadRemediationFacts(tx, findingId, to);
      for (const p of transitionPreconditions({ ...facts, to, policy, now })) checks.add(p.code, p.message, p.path);
    }
    checks.throwIfAny();
    await setFindingStatus(tx, findingId, to);
    await insertStatusChange(tx, {
      findingId,
      from: finding.status,
      to,
      reason: input.reason?.trim() || null,
      actor: actorOf(ctx.viewer),
      occurredAt,
    });
    ctx.faultInjector?.('transitionFinding:after-update');
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'FINDING_STATUS_CHANGED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: { publicId: finding.publicId, from: finding.status, to, reopening: check.reopening, reason: input.reason ?? null },
    });
    await recomputeDecisions(tx, await versionsConcerned(tx, findingId), {
      cause: 'FINDING_STATUS_CHANGED',
      actor: actorOf(ctx.viewer),
      now,
      ...(policy ? { policy } : {}),
    });
    return { findingId };
  });
}

/**
 * The finding's facts and those of the versions a retest of it can be on (its fix version, else
 * its affected versions), as the facts store loads them for the engine.
 */
async function loadRemediationFacts(
  tx: EntityManager,
  findingId: string,
  to: FindingStatus,
): Promise<{ finding: FindingFacts; versions: ModelVersionFacts[] }> {
  const finding = (await loadFindingFacts(tx, [findingId])).get(findingId);
  if (!finding) throw new Error(`finding ${findingId} has no facts`);
  const versions = to === 'VERIFIED' ? [...(await loadModelVersionFacts(tx, [...retestVersionIds(finding)])).values()] : [];
  return { finding, versions };
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
    const affected = await affectedVersionsOf(tx, findingId);
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
    await setFixVersion(tx, findingId, fixId);
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
    const disclosureId = await insertDisclosure(tx, {
      findingId,
      audience: input.audience,
      kind: input.kind,
      obligationCode: input.obligationCode ?? null,
      summary: input.summary ?? null,
      actor: actorOf(ctx.viewer),
      disclosedAt,
    });
    await bumpFindingVersion(tx, findingId);
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'DISCLOSURE_RECORDED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: now,
      payload: { publicId: finding.publicId, disclosureId, audience: input.audience, kind: input.kind },
    });
    await recomputeDecisions(tx, await versionsConcerned(tx, findingId), { cause: 'DISCLOSURE_RECORDED', actor: actorOf(ctx.viewer), now });
    return { findingId };
  });
}
