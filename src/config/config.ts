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
  /** Bearer-token verification and the API's limits (docs/access-control.md). */
  auth: AuthConfig;
  limits: LimitsConfig;
  /** Origins allowed by CORS (exact matches); empty means no cross-origin browser access. */
  corsOrigins: string[];
  /** Hide error details a client could learn the schema or internals from (field suggestions). */
  maskErrors: boolean;
  /** Messages one subscription may hold for a slow client before its connection is closed (4413). */
  subscriptionBufferLimit: number;
  /** How often the deadline sweep looks for due-soon/overdue transitions; 0 turns it off. */
  deadlineSweepSeconds: number;
  /** How often stored export decisions are re-evaluated for time-driven changes; 0 turns it off. */
  decisionSweepSeconds: number;
  /**
   * Serve `GET /dev/tokens` (short-lived demo tokens per role). True only outside production and
   * with the development HS256 secret (`DEV_JWT_SECRET`); `DEV_TOKENS` defaults to on in development.
   */
  devTokens: boolean;
}

export interface AuthConfig {
  /** HS256 shared secret (development and tests); null when only JWKS is used. */
  jwtSecret: string | null;
  /** JWKS endpoint of the identity provider (production); null when only the secret is used. */
  jwksUrl: string | null;
  issuer: string;
  audience: string;
  /** Tolerated clock difference when checking `exp` and `nbf`. */
  clockSkewSeconds: number;
}

export interface LimitsConfig {
  maxDepth: number;
  /** Maximum cost of one operation. */
  maxCost: number;
  /** Cost points each token (or anonymous client address) may spend per minute. */
  costBudgetPerMinute: number;
  /** Maximum length of any list argument or variable (`_entities` representations: 10×). */
  maxListLength: number;
  /** Maximum length of any string argument or variable. */
  maxStringLength: number;
  /** Maximum number of lexical tokens in a document. */
  maxTokens: number;
  /** Maximum HTTP request body, in bytes. */
  maxBodyBytes: number;
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

/** Development-only HS256 secret: never accepted when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'dev-only-model-security-registry-secret-not-for-production';

function readUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(name, `is not a valid URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  return url.toString();
}

function readAuth(env: Env, nodeEnv: NodeEnv): AuthConfig {
  const rawSecret = env.AUTH_JWT_SECRET;
  let jwtSecret: string | null = rawSecret !== undefined && rawSecret !== '' ? rawSecret : null;
  if (jwtSecret !== null && jwtSecret.length < 32) throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters (HS256 wants 256 bits)');
  if (jwtSecret === DEV_JWT_SECRET && nodeEnv === 'production') {
    throw new ConfigError('AUTH_JWT_SECRET', 'must not be the development default in production');
  }
  const jwksUrl = readUrl(env, 'AUTH_JWKS_URL', nodeEnv === 'production' ? ['https:'] : ['https:', 'http:']);
  if (jwtSecret === null && jwksUrl === null && nodeEnv !== 'production') jwtSecret = DEV_JWT_SECRET;
  const text = (name: string, fallback: string) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    if (raw.trim().length > 500) throw new ConfigError(name, 'must be at most 500 characters');
    return raw.trim();
  };
  return {
    jwtSecret,
    jwksUrl,
    issuer: text('AUTH_ISSUER', 'model-security-registry'),
    audience: text('AUTH_AUDIENCE', 'model-security-registry'),
    clockSkewSeconds: readInt(env, 'AUTH_CLOCK_SKEW_SECONDS', 30, 0, 300),
  };
}

function readCorsOrigins(env: Env): string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '') return [];
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins (https://host[:port]), got "${origin}"`);
      }
      if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
        throw new ConfigError('CORS_ORIGINS', `"${origin}" is not an origin (scheme://host[:port], no path)`);
      }
      return url.origin;
    });
}

function readLimits(env: Env): LimitsConfig {
  const limits: LimitsConfig = {
    maxDepth: readInt(env, 'MAX_DEPTH', 12, 2, 100),
    maxCost: readInt(env, 'MAX_COST', 10_000, 10, 10_000_000),
    costBudgetPerMinute: readInt(env, 'COST_BUDGET_PER_MINUTE', 50_000, 10, 1_000_000_000),
    maxListLength: readInt(env, 'MAX_LIST_LENGTH', 100, 1, 100_000),
    maxStringLength: readInt(env, 'MAX_STRING_LENGTH', 50_000, 100, 10_000_000),
    maxTokens: readInt(env, 'MAX_TOKENS', 5_000, 100, 1_000_000),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1_048_576, 1_024, 100 * 1_048_576),
  };
  if (limits.maxCost > limits.costBudgetPerMinute) {
    throw new ConfigError('MAX_COST', `must not exceed COST_BUDGET_PER_MINUTE (${limits.costBudgetPerMinute}), or no operation at the limit could ever run`);
  }
  return limits;
}

/**
 * `DEV_TOKENS`: on by default only in development. Asking for it explicitly where it cannot be
 * (production, or a secret other than the development default) stops start-up; by default it is
 * simply off there.
 */
function readDevTokens(env: Env, nodeEnv: NodeEnv, auth: AuthConfig): boolean {
  const usable = nodeEnv !== 'production' && auth.jwtSecret === DEV_JWT_SECRET;
  const wanted = readBool(env, 'DEV_TOKENS', nodeEnv === 'development');
  const explicit = env.DEV_TOKENS !== undefined && env.DEV_TOKENS !== '';
  if (wanted && explicit && nodeEnv === 'production') throw new ConfigError('DEV_TOKENS', 'must not be on in production');
  if (wanted && explicit && !usable) throw new ConfigError('DEV_TOKENS', 'needs the development AUTH_JWT_SECRET (unset AUTH_JWT_SECRET and AUTH_JWKS_URL)');
  return wanted && usable;
}

export function loadConfig(env: Env = process.env, projectRoot = path.resolve(__dirname, '..', '..')): Config {
  const rawEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(rawEnv)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${rawEnv}"`);
  }
  const nodeEnv = rawEnv as NodeEnv;
  const databaseUrl = readDatabaseUrl(env);
  const auth = readAuth(env, nodeEnv);
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
    auth,
    limits: readLimits(env),
    corsOrigins: readCorsOrigins(env),
    maskErrors: readBool(env, 'MASK_ERRORS', nodeEnv === 'production'),
    subscriptionBufferLimit: readInt(env, 'SUBSCRIPTION_BUFFER_LIMIT', 1000, 1, 1_000_000),
    deadlineSweepSeconds: readInt(env, 'DEADLINE_SWEEP_SECONDS', 60, 0, 86_400),
    decisionSweepSeconds: readInt(env, 'DECISION_SWEEP_SECONDS', 300, 0, 86_400),
    devTokens: readDevTokens(env, nodeEnv, auth),
  };
}
