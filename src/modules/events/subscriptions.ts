/**
 * Subscription resolvers (schema/subscriptions.graphql). Each field turns its arguments into a
 * filter over registry events and opens an `EventStream`; the stream replays from the log when
 * `since` is given, then follows the instance's `EventHub`.
 *
 * Per message, a fresh context (the subscriber's viewer, new loaders, a new `now`) builds the
 * message and executes the selection through the same loaders and field resolvers as a query, so
 * what a subscriber receives follows the same read rules as a query made at that moment.
 * Subscriptions with the same document, variables and viewer identity share that work per event
 * (`shared-delivery.ts`).
 */
import { GraphQLError } from 'graphql';
import { createContext, type GraphQLContext } from '../../graphql/context';
import { badUserInput } from '../../graphql/errors';
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { parseGlobalId, type NodeType } from '../../graphql/global-id';
import type { EventEntity } from '../../persistence/entities';
import { visibleFinding } from '../findings/visibility';
import { latestEventSeq, type EventHub } from './event-hub';
import { EventStream } from './event-stream';
import { withMessageContext, type DeliveryMemo } from './shared-delivery';
import { mayViewEventNow } from './visibility';
import {
  ACCESS_CHANGE_TYPES,
  DEADLINE_ALERT_TYPES,
  EXPORT_DECISION_TYPES,
  EXPORT_OVERRIDE_TYPES,
  FINDING_CHANGE_TYPES,
  readAccessChange,
  readDeadlineAlert,
  readExportDecisionChange,
  readExportOverride,
  readFindingChange,
  type EventMessage,
} from './subscription-messages';

/** Close code sent to a connection whose subscriber stopped reading (buffer limit reached). */
export const SLOW_CONSUMER_CLOSE_CODE = 4413;
/** Close code when the connection's token expires (graphql-ws clients retry 4403: reconnect with a fresh token). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4403;
/** Close code when an identity already holds CONNECTIONS_PER_IDENTITY connections. */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;

/** What the WebSocket transport adds to the context of a subscription operation. */
export interface SubscriptionSession {
  hub: EventHub;
  bufferLimit: number;
  /** Closes the subscriber's whole connection with a code and a reason. */
  closeConnection(code: number, reason: string): void;
  /** This instance's per-event results, shared among subscriptions with the same `shareKey`. */
  deliveries?: DeliveryMemo;
  /** (document, variables, viewer identity) of this subscription; null or absent: share nothing. */
  shareKey?: string | null;
}

export interface SubscriptionContext extends GraphQLContext {
  subscriptionSession?: SubscriptionSession;
}

/**
 * Whether the subscriber may receive this event at all: the event rule of `Query.events` and
 * `node` (`mayViewEvent` in rules.ts — reads of restricted details only for regulators and the
 * finding's developer, events about an undisclosed finding not for the public), evaluated with the
 * message's context at delivery time. Restricted fields of the objects a message links to are
 * guarded by their own resolvers, evaluated per message. Every feed passes through here.
 */
export function mayReceiveEvent(ctx: GraphQLContext, event: EventEntity): Promise<boolean> {
  return mayViewEventNow(ctx, event);
}

const MAX_LIST = 100;
const CURSOR = /^(0|[1-9][0-9]{0,18})$/;

