/**
 * Webhook queries and mutations (schema/webhooks*.graphql): thin — checks, then the store or a use
 * case. The owner organization and regulators see a webhook; nobody sees its secret again.
 */
import { badUserInput } from '../../graphql/errors';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { parseGlobalId, toGlobalId } from '../../graphql/global-id';
import { authorize, authorizeRole, can } from '../access/rules';
import { createWebhook, deleteWebhook, redeliverWebhook, rotateWebhookSecret, updateWebhook } from './mutations';
import { deliveryById, listDeliveries, listWebhooks, webhookById, type DeliveryStatus } from './store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEQ = /^[1-9][0-9]{0,18}$/;

export const webhookResolvers: Resolvers = {
  Query: {
    webhooks: async (_p, args, ctx) => {
      authorizeRole(ctx.viewer, 'webhook.manage');
      let organizationId: string | null = ctx.viewer.organizationId;
      if (args.organizationId != null) {
        const decoded = parseGlobalId(args.organizationId);
        if (!decoded || decoded.type !== 'Organization') throw badUserInput('Not an Organization id.', ['organizationId']);
        organizationId = decoded.localId;
      } else if (can(ctx.viewer, 'webhook.manage', { organizationId: '00000000-0000-0000-0000-000000000000' })) {
        organizationId = null; // regulators: every organization's
      }
      if (organizationId !== null) authorize(ctx.viewer, 'webhook.manage', { organizationId });
      return listWebhooks(ctx.db, organizationId, 500);
    },
    webhookDeliveries: async (_p, args, ctx) => {
      authorizeRole(ctx.viewer, 'webhook.manage');
      if (!UUID.test(args.webhookId)) throw badUserInput('Not a webhook id (a UUID).', ['webhookId']);
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > 100) throw badUserInput('Between 1 and 100.', ['first']);
      if (args.beforeSequence != null && !SEQ.test(args.beforeSequence)) throw badUserInput('Not an event sequence.', ['beforeSequence']);
      const webhook = await webhookById(ctx.db, args.webhookId.toLowerCase());
      if (!webhook) throw badUserInput('No webhook with this id.', ['webhookId']);
      authorize(ctx.viewer, 'webhook.manage', { organizationId: webhook.organizationId });
      return listDeliveries(ctx.db, webhook.id, {
        limit: first,
        beforeSeq: args.beforeSequence ?? null,
        statuses: (args.status as DeliveryStatus[] | null | undefined) ?? null,
      });
    },
  },
  Mutation: {
    createWebhook: async (_p, { input }, ctx) => {
      const { result, errors } = await createWebhook(ctx, input);
      return { webhook: result ? await webhookById(ctx.db, result.webhookId) : null, secret: result?.secret ?? null, errors };
    },
    updateWebhook: async (_p, { input }, ctx) => {
      const { result, errors } = await updateWebhook(ctx, input);
      return { webhook: result ? await webhookById(ctx.db, result.webhookId) : null, errors };
    },
    deleteWebhook: async (_p, { input }, ctx) => {
      const { result, errors } = await deleteWebhook(ctx, input);
      return { deletedWebhookId: result?.webhookId ?? null, errors };
    },
    rotateWebhookSecret: async (_p, { input }, ctx) => {
      const { result, errors } = await rotateWebhookSecret(ctx, input);
      return { webhook: result ? await webhookById(ctx.db, result.webhookId) : null, secret: result?.secret ?? null, errors };
    },
    redeliverWebhook: async (_p, { input }, ctx) => {
      const { result, errors } = await redeliverWebhook(ctx, input);
      return { delivery: result ? await deliveryById(ctx.db, result.deliveryId) : null, errors };
    },
  },
  Webhook: {
    organization: (w, _a, ctx) => ctx.loaders.organizationById.load(w.organizationId) as never,
    events: (w) => w.eventTypes,
    filter: (w) => ({
      developerId: (w.filter.developerIds ?? []).map((id) => toGlobalId('Organization', id)),
      modelVersionId: (w.filter.modelVersionIds ?? []).map((id) => toGlobalId('ModelVersion', id)),
      jurisdictionCode: w.filter.jurisdictionCodes ?? [],
      level: (w.filter.levels ?? []) as never,
    }),
  },
  WebhookDelivery: {
    eventSequence: (d) => d.eventSeq,
    nextAttemptAt: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null),
  },
};
