/**
 * One delivery attempt over HTTP(S): POST with the signed headers, no redirects followed (a 3xx
 * is a failed attempt), the address checked at connect time (ssrf.ts `guardedLookup`), one
 * deadline from connect to the end of the response, and at most RESPONSE_LIMIT bytes of the
 * response read (the rest is dropped with the connection).
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalAddressProblem, type UrlGuard } from './ssrf';

export const RESPONSE_LIMIT = 64 * 1024;

export interface AttemptResult {
  /** 2xx within the deadline. */
  ok: boolean;
  responseCode: number | null;
  latencyMs: number;
  /** Why it failed (no response body, no secrets). */
  error: string | null;
}

export interface HttpSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult>;
  close(): void;
}

export function createHttpSender(guard: UrlGuard, timeoutMs: number, maxSockets = 16): HttpSender {
  const lookup = guardedLookup(guard);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, maxSockets, lookup } as https.AgentOptions),
  };
  return {
    send(rawUrl, headers, body) {
      const started = performance.now();
      const done = (ok: boolean, responseCode: number | null, error: string | null): AttemptResult => ({
        ok,
        responseCode,
        latencyMs: Math.round(performance.now() - started),
        error,
      });
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        return Promise.resolve(done(false, null, 'the URL is not valid'));
      }
      const literal = literalAddressProblem(url, guard);
      if (literal) return Promise.resolve(done(false, null, `refused: ${literal}`));
      const protocol = url.protocol as 'http:' | 'https:';
      const mod = protocol === 'https:' ? https : http;
      return new Promise<AttemptResult>((resolve) => {
        let settled = false;
        const finish = (r: AttemptResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve(r);
        };
        const req = mod.request(url, {
          method: 'POST',
          agent: agents[protocol],
          lookup,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString() },
        });
        const deadline = setTimeout(() => {
          finish(done(false, null, `no complete response within ${timeoutMs} ms`));
          req.destroy();
        }, timeoutMs);
        req.on('error', (err: NodeJS.ErrnoException) => finish(done(false, null, describeNetworkError(err))));
        req.on('response', (res) => {
          const code = res.statusCode ?? 0;
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > RESPONSE_LIMIT) {
              // Enough: the status is known; the rest is not read.
              finish(result(code));
              res.destroy();
            }
          });
          res.on('end', () => finish(result(code)));
          res.on('error', () => finish(done(false, code, 'the response was cut off')));
        });
        const result = (code: number): AttemptResult =>
          code >= 200 && code < 300
            ? done(true, code, null)
            : done(false, code, code >= 300 && code < 400 ? `HTTP ${code}: redirects are not followed` : `HTTP ${code}`);
        req.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function describeNetworkError(err: NodeJS.ErrnoException): string {
  if (err.code === 'EWEBHOOKADDRESS') return err.message;
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'the host does not resolve';
  if (err.code === 'ECONNRESET') return 'connection reset';
  return err.code ? `network error ${err.code}` : 'network error';
}
