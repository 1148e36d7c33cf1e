/**
 * Use cases of webhooks (schema/webhooks-mutations.graphql). Any organization with a role manages
 * its own webhooks; regulators every organization's (`webhook.manage`, rules.ts). Secrets are
 * returned once (create, rotate), sealed at rest, never logged and never stored in an
 * idempotency record (these mutations take no idempotency key).
 */
import type { EntityManager } from 'typeorm';
import type { GraphQLContext } from '../../graphql/context';
import type {
  CreateWebhookInput,
  DeleteWebhookInput,
  RedeliverWebhookInput,
  RotateWebhookSecretInput,
  UpdateWebhookInput,
  WebhookFilterInput,
} from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { parseGlobalId } from '../../graphql/global-id';
import { detailsCipherOf } from '../../infra/details-crypto';
import { actorOf, authorize } from '../access/rules';
import type { StoredWebhookFilter } from './filter';
import { checkWebhookUrl, UrlRefused } from './ssrf';
import { webhookSettings } from './settings';
import { generateWebhookSecret } from './signing';
import { countWebhooks, sealSecret } from './store';
import {
  deleteWebhookRow,
  insertWebhook,
  lockOrganizationRow,
  lockWebhookRow,
  newWebhookId,
  reactivateFailingWebhook,
  requeueDelivery,
  rotateWebhookSecretRow,
  updateWebhookSettings,
  webhookIdOfDelivery,
} from './write-store';

/** Webhooks one organization may hold. */
export const MAX_WEBHOOKS_PER_ORGANIZATION = 100;
const EVENT_TYPE = /^[A-Z][A-Z0-9_]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface WebhookRef {
  webhookId: string;
}

function uuidInput(value: string, path: string[]): string {
  const v = value.toLowerCase();
  if (!UUID.test(v)) throw new UserInputProblem(problem('INVALID_ID', 'Not a webhook id (a UUID).', path));
  return v;
}

function checkSecret(checks: InputChecks, secret: string | null | undefined, path: string[]): void {
  if (secret == null) return;
  if (secret.length < 16 || secret.length > 256) checks.add('INVALID_SECRET', 'Use 16 to 256 characters.', path);
  else if (!/^[\x21-\x7e]+$/.test(secret)) checks.add('INVALID_SECRET', 'Use printable ASCII characters without spaces.', path);
}

function checkEvents(checks: InputChecks, events: readonly string[] | null | undefined): string[] | null {
  if (events == null) return null;
  if (events.length > 50) checks.add('TOO_MANY', 'At most 50 event types.', ['events']);
  events.forEach((e, i) => {
    if (!EVENT_TYPE.test(e)) checks.add('INVALID_EVENT_TYPE', 'Use an event type such as FINDING_ASSESSED.', ['events', i]);
    else if (events.indexOf(e) !== i) checks.add('DUPLICATE', 'This event type is listed twice.', ['events', i]);
  });
  return [...events];
}

function checkFilter(checks: InputChecks, f: WebhookFilterInput | null | undefined): StoredWebhookFilter | null {
  if (f == null) return null;
  const ids = (list: readonly string[] | null | undefined, type: 'Organization' | 'ModelVersion', field: string): string[] | undefined => {
    if (list == null) return undefined;
    if (list.length > 100) checks.add('TOO_MANY', 'At most 100 ids.', ['filter', field]);
    return list.map((id, i) => {
      const decoded = parseGlobalId(id);
      if (!decoded || decoded.type !== type) checks.add('INVALID_ID', `Not a valid ${type} id.`, ['filter', field, i]);
      return decoded?.localId ?? '';
    });
  };
  const codes = f.jurisdictionCode?.map((c, i) => {
    if (!/^[A-Za-z]{2}$/.test(c)) checks.add('INVALID_COUNTRY', 'Use an ISO 3166-1 alpha-2 code such as DE.', ['filter', 'jurisdictionCode', i]);
    return c.toUpperCase();
  });
  if (codes && codes.length > 300) checks.add('TOO_MANY', 'At most 300 codes.', ['filter', 'jurisdictionCode']);
  const out: StoredWebhookFilter = {};
  const developerIds = ids(f.developerId, 'Organization', 'developerId');
  const modelVersionIds = ids(f.modelVersionId, 'ModelVersion', 'modelVersionId');
  if (developerIds?.length) out.developerIds = developerIds;
  if (modelVersionIds?.length) out.modelVersionIds = modelVersionIds;
  if (codes?.length) out.jurisdictionCodes = codes;
  if (f.level?.length) out.levels = [...f.level];
  return out;
}

/** The URL checked completely (form, and every resolved address under the SSRF rules), or a problem at ['url']. */
async function checkedUrl(raw: string): Promise<string> {
  try {
    return (await checkWebhookUrl(raw.trim(), webhookSettings())).toString();
  } catch (err) {
    if (err instanceof UrlRefused) throw new UserInputProblem(problem(err.code, err.message, ['url']));
    throw err;
  }
}

