/**
 * Use cases of audits: an accredited auditor opens an audit of a model version, then completes it
 * with an outcome, the findings it raised or retested and an Ed25519-signed attestation. The
 * statements they write are the store's (write-store.ts).
 */
import type { EntityManager } from 'typeorm';
import { conflictsWithDeveloperAt, scopesNotAccreditedAt, scopesNotAccreditedThroughout, type RetestResult } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type { CompleteAuditInput, OpenAuditInput } from '../../graphql/generated/resolvers-types';
import { parseGlobalId } from '../../graphql/global-id';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationError, type MutationOutcome } from '../shared/unit-of-work';
import {
  AccreditationEntity,
  AuditEntity,
  ConflictOfInterestEntity,
  FindingEntity,
  ModelVersionEntity,
  OrganizationEntity,
} from '../../persistence/entities';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import { policyInForceAt } from '../findings/mutations';
import { inputId, lockForUpdate, mustFind } from '../shared/write-support';
import { attestationPayload, verifyAttestation } from './attestation';
import { inheritedFindingIds } from '../lineage/inherited';
import { insertAudit, insertAuditFindings, retestedFindingIds, setAuditCompleted, setRetestResults } from './write-store';

export interface AuditRef {
  auditId: string;
}

async function findingsOfDeveloper(
  tx: EntityManager,
  globalIds: readonly string[],
  developerId: string,
  field: string,
  checks: InputChecks,
  /** findings of other developers the version inherits through lineage (issue 19): retestable on it */
  inherited?: Set<string>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, gid] of globalIds.entries()) {
    const id = inputId(gid, 'Finding', [field, i]);
    const f = await tx.getRepository(FindingEntity).findOneBy({ id });
    if (!f) checks.add('NOT_FOUND', 'No finding with this id.', [field, i]);
    else if (f.developerId !== developerId && !inherited?.has(id)) {
      checks.add('DIFFERENT_DEVELOPER', "The finding concerns another developer's models.", [field, i]);
    } else if (ids.includes(id)) checks.add('DUPLICATE', 'This finding is listed twice.', [field, i]);
    else ids.push(id);
  }
  return ids;
}

