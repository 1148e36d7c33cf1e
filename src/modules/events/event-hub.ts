/**
 * One per instance: a single long-lived PostgreSQL connection LISTENs on the events channel and
 * hands every committed event, in `seq` order, to the live subscriptions of this process.
 *
 * Contract:
 * - A notification is only a wake-up: the hub reads every row after the last one it dispatched, so
 *   notifications that coalesce, or arrive while the listening connection was down, lose nothing.
 *   This relies on appends being serialised by the chain's advisory lock (event-log.ts): taken by a
 *   transaction's final append (its outbox) and released by its commit, so an event becomes visible
 *   only after every event with a smaller `seq` that will ever commit.
 * - The listening connection reconnects by itself (backoff up to 5 s) and then catches up.
 * - `subscribe()` is synchronous: events up to the returned `position` were dispatched before the
 *   sink joined, every later event is pushed to it — the split a resuming subscriber relies on.
 */
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventEntity } from '../../persistence/entities';
import { EVENTS_CHANNEL } from './event-log';
import { describeError } from '../../infra/sql-logger';
import { rootLogger } from '../../infra/logger';

export interface EventSink {
  push(event: EventEntity): void;
}

export interface HubRegistration {
  /** The `seq` of the last event dispatched before this sink joined ("0" for none). */
  position: bigint;
  unsubscribe(): void;
}

export interface EventHubOptions {
  db: DataSource;
  /** Connection settings of the listening connection (same database as `db`). */
  listenConnection: ClientConfig;
  log?: (message: string) => void;
  /** Rows read per statement while catching up. */
  batchSize?: number;
}

const EVENT_COLUMNS = `seq::text AS seq, id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version`;

export function eventFromRow(row: Record<string, unknown>): EventEntity {
  return {
    seq: String(row.seq),
    id: row.id as string,
    occurredAt: row.occurred_at as Date,
    actor: row.actor as string,
    type: row.type as string,
    subjectType: row.subject_type as string,
    subjectId: row.subject_id as string,
    payload: row.payload,
    prevHash: (row.prev_hash as string | null) ?? null,
    hash: row.hash as string,
    hashVersion: Number(row.hash_version ?? 1),
  };
}

/** Events after `afterSeq` up to `untilSeq` (inclusive, when given), oldest first. */
export async function readEvents(
  db: DataSource,
  afterSeq: bigint,
  opts: { untilSeq?: bigint; types?: readonly string[] | null; limit: number },
): Promise<EventEntity[]> {
  const params: unknown[] = [afterSeq.toString()];
  let sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1`;
  if (opts.untilSeq !== undefined) {
    params.push(opts.untilSeq.toString());
    sql += ` AND seq <= $${params.length}`;
  }
  if (opts.types) {
    params.push(opts.types);
    sql += ` AND type = ANY($${params.length}::text[])`;
  }
  params.push(opts.limit);
  sql += ` ORDER BY events.seq LIMIT $${params.length}`; // not the text alias
  const rows: Record<string, unknown>[] = await db.query(sql, params);
  return rows.map(eventFromRow);
}

export async function latestEventSeq(db: DataSource): Promise<bigint> {
  const [row]: { seq: string }[] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  return BigInt(row!.seq);
}

export class EventHub {
  private readonly sinks = new Set<EventSink>();
  private position = 0n;
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private reconnectDelayMs = 100;
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private stopped = false;
  private started = false;
  /** False until the starting position is known: earlier wake-ups would replay the whole log. */
  private ready = false;
  /** How many times the listening connection was re-established (for tests and logs). */
  reconnects = 0;

  constructor(private readonly opts: EventHubOptions) {}

  private log(message: string): void {
    if (this.opts.log) this.opts.log(message);
    else rootLogger().child({ component: 'events' }).info(message);
  }

  /** Connects the listener; resolves once LISTEN is active and the starting position is known. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.connect();
    this.position = await latestEventSeq(this.opts.db);
    this.ready = true;
    this.pump(); // anything that committed between LISTEN and reading the position
  }

  /** The last `seq` dispatched. */
  get currentPosition(): bigint {
    return this.position;
  }

  /** The backend pid of the listening connection (null while reconnecting). */
  get listenerPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  get subscriberCount(): number {
    return this.sinks.size;
  }

  subscribe(sink: EventSink): HubRegistration {
    this.sinks.add(sink);
    return { position: this.position, unsubscribe: () => this.sinks.delete(sink) };
  }

  /** Closes the listening connection and cancels every timer; sinks stay registered but get nothing more. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.reconnectTimer = this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
    await this.pumping?.catch(() => undefined);
    this.sinks.clear();
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...this.opts.listenConnection, keepAlive: true });
    // Attached before connecting: a failure must never become an unhandled 'error'.
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL) this.pump();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelayMs = 100;
  }

  private lost(client: Client, err: Error | null): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.log(`listening connection lost${err ? ` (${describeError(err, { stack: false })})` : ''}; reconnecting`);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 5_000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect()
        .then(() => {
          if (this.stopped) return;
          this.reconnects += 1;
          this.log(`listening again (reconnect #${this.reconnects}); catching up from seq ${this.position}`);
          this.pump(); // whatever committed while we were not listening
        })
        .catch((e: unknown) => {
          this.log(`reconnect failed (${describeError(e, { stack: false })})`);
          this.scheduleReconnect();
        });
    }, delay);
  }

  /** Reads and dispatches everything after `position`; concurrent calls coalesce into one more pass. */
  private pump(): void {
    if (this.stopped || !this.ready) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = (async () => {
      try {
        do {
          this.pumpAgain = false;
          await this.drain();
        } while (this.pumpAgain && !this.stopped);
      } catch (err) {
        this.log(`reading new events failed (${describeError(err, { stack: false })}); retrying`);
        if (!this.stopped && !this.retryTimer) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.pump();
          }, 500);
        }
      } finally {
        this.pumping = null;
      }
    })();
  }

  private async drain(): Promise<void> {
    const limit = this.opts.batchSize ?? 500;
    for (;;) {
      const rows = await readEvents(this.opts.db, this.position, { limit });
      if (this.stopped) return;
      for (const event of rows) {
        this.position = BigInt(event.seq);
        for (const sink of this.sinks) sink.push(event);
      }
      if (rows.length < limit) return;
    }
  }
}