/** The webhook locked for change, after checking the caller may manage it. */
async function lockWebhook(ctx: GraphQLContext, tx: EntityManager, webhookId: string): Promise<{ organizationId: string; status: string }> {
  const row = await lockWebhookRow(tx, webhookId);
  if (!row) throw new UserInputProblem(problem('NOT_FOUND', 'No webhook with this id.', ['webhookId']));
  authorize(ctx.viewer, 'webhook.manage', { organizationId: row.organizationId });
  return row;
}

export function createWebhook(ctx: GraphQLContext, input: CreateWebhookInput): Promise<MutationOutcome<WebhookRef & { secret: string }>> {
  return runMutation(ctx, { operation: 'createWebhook', action: 'webhook.manage', input: { ...input, secret: input.secret ? '<secret>' : null } }, async (tx) => {
    const organizationId = ctx.viewer.organizationId;
    authorize(ctx.viewer, 'webhook.manage', { organizationId });
    const checks = new InputChecks();
    const events = checkEvents(checks, input.events) ?? [];
    const filter = checkFilter(checks, input.filter) ?? {};
    checkSecret(checks, input.secret, ['secret']);
    checks.throwIfAny();
    const url = await checkedUrl(input.url);
    await lockOrganizationRow(tx, organizationId!);
    if ((await countWebhooks(tx, organizationId!)) >= MAX_WEBHOOKS_PER_ORGANIZATION) {
      throw new UserInputProblem(problem('LIMIT_REACHED', `An organization may hold at most ${MAX_WEBHOOKS_PER_ORGANIZATION} webhooks.`, ['url']));
    }
    const secret = input.secret ?? generateWebhookSecret();
    const id = await newWebhookId(tx);
    const sealed = sealSecret(detailsCipherOf(tx), id, secret);
    // Events committed after this one are delivered (the head read under the chain's order).
    await insertWebhook(tx, { id, organizationId: organizationId!, url, eventTypes: events, filter, secret: sealed, createdBy: actorOf(ctx.viewer) });
    return { webhookId: id, secret };
  });
}

export function updateWebhook(ctx: GraphQLContext, input: UpdateWebhookInput): Promise<MutationOutcome<WebhookRef>> {
  return runMutation(ctx, { operation: 'updateWebhook', action: 'webhook.manage', input }, async (tx) => {
    const webhookId = uuidInput(input.webhookId, ['webhookId']);
    await lockWebhook(ctx, tx, webhookId);
    const checks = new InputChecks();
    const events = checkEvents(checks, input.events);
    const filter = checkFilter(checks, input.filter);
    checks.throwIfAny();
    const url = input.url == null ? null : await checkedUrl(input.url);
    // Any update reactivates a failing webhook: its held deliveries go out, in order.
    await updateWebhookSettings(tx, webhookId, { url, eventTypes: events, filter });
    return { webhookId };
  });
}

export function deleteWebhook(ctx: GraphQLContext, input: DeleteWebhookInput): Promise<MutationOutcome<WebhookRef>> {
  return runMutation(ctx, { operation: 'deleteWebhook', action: 'webhook.manage', input }, async (tx) => {
    const webhookId = uuidInput(input.webhookId, ['webhookId']);
    await lockWebhook(ctx, tx, webhookId);
    await deleteWebhookRow(tx, webhookId);
    return { webhookId };
  });
}

export function rotateWebhookSecret(ctx: GraphQLContext, input: RotateWebhookSecretInput): Promise<MutationOutcome<WebhookRef & { secret: string }>> {
  return runMutation(ctx, { operation: 'rotateWebhookSecret', action: 'webhook.manage', input: { ...input, secret: input.secret ? '<secret>' : null } }, async (tx) => {
    const webhookId = uuidInput(input.webhookId, ['webhookId']);
    await lockWebhook(ctx, tx, webhookId);
    const checks = new InputChecks();
    checkSecret(checks, input.secret, ['secret']);
    const overlap = input.overlapSeconds ?? webhookSettings().secretOverlapSeconds;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > 604_800) checks.add('OUT_OF_RANGE', 'Between 0 and 604800 seconds.', ['overlapSeconds']);
    checks.throwIfAny();
    const secret = input.secret ?? generateWebhookSecret();
    const sealed = sealSecret(detailsCipherOf(tx), webhookId, secret);
    await rotateWebhookSecretRow(tx, webhookId, sealed, overlap, ctx.now);
    return { webhookId, secret };
  });
}

export function redeliverWebhook(ctx: GraphQLContext, input: RedeliverWebhookInput): Promise<MutationOutcome<{ deliveryId: string }>> {
  return runMutation(ctx, { operation: 'redeliverWebhook', action: 'webhook.manage', input }, async (tx) => {
    const deliveryId = uuidInput(input.deliveryId, ['deliveryId']);
    const webhookId = await webhookIdOfDelivery(tx, deliveryId);
    if (!webhookId) throw new UserInputProblem(problem('NOT_FOUND', 'No delivery with this id.', ['deliveryId']));
    await lockWebhook(ctx, tx, webhookId);
    // Same id (X-MSR-Delivery) and body; a fresh timestamp and signature when it is sent.
    await requeueDelivery(tx, deliveryId);
    // Asking for a redelivery is asking to deliver again: a failing webhook becomes active.
    await reactivateFailingWebhook(tx, webhookId);
    return { deliveryId };
  });
}
