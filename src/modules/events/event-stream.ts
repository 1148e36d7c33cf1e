/**
 * The source stream of one subscription: replay from the log, then live events from the hub,
 * turned into messages one at a time.
 *
 * Contract:
 * - Events come out in `seq` order, each at most once, each after `since` (when given).
 * - With `since`, events up to the hub's position at subscription time are read from the log
 *   page by page; live events that arrive meanwhile wait in the buffer. If the buffer fills during
 *   replay it is dropped and replay is extended to cover it, so catching up never loses anything.
 * - Live, the buffer is bounded: when a subscriber stops reading and `bufferLimit` messages pile
 *   up, `onOverflow` is called (the connection is closed with a reason) and the stream ends.
 * - `return()` ends the stream at once (also while a `next()` waits) and leaves the hub.
 * - `toMessage` runs per event, in order, never concurrently; it returns null to skip an event
 *   (not matching a filter that needs the database, or not readable by this subscriber).
 */
import type { DataSource } from 'typeorm';
import type { EventEntity } from '../../persistence/entities';
import { readEvents, type EventHub, type HubRegistration } from './event-hub';

export interface EventStreamOptions<T> {
  db: DataSource;
  hub: EventHub;
  /** Resume after this `seq`; null means live only. */
  since: bigint | null;
  /** Event types this stream can ever deliver (narrows the replay query); null for any. */
  types: readonly string[] | null;
  /** Cheap, synchronous filter applied before anything is buffered. */
  matches(event: EventEntity): boolean;
  toMessage(event: EventEntity): Promise<T | null>;
  bufferLimit: number;
  onOverflow(): void;
  /** Called once when the stream ends (returned, overflowed or thrown into). */
  onEnd?(): void;
  replayPageSize?: number;
}

export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly registration: HubRegistration;
  private readonly live: EventEntity[] = [];
  private replayed: EventEntity[] = [];
  /** Replay reads the log after `replayScan` up to `replayUntil` while `replaying`. */
  private replaying: boolean;
  private replayScan: bigint;
  private replayUntil: bigint;
  /** The last event handed on: anything at or before it is never delivered again. */
  private delivered: bigint;
  private waiter: (() => void) | null = null;
  private done = false;

  constructor(private readonly opts: EventStreamOptions<T>) {
    this.registration = opts.hub.subscribe({ push: (event) => this.onLive(event) });
    const position = this.registration.position;
    this.replayUntil = position;
    this.replayScan = opts.since ?? position;
    this.delivered = opts.since ?? position;
    this.replaying = opts.since !== null && opts.since < position;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private onLive(event: EventEntity): void {
    if (this.done || !this.opts.matches(event)) return;
    this.live.push(event);
    if (this.live.length > this.opts.bufferLimit) {
      if (this.replaying) {
        // Still catching up: read these from the log too instead of holding them.
        this.replayUntil = BigInt(event.seq);
        this.live.length = 0;
      } else {
        this.finish();
        this.opts.onOverflow();
        return;
      }
    }
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.live.length = 0;
    this.replayed = [];
    this.registration.unsubscribe();
    this.opts.onEnd?.();
    this.wake();
  }

  /** The next event to deliver, or null when the stream has ended. */
  private async nextEvent(): Promise<EventEntity | null> {
    for (;;) {
      if (this.done) return null;
      const fromReplay = this.replayed.shift();
      if (fromReplay) return fromReplay;
      if (this.replaying) {
        const limit = this.opts.replayPageSize ?? 200;
        const until = this.replayUntil;
        const page = await readEvents(this.opts.db, this.replayScan, { untilSeq: until, types: this.opts.types, limit });
        if (page.length === limit) {
          this.replayScan = BigInt(page[page.length - 1]!.seq);
        } else {
          // Everything up to `until` is read; replay goes on only if an overflow extended it meanwhile.
          this.replayScan = until;
          this.replaying = this.replayUntil > until;
        }
        this.replayed = page.filter((e) => this.opts.matches(e));
        continue;
      }
      const event = this.live.shift();
      if (event) return event;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      const event = await this.nextEvent();
      if (!event) return { done: true, value: undefined };
      const seq = BigInt(event.seq);
      if (seq <= this.delivered) continue;
      this.delivered = seq;
      const message = await this.opts.toMessage(event);
      if (this.done) return { done: true, value: undefined };
      if (message !== null) return { done: false, value: message };
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.finish();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    this.finish();
    throw error;
  }
}
