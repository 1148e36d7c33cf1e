/**
 * One log line and a few metric observations per HTTP request, and the `/metrics` endpoint.
 *
 * - A client that goes away before the response is complete is logged (and counted) with status 499.
 * - Request id: `x-request-id` from the client when it is a sane token (1-128 of
 *   `A-Z a-z 0-9 . _ : - / + = @`), else a new UUID; always returned in the `x-request-id` header
 *   and written in the request's log line.
 * - The log line holds what an operator needs and nothing a caller could hide there or that must
 *   not be kept: method, path (never the query string: GraphQL GET requests carry variables
 *   there), status, duration, operation name and type, error codes and the viewer's roles. Never
 *   headers (tokens), variables, documents or results (restricted details).
 * - Cheap on the read path: one small record per request, one shared `close` listener (no
 *   closure), one Apollo listener object shared by every operation.
 */
import { randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import type express from 'express';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { Logger } from '../infra/logger';
import { operationLabel, recordGraphqlRequest, recordHttpResponse, registry } from '../infra/metrics';
import type { ObservabilityConfig } from '../config/config';
import type { GraphQLContext } from './context';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:\-/+=@]{1,128}$/;
const RECORD = Symbol('msr.request');
const MAX_LOGGED_PATH = 200;

/** What is known of one HTTP request by the time it is logged. */
export class RequestRecord {
  operationName: string | null = null;
  operationType: string | null = null;
  errorCodes: string[] | null = null;
  roles: readonly string[] | null = null;

  constructor(
    readonly id: string,
    readonly started: number,
    readonly log: Logger,
  ) {}
}

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** The record of `req` (set by `requestTelemetry`), if any. */
export function requestRecordOf(req: http.IncomingMessage): RequestRecord | undefined {
  return (req as { [RECORD]?: RequestRecord })[RECORD];
}

function routeOf(path: string): string {
  if (path === '/graphql') return 'graphql';
  if (path === '/healthz' || path === '/readyz') return 'probe';
  if (path === '/metrics') return 'metrics';
  if (path.startsWith('/dev/')) return 'dev';
  return 'web';
}

/** On `close` (after the last byte, or when the client went away first: `aborted`). */
function onClose(this: http.ServerResponse): void {
  const req = this.req as http.IncomingMessage & { originalUrl?: string };
  const rec = requestRecordOf(req);
  if (!rec) return;
  // Gone first: the response never completed, or the request's own body never arrived in full
  // (an answer to it — body-parser's 400 for an aborted body — went into a closed socket).
  const aborted = !this.writableFinished || req.readableAborted;
  const durationMs = performance.now() - rec.started;
  // Express rewrites `url` under a mount point and keeps the original; node:http has only `url`.
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const route = routeOf(path);
  // 499 (as nginx logs it): the client closed the connection before the response was complete.
  const status = aborted ? 499 : this.statusCode;
  recordHttpResponse(route, status);
  let operation: string | undefined;
  if (route === 'graphql') {
    operation = rec.operationType === null ? 'invalid' : operationLabel(rec.operationName);
    recordGraphqlRequest(operation, rec.operationType ?? 'unknown', durationMs / 1000, rec.errorCodes);
  }
  const level = status >= 500 ? 'error' : route === 'probe' || route === 'metrics' ? 'debug' : 'info';
  if (!rec.log.isLevelEnabled(level)) return;
  rec.log[level](
    {
      requestId: rec.id,
      method: req.method,
      path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
      status,
      durationMs: Math.round(durationMs * 100) / 100,
      ...(route === 'graphql'
        ? {
            operation: rec.operationName === null ? null : rec.operationName.slice(0, 128),
            operationType: rec.operationType,
            errors: rec.errorCodes,
            roles: rec.roles,
          }
        : {}),
    },
    'request',
  );
}

/**
 * First in the chain (Express, and the node:http path of `POST /graphql`, graphql-http.ts): request
 * id, and the log line + metrics when the response is done (or abandoned).
 */
export function requestTelemetry(log: Logger): (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const rec = new RequestRecord(requestIdFrom(req.headers['x-request-id']), performance.now(), log);
    (req as { [RECORD]?: RequestRecord })[RECORD] = rec;
    res.setHeader('x-request-id', rec.id);
    res.once('close', onClose);
    next();
  };
}

const LISTENER: GraphQLRequestListener<GraphQLContext> = {
  async didResolveOperation(rc) {
    const rec = rc.contextValue.request;
    if (!rec || !rc.operation) return;
    rec.operationName = rc.operation.name?.value ?? null;
    rec.operationType = rc.operation.operation;
  },
  async willSendResponse(rc) {
    const rec = rc.contextValue.request;
    if (!rec) return;
    const body = rc.response.body;
    const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
    if (errors && errors.length > 0) rec.errorCodes = errors.slice(0, 20).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
  },
};

/** Operation name, type and error codes into the request's record (HTTP; WebSocket operations have none). */
export function requestTelemetryPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return LISTENER;
    },
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics`: the Prometheus text format. Not served (404, next()) when disabled; with
 * METRICS_TOKEN only to `Authorization: Bearer <token>` (401 otherwise).
 */
export function metricsEndpoint(config: Pick<ObservabilityConfig, 'metricsEnabled' | 'metricsToken'>): express.RequestHandler {
  const expected = config.metricsToken === null ? null : digest(config.metricsToken);
  return (req, res, next) => {
    if (!config.metricsEnabled) return next();
    if (expected) {
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!timingSafeEqual(digest(given), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        res.status(401).type('text/plain').send('metrics need a bearer token (METRICS_TOKEN)\n');
        return;
      }
    }
    registry.metrics().then(
      (text) => {
        res.setHeader('Content-Type', registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.end(text);
      },
      () => {
        res.status(500).type('text/plain').send('metrics collection failed\n');
      },
    );
  };
}