function sessionOf(ctx: GraphQLContext): SubscriptionSession {
  const session = (ctx as SubscriptionContext).subscriptionSession;
  if (!session) {
    throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql.', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return session;
}

/** Validates `since`: a cursor from a message (an event's sequence) no later than the log's end. */
async function parseSince(ctx: GraphQLContext, since: string | null | undefined): Promise<bigint | null> {
  if (since === null || since === undefined) return null;
  if (!CURSOR.test(since) || BigInt(since) > 9_223_372_036_854_775_807n) {
    throw badUserInput(`"${since.slice(0, 40)}" is not a subscription cursor (use the \`cursor\` of a message, or "0").`, ['since']);
  }
  const cursor = BigInt(since);
  if (cursor > (await latestEventSeq(ctx.db))) {
    throw badUserInput(`Cursor ${since} is past the end of the registry log.`, ['since']);
  }
  return cursor;
}

function limitedList<T>(list: readonly T[] | null | undefined, path: string[]): readonly T[] | null {
  if (list === null || list === undefined) return null;
  if (list.length > MAX_LIST) throw badUserInput(`At most ${MAX_LIST} values.`, path);
  return list;
}

/** Global ids of `type` to local ids; null when the filter is absent. */
function localIds(ids: readonly string[] | null | undefined, type: NodeType, path: string[]): Set<string> | null {
  const list = limitedList(ids, path);
  if (!list) return null;
  return new Set(
    list.map((id) => {
      const decoded = parseGlobalId(id);
      if (!decoded || decoded.type !== type) throw badUserInput(`"${id.slice(0, 60)}" is not the id of a ${type}.`, path);
      return decoded.localId;
    }),
  );
}

const localId = (id: string | null | undefined, type: NodeType, path: string[]): string | null =>
  id === null || id === undefined ? null : [...localIds([id], type, path)!][0]!;

const inSet = <T>(set: Set<T> | null, value: T | null): boolean => set === null || (value !== null && set.has(value));
const setOf = <T>(list: readonly T[] | null | undefined, path: string[]): Set<T> | null => {
  const l = limitedList(list, path);
  return l ? new Set(l) : null;
};

interface StreamSpec<T> {
  since: string | null | undefined;
  types: readonly string[] | null;
  matches(event: EventEntity): boolean;
  /** Builds the message with the context refreshed for this event; null skips it. */
  toMessage(event: EventEntity, ctx: GraphQLContext): Promise<T | null>;
}

async function openStream<T extends EventMessage>(ctx: GraphQLContext, spec: StreamSpec<T>): Promise<AsyncIterable<T>> {
  const session = sessionOf(ctx);
  const since = await parseSince(ctx, spec.since);
  const shareKey = session.shareKey ?? null;
  const buildMessage = async (event: EventEntity): Promise<T | null> => {
    // A fresh context per message: nothing cached from an earlier message leaks in, and `now` is
    // the moment the message is built. The selection is executed with the same context.
    const messageCtx = createContext({ db: ctx.db, viewer: ctx.viewer });
    if (!(await mayReceiveEvent(messageCtx, event))) return null;
    const message = await spec.toMessage(event, messageCtx);
    return message && withMessageContext(message, messageCtx);
  };
  return new EventStream<T>({
    db: ctx.db,
    hub: session.hub,
    since,
    types: spec.types,
    matches: spec.matches,
    bufferLimit: session.bufferLimit,
    onOverflow: () =>
      session.closeConnection(
        SLOW_CONSUMER_CLOSE_CODE,
        `Subscriber too slow: more than ${session.bufferLimit} messages waiting. Resume with since.`,
      ),
    onEnd: session.deliveries?.join(shareKey),
    toMessage: (event) =>
      session.deliveries ? session.deliveries.share(event.seq, shareKey, () => buildMessage(event)) : buildMessage(event),
  });
}

const identity = <T>(message: T): T => message;

export const subscriptionResolvers: Resolvers = {
  Subscription: {
    registryEvents: {
      subscribe: async (_p, args, ctx) => {
        const f = args.filter ?? {};
        const types = setOf(f.type, ['filter', 'type']);
        const subjectTypes = setOf(f.subjectType, ['filter', 'subjectType']);
        const subjectIds = limitedList(f.subjectId, ['filter', 'subjectId']);
        const subjects = subjectIds
          ? new Set(
              subjectIds.map((id) => {
                const decoded = parseGlobalId(id);
                if (!decoded || decoded.type === 'RegistryEvent') {
                  throw badUserInput(`"${id.slice(0, 60)}" is not the id of an object events are about.`, ['filter', 'subjectId']);
                }
                return decoded.localId;
              }),
            )
          : null;
        return openStream(ctx, {
          since: args.since,
          types: types ? [...types] : null,
          matches: (e) => inSet(types, e.type) && inSet(subjectTypes, e.subjectType) && inSet(subjects, e.subjectId),
          toMessage: async (event) => ({ event }),
        });
      },
      resolve: identity,
    },

    findingChanges: {
      subscribe: async (_p, args, ctx) => {
        const f = args.filter ?? {};
        const findingIds = localIds(f.findingId, 'Finding', ['filter', 'findingId']);
        const publicIds = setOf(f.publicId, ['filter', 'publicId']);
        const kinds = setOf(f.kind, ['filter', 'kind']);
        const statuses = setOf<string>(f.status, ['filter', 'status']);
        const levels = setOf<string>(f.level, ['filter', 'level']);
        const developerId = localId(f.developerId, 'Organization', ['filter', 'developerId']);
        return openStream(ctx, {
          since: args.since,
          types: Object.keys(FINDING_CHANGE_TYPES),
          matches: (e) => {
            const change = readFindingChange(e);
            if (!change || !inSet(findingIds, e.subjectId) || !inSet(kinds, change.kind)) return false;
            if (statuses && !(change.kind !== 'SEVERITY_ASSESSED' && inSet(statuses, change.status))) return false;
            if (levels && !(change.kind === 'SEVERITY_ASSESSED' && inSet(levels, change.level))) return false;
            const publicId = (e.payload as { publicId?: unknown } | null)?.publicId;
            return publicIds === null || (typeof publicId === 'string' && publicIds.has(publicId));
          },
          toMessage: async (event, c) => {
            const finding = await visibleFinding(c, await c.loaders.findingById.load(event.subjectId));
            if (!finding || (developerId !== null && finding.developerId !== developerId)) return null;
            return { event, finding, ...readFindingChange(event)! };
          },
        });
      },
      resolve: identity,
    },

    exportDecisionChanges: {
      subscribe: async (_p, args, ctx) => {
        const f = args.filter ?? {};
        const versionIds = localIds(f.modelVersionId, 'ModelVersion', ['filter', 'modelVersionId']);
        const codes = f.jurisdictionCode ? setOf(f.jurisdictionCode.map((c) => c.toUpperCase()), ['filter', 'jurisdictionCode']) : null;
        const tiers = setOf<string>(f.tier, ['filter', 'tier']);
        const outcomes = setOf<string>(f.outcome, ['filter', 'outcome']);
        const developerId = localId(f.developerId, 'Organization', ['filter', 'developerId']);
        const changesOf = (e: EventEntity) =>
          (readExportDecisionChange(e)?.changes ?? []).filter(
            (c) => inSet(codes, c.jurisdictionCode) && inSet(tiers, c.tier) && inSet(outcomes, c.outcome),
          );
        return openStream(ctx, {
          since: args.since,
          types: EXPORT_DECISION_TYPES,
          matches: (e) => inSet(versionIds, e.subjectId) && changesOf(e).length > 0,
          toMessage: async (event, c) => {
            const modelVersion = await c.loaders.modelVersionById.load(event.subjectId);
            if (!modelVersion || (developerId !== null && modelVersion.developerId !== developerId)) return null;
            return { event, modelVersion, ...readExportDecisionChange(event)!, changes: changesOf(event) };
          },
        });
      },
      resolve: identity,
    },

    exportDecisionOverrides: {
      subscribe: async (_p, args, ctx) => {
        const f = args.filter ?? {};
        const versionIds = localIds(f.modelVersionId, 'ModelVersion', ['filter', 'modelVersionId']);
        const codes = f.jurisdictionCode ? setOf(f.jurisdictionCode.map((c) => c.toUpperCase()), ['filter', 'jurisdictionCode']) : null;
        const kinds = setOf<string>(f.kind, ['filter', 'kind']);
        const outcomes = setOf<string>(f.outcome, ['filter', 'outcome']);
        const developerId = localId(f.developerId, 'Organization', ['filter', 'developerId']);
        return openStream(ctx, {
          since: args.since,
          types: Object.keys(EXPORT_OVERRIDE_TYPES),
          matches: (e) => {
            const o = readExportOverride(e);
            return (
              !!o && inSet(versionIds, o.modelVersionId) && inSet(codes, o.jurisdictionCode) && inSet(kinds, o.kind) && inSet(outcomes, o.outcome)
            );
          },
          toMessage: async (event, c) => {
            const override = readExportOverride(event)!;
            const modelVersion = await c.loaders.modelVersionById.load(override.modelVersionId);
            if (!modelVersion || (developerId !== null && modelVersion.developerId !== developerId)) return null;
            return { event, modelVersion, ...override };
          },
        });
      },
      resolve: identity,
    },

    modelVersionAccessChanges: {
      subscribe: async (_p, args, ctx) => {
        const f = args.filter ?? {};
        const versionIds = localIds(f.modelVersionId, 'ModelVersion', ['filter', 'modelVersionId']);
        const statuses = setOf<string>(f.status, ['filter', 'status']);
        const developerId = localId(f.developerId, 'Organization', ['filter', 'developerId']);
        return openStream(ctx, {
          since: args.since,
          types: Object.keys(ACCESS_CHANGE_TYPES),
          matches: (e) => {
            const change = readAccessChange(e);
            return !!change && inSet(versionIds, e.subjectId) && inSet(statuses, change.status);
          },
          toMessage: async (event, c) => {
            const modelVersion = await c.loaders.modelVersionById.load(event.subjectId);
            if (!modelVersion || (developerId !== null && modelVersion.developerId !== developerId)) return null;
            return { event, modelVersion, ...readAccessChange(event)! };
          },
        });
      },
      resolve: identity,
    },

    deadlineAlerts: {
      subscribe: async (_p, args, ctx) => {
        const f = args.filter ?? {};
        const findingIds = localIds(f.findingId, 'Finding', ['filter', 'findingId']);
        const kinds = setOf<string>(f.kind, ['filter', 'kind']);
        const states = setOf<string>(f.state, ['filter', 'state']);
        const levels = setOf<string>(f.level, ['filter', 'level']);
        const developerId = localId(f.developerId, 'Organization', ['filter', 'developerId']);
        return openStream(ctx, {
          since: args.since,
          types: DEADLINE_ALERT_TYPES,
          matches: (e) => {
            const alert = readDeadlineAlert(e);
            return (
              !!alert && inSet(findingIds, e.subjectId) && inSet(kinds, alert.kind) && inSet(states, alert.state) && inSet(levels, alert.level)
            );
          },
          toMessage: async (event, c) => {
            const finding = await visibleFinding(c, await c.loaders.findingById.load(event.subjectId));
            if (!finding || (developerId !== null && finding.developerId !== developerId)) return null;
            return { event, finding, ...readDeadlineAlert(event)! };
          },
        });
      },
      resolve: identity,
    },
  },

  RegistryEventMessage: {
    cursor: (m) => m.event.seq,
  },
  FindingChangeMessage: {
    cursor: (m) => m.event.seq,
    occurredAt: (m) => m.event.occurredAt,
    actor: (m) => m.event.actor,
  },
  ExportDecisionChangeMessage: {
    cursor: (m) => m.event.seq,
    occurredAt: (m) => m.event.occurredAt,
    actor: (m) => m.event.actor,
  },
  ExportOutcomeChange: {
    jurisdiction: (c, _a, ctx) => ctx.loaders.jurisdictionByCode.load(c.jurisdictionCode),
    decision: async (c, _a, ctx) => {
      const [jurisdiction, decisions] = await Promise.all([
        ctx.loaders.jurisdictionByCode.load(c.jurisdictionCode),
        ctx.loaders.exportDecisionsByVersion.load(c.modelVersionId),
      ]);
      return decisions.find((d) => d.jurisdictionId === jurisdiction?.id) ?? null;
    },
  },
  ExportDecisionOverrideMessage: {
    cursor: (m) => m.event.seq,
    occurredAt: (m) => m.event.occurredAt,
    actor: (m) => m.event.actor,
    jurisdiction: (m, _a, ctx) => ctx.loaders.jurisdictionByCode.load(m.jurisdictionCode),
    decision: (m, _a, ctx) => ctx.loaders.exportDecisionById.load(m.exportDecisionId),
  },
  ModelVersionAccessChangeMessage: {
    cursor: (m) => m.event.seq,
    occurredAt: (m) => m.event.occurredAt,
    actor: (m) => m.event.actor,
  },
  DeadlineAlertMessage: {
    cursor: (m) => m.event.seq,
    occurredAt: (m) => m.event.occurredAt,
  },
};
