/**
 * Readiness on its own connection: `/readyz` never waits for the server's pool, so a pool full of
 * writers does not make the instance look dead (issue 13). One `pg` client, opened on first use
 * and reopened after an error; concurrent probes share one check in flight; every check is bounded
 * by `timeoutMs`. "Every migration applied" is read from `typeorm_migrations` on that connection,
 * and remembered once true (migrations are never un-applied while the process runs).
 *
 * A probe is answered from the latest check while it is at most `maxAgeMs` old; the check runs when
 * the server starts and then every `refreshMs` (an unref'd timer). Under a write storm the event
 * loop is saturated, and a database round trip per probe took 119–144 ms to come back through it
 * (`npm run bench:writes`; issue 13 asks for /readyz within 100 ms throughout), against 52–70 ms
 * for `/healthz`. So a probe costs what `/healthz` costs, and says what the database said at most
 * `maxAgeMs` ago (default 2 s, refreshed every second): well inside any orchestrator's probe period.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export type Readiness = 'ready' | 'migrations pending' | 'database unreachable';

export interface ReadinessCheck {
  check(): Promise<Readiness>;
  close(): Promise<void>;
}

function connectionSettings(db: DataSource): Record<string, unknown> {
  const o = db.options as { url?: string; host?: string; port?: number; username?: string; password?: string; database?: string };
  const base = o.url ? { connectionString: o.url } : { host: o.host, port: o.port, user: o.username, password: o.password, database: o.database };
  return { ...base, application_name: 'msr-readiness' };
}

export interface ReadinessOptions {
  /** bound of one check (connect and query) */
  timeoutMs?: number;
  /** a probe is answered from a check at most this old */
  maxAgeMs?: number;
  /** how often the background check runs, from the first `check()` */
  refreshMs?: number;
}

export function createReadinessCheck(db: DataSource, options: ReadinessOptions = {}): ReadinessCheck {
  const { timeoutMs = 2_000, maxAgeMs = 2_000, refreshMs = 1_000 } = options;
  let client: Client | null = null;
  let latest: { status: Readiness; at: number } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let connecting: Promise<Client> | null = null;
  let inFlight: Promise<Readiness> | null = null;
  let migrated = false;
  const expected = db.migrations.map((m) => m.name ?? m.constructor.name);

  const drop = () => {
    const c = client;
    client = null;
    connecting = null;
    if (c) void c.end().catch(() => undefined);
  };
  const connection = (): Promise<Client> => {
    if (closed) return Promise.reject(new Error('readiness check closed'));
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new Client({ ...connectionSettings(db), connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs } as never);
      c.on('error', () => {
        if (client === c) drop();
      });
      try {
        await c.connect();
      } catch (err) {
        connecting = null;
        void c.end().catch(() => undefined);
        throw err;
      }
      if (closed) {
        void c.end().catch(() => undefined);
        throw new Error('readiness check closed');
      }
      client = c;
      return c;
    })();
    return connecting;
  };
  const run = async (): Promise<Readiness> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('readiness check timed out')), timeoutMs);
    });
    try {
      return await Promise.race([
        (async (): Promise<Readiness> => {
          const c = await connection();
          if (migrated) {
            await c.query('SELECT 1');
            return 'ready';
          }
          const { rows } = await c.query('SELECT count(*)::int AS n FROM typeorm_migrations WHERE name = ANY($1::text[])', [expected]);
          migrated = rows[0].n >= new Set(expected).size;
          return migrated ? 'ready' : 'migrations pending';
        })(),
        timeout,
      ]);
    } catch {
      drop();
      return 'database unreachable';
    } finally {
      clearTimeout(timer);
    }
  };
  const refresh = (): Promise<Readiness> => {
    inFlight ??= run()
      .then((status) => {
        latest = { status, at: Date.now() };
        return status;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  return {
    check() {
      if (!timer && !closed) {
        timer = setInterval(() => void refresh(), refreshMs);
        timer.unref();
      }
      if (latest && Date.now() - latest.at <= maxAgeMs) return Promise.resolve(latest.status);
      return refresh();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      drop();
    },
  };
}
