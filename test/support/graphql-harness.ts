/**
 * Runs GraphQL operations against the real schema, resolvers and error formatting, either
 * in-process (`executeOperation`) or over HTTP (`startHttpServer`).
 *
 *   const result = await executeOperation(db, `{ node(id: $id) { id } }`, { id });
 *   expect(result.errors).toBeUndefined();
 *
 * The in-process path goes through a real `ApolloServer` (built once per harness) with the same
 * schema and `formatError` as `src/graphql/server.ts`, so errors look exactly as a client sees them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { createContext, type GraphQLContext } from '../../src/graphql/context';
import { formatError } from '../../src/graphql/errors';
import { buildSchema } from '../../src/graphql/schema';
import { startServer } from '../../src/graphql/server';
import { executorOptions } from '../../src/graphql/executor';
import type { Viewer } from '../../src/modules/access/rules';

export interface OperationOptions {
  viewer?: Viewer;
  now?: Date;
}

export interface OperationResult<TData = Record<string, any>> {
  data?: TData | null;
  errors?: readonly GraphQLFormattedError[];
  /** HTTP status Apollo would answer with (undefined means 200). */
  httpStatus?: number;
  /**
   * The original errors that `formatError` replaced with INTERNAL_SERVER_ERROR during this
   * operation (bugs). Empty when nothing unexpected happened.
   */
  internalErrors: unknown[];
}

export interface GraphQLHarness {
  executeOperation<TData = Record<string, any>>(
    db: DataSource,
    query: string,
    variables?: Record<string, unknown>,
    opts?: OperationOptions,
  ): Promise<OperationResult<TData>>;
  stop(): Promise<void>;
}

/** Creates a harness with its own ApolloServer. */
export function createGraphQLHarness(): GraphQLHarness {
  // formatError's log is routed to the operation that produced the error (AsyncLocalStorage
  // follows the operation's async chain, so concurrent operations do not mix them up).
  const sinks = new AsyncLocalStorage<unknown[]>();
  const server = new ApolloServer<GraphQLContext>({
    // The executor the server runs (GRAPHQL_EXECUTOR, default graphql-jit).
    ...executorOptions(buildSchema(), loadConfig().graphqlExecutor),
    formatError: (formatted, error) =>
      formatError(formatted, error, (err) => {
        const sink = sinks.getStore();
        if (sink) sink.push(err);
        else console.error('[graphql-harness] unexpected error', err);
      }),
    // As in server.ts, plus no inline tracing (only a gateway asks for it; it only logs noise here).
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  let started: Promise<void> | null = null;
  const ensureStarted = () => (started ??= server.start());

  return {
    async executeOperation<TData>(
      db: DataSource,
      query: string,
      variables?: Record<string, unknown>,
      opts: OperationOptions = {},
    ): Promise<OperationResult<TData>> {
      await ensureStarted();
      const internalErrors: unknown[] = [];
      const response = await sinks.run(internalErrors, () =>
        server.executeOperation(
          { query, variables },
          { contextValue: createContext({ db, viewer: opts.viewer, now: opts.now }) },
        ),
      );
      if (response.body.kind !== 'single') {
        throw new Error('graphql-harness: expected a single result (incremental delivery is not used)');
      }
      const { data, errors } = response.body.singleResult;
      // As a client receives it: through JSON (graphql-jit leaves a failed list entry undefined, which JSON sends as null).
      const received = data == null ? data : (JSON.parse(JSON.stringify(data)) as TData);
      return { data: received as TData | null | undefined, errors, httpStatus: response.http.status, internalErrors };
    },
    async stop() {
      if (started) await server.stop();
    },
  };
}

let shared: GraphQLHarness | null = null;

/**
 * Runs one operation in-process through the shared harness (one ApolloServer per test file, since
 * jest gives every test file its own module registry). Returns `{ data, errors }`.
 */
export function executeOperation<TData = Record<string, any>>(
  db: DataSource,
  query: string,
  variables?: Record<string, unknown>,
  opts?: OperationOptions,
): Promise<OperationResult<TData>> {
  shared ??= createGraphQLHarness();
  return shared.executeOperation<TData>(db, query, variables, opts);
}

/** Stops the shared harness's ApolloServer (optional; call from `afterAll`). */
export async function stopHarness(): Promise<void> {
  const h = shared;
  shared = null;
  if (h) await h.stop();
}

export interface HttpServerHandle {
  /** The GraphQL endpoint, for example `http://127.0.0.1:43121/graphql`. */
  url: string;
  /** The server root, for probes: `${baseUrl}/healthz`. */
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the real Express + Apollo server on a free port of 127.0.0.1 (NODE_ENV=test); `env` adds
 * or overrides settings, for example `{ DEV_TOKENS: '1' }` or `{ NODE_ENV: 'development' }`.
 */
export async function startHttpServer(db: DataSource, env: Record<string, string> = {}): Promise<HttpServerHandle> {
  const config = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1', ...env });
  const running = await startServer(config, db);
  // startServer reports `localhost`, which may resolve to ::1 first; we bound 127.0.0.1.
  const baseUrl = `http://127.0.0.1:${running.port}`;
  let stopping: Promise<void> | undefined;
  return {
    url: `${baseUrl}/graphql`,
    baseUrl,
    port: running.port,
    stop: () => (stopping ??= running.stop()),
  };
}
