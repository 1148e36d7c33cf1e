/**
 * `POST /graphql` with a plain JSON body, straight from node:http to Apollo Server (issue 12).
 *
 * Express + `@as-integrations/express5` + `express.json` cost about half of the registry's fixed
 * cost per request (the bisection: a bare Apollo Server answers `{ __typename }` at
 * 9,000 req/s, the same schema behind Express at 3,200–4,000). The partner query mix is all
 * POSTs of JSON, so those go through this handler, which does what the Express chain did for
 * them and nothing else:
 *
 * 1. the request id, log line and metrics (`requestTelemetry`, the same function Express ran first);
 * 2. CORS (`corsMiddleware`, the same function);
 * 3. the body, read up to `maxBodyBytes` and parsed as JSON as `express.json` does (strict: an
 *    object or an array), with the same answers: 413 "Request body too large." before or while
 *    reading, 400 "Malformed request body." for bad JSON;
 * 4. Apollo's `executeHTTPGraphQLRequest` with the same context function, and its answer written
 *    with a Content-Length.
 *
 * Everything else — GET and OPTIONS on /graphql, another content type or a charset other than
 * UTF-8 (`express.json` answers 415 for those), a compressed body (`express.json` inflates it),
 * every other path — goes to the Express app unchanged (`handles` returns false).
 */
import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLContext } from './context';

export interface GraphqlHttpOptions {
  apollo: ApolloServer<GraphQLContext>;
  maxBodyBytes: number;
  /** Express-style middleware run in order before the body is read; each calls `next()` to go on. */
  before: ReadonlyArray<(req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void>;
  context: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<GraphQLContext>;
}

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Whether this request is one the handler takes (else the Express app does). */
export function handles(req: http.IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !JSON_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  return encoding === undefined || encoding.toLowerCase() === 'identity';
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

type Body = { ok: true; text: string } | { ok: false; status: number; message: string };

/** The request body as UTF-8 text, at most `limit` bytes (413 beyond, as body-parser answers). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Body> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.resolve({ ok: false, status: 413, message: 'Request body too large.' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (body: Body) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; the rest is read and dropped so the answer reaches the client.
        finish({ ok: false, status: 413, message: 'Request body too large.' });
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
    const onError = () => finish({ ok: false, status: 400, message: 'Malformed request body.' });
    // The client went away before the body was complete: nothing to answer, nothing to run.
    const onClose = () => finish({ ok: false, status: 400, message: 'Malformed request body.' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.once('close', onClose);
  });
}

/** `express.json`'s strict parse: empty is `{}`, else an object or an array, else 400. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return { ok: true, value: {} };
  if (trimmed[0] !== '{' && trimmed[0] !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The handler: call it only for requests `handles` accepted. Never rejects. */
export function graphqlHttpHandler(options: GraphqlHttpOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { apollo, maxBodyBytes, before, context } = options;

  async function execute(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req, maxBodyBytes);
    if (!body.ok) return sendError(res, body.status, body.message);
    const parsed = parseJson(body.text);
    if (!parsed.ok) return sendError(res, 400, 'Malformed request body.');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: q < 0 ? '' : url.slice(q), body: parsed.value },
      context: () => context(req, res),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  }

  const failed = (res: http.ServerResponse) => {
    // Apollo turns errors into responses; this is a socket that went away mid-answer, or a bug in
    // a step before Apollo: a plain 500 without internals, never an uncaught exception.
    if (!res.headersSent) sendError(res, 500, 'Internal server error.');
    else res.destroy();
  };
  return (req, res) => {
    let i = 0;
    const next = (): void => {
      const step = before[i++];
      if (step) return step(req, res, next);
      execute(req, res).catch(() => failed(res));
    };
    try {
      next();
    } catch {
      failed(res);
    }
  };
}
