/**
 * Small administrative helpers around a PostgreSQL server: create, drop and wait for databases.
 * They use a single short-lived `pg` client each, never a pool, so they are safe to call from
 * start-up code, the embedded server and the test harness alike.
 */
import { Client, type ClientConfig } from 'pg';

/** PostgreSQL identifiers are at most 63 bytes; longer names would be silently truncated. */
const MAX_IDENTIFIER_BYTES = 63;

/** Quote an identifier for SQL (`"name"`, inner quotes doubled). */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('Database name must not be empty');
  if (name.includes('\0')) throw new Error('Database name must not contain NUL characters');
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new Error(`Database name "${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

function clientConfig(url: string, connectionTimeoutMillis = 10_000): ClientConfig {
  return { connectionString: url, connectionTimeoutMillis, application_name: 'msr-admin' };
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(clientConfig(url));
  // An idle client can still emit 'error' (e.g. the server is shut down); never crash the process for it.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * Create database `name` on the server behind `adminUrl` unless it exists.
 * Returns true if this call created it. Concurrent callers are safe (a lost race counts as "exists").
 */
export async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  const quoted = quoteIdentifier(name);
  return withClient(adminUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount && existing.rowCount > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoted}`);
      return true;
    } catch (err) {
      // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on the catalog's unique index.
      const code = pgCode(err);
      if (code === '42P04' || code === '23505') return false;
      throw err;
    }
  });
}

/**
 * Drop database `name` if it exists, first terminating every other connection to it.
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const quoted = quoteIdentifier(name);
  await withClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      // Stop new connections from arriving while we terminate the existing ones.
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!exists.rowCount) return;
      await client.query(`ALTER DATABASE ${quoted} WITH ALLOW_CONNECTIONS false`).catch(() => undefined);
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoted}`);
        return;
      } catch (err) {
        // 55006 object_in_use: a backend was still shutting down; try again briefly.
        if (pgCode(err) !== '55006' || attempt >= 20) throw err;
        await sleep(100);
      }
    }
  });
}

/**
 * Wait until `url` accepts connections and answers `SELECT 1`, or throw after `timeoutMs`
 * with the last connection error.
 */
export async function waitForDatabase(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const remaining = deadline - Date.now();
    try {
      const client = new Client(clientConfig(url, Math.max(500, Math.min(5_000, remaining))));
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } finally {
        await client.end().catch(() => undefined);
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() + 250 > deadline) break;
    await sleep(250);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`PostgreSQL at ${redactUrl(url)} was not ready within ${timeoutMs} ms: ${reason}`);
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid database URL>';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
