/**
 * Fan-out without redoing the same work: subscriptions whose document, variables and viewer
 * identity are identical would build byte-identical messages from an event, so each event is
 * turned into a message — and executed — once per such group, and the result is shared.
 *
 * Contract:
 * - The share key is (document text, operation name, variables, viewer subject + organization +
 *   roles) — conservative: two connections of the same subject with the same rights and the same
 *   subscription share; anything else (another subject, another role set) never does.
 * - A shared result is built with its own fresh context (new loaders, new `now`), exactly as one
 *   subscriber's message would be; it is reused only for the same event and only for
 *   `maxAgeMs` after it was started, so a subscriber that lags further behind gets a result built at
 *   its own delivery time, as before.
 * - `subscribeShared` replaces graphql-js `subscribe` for graphql-ws: it executes each message
 *   with the message's own context, once per message object (a shared message is one object).
 * - Only keys with at least two live subscriptions keep results, and nothing is kept beyond
 *   `maxSeqs` events or `maxAgeMs`; entries go when superseded.
 */
import { createHash } from 'node:crypto';
import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { GraphQLContext } from '../../graphql/context';
import type { Viewer } from '../access/rules';

/** The part of a viewer that decides what a message holds. */
export function viewerKey(viewer: Viewer): string {
  return JSON.stringify([viewer.subject, viewer.organizationId, [...viewer.roles].sort()]);
}

/** The key under which subscriptions share messages (null: this subscription shares nothing). */
export function shareKeyOf(payload: { query: string; operationName?: string | null; variables?: unknown }, viewer: Viewer): string {
  return createHash('sha256')
    .update(JSON.stringify([payload.query, payload.operationName ?? null, payload.variables ?? null, viewerKey(viewer)]))
    .digest('base64url');
}

interface SeqEntry {
  startedAt: number;
  byKey: Map<string, Promise<unknown>>;
}

export interface DeliveryMemoOptions {
  /** How long a result may be reused after it was started (ms). */
  maxAgeMs?: number;
  /** How many recent events keep results. */
  maxSeqs?: number;
  now?: () => number;
}

/** Per instance: results per (event seq, share key), for a short while. */
export class DeliveryMemo {
  private readonly entries = new Map<string, SeqEntry>();
  /** Live subscriptions per share key. */
  private readonly members = new Map<string, number>();
  private readonly maxAgeMs: number;
  private readonly maxSeqs: number;
  private readonly clock: () => number;
  /** Counters (tests, benchmark): results built vs reused. */
  built = 0;
  reused = 0;

  constructor(opts: DeliveryMemoOptions = {}) {
    this.maxAgeMs = opts.maxAgeMs ?? 1_000;
    this.maxSeqs = opts.maxSeqs ?? 1_000;
    this.clock = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers a live subscription under `key`; call the returned function when it ends. Results
   * are kept only for keys with two or more live subscriptions: a result nobody else will ask for
   * is not held (holding it would only make the garbage collector promote it).
   */
  join(key: string | null): () => void {
    if (key === null) return () => undefined;
    this.members.set(key, (this.members.get(key) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const n = (this.members.get(key) ?? 1) - 1;
      if (n > 0) this.members.set(key, n);
      else this.members.delete(key);
    };
  }

  /** The result for (seq, key): built by `build` unless a recent one exists. */
  share<T>(seq: string, key: string | null, build: () => Promise<T>): Promise<T> {
    if (key === null || (this.members.get(key) ?? 0) < 2) return build();
    const now = this.clock();
    let entry = this.entries.get(seq);
    if (entry && now - entry.startedAt > this.maxAgeMs) {
      this.entries.delete(seq);
      entry = undefined;
    }
    if (!entry) {
      this.prune(now);
      entry = { startedAt: now, byKey: new Map() };
      this.entries.set(seq, entry);
    }
    const existing = entry.byKey.get(key) as Promise<T> | undefined;
    if (existing) {
      this.reused += 1;
      return existing;
    }
    this.built += 1;
    const result = build();
    entry.byKey.set(key, result);
    const owner = entry;
    // A failure is not shared with later subscribers: they try again.
    result.catch(() => {
      if (owner.byKey.get(key) === result) owner.byKey.delete(key);
    });
    return result;
  }

  private prune(now: number): void {
    // Insertion order is (nearly) event order: the oldest come first.
    for (const [seq, entry] of this.entries) {
      if (this.entries.size < this.maxSeqs && now - entry.startedAt <= this.maxAgeMs) break;
      this.entries.delete(seq);
    }
  }

  clear(): void {
    this.entries.clear();
    this.members.clear();
  }
}

// Symbol-keyed properties on the message rather than WeakMaps: a message lives for one delivery,
// and ephemeron tables for 100,000s of short-lived keys cost the garbage collector noticeably.
// GraphQL never sees symbol keys.
/** The context a message was built with (it is executed with the same one). */
const CONTEXT = Symbol('messageContext');
/** Its execution: subscribers sharing a message object share the result. */
const EXECUTION = Symbol('messageExecution');

interface Delivered {
  [CONTEXT]?: GraphQLContext;
  [EXECUTION]?: Promise<ExecutionResult>;
}

export function withMessageContext<T extends object>(message: T, ctx: GraphQLContext): T {
  (message as T & Delivered)[CONTEXT] = ctx;
  return message;
}

function executeMessage(args: ExecutionArgs, message: unknown): Promise<ExecutionResult> | ExecutionResult {
  const delivered = message as Delivered | null;
  const ctx = typeof message === 'object' && delivered !== null ? delivered[CONTEXT] : undefined;
  if (!ctx) return execute({ ...args, rootValue: message });
  return (delivered![EXECUTION] ??= Promise.resolve(execute({ ...args, rootValue: message, contextValue: ctx })));
}

/**
 * graphql-js `subscribe`, except that each message is executed with its own context and only once
 * for every subscriber it is shared with. `return()` reaches the source stream at once (also while
 * it waits for an event), so a completed or closed subscription leaves the hub immediately.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const closeSource = async () => {
    await iterator.return?.();
  };
  const generator: AsyncGenerator<ExecutionResult> = {
    async next() {
      const step = await iterator.next();
      if (step.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await executeMessage(args, step.value) };
      } catch (err) {
        await closeSource();
        throw err;
      }
    },
    async return() {
      await closeSource();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await closeSource();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    async [Symbol.asyncDispose]() {
      await closeSource();
    },
  };
  return generator;
}
