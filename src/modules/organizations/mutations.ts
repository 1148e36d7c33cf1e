/**
 * Use cases for organizations, auditors' accreditations and declared conflicts of interest. The
 * statements they write are the store's (write-store.ts).
 */
import type { AccreditationStatus } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import type {
  DeclareConflictOfInterestInput,
  RegisterAccreditationInput,
  RegisterOrganizationInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, runMutation, type MutationOutcome } from '../shared/unit-of-work';
import { OrganizationEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { isEd25519PublicKey } from '../audits/attestation';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { recordEvent } from '../events/event-log';
import { inputId, mustFind } from '../shared/write-support';
import { insertAccreditation, insertConflictOfInterest, insertOrganization, versionsAuditedBy } from './write-store';

export interface OrganizationRef {
  organizationId: string;
}

export function registerOrganization(
  ctx: GraphQLContext,
  input: RegisterOrganizationInput,
): Promise<MutationOutcome<OrganizationRef>> {
  return runMutation(ctx, { operation: 'registerOrganization', action: 'organization.register', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'organization.register');
    const checks = new InputChecks();
    checks.required(input.name, ['name']);
    checks.maxLength(input.name, 200, ['name']);
    if (!/^[A-Z]{2}$/.test(input.countryCode)) checks.add('INVALID_COUNTRY', 'Use an ISO 3166-1 alpha-2 code such as DE.', ['countryCode']);
    checks.maxLength(input.website, 2000, ['website']);
    if (input.website && !/^https?:\/\/\S+$/.test(input.website)) checks.add('INVALID_URL', 'Use an http(s) URL.', ['website']);
    if (input.attestationPublicKey != null) {
      checks.maxLength(input.attestationPublicKey, 2000, ['attestationPublicKey']);
      if (input.kind !== 'AUDITOR') checks.add('NOT_AN_AUDITOR', 'Only auditors register an attestation key.', ['attestationPublicKey']);
      else if (!isEd25519PublicKey(input.attestationPublicKey)) {
        checks.add('INVALID_PUBLIC_KEY', 'Give an Ed25519 public key in PEM (SPKI) form.', ['attestationPublicKey']);
      }
    }
    checks.throwIfAny();
    const organizationId = await insertOrganization(tx, {
      name: input.name.trim(),
      kind: input.kind,
      countryCode: input.countryCode,
      website: input.website ?? null,
      attestationPublicKey: input.attestationPublicKey ?? null,
    });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'ORGANIZATION_REGISTERED',
      subjectType: 'Organization',
      subjectId: organizationId,
      occurredAt: ctx.now,
      payload: { name: input.name.trim(), kind: input.kind, countryCode: input.countryCode },
    });
    return { organizationId };
  });
}

export function registerAccreditation(
  ctx: GraphQLContext,
  input: RegisterAccreditationInput,
): Promise<MutationOutcome<OrganizationRef>> {
  return runMutation(ctx, { operation: 'registerAccreditation', action: 'accreditation.register', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorize(ctx.viewer, 'accreditation.register');
    const auditorId = inputId(input.auditorId, 'Organization', ['auditorId']);
    const auditor = await mustFind(tx, OrganizationEntity, auditorId, 'organization', ['auditorId']);
    const checks = new InputChecks();
    if (auditor.kind !== 'AUDITOR') checks.add('NOT_AN_AUDITOR', `${auditor.name} is not registered as an auditor.`, ['auditorId']);
    checks.required(input.body, ['body']);
    checks.maxLength(input.body, 200, ['body']);
    if (input.scopes.length === 0) checks.add('REQUIRED', 'Name at least one scope.', ['scopes']);
    input.scopes.forEach((s, i) => {
      if (input.scopes.indexOf(s) !== i) checks.add('DUPLICATE', 'This scope is listed twice.', ['scopes', i]);
    });
    if (input.validUntil && input.validUntil <= input.validFrom) {
      checks.add('DATES_OUT_OF_ORDER', 'The accreditation must end after it starts.', ['validUntil']);
    }
    if (input.status === 'NOT_YET_VALID') {
      checks.add('DERIVED_STATUS', 'NOT_YET_VALID follows from validFrom; record the standing as ACTIVE.', ['status']);
    }
    checks.throwIfAny();
    // The standing as stored (NOT_YET_VALID was refused above: it is derived, never stored).
    const status: AccreditationStatus = input.status && input.status !== 'NOT_YET_VALID' ? input.status : 'ACTIVE';
    const accreditationId = await insertAccreditation(tx, {
      auditorId,
      body: input.body.trim(),
      scopes: input.scopes,
      validFrom: input.validFrom,
      validUntil: input.validUntil ?? null,
      status,
    });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'ACCREDITATION_REGISTERED',
      subjectType: 'Organization',
      subjectId: auditorId,
      occurredAt: ctx.now,
      payload: { accreditationId, body: input.body.trim(), scopes: input.scopes, status },
    });
    await recomputeDecisions(tx, await versionsAuditedBy(tx, auditorId), {
      cause: 'ACCREDITATION_REGISTERED',
      actor: actorOf(ctx.viewer),
      now: ctx.now,
    });
    return { organizationId: auditorId };
  });
}

export function declareConflictOfInterest(
  ctx: GraphQLContext,
  input: DeclareConflictOfInterestInput,
): Promise<MutationOutcome<OrganizationRef>> {
  return runMutation(ctx, { operation: 'declareConflictOfInterest', action: 'conflict.declare', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'conflict.declare');
    const auditorId = inputId(input.auditorId, 'Organization', ['auditorId']);
    const developerId = inputId(input.developerId, 'Organization', ['developerId']);
    authorize(ctx.viewer, 'conflict.declare', { auditorId, developerId });
    const auditor = await mustFind(tx, OrganizationEntity, auditorId, 'organization', ['auditorId']);
    const developer = await mustFind(tx, OrganizationEntity, developerId, 'organization', ['developerId']);
    const checks = new InputChecks();
    if (auditor.kind !== 'AUDITOR') checks.add('NOT_AN_AUDITOR', `${auditor.name} is not registered as an auditor.`, ['auditorId']);
    if (developer.kind !== 'DEVELOPER') checks.add('NOT_A_DEVELOPER', `${developer.name} is not registered as a developer.`, ['developerId']);
    checks.required(input.description, ['description']);
    checks.maxLength(input.description, 4000, ['description']);
    checks.notInFuture(input.periodStart, ctx.now, ['periodStart']);
    if (input.periodEnd && input.periodEnd < input.periodStart) {
      checks.add('DATES_OUT_OF_ORDER', 'The period must end after it starts.', ['periodEnd']);
    }
    checks.throwIfAny();
    const conflictId = await insertConflictOfInterest(tx, {
      auditorId,
      developerId,
      description: input.description.trim(),
      periodStart: input.periodStart,
      periodEnd: input.periodEnd ?? null,
    });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: 'CONFLICT_DECLARED',
      subjectType: 'Organization',
      subjectId: auditorId,
      occurredAt: ctx.now,
      payload: { conflictId, developerId },
    });
    await recomputeDecisions(tx, await versionsAuditedBy(tx, auditorId), {
      cause: 'CONFLICT_DECLARED',
      actor: actorOf(ctx.viewer),
      now: ctx.now,
    });
    return { organizationId: auditorId };
  });
}
