/**
 * One port for everything: Apollo Server over HTTP (`POST /graphql` with JSON straight from
 * node:http, graphql-http.ts; the rest through Express 5), graphql-ws subscriptions on the same
 * path, liveness and readiness probes, development tokens, and the explorer's static files.
 */
import { JWKS_PATH, jwksEndpoint } from '../modules/signing/jwks-endpoint';
import http from 'node:http';
import express from 'express';
import { executorOptions } from './executor';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { getOperationAST } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { createAuthenticator } from '../modules/access/authentication';
import { advisoriesRouter } from '../modules/interchange/http';
import { corsMiddleware, httpRequestContext } from './http-security';
import { graphqlHttpHandler, handles as handlesGraphqlPost } from './graphql-http';
import { budgetKeyOf, enforceOperationLimits, operationLimitsPlugin } from './plugins/operation-limits';
import { createCostBudget } from './plugins/cost-budget-postgres';
import { buildSchema } from './schema';
import type { EventHub } from '../modules/events/event-hub';
import { attachSubscriptions } from './subscriptions/attach';
import { mountStaticWeb } from './static-web';
import { devTokensRouter } from './dev-tokens-endpoint';
import { metricsEndpoint, requestTelemetry, requestTelemetryPlugin } from './request-telemetry';
import { rootLogger, type Logger } from '../infra/logger';
import { bindDatabasePool, bindEventHub } from '../infra/metrics';
import { bindWebhookMetrics } from '../modules/webhooks/metrics';
import { createReadinessCheck } from '../infra/readiness';
import { databaseBusyPlugin } from './plugins/database-busy';
import { UnitOfWork } from '../modules/shared/unit-of-work';

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  port: number;
  /** This instance's event hub (subscriber count, position: tests and diagnostics). */
  eventHub: EventHub;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Where the request log lines go (default: the process's root logger, src/infra/logger.ts). */
  logger?: Logger;
}

