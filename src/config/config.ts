/**
 * The only module that reads `process.env`. Everything else receives a `Config`.
 * A bad value stops start-up with a message naming the variable.
 */
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  /** PostgreSQL connection string; when absent the service starts an embedded PostgreSQL. */
  databaseUrl: string | null;
  port: number;
  host: string;
  /** Load the demo story when the database has no data yet. */
  seedDemo: boolean;
  /** Where the embedded PostgreSQL keeps its data (ignored by git). */
  embeddedDataDir: string;
  embeddedPort: number;
  /** Log every SQL statement (development aid). */
  logSql: boolean;
  /** Allow GraphQL introspection. */
  introspection: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be one of 1/0/true/false/yes/no/on/off, got "${raw}"`);
}

function readDatabaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL (expected postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use the postgres:// scheme, got "${url.protocol}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env, projectRoot = path.resolve(__dirname, '..', '..')): Config {
  const rawEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(rawEnv)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${rawEnv}"`);
  }
  const nodeEnv = rawEnv as NodeEnv;
  const databaseUrl = readDatabaseUrl(env);
  return {
    nodeEnv,
    databaseUrl,
    port: readInt(env, 'PORT', 4000, 0, 65535),
    host: env.HOST && env.HOST.trim() !== '' ? env.HOST.trim() : '0.0.0.0',
    // With the embedded database the demo story is loaded on first run; with DATABASE_URL only when asked.
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === null),
    embeddedDataDir: path.resolve(projectRoot, env.EMBEDDED_PG_DIR ?? '.data/postgres'),
    embeddedPort: readInt(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    logSql: readBool(env, 'LOG_SQL', false),
    introspection: readBool(env, 'INTROSPECTION', nodeEnv !== 'production'),
  };
}
