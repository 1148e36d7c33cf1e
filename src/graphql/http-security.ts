/**
 * HTTP-side access glue for `/graphql`: CORS from configuration, and the per-request context with
 * the authenticated viewer and the client address (for anonymous callers' cost budget).
 */
import type { UnitOfWork } from '../modules/shared/unit-of-work';
import type http from 'node:http';
import type { DataSource } from 'typeorm';
import type { Authenticator } from '../modules/access/authentication';
import { createContext, type GraphQLContext } from './context';
import { requestRecordOf } from './request-telemetry';

const ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, graphql-client-name, x-request-id';

/**
 * CORS for an exact list of origins (CORS_ORIGINS). Bearer tokens, not cookies, so credentials
 * are never allowed. Unlisted origins get no CORS headers (the browser blocks the response); the
 * request itself is still subject to Apollo's CSRF prevention.
 */
export function corsMiddleware(origins: readonly string[]): (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    varyOnOrigin(res);
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, x-request-id');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  };
}

/** `Vary: Origin`, added to whatever Vary the response has (node:http and Express alike). */
function varyOnOrigin(res: http.ServerResponse): void {
  const vary = res.getHeader('vary');
  if (vary === undefined) return void res.setHeader('vary', 'Origin');
  const list = String(vary);
  if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(list)) res.setHeader('vary', `${list}, Origin`);
}

/** Builds the operation's context from an HTTP request: verifies the bearer token (401 if bad). */
export async function httpRequestContext(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  db: DataSource,
  authenticator: Authenticator,
  unitOfWork?: UnitOfWork,
): Promise<GraphQLContext> {
  const viewer = await authenticator.authenticateAuthorization(req.headers.authorization);
  const request = requestRecordOf(req);
  if (request) request.roles = viewer.roles;
  return createContext({ db, viewer, clientAddress: req.socket.remoteAddress, request, signal: clientGoneSignal(res), unitOfWork });
}

/** Aborted when the client closes the connection before the response was sent (work not yet started is then skipped). */
function clientGoneSignal(res: http.ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
