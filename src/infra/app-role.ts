/**
 * The unprivileged application role. The server connects as it; migrations run as the tables'
 * owner. What the role may do (granted by the owner after every migration run, so new tables are
 * covered):
 *
 * - SELECT, INSERT, UPDATE, DELETE on every table of the `public` schema, except
 * - `events` and `event_checkpoints`: SELECT and INSERT only (append-only; the trigger of
 *   migration 1764400000100 refuses UPDATE/DELETE/TRUNCATE even to the owner),
 * - `typeorm_migrations`: SELECT only (readiness checks it);
 * - USAGE and SELECT on the sequences (appends take `seq` explicitly);
 * - never TRUNCATE, REFERENCES or TRIGGER; it owns nothing, so it cannot ALTER a table or disable
 *   a trigger, and without superuser it cannot set `session_replication_role`.
 *
 * The embedded PostgreSQL creates the role `msr_app` (login, no superuser, no CREATEDB,
 * CREATEROLE, REPLICATION or BYPASSRLS). With DATABASE_URL and DATABASE_OWNER_URL the operator
 * creates the login role; the owner grants it the above at start-up.
 */
import { Client } from 'pg';
import { quoteIdentifier } from './database';

/** The embedded default's application role. */
export const APP_ROLE = 'msr_app';

/** Tables the application may read and append to, never change. */
export const APPEND_ONLY_TABLES = ['events', 'event_checkpoints'] as const;

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

const UNPRIVILEGED = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

/** Creates login role `role` on the server of `adminUrl` (a role that may CREATEROLE), or makes sure an existing one is unprivileged. */
export async function ensureLoginRole(adminUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000, application_name: 'msr-admin' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!existing.rowCount) {
      try {
        await client.query(`CREATE ROLE ${quoteIdentifier(role)} ${UNPRIVILEGED}`);
        return;
      } catch (err) {
        // 42710 duplicate_object; 23505 when two CREATE ROLE race on the catalog's unique index.
        const code = (err as { code?: string }).code;
        if (code !== '42710' && code !== '23505') throw err;
      }
    }
    await client.query(`ALTER ROLE ${quoteIdentifier(role)} ${UNPRIVILEGED}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Grants `role` what the application needs in the connected database, and nothing more (see the
 * module comment). Run by the tables' owner (or a superuser) after the migrations; idempotent.
 * Returns false, granting nothing, when `role` is the connection's own role (no separate owner).
 */
export async function grantApplicationPrivileges(db: Queryable, role: string): Promise<boolean> {
  const [self] = (await db.query('SELECT current_user AS role')) as { role: string }[];
  if (self?.role === role) return false;
  const r = quoteIdentifier(role);
  const appendOnly = APPEND_ONLY_TABLES.join(', ');
  await db.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await db.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`);
  await db.query(`REVOKE UPDATE, DELETE ON ${appendOnly} FROM ${r}`);
  await db.query(`REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM ${r}`);
  await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  return true;
}

/** The user name of a postgres:// URL, or null when it names none. */
export function roleOfUrl(url: string): string | null {
  try {
    const user = decodeURIComponent(new URL(url).username);
    return user === '' ? null : user;
  } catch {
    return null;
  }
}

export interface ConnectionRole {
  role: string;
  superuser: boolean;
  /** Owns `events` (directly or through membership): could disable its trigger. */
  ownsEventLog: boolean;
}

/** Who a connection is, for the start-up warning when the server could rewrite the event log. */
export async function connectionRole(db: { query(sql: string): Promise<unknown> }): Promise<ConnectionRole> {
  const rows = (await db.query(
    `SELECT current_user AS role, r.rolsuper AS superuser,
            coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass('public.events')), false) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as { role: string; superuser: boolean; owns: boolean }[];
  const row = rows[0]!;
  return { role: row.role, superuser: row.superuser, ownsEventLog: row.owns };
}
