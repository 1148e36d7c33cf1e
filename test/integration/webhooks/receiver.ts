/**
 * A real webhook receiver for tests: a node:http server on 127.0.0.1 that records every request
 * (headers, raw body, arrival time) and answers as told (`status`; 0 drops the connection, -1
 * never answers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** What the next requests are answered with (default 200). */
  status: number;
  /** Resolves when `predicate` holds over the requests so far (polling), or rejects after `timeoutMs`. */
  waitFor(predicate: (requests: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const requests: Received[] = [];
  const receiver = { status: 200 } as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = receiver.status;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status });
      if (status === 0) return req.socket.destroy();
      if (status === -1) return; // hold the request open
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    async waitFor(predicate: (r: Received[]) => boolean, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > until) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${requests.length} requests)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Requests answered 2xx, by delivery id (first one each). */
export function deliveredOnce(requests: Received[]): Received[] {
  const seen = new Set<string>();
  return requests.filter((r) => {
    const id = String(r.headers['x-msr-delivery']);
    if (r.status < 200 || r.status >= 300 || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
