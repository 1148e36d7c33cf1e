/**
 * GraphQL over WebSocket (graphql-ws, `graphql-transport-ws` protocol) on the HTTP server's port
 * and path, plus this instance's `EventHub` (the one LISTEN connection). docs/subscriptions.md.
 *
 * - `connection_init` is authenticated with the same tokens as HTTP; a refused token closes the
 *   connection with 4403. No token means anonymous (as over HTTP). When the token expires the
 *   connection is closed with 4403 and the reason `Token expired…` (the client reconnects with a
 *   fresh token and resumes with `since`).
 * - Subscriptions are executed by `subscribeShared`: identical subscriptions (document, variables,
 *   viewer identity) build and execute each event's message once (`DeliveryMemo`).
 * - Queries and mutations are served too (one result each), through the same limits as HTTP
 *   (`checkOperation`: depth, cost, budget); bad documents, unknown arguments and bad cursors are
 *   `error` messages for that operation only.
 * - Errors are formatted by the same `formatError` as HTTP (closed set of codes, no internals).
 * - Logs (issue 18): one `ws operation` line per operation when it ends (completed, refused or
 *   failed: operation name and type, duration, messages sent, error codes, roles) and one
 *   `ws connection` line when a connection closes (duration, close code, operations run), both
 *   with the connection's request id (`x-request-id` of the upgrade request when sane, else a new
 *   id). Queries and mutations over WebSocket are counted in the request metrics like HTTP ones.
 *   Never tokens (connectionParams), variables, documents or results.
 * - `plugin` disposes the WebSocket server (every client gets 1001 "Going away") and stops the
 *   hub when Apollo Server drains.
 */
import type { UnitOfWork } from '../../modules/shared/unit-of-work';
import { performance } from 'node:perf_hooks';
import { logFunction, rootLogger, type Logger } from '../../infra/logger';
import { operationLabel, recordGraphqlRequest } from '../../infra/metrics';
import { requestIdFrom } from '../request-telemetry';
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getOperationAST, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { Context, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DataSource } from 'typeorm';
import type { Authenticated } from '../../modules/access/authentication';
import { ANONYMOUS, type Viewer } from '../../modules/access/rules';
import { EventHub } from '../../modules/events/event-hub';
import { DeliveryMemo, shareKeyOf, subscribeShared } from '../../modules/events/shared-delivery';
import { TOKEN_EXPIRED_CLOSE_CODE, TOO_MANY_CONNECTIONS_CLOSE_CODE, type SubscriptionContext, type SubscriptionSession } from '../../modules/events/subscriptions';
import { createContext } from '../context';
import { formatError, type ErrorCode } from '../errors';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  db: DataSource;
  /** The server's unit of work (write settings and slots) for mutations sent over the socket. */
  unitOfWork?: UnitOfWork;
  /** Messages one subscription may hold for a slow client (config SUBSCRIPTION_BUFFER_LIMIT). */
  bufferLimit: number;
  /**
   * Verifies the `connection_init` payload; throws (or rejects) to refuse the connection. With an
   * `expiresAt`, the connection is closed (4403, `Token expired…`) at that moment.
   */
  authenticateConnection?: (params: Readonly<Record<string, unknown>> | undefined) => Promise<Viewer | Authenticated>;
  /** Operations one connection may have running at once (SUBSCRIPTIONS_PER_CONNECTION); more get an error. */
  subscriptionsPerConnection?: number;
  /** Connections one identity may hold (CONNECTIONS_PER_IDENTITY); more are closed with 4429. */
  connectionsPerIdentity?: number;
  /** Extra checks of a subscription document (depth, cost, …); throws a GraphQLError to refuse it. */
  checkOperation?: (args: ExecutionArgs, viewer: Viewer, clientAddress: string | undefined) => void | Promise<void>;
  maxTokens?: number;
  maskErrors?: boolean;
  log?: (message: string) => void;
  /** Where the connection and operation log lines go (default: the root logger, component `ws`). */
  logger?: Logger;
}

export interface SubscriptionServer {
  hub: EventHub;
  wsServer: WebSocketServer;
  /** Connects the hub's listener; call before accepting traffic. */
  start(): Promise<void>;
  /** Closes every WebSocket and the hub (idempotent). */
  stop(): Promise<void>;
  /** Add to Apollo Server's plugins so `apollo.stop()` also stops subscriptions. */
  plugin: ApolloServerPlugin;
}

type Extra = {
  socket: WebSocket;
  request: http.IncomingMessage;
  viewer?: Viewer;
  /** Closes the connection when its token expires. */
  expiryTimer?: NodeJS.Timeout;
  /** The identity this connection is counted under (set once it is accepted). */
  identity?: string;
  /** For the log lines: the connection's request id, when it opened, operations started. */
  telemetry?: ConnectionTelemetry;
};

interface OperationRecord {
  name: string | null;
  type: string | null;
  started: number;
  messages: number;
  errors: string[] | null;
}

interface ConnectionTelemetry {
  id: string;
  opened: number;
  operationsRun: number;
  operations: Map<string, OperationRecord>;
}

