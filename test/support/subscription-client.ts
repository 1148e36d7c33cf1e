/**
 * A graphql-ws client for tests: collects every message of a subscription and lets a test wait
 * for a number of them.
 *
 *   const client = connect(server.wsUrl);
 *   const sub = subscribe(client, 'subscription { registryEvents { cursor } }');
 *   // graphql-ws does not acknowledge a subscribe: pass `since` (the log's last cursor) so an
 *   // event committed before the server registered the subscription is replayed, not missed.
 *   const [m] = await sub.take(1);
 *   await client.dispose();
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface ClientOptions {
  connectionParams?: Record<string, unknown>;
  /** Called when the socket closes (code, reason). */
  onClosed?: (code: number, reason: string) => void;
}

export function connect(url: string, opts: ClientOptions = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined, // surfaced through onClosed and the subscriptions' errors
    connectionParams: opts.connectionParams,
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string };
        opts.onClosed?.(e.code, String(e.reason));
      },
    },
  });
}

export interface TestSubscription<T = any> {
  messages: T[];
  errors: unknown[];
  completed: boolean;
  /** Waits until at least `n` messages arrived (or fails after `timeoutMs`); returns the first n. */
  take(n: number, timeoutMs?: number): Promise<T[]>;
  /** Waits for the first error. */
  error(timeoutMs?: number): Promise<unknown>;
  dispose(): void;
}

export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>, field?: string): TestSubscription<T> {
  const sub: TestSubscription<T> = {
    messages: [],
    errors: [],
    completed: false,
    take: (n, timeoutMs = 5_000) =>
      waitFor(() => sub.messages.length >= n || sub.errors.length > 0, timeoutMs, () => `expected ${n} messages, got ${sub.messages.length}`).then(() => {
        if (sub.messages.length < n) throw new Error(`subscription failed: ${JSON.stringify(sub.errors)}`);
        return sub.messages.slice(0, n);
      }),
    error: (timeoutMs = 5_000) => waitFor(() => sub.errors.length > 0, timeoutMs, () => 'expected an error').then(() => sub.errors[0]),
    dispose: () => undefined,
  };
  sub.dispose = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) sub.errors.push(result.errors);
        if (result.data) {
          const key = field ?? Object.keys(result.data)[0]!;
          sub.messages.push(result.data[key] as T);
        }
      },
      error: (err) => sub.errors.push(err),
      complete: () => (sub.completed = true),
    },
  );
  return sub;
}

export async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string = () => 'condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
