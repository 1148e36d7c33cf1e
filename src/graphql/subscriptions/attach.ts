/**
 * GraphQL over WebSocket (graphql-ws, `graphql-transport-ws` protocol) on the HTTP server's port
 * and path, plus this instance's `EventHub` (the one LISTEN connection). docs/subscriptions.md.
 *
 * - `connection_init` is authenticated with the same tokens as HTTP; a refused token closes the
 *   connection with 4403. No token means anonymous (as over HTTP).
 * - Queries and mutations are served too (one result each), through the same limits as HTTP
 *   (`checkOperation`: depth, cost, budget); bad documents, unknown arguments and bad cursors are
 *   `error` messages for that operation only.
 * - Errors are formatted by the same `formatError` as HTTP (closed set of codes, no internals).
 * - `plugin` disposes the WebSocket server (every client gets 1001 "Going away") and stops the
 *   hub when Apollo Server drains.
 */
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getOperationAST, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DataSource } from 'typeorm';
import { ANONYMOUS, type Viewer } from '../../modules/access/rules';
import { EventHub } from '../../modules/events/event-hub';
import type { SubscriptionContext, SubscriptionSession } from '../../modules/events/subscriptions';
import { createContext } from '../context';
import { formatError, type ErrorCode } from '../errors';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  db: DataSource;
  /** Messages one subscription may hold for a slow client (config SUBSCRIPTION_BUFFER_LIMIT). */
  bufferLimit: number;
  /** Verifies the `connection_init` payload; throws (or rejects) to refuse the connection. */
  authenticateConnection?: (params: Readonly<Record<string, unknown>> | undefined) => Promise<Viewer>;
  /** Extra checks of a subscription document (depth, cost, …); throws a GraphQLError to refuse it. */
  checkOperation?: (args: ExecutionArgs, viewer: Viewer, clientAddress: string | undefined) => void;
  maxTokens?: number;
  maskErrors?: boolean;
  log?: (message: string) => void;
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
};

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
  const log = opts.log ?? ((m: string) => console.log(`[subscriptions] ${m}`));
  const hub = new EventHub({ db: opts.db, listenConnection: connectionSettings(opts.db), log });
  const wsServer = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: 1_048_576 });
  const authenticate = opts.authenticateConnection ?? (async () => ANONYMOUS);
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatError(e.toJSON(), e, undefined, { mask: opts.maskErrors }));

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: opts.schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await authenticate(ctx.connectionParams);
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: (ctx, _id, payload) => {
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
          opts.checkOperation?.(args, ctx.extra.viewer ?? ANONYMOUS, ctx.extra.request.socket.remoteAddress);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        return args;
      },
      // Object.assign, not a spread: keeps the context's lazy `loaders` lazy.
      context: (ctx): SubscriptionContext =>
        Object.assign(createContext({ db: opts.db, viewer: ctx.extra.viewer ?? ANONYMOUS }), {
          subscriptionSession: {
          hub,
          bufferLimit: opts.bufferLimit,
          closeConnection: (code, reason) => {
            const socket = ctx.extra.socket;
            socket.close(code, reason);
            // A client that stopped reading may never answer the close handshake.
            setTimeout(() => socket.terminate(), 2_000).unref();
          },
        } satisfies SubscriptionSession,
        }),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wsServer,
  );

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await cleanup.dispose();
      await hub.stop();
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