const MAX_LOGGED_NAME = 128;
const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[]) =>
  errors.slice(0, 20).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
const rounded = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Who a connection belongs to, for CONNECTIONS_PER_IDENTITY: a token's subject and organization;
 * anonymous callers by address only (an authenticated partner behind a shared gateway address is
 * told apart by its token, not by the address).
 */
export function connectionIdentity(viewer: Viewer, address: string | undefined): string {
  if (viewer.subject !== null) return `sub:${viewer.subject}|org:${viewer.organizationId ?? '-'}`;
  return `addr:${address ?? 'unknown'}`;
}

/** Longest delay setTimeout accepts; a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

/** Connection settings of the DataSource, for the hub's own pg client. */
function connectionSettings(db: DataSource): Record<string, unknown> {
  const o = db.options as { url?: string; host?: string; port?: number; username?: string; password?: string; database?: string };
  const base = o.url ? { connectionString: o.url } : { host: o.host, port: o.port, user: o.username, password: o.password, database: o.database };
  return { ...base, application_name: 'msr-event-listener' };
}

/** The same error with a code from our closed set (as Apollo Server adds over HTTP). */
function withCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

export function attachSubscriptions(opts: SubscriptionServerOptions): SubscriptionServer {
  const log = opts.log ?? logFunction('subscriptions');
  const wsLog = opts.logger ?? rootLogger().child({ component: 'ws' });
  const telemetryOf = (extra: Extra): ConnectionTelemetry =>
    (extra.telemetry ??= { id: requestIdFrom(extra.request.headers['x-request-id']), opened: performance.now(), operationsRun: 0, operations: new Map() });
  /** The operation's log line (and, for queries and mutations, its request metrics). */
  const endOperation = (extra: Extra, id: string, outcome: 'completed' | 'refused' | 'failed' | 'connection closed') => {
    const t = extra.telemetry;
    const op = t?.operations.get(id);
    if (!t || !op) return;
    t.operations.delete(id);
    const durationMs = performance.now() - op.started;
    if (op.type === 'query' || op.type === 'mutation') recordGraphqlRequest(operationLabel(op.name), op.type, durationMs / 1000, op.errors);
    const level = outcome === 'failed' ? 'warn' : 'info';
    if (!wsLog.isLevelEnabled(level)) return;
    wsLog[level](
      {
        requestId: t.id,
        operationId: id.slice(0, 64),
        operation: op.name,
        operationType: op.type,
        outcome,
        durationMs: rounded(durationMs),
        messages: op.messages,
        errors: op.errors,
        roles: extra.viewer?.roles ?? null,
      },
      'ws operation',
    );
  };
  const hub = new EventHub({ db: opts.db, listenConnection: connectionSettings(opts.db), log });
  const wsServer = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: 1_048_576 });
  const authenticate = opts.authenticateConnection ?? (async () => ANONYMOUS);
  const deliveries = new DeliveryMemo();
  const maxOperations = opts.subscriptionsPerConnection ?? 100;
  const maxConnections = opts.connectionsPerIdentity ?? 50;
  /** Open, accepted connections per identity. */
  const connections = new Map<string, number>();

  /** Closes the socket with code and reason; terminates it if the client never answers. */
  const closeSocket = (socket: WebSocket, code: number, reason: string) => {
    socket.close(code, reason);
    // A client that stopped reading may never answer the close handshake.
    setTimeout(() => socket.terminate(), 2_000).unref();
  };

  const closeAtExpiry = (extra: Extra, expiresAt: Date) => {
    const arm = () => {
      const wait = expiresAt.getTime() - Date.now();
      // An unrepresentable expiry (refused by the authenticator already) closes at once, never spins.
      if (!(wait > 0)) {
        extra.expiryTimer = undefined;
        closeSocket(extra.socket, TOKEN_EXPIRED_CLOSE_CODE, 'Token expired: reconnect with a fresh token and resume with since.');
        return;
      }
      extra.expiryTimer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
      extra.expiryTimer.unref();
    };
    arm();
  };
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatError(e.toJSON(), e, undefined, { mask: opts.maskErrors }));

  /** Caps, parse, validate, variables, limits and budget: the execution arguments, or the errors to send. */
  const prepareOperation = async (ctx: Context<Record<string, unknown> | undefined, Extra>, payload: SubscribePayload): Promise<ExecutionArgs | GraphQLError[]> => {
    // graphql-ws has already registered this operation: more than the cap are running.
    if (Object.keys(ctx.subscriptions).length > maxOperations) {
      return [
        new GraphQLError(`Too many operations on this connection: at most ${maxOperations} may run at once. Complete some, or open another connection.`, {
          extensions: { code: 'RATE_LIMITED' satisfies ErrorCode, limit: 'SUBSCRIPTIONS_PER_CONNECTION', max: maxOperations },
        }),
      ];
    }
    let document;
    try {
      document = parse(payload.query, { maxTokens: opts.maxTokens });
    } catch (err) {
      return [withCode(err instanceof GraphQLError ? err : new GraphQLError('Could not parse the document.'), 'GRAPHQL_PARSE_FAILED')];
    }
    const validationErrors = validate(opts.schema, document);
    if (validationErrors.length > 0) return validationErrors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) {
      return [withCode(new GraphQLError('No operation to run (give operationName when the document has several).'), 'BAD_REQUEST')];
    }
    const coerced = getVariableValues(opts.schema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (coerced.errors) return coerced.errors.map((e) => withCode(e, 'BAD_USER_INPUT'));
    const args: ExecutionArgs = {
      schema: opts.schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
    };
    try {
      await opts.checkOperation?.(args, ctx.extra.viewer ?? ANONYMOUS, ctx.extra.request.socket.remoteAddress);
    } catch (err) {
      if (err instanceof GraphQLError) return [err];
      throw err;
    }
    return args;
  };

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: opts.schema,
      onConnect: async (ctx) => {
        let authenticated: Viewer | Authenticated;
        try {
          authenticated = await authenticate(ctx.connectionParams);
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        const viewer = 'viewer' in authenticated ? authenticated.viewer : authenticated;
        const identity = connectionIdentity(viewer, ctx.extra.request.socket.remoteAddress);
        const open = connections.get(identity) ?? 0;
        if (open >= maxConnections) {
          // Our code and reason win: graphql-ws's own 4403 for `false` finds the socket closing.
          closeSocket(ctx.extra.socket, TOO_MANY_CONNECTIONS_CLOSE_CODE, `Too many connections: at most ${maxConnections} per identity.`);
          return false;
        }
        connections.set(identity, open + 1);
        ctx.extra.identity = identity;
        ctx.extra.viewer = viewer;
        if ('viewer' in authenticated && authenticated.expiresAt) closeAtExpiry(ctx.extra, authenticated.expiresAt);
        return true;
      },
      onClose: (ctx, code) => {
        clearTimeout(ctx.extra.expiryTimer);
        const t = telemetryOf(ctx.extra);
        for (const id of [...t.operations.keys()]) endOperation(ctx.extra, id, 'connection closed');
        if (wsLog.isLevelEnabled('info')) {
          wsLog.info(
            { requestId: t.id, durationMs: rounded(performance.now() - t.opened), closeCode: code ?? null, operations: t.operationsRun, roles: ctx.extra.viewer?.roles ?? null },
            'ws connection',
          );
        }
        const identity = ctx.extra.identity;
        if (identity !== undefined) {
          ctx.extra.identity = undefined;
          const left = (connections.get(identity) ?? 1) - 1;
          if (left > 0) connections.set(identity, left);
          else connections.delete(identity);
        }
      },
      subscribe: subscribeShared,
      // Async: the shared cost budget is charged in the database (graphql-ws awaits onSubscribe).
      onSubscribe: async (ctx, id, payload) => {
        const t = telemetryOf(ctx.extra);
        const op: OperationRecord = {
          name: typeof payload.operationName === 'string' ? payload.operationName.slice(0, MAX_LOGGED_NAME) : null,
          type: null,
          started: performance.now(),
          messages: 0,
          errors: null,
        };
        t.operations.set(id, op);
        t.operationsRun++;
        const result = await prepareOperation(ctx, payload);
        if (Array.isArray(result)) {
          op.errors = codesOf(result);
          endOperation(ctx.extra, id, 'refused');
        } else {
          const operation = getOperationAST(result.document, payload.operationName);
          op.type = operation?.operation ?? null;
          op.name ??= operation?.name?.value.slice(0, MAX_LOGGED_NAME) ?? null;
        }
        return result;
      },
      context: (ctx, _id, payload): SubscriptionContext => {
        const viewer = ctx.extra.viewer ?? ANONYMOUS;
        const subscriptionSession: SubscriptionSession = {
          hub,
          bufferLimit: opts.bufferLimit,
          closeConnection: (code, reason) => closeSocket(ctx.extra.socket, code, reason),
          deliveries,
          shareKey: shareKeyOf(payload, viewer),
        };
        // Object.assign, not a spread: keeps the context's lazy `loaders` lazy.
        return Object.assign(createContext({ db: opts.db, viewer, clientAddress: ctx.extra.request.socket.remoteAddress, unitOfWork: opts.unitOfWork }), { subscriptionSession });
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const op = ctx.extra.telemetry?.operations.get(id);
        if (op) {
          op.messages++;
          if (result.errors) op.errors = [...(op.errors ?? []), ...codesOf(result.errors)].slice(0, 20);
        }
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
      onError: (ctx, id, _payload, errors) => {
        const formatted = format(errors);
        const op = ctx.extra.telemetry?.operations.get(id);
        if (op) {
          op.errors = codesOf(formatted);
          endOperation(ctx.extra, id, 'failed');
        }
        return formatted;
      },
      onComplete: (ctx, id) => endOperation(ctx.extra, id, 'completed'),
    },
    wsServer,
  );

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await cleanup.dispose();
      await hub.stop();
      deliveries.clear();
    })());

  return {
    hub,
    wsServer,
    start: () => hub.start(),
    stop,
    plugin: {
      async serverWillStart() {
        return { drainServer: stop };
      },
    },
  };
}