export function openAudit(ctx: GraphQLContext, input: OpenAuditInput): Promise<MutationOutcome<AuditRef>> {
  return runMutation(ctx, { operation: 'openAudit', action: 'audit.open', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'audit.open');
    const now = ctx.now;
    const auditorId = inputId(input.auditorId, 'Organization', ['auditorId']);
    const versionId = inputId(input.modelVersionId, 'ModelVersion', ['modelVersionId']);
    const auditor = await mustFind(tx, OrganizationEntity, auditorId, 'organization', ['auditorId']);
    const version = await mustFind(tx, ModelVersionEntity, versionId, 'model version', ['modelVersionId']);
    authorize(ctx.viewer, 'audit.open', { auditorId, developerId: version.developerId });
    const checks = new InputChecks();
    if (auditor.kind !== 'AUDITOR') checks.add('NOT_AN_AUDITOR', `${auditor.name} is not registered as an auditor.`, ['auditorId']);
    if (auditorId === version.developerId) checks.add('NOT_INDEPENDENT', 'A developer cannot audit its own model.', ['auditorId']);
    const startedAt = input.startedAt ?? now;
    checks.notInFuture(startedAt, now, ['startedAt']);
    checks.maxLength(input.summary, 10_000, ['summary']);
    if (input.scopes.length === 0) checks.add('REQUIRED', 'Name at least one scope.', ['scopes']);
    // Qualification at opening (src/domain/auditor-standing.ts, the same rules as at completion):
    // accredited *now* for every scope, whatever startedAt says, and since startedAt; independent.
    const policy = await policyInForceAt(tx, now);
    const accreditations = await tx.getRepository(AccreditationEntity).findBy({ auditorId });
    const notNow = new Set(scopesNotAccreditedAt(accreditations, input.scopes, now, policy));
    input.scopes.forEach((scope, i) => {
      if (input.scopes.indexOf(scope) !== i) checks.add('DUPLICATE', 'This scope is listed twice.', ['scopes', i]);
      else if (notNow.has(scope)) {
        checks.add('NOT_ACCREDITED', `${auditor.name} holds no accreditation in force now for ${scope}.`, ['scopes', i]);
      }
    });
    const notSinceStart =
      startedAt < now ? scopesNotAccreditedThroughout(accreditations, input.scopes, startedAt, now, policy).filter((s) => !notNow.has(s)) : [];
    if (notSinceStart.length > 0) {
      checks.add(
        'STARTED_BEFORE_ACCREDITATION',
        `${auditor.name}'s accreditation for ${[...new Set(notSinceStart)].join(', ')} was not in force on ${startedAt.toISOString()}; an audit cannot start before it.`,
        ['startedAt'],
      );
    }
    const conflicts = await tx.getRepository(ConflictOfInterestEntity).findBy({ auditorId, developerId: version.developerId });
    const barring = new Set([
      ...conflictsWithDeveloperAt(conflicts, version.developerId, now, policy),
      ...conflictsWithDeveloperAt(conflicts, version.developerId, startedAt, policy),
    ]);
    for (const c of barring) {
      checks.add(
        'CONFLICT_OF_INTEREST',
        `${auditor.name} declared a conflict with the developer (${c.description}) within the policy's ${policy.audits.conflictLookback.months}-month look-back.`,
        ['auditorId'],
      );
    }
    const retest = input.retestFindingIds ?? [];
    if (input.kind === 'RETEST' && retest.length === 0) {
      checks.add('REQUIRED', 'A retest names the findings whose fixes it retests.', ['retestFindingIds']);
    }
    if (input.kind === 'INITIAL' && retest.length > 0) {
      checks.add('NOT_A_RETEST', 'Only RETEST audits retest findings.', ['retestFindingIds']);
    }
    const inherited = retest.length > 0 ? await inheritedFindingIds(tx, versionId, now) : undefined;
    const retestIds = await findingsOfDeveloper(tx, retest, version.developerId, 'retestFindingIds', checks, inherited);
    checks.throwIfAny();

    const auditId = await insertAudit(tx, {
      auditorId,
      modelVersionId: versionId,
      kind: input.kind,
      scopes: input.scopes,
      summary: input.summary ?? null,
      startedAt,
    });
    await insertAuditFindings(tx, auditId, 'RETESTED', retestIds);
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'AUDIT_OPENED',
      subjectType: 'Audit',
      subjectId: auditId,
      occurredAt: now,
      payload: { auditorId, modelVersionId: versionId, kind: input.kind, scopes: input.scopes, retestFindingIds: retestIds },
    });
    return { auditId };
  });
}

interface Completion {
  audit: AuditEntity;
  raisedIds: string[];
  retestResults: { findingId: string; result: RetestResult }[];
  payload: string;
}

/** Validates a completion and builds the statement to sign (shared by the query and the mutation). */
async function prepareCompletion(tx: EntityManager, input: CompleteAuditInput, now: Date, audit: AuditEntity): Promise<Completion> {
  const checks = new InputChecks();
  if (audit.status !== 'OPEN') checks.add('ALREADY_COMPLETED', 'The audit is already completed.', ['auditId']);
  checks.notInFuture(input.completedAt, now, ['completedAt']);
  if (input.completedAt < audit.startedAt) checks.add('DATES_OUT_OF_ORDER', 'An audit cannot complete before it started.', ['completedAt']);
  const version = await mustFind(tx, ModelVersionEntity, audit.modelVersionId, 'model version', ['auditId']);
  const raisedIds = await findingsOfDeveloper(tx, input.raisedFindingIds ?? [], version.developerId, 'raisedFindingIds', checks);
  const expected = new Set(await retestedFindingIds(tx, audit.id));
  const retestResults: { findingId: string; result: RetestResult }[] = [];
  (input.retestResults ?? []).forEach((r, i) => {
    const decoded = parseGlobalId(r.findingId);
    if (!decoded || decoded.type !== 'Finding') checks.add('INVALID_ID', 'Not a valid Finding id.', ['retestResults', i, 'findingId']);
    else if (!expected.has(decoded.localId)) {
      checks.add('NOT_RETESTED', 'This audit does not retest that finding.', ['retestResults', i, 'findingId']);
    } else if (retestResults.some((x) => x.findingId === decoded.localId)) {
      checks.add('DUPLICATE', 'This finding has two results.', ['retestResults', i, 'findingId']);
    } else retestResults.push({ findingId: decoded.localId, result: r.result });
  });
  if (checks.ok && retestResults.length !== expected.size) {
    checks.add('MISSING_RETEST_RESULT', `Give a result for each of the ${expected.size} retested finding(s).`, ['retestResults']);
  }
  checks.throwIfAny();
  const payload = attestationPayload({
    auditId: audit.id,
    auditorId: audit.auditorId,
    modelVersionId: audit.modelVersionId,
    kind: audit.kind,
    scopes: audit.scopes,
    outcome: input.outcome,
    completedAt: input.completedAt,
    raisedFindingIds: raisedIds,
    retestResults,
  });
  return { audit, raisedIds, retestResults, payload };
}

