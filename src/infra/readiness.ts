/**
 * Readiness on its own connection: `/readyz` never waits for the server's pool, so a pool full of
 * writers does not make the instance look dead (issue 13). One `pg` client, opened on first use
 * and reopened after an error; concurrent probes share one check in flight; every check is bounded
 * by `timeoutMs`. "Every migration applied" is read from `typeorm_migrations` on that connection,
 * and remembered once true (migrations are never un-applied while the process runs).
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

export function createReadinessCheck(db: DataSource, timeoutMs = 2_000): ReadinessCheck {
  let client: Client | null = null;
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
  return {
    check() {
      inFlight ??= run().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    async close() {
      drop();
    },
  };
}