export async function startServer(config: Config, db: DataSource, options: ServerOptions = {}): Promise<RunningServer> {
  // This server's write settings and slots, handed to every operation's context.
  const unitOfWork = new UnitOfWork({
    idempotencyTtlMs: config.idempotency.ttlMs,
    maxConcurrentWrites: config.database.writeConcurrency,
    queueTimeoutMs: config.database.acquireTimeoutMs,
  });
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API responses (a hash of every GraphQL result, for caches that never see POST); the
  // explorer's static files keep theirs (serve-static sets its own).
  app.set('etag', false);
  // Requests are dispatched below, once Apollo has started: `POST /graphql` with JSON straight to
  // Apollo (graphql-http.ts), everything else to Express.
  const httpServer = http.createServer();
  const log = options.logger ?? rootLogger();
  // First: the request id, one log line and the metrics of every request (src/graphql/request-telemetry.ts).
  const telemetry = requestTelemetry(log.child({ component: 'http' }));
  app.use(telemetry);

  const authenticator = createAuthenticator(config.auth);
  const schema = buildSchema({ federationAuthDirectives: config.federationAuthDirectives });
  // Shared by every instance over the database, or per process (COST_BUDGET_STORE).
  const budget = createCostBudget(config.limits, db);
  // GraphQL over WebSocket on the same port and path (docs/subscriptions.md).
  const subscriptions = attachSubscriptions({
    httpServer,
    schema,
    db,
    unitOfWork,
    bufferLimit: config.subscriptionBufferLimit,
    subscriptionsPerConnection: config.subscriptionsPerConnection,
    connectionsPerIdentity: config.connectionsPerIdentity,
    authenticateConnection: (params) => authenticator.authenticateConnection(params),
    // The same limits and budget as HTTP.
    checkOperation: async (args, viewer, clientAddress) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      await enforceOperationLimits(config.limits, budget, {
        schema,
        document: args.document,
        operation,
        variables: args.variableValues ?? undefined,
        budgetKey: budgetKeyOf(viewer, clientAddress),
      });
    },
    maxTokens: config.limits.maxTokens,
    maskErrors: config.maskErrors,
    logger: log.child({ component: 'ws' }),
  });
  await subscriptions.start();
  const apollo = new ApolloServer<GraphQLContext>({
    // graphql-jit or graphql-js (GRAPHQL_EXECUTOR; src/graphql/executor.ts).
    ...executorOptions(schema, config.graphqlExecutor),
    introspection: config.introspection,
    // Access control and limits: docs/access-control.md.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: (formatted, error) => formatError(formatted, error, undefined, { mask: config.maskErrors }),
    // main.ts owns SIGTERM/SIGINT: it stops the sweeps, then this server, then the database.
    stopOnTerminationSignals: false,
    // Apollo's own messages go through the structured logger too.
    logger: log.child({ component: 'apollo' }),
    // No @cacheControl hints in the schema: Apollo's cache-control plugin would only add a hook per resolved field.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }), databaseBusyPlugin(config.database.retryAfterSeconds), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), requestTelemetryPlugin(), operationLimitsPlugin(config.limits, budget), subscriptions.plugin],
  });
  await apollo.start();

  // Prometheus metrics (METRICS_TOKEN / METRICS_PUBLIC; src/infra/metrics.ts).
  app.get('/metrics', metricsEndpoint(config.observability));
  const unbindMetrics = [bindDatabasePool(db), bindEventHub(subscriptions.hub, db), bindWebhookMetrics(db)];

  // The registry's public signing keys, for verifying decision statements offline (docs/regulator.md).
  app.get(JWKS_PATH, jwksEndpoint());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness on its own connection, never queued behind the pool's writers (src/infra/readiness.ts).
  const readiness = createReadinessCheck(db);
  // Checked once now, so that the first probe is answered from a check too (and the background refresh runs).
  void readiness.check();
  app.get('/readyz', async (_req, res) => {
    const status = await readiness.check();
    res.status(status === 'ready' ? 200 : 503).json({ status });
  });

  const cors = corsMiddleware(config.corsOrigins);
  // The other requests to /graphql (GET, OPTIONS, other content types, compressed bodies) through Express.
  app.use(
    '/graphql',
    cors,
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => httpRequestContext(req, res, db, authenticator, unitOfWork),
    }),
  );
  const graphqlPost = graphqlHttpHandler({
    apollo,
    maxBodyBytes: config.limits.maxBodyBytes,
    before: [telemetry, cors],
    context: (req, res) => httpRequestContext(req, res, db, authenticator, unitOfWork),
  });
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (handlesGraphqlPost(req)) graphqlPost(req, res);
    else app(req, res);
  });

  // Advisories (OSV, CSAF, OpenVEX) and the Atom feed, with the caller's token (docs/interchange.md).
  app.use(advisoriesRouter({ db, authenticator, budget }));

  // Demo tokens per role, for the explorer's sign-in: development only (config.devTokens), else 404.
  if (config.devTokens) app.use(devTokensRouter(config.auth, db));

  // The analyst explorer at / and GraphiQL at /graphiql (web/dist; docs/explorer.md).
  mountStaticWeb(app);

  // Malformed JSON bodies and oversized requests are client errors, never a 500 with internals.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(err.status).json({
        errors: [{ message: err.type === 'entity.too.large' ? 'Request body too large.' : 'Malformed request body.', extensions: { code: 'BAD_REQUEST' } }],
      });
      return;
    }
    next(err);
  });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    httpServer,
    port,
    url: `http://localhost:${port}/graphql`,
    eventHub: subscriptions.hub,
    // Stops accepting, lets in-flight requests finish for up to SHUTDOWN_GRACE_MS, then closes the rest.
    stop: () =>
      apollo.stop().finally(() => {
        for (const unbind of unbindMetrics) unbind();
        void readiness.close();
      }),
  };
}