/** The text to sign for a completion, or null for an unknown audit (or invalid input). */
/** The payload to sign, or the input problems `completeAudit` would report (the signature aside). */
export async function auditAttestationFor(
  ctx: GraphQLContext,
  input: CompleteAuditInput,
): Promise<{ payload: string | null; errors: MutationError[] }> {
  try {
    // The same checks, in the same order and words, as completeAudit's.
    const audit = await mustFind(ctx.db.manager, AuditEntity, inputId(input.auditId, 'Audit', ['auditId']), 'audit', ['auditId']);
    return { payload: (await prepareCompletion(ctx.db.manager, input, ctx.now, audit)).payload, errors: [] };
  } catch (err) {
    if (err instanceof UserInputProblem) return { payload: null, errors: err.problems };
    throw err;
  }
}

export async function auditAttestationPayloadFor(ctx: GraphQLContext, input: CompleteAuditInput): Promise<string | null> {
  const parsed = parseGlobalId(input.auditId);
  if (!parsed || parsed.type !== 'Audit') return null;
  const audit = await ctx.db.getRepository(AuditEntity).findOneBy({ id: parsed.localId });
  if (!audit) return null;
  try {
    return (await prepareCompletion(ctx.db.manager, input, ctx.now, audit)).payload;
  } catch (err) {
    if (err instanceof UserInputProblem) return null;
    throw err;
  }
}

export function completeAudit(ctx: GraphQLContext, input: CompleteAuditInput): Promise<MutationOutcome<AuditRef>> {
  return runMutation(ctx, { operation: 'completeAudit', action: 'audit.complete', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'audit.complete');
    const now = ctx.now;
    const auditId = inputId(input.auditId, 'Audit', ['auditId']);
    const owner = await mustFind(tx, AuditEntity, auditId, 'audit', ['auditId']);
    authorize(ctx.viewer, 'audit.complete', { auditorId: owner.auditorId });
    await lockForUpdate(tx, 'audits', auditId, input.expectedRowVersion, 'audit', ['auditId']);
    const audit = await mustFind(tx, AuditEntity, auditId, 'audit', ['auditId']);
    const completion = await prepareCompletion(tx, input, now, audit);
    const auditor = await mustFind(tx, OrganizationEntity, audit.auditorId, 'organization', ['auditId']);
    if (!auditor.attestationPublicKey) {
      throw new UserInputProblem(
        problem('NO_PUBLIC_KEY', `${auditor.name} has no registered attestation key to verify the signature.`, ['attestationSignature']),
      );
    }
    if (!verifyAttestation(auditor.attestationPublicKey, completion.payload, input.attestationSignature)) {
      throw new UserInputProblem(
        problem('INVALID_SIGNATURE', "The signature does not verify against the auditor's key for this completion.", ['attestationSignature']),
      );
    }
    await setAuditCompleted(tx, auditId, {
      outcome: input.outcome,
      completedAt: input.completedAt,
      attestationPayload: completion.payload,
      attestationSignature: input.attestationSignature,
    });
    await insertAuditFindings(tx, auditId, 'RAISED', completion.raisedIds);
    await setRetestResults(tx, auditId, completion.retestResults);
    ctx.faultInjector?.('completeAudit:after-update');
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'AUDIT_COMPLETED',
      subjectType: 'Audit',
      subjectId: auditId,
      occurredAt: now,
      payload: {
        modelVersionId: audit.modelVersionId,
        kind: audit.kind,
        outcome: input.outcome,
        scopes: audit.scopes,
        raisedFindingIds: completion.raisedIds,
        retestResults: completion.retestResults,
      },
    });
    await recomputeDecisions(tx, [audit.modelVersionId], { cause: 'AUDIT_COMPLETED', actor: actorOf(ctx.viewer), now });
    return { auditId };
  });
}
