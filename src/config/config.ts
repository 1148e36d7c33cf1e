/**
 * The only module that reads `process.env`. Everything else receives a `Config`.
 * A bad value stops start-up with a message naming the variable.
 */
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { PROJECT_ROOT } from '../infra/project-root';
// Key parsing lives with the key handling (that module calls loadConfig only lazily, at run time).
import { DEV_SIGNING_KEY_ID, developmentSigningKey, fingerprintKeyId, KEY_ID_PATTERN, parseSigningPrivateKey, parseSigningPublicKey } from '../modules/signing/registry-key';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  /** PostgreSQL connection string; when absent the service starts an embedded PostgreSQL. */
  databaseUrl: string | null;
  /**
   * `DATABASE_OWNER_URL`: the tables' owner, for migrations and for granting the DATABASE_URL role
   * its privileges; null: migrations run over DATABASE_URL (embedded: the server's superuser).
   */
  databaseOwnerUrl: string | null;
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
  /**
   * FEDERATION_AUTH_DIRECTIVES: `router` puts the router-only `@authenticated`/`@requiresScopes`
   * into the SDL as served (Apollo Router, Hive Gateway enforce them); `off` (default) leaves them
   * out so @apollo/gateway composes it too. The subgraph enforces access itself either way.
   */
  federationAuthDirectives: 'router' | 'off';
  /** Origins allowed by CORS (exact matches); empty means no cross-origin browser access. */
  corsOrigins: string[];
  /** Hide error details a client could learn the schema or internals from (field suggestions). */
  maskErrors: boolean;
  /**
   * GRAPHQL_EXECUTOR: `jit` (default) runs queries and mutations through graphql-jit, compiled from
   * a document's second use; `graphql-js` through graphql-js's `execute` (src/graphql/executor.ts).
   */
  graphqlExecutor: 'jit' | 'graphql-js';
  /** Messages one subscription may hold for a slow client before its connection is closed (4413). */
  subscriptionBufferLimit: number;
  /** Operations (subscriptions, queries, mutations) one WebSocket connection may have running at once. */
  subscriptionsPerConnection: number;
  /**
   * WebSocket connections one identity may hold open: a token's subject and organization, or for
   * anonymous callers the client address (behind a partner's gateway all partners share one).
   */
  connectionsPerIdentity: number;
  /** How often the deadline sweep looks for due-soon/overdue transitions; 0 turns it off. */
  deadlineSweepSeconds: number;
  /** How often stored export decisions are re-evaluated for time-driven changes; 0 turns it off. */
  decisionSweepSeconds: number;
  /** How often a signed checkpoint of the event log's head is written; 0 turns it off. */
  eventCheckpointSeconds: number;
  /** The registry's Ed25519 signing key (src/modules/signing/registry-key.ts). */
  signing: SigningConfig;
  /**
   * Serve `GET /dev/tokens` (short-lived demo tokens per role). True only outside production and
   * with the development HS256 secret (`DEV_JWT_SECRET`); `DEV_TOKENS` defaults to on in development.
   */
  devTokens: boolean;
  /** Encryption at rest of restricted finding details (docs/access-control.md, "Data at rest and logs"). */
  detailsEncryption: DetailsEncryptionConfig;
  /** Logs, metrics and traces (docs: README, "Logs, metrics and traces"). */
  observability: ObservabilityConfig;
  /** Outgoing webhooks (docs/webhooks.md). */
  webhooks: WebhookConfig;
  /** The server's connection pool and its bounds on waiting (docs/operations.md, "Under load"). */
  database: DatabaseConfig;
  /** Idempotency keys: how long a stored response replays, and how often expired keys are pruned. */
  idempotency: IdempotencyConfig;
  /** `SHUTDOWN_GRACE_MS`: on SIGTERM, how long in-flight requests may take to finish before connections are closed. */
  shutdownGraceMs: number;
}

/** `DB_*` settings: bounded waiting for the database. */
export interface DatabaseConfig {
  /** `DB_POOL_SIZE`: connections of the server's pool (default 10). */
  poolSize: number;
  /** `DB_ACQUIRE_TIMEOUT_MS`: longest wait for a pool connection; then the request gets 503 with Retry-After. */
  acquireTimeoutMs: number;
  /** `DB_STATEMENT_TIMEOUT_MS`: PostgreSQL's statement_timeout for the server's connections (0: none). */
  statementTimeoutMs: number;
  /** `DB_RETRY_AFTER_SECONDS`: the Retry-After a 503 for a saturated database carries. */
  retryAfterSeconds: number;
  /** `DB_WRITE_CONCURRENCY`: write transactions at once (default: half the pool), so reads keep connections. */
  writeConcurrency: number;
  /**
   * `DB_PREPARED_STATEMENTS`: the hot reads run as named prepared statements, parsed and planned
   * once per connection (default on; off behind a transaction-pooling proxy). src/persistence/prepared-statements.ts.
   */
  preparedStatements: boolean;
}

export interface IdempotencyConfig {
  /** `IDEMPOTENCY_TTL`: seconds, or a number with s/m/h/d (default 24h). */
  ttlMs: number;
  /** `IDEMPOTENCY_SWEEP_SECONDS`: how often expired keys are deleted (0: off). */
  sweepSeconds: number;
}

/** `WEBHOOK_*` settings (docs/webhooks.md). */
export interface WebhookConfig {
  /** Run the fan-out and delivery worker in this instance (`WEBHOOK_WORKER`). */
  worker: boolean;
  /** How often the worker looks for new events and due deliveries, in ms. */
  pollMs: number;
  /** Per-request timeout (connect to last byte), in ms; a 2xx within it counts as delivered. */
  timeoutMs: number;
  /** First retry delay; doubled per attempt, with full jitter, capped by `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts of one delivery before the webhook is marked failing. */
  maxAttempts: number;
  /** Webhooks one instance delivers to at once. */
  concurrency: number;
  /** Refuse loopback, link-local, private and other non-public addresses (on in production). */
  blockPrivateAddresses: boolean;
  /** Host names (exact, lower case) and CIDR ranges allowed even when private (`WEBHOOK_ALLOWED_HOSTS`). */
  allowedHosts: string[];
  /** How long the previous secret keeps signing after a rotation by default, in seconds. */
  secretOverlapSeconds: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ObservabilityConfig {
  /** `LOG_LEVEL` (default info). */
  logLevel: LogLevel;
  /** `LOG_FORMAT`: one JSON object per line (default in production and test) or readable lines (default in development). */
  logFormat: 'json' | 'pretty';
  /** `METRICS_TOKEN`: when set, `GET /metrics` needs `Authorization: Bearer <it>`. */
  metricsToken: string | null;
  /**
   * Serve `GET /metrics`: always with a token; without one only outside production, or in
   * production with `METRICS_PUBLIC=1` (a scraper on a private network).
   */
  metricsEnabled: boolean;
  /** Traces (src/infra/tracing.ts): null unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
  tracing: TracingConfig | null;
}

export interface TracingConfig {
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is). */
  tracesUrl: string;
  /** `OTEL_SERVICE_NAME` (default model-security-registry). */
  serviceName: string;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`),
 * as the OpenTelemetry specification defines them; null when neither is set (tracing off).
 * Exported on its own for the tracing preload, which runs before anything else is loaded.
 */
export function readTracingConfig(env: Env = process.env): TracingConfig | null {
  const signal = readUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http:', 'https:']);
  const base = readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']);
  if (!signal && !base) return null;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || 'model-security-registry';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(serviceName)) throw new ConfigError('OTEL_SERVICE_NAME', 'must be 1-100 letters, digits, ".", "_" or "-"');
  return { tracesUrl: signal ?? `${base!.replace(/\/+$/, '')}/v1/traces`, serviceName };
}

function readObservability(env: Env, nodeEnv: NodeEnv): ObservabilityConfig {
  const rawLevel = env.LOG_LEVEL?.trim().toLowerCase() ?? '';
  if (rawLevel !== '' && !LOG_LEVELS.includes(rawLevel as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const rawFormat = env.LOG_FORMAT?.trim().toLowerCase() ?? '';
  if (rawFormat !== '' && rawFormat !== 'json' && rawFormat !== 'pretty') throw new ConfigError('LOG_FORMAT', `must be json or pretty, got "${env.LOG_FORMAT}"`);
  const rawToken = env.METRICS_TOKEN ?? '';
  if (rawToken !== '' && (rawToken.length < 16 || rawToken.length > 512 || !/^[\x21-\x7e]+$/.test(rawToken))) {
    throw new ConfigError('METRICS_TOKEN', 'must be 16-512 printable characters without spaces');
  }
  const metricsPublic = readBool(env, 'METRICS_PUBLIC', nodeEnv !== 'production');
  return {
    logLevel: (rawLevel || 'info') as LogLevel,
    logFormat: (rawFormat || (nodeEnv === 'development' ? 'pretty' : 'json')) as 'json' | 'pretty',
    metricsToken: rawToken === '' ? null : rawToken,
    metricsEnabled: rawToken !== '' || metricsPublic,
    tracing: readTracingConfig(env),
  };
}

/** AES-256-GCM data keys for `finding_restricted_details`, by key id. */
export interface DetailsEncryptionConfig {
  /** The key id new and re-encrypted rows are sealed under (`DETAILS_ENCRYPTION_KEY_ID`). */
  currentKeyId: string;
  /** Every usable 32-byte key by id: the current one and older ones kept for decryption during rotation. */
  keys: ReadonlyMap<string, Buffer>;
  /** True when the fixed development key is in use (never in production). */
  developmentKey: boolean;
}

/** `REGISTRY_SIGNING_KEY`, `REGISTRY_SIGNING_KEY_ID`, `REGISTRY_PUBLIC_KEYS`. */
export interface SigningConfig {
  /** The configured private key; null: the public development key (never in production). */
  privateKey: KeyObject | null;
  keyId: string;
  /** Earlier keys that still verify what they signed (rotation). */
  previousKeys: { keyId: string; publicKey: KeyObject }[];
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
  /**
   * Where the budget is kept (COST_BUDGET_STORE): `postgres`, shared by every instance over the
   * database (default with DATABASE_URL), or `memory`, per process (default with the embedded
   * database, which only one process can own).
   */
  costBudgetStore: 'postgres' | 'memory';
  /** Maximum length of any list argument or variable (`_entities` representations: 10×). */
  maxListLength: number;
  /** Maximum length of any string argument or variable. */
  maxStringLength: number;
  /** Maximum number of lexical tokens in a document. */
  maxTokens: number;
  /** Maximum HTTP request body, in bytes. */
  maxBodyBytes: number;
  /** Maximum number of fragment definitions in one document. */
  maxFragments: number;
  /** Maximum number of fragment spreads (`...Name`) written in one document. */
  maxFragmentSpreads: number;
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

function readDatabaseUrl(env: Env, name = 'DATABASE_URL'): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL (expected postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must use the postgres:// scheme, got "${url.protocol}"`);
  }
  return raw;
}

/** `DATABASE_OWNER_URL` only makes sense beside DATABASE_URL (the embedded server has its own owner). */
function readDatabaseOwnerUrl(env: Env, databaseUrl: string | null): string | null {
  const owner = readDatabaseUrl(env, 'DATABASE_OWNER_URL');
  if (owner !== null && databaseUrl === null) throw new ConfigError('DATABASE_OWNER_URL', 'needs DATABASE_URL (the role the server connects as)');
  return owner;
}

/**
 * The registry's signing key. Outside production the public development key is the default;
 * production refuses to start without a key of its own, and refuses the development key.
 */
function readSigning(env: Env, nodeEnv: NodeEnv): SigningConfig {
  const rawKey = env.REGISTRY_SIGNING_KEY?.trim() ?? '';
  const rawId = env.REGISTRY_SIGNING_KEY_ID?.trim() ?? '';
  const keyIdFrom = (name: string, id: string) => {
    if (!KEY_ID_PATTERN.test(id)) throw new ConfigError(name, `must be 1-64 letters, digits, ".", "_", ":" or "-" (starting with a letter or digit), got "${id.slice(0, 80)}"`);
    return id;
  };
  let privateKey: KeyObject | null = null;
  let keyId: string;
  if (rawKey === '') {
    if (nodeEnv === 'production') {
      throw new ConfigError('REGISTRY_SIGNING_KEY', 'is required in production (an Ed25519 private key, PKCS#8 PEM or base64 DER; see docs/access-control.md)');
    }
    if (rawId !== '') throw new ConfigError('REGISTRY_SIGNING_KEY', 'must be set when REGISTRY_SIGNING_KEY_ID is');
    keyId = DEV_SIGNING_KEY_ID;
  } else {
    try {
      privateKey = parseSigningPrivateKey(rawKey);
    } catch (err) {
      throw new ConfigError('REGISTRY_SIGNING_KEY', (err as Error).message);
    }
    const der = (k: KeyObject) => k.export({ format: 'der', type: 'pkcs8' });
    if (der(privateKey).equals(der(developmentSigningKey()))) {
      if (nodeEnv === 'production') throw new ConfigError('REGISTRY_SIGNING_KEY', 'must not be the development key in production');
      privateKey = null;
    }
    keyId = rawId === '' ? (privateKey ? fingerprintKeyId(privateKey) : DEV_SIGNING_KEY_ID) : keyIdFrom('REGISTRY_SIGNING_KEY_ID', rawId);
  }
  const previousKeys: SigningConfig['previousKeys'] = [];
  const rawOld = env.REGISTRY_PUBLIC_KEYS?.trim() ?? '';
  for (const entry of rawOld === '' ? [] : rawOld.split(/[,\s]+/).filter((e) => e !== '')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new ConfigError('REGISTRY_PUBLIC_KEYS', 'must be a comma-separated list of id=<base64 SPKI DER> entries');
    const id = keyIdFrom('REGISTRY_PUBLIC_KEYS', entry.slice(0, eq));
    if (id === keyId) throw new ConfigError('REGISTRY_PUBLIC_KEYS', `names the current key id "${id}" (list only earlier keys)`);
    if (previousKeys.some((k) => k.keyId === id)) throw new ConfigError('REGISTRY_PUBLIC_KEYS', `names key id "${id}" twice`);
    try {
      previousKeys.push({ keyId: id, publicKey: parseSigningPublicKey(entry.slice(eq + 1)) });
    } catch (err) {
      throw new ConfigError('REGISTRY_PUBLIC_KEYS', `key "${id}" ${(err as Error).message}`);
    }
  }
  return { privateKey, keyId, previousKeys };
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

function readCostBudgetStore(env: Env, databaseUrl: string | null): 'postgres' | 'memory' {
  const raw = env.COST_BUDGET_STORE?.trim().toLowerCase();
  if (raw === undefined || raw === '') return databaseUrl === null ? 'memory' : 'postgres';
  if (raw !== 'postgres' && raw !== 'memory') throw new ConfigError('COST_BUDGET_STORE', `must be postgres or memory, got "${env.COST_BUDGET_STORE}"`);
  return raw;
}

/** FEDERATION_AUTH_DIRECTIVES: `router` serves `@authenticated`/`@requiresScopes`; default `off`. */
function readFederationAuthDirectives(env: Env): 'router' | 'off' {
  const raw = env.FEDERATION_AUTH_DIRECTIVES?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'off') return 'off';
  if (raw !== 'router') throw new ConfigError('FEDERATION_AUTH_DIRECTIVES', `must be router or off, got "${env.FEDERATION_AUTH_DIRECTIVES}"`);
  return raw;
}

function readLimits(env: Env, databaseUrl: string | null = null): LimitsConfig {
  const limits: LimitsConfig = {
    maxDepth: readInt(env, 'MAX_DEPTH', 12, 2, 100),
    maxCost: readInt(env, 'MAX_COST', 10_000, 10, 10_000_000),
    costBudgetPerMinute: readInt(env, 'COST_BUDGET_PER_MINUTE', 50_000, 10, 1_000_000_000),
    costBudgetStore: readCostBudgetStore(env, databaseUrl),
    maxListLength: readInt(env, 'MAX_LIST_LENGTH', 100, 1, 100_000),
    maxStringLength: readInt(env, 'MAX_STRING_LENGTH', 50_000, 100, 10_000_000),
    maxTokens: readInt(env, 'MAX_TOKENS', 5_000, 100, 1_000_000),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1_048_576, 1_024, 100 * 1_048_576),
    maxFragments: readInt(env, 'MAX_FRAGMENTS', 100, 1, 10_000),
    maxFragmentSpreads: readInt(env, 'MAX_FRAGMENT_SPREADS', 500, 1, 100_000),
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

/**
 * Development-only data key for restricted details (id `dev`): a fixed, published value so a
 * development database stays readable across restarts. Never accepted when NODE_ENV=production.
 */
export const DEV_DETAILS_ENCRYPTION_KEY = 'xol7vRZbnoRoEZoBQrCPiH0qqDHLpllvAfBka7kVDQ8=';
export const DEV_DETAILS_ENCRYPTION_KEY_ID = 'dev';
const DETAILS_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

function readDetailsKey(name: string, raw: string): Buffer {
  const text = raw.trim();
  // Strict standard base64 of exactly 32 bytes (44 characters with one "=").
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    throw new ConfigError(name, 'must be 32 random bytes in base64 (44 characters, e.g. `openssl rand -base64 32`)');
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(name, `must decode to 32 bytes, got ${key.length}`);
  return key;
}

function readDetailsKeyId(name: string, raw: string): string {
  const id = raw.trim();
  if (!DETAILS_KEY_ID.test(id)) throw new ConfigError(name, 'must be 1-64 letters, digits, ".", "_" or "-"');
  return id;
}

/**
 * `DETAILS_ENCRYPTION_KEY` + `DETAILS_ENCRYPTION_KEY_ID` (the current key), and
 * `DETAILS_ENCRYPTION_OLD_KEYS` ("id:base64,id:base64"), kept for decryption while rows are
 * re-encrypted (`npm run rotate-details-key`). Outside production the development key is the
 * default; production refuses to start without a key of its own.
 */
function readDetailsEncryption(env: Env, nodeEnv: NodeEnv): DetailsEncryptionConfig {
  const rawKey = env.DETAILS_ENCRYPTION_KEY?.trim() ?? '';
  const rawId = env.DETAILS_ENCRYPTION_KEY_ID?.trim() ?? '';
  let currentKeyId: string;
  let currentKey: Buffer;
  if (rawKey === '') {
    if (nodeEnv === 'production') {
      throw new ConfigError('DETAILS_ENCRYPTION_KEY', 'is required in production (32 random bytes in base64, with DETAILS_ENCRYPTION_KEY_ID)');
    }
    if (rawId !== '') throw new ConfigError('DETAILS_ENCRYPTION_KEY', 'must be set when DETAILS_ENCRYPTION_KEY_ID is');
    currentKeyId = DEV_DETAILS_ENCRYPTION_KEY_ID;
    currentKey = Buffer.from(DEV_DETAILS_ENCRYPTION_KEY, 'base64');
  } else {
    currentKey = readDetailsKey('DETAILS_ENCRYPTION_KEY', rawKey);
    if (rawId === '') throw new ConfigError('DETAILS_ENCRYPTION_KEY_ID', 'is required with DETAILS_ENCRYPTION_KEY (it is stored with every row)');
    currentKeyId = readDetailsKeyId('DETAILS_ENCRYPTION_KEY_ID', rawId);
  }
  const devKey = Buffer.from(DEV_DETAILS_ENCRYPTION_KEY, 'base64');
  if (nodeEnv === 'production' && currentKey.equals(devKey)) {
    throw new ConfigError('DETAILS_ENCRYPTION_KEY', 'must not be the development key in production');
  }
  const keys = new Map<string, Buffer>([[currentKeyId, currentKey]]);
  const rawOld = env.DETAILS_ENCRYPTION_OLD_KEYS?.trim() ?? '';
  for (const entry of rawOld === '' ? [] : rawOld.split(',')) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new ConfigError('DETAILS_ENCRYPTION_OLD_KEYS', 'must be a comma-separated list of id:base64 pairs');
    const id = readDetailsKeyId('DETAILS_ENCRYPTION_OLD_KEYS', entry.slice(0, colon));
    const key = readDetailsKey('DETAILS_ENCRYPTION_OLD_KEYS', entry.slice(colon + 1));
    const known = keys.get(id);
    if (known && !known.equals(key)) throw new ConfigError('DETAILS_ENCRYPTION_OLD_KEYS', `gives key id "${id}" a second, different key`);
    keys.set(id, key);
  }
  return { currentKeyId, keys, developmentKey: currentKey.equals(devKey) };
}

function readGraphqlExecutor(env: Env): Config['graphqlExecutor'] {
  const raw = env.GRAPHQL_EXECUTOR?.trim().toLowerCase() || 'jit';
  if (raw !== 'jit' && raw !== 'graphql-js') throw new ConfigError('GRAPHQL_EXECUTOR', `must be jit or graphql-js, got "${env.GRAPHQL_EXECUTOR}"`);
  return raw;
}

export function loadConfig(env: Env = process.env, projectRoot = PROJECT_ROOT): Config {
  const rawEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(rawEnv)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${rawEnv}"`);
  }
  const nodeEnv = rawEnv as NodeEnv;
  const databaseUrl = readDatabaseUrl(env);
  const databaseOwnerUrl = readDatabaseOwnerUrl(env, databaseUrl);
  const auth = readAuth(env, nodeEnv);
  const poolSize = readInt(env, 'DB_POOL_SIZE', 10, 1, 1_000);
  return {
    nodeEnv,
    databaseUrl,
    databaseOwnerUrl,
    port: readInt(env, 'PORT', 4000, 0, 65535),
    host: env.HOST && env.HOST.trim() !== '' ? env.HOST.trim() : '0.0.0.0',
    // With the embedded database the demo story is loaded on first run; with DATABASE_URL only when asked.
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === null),
    embeddedDataDir: path.resolve(projectRoot, env.EMBEDDED_PG_DIR ?? '.data/postgres'),
    embeddedPort: readInt(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    logSql: readBool(env, 'LOG_SQL', false),
    introspection: readBool(env, 'INTROSPECTION', nodeEnv !== 'production'),
    auth,
    limits: readLimits(env, databaseUrl),
    federationAuthDirectives: readFederationAuthDirectives(env),
    corsOrigins: readCorsOrigins(env),
    maskErrors: readBool(env, 'MASK_ERRORS', nodeEnv === 'production'),
    graphqlExecutor: readGraphqlExecutor(env),
    subscriptionBufferLimit: readInt(env, 'SUBSCRIPTION_BUFFER_LIMIT', 1000, 1, 1_000_000),
    subscriptionsPerConnection: readInt(env, 'SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 100_000),
    connectionsPerIdentity: readInt(env, 'CONNECTIONS_PER_IDENTITY', 50, 1, 1_000_000),
    deadlineSweepSeconds: readInt(env, 'DEADLINE_SWEEP_SECONDS', 60, 0, 86_400),
    decisionSweepSeconds: readInt(env, 'DECISION_SWEEP_SECONDS', 300, 0, 86_400),
    eventCheckpointSeconds: readInt(env, 'EVENT_CHECKPOINT_SECONDS', 300, 0, 86_400),
    signing: readSigning(env, nodeEnv),
    devTokens: readDevTokens(env, nodeEnv, auth),
    detailsEncryption: readDetailsEncryption(env, nodeEnv),
    observability: readObservability(env, nodeEnv),
    webhooks: readWebhooks(env, nodeEnv),
    database: {
      poolSize,
      writeConcurrency: readInt(env, 'DB_WRITE_CONCURRENCY', Math.max(1, Math.ceil(poolSize / 2)), 1, poolSize),
      acquireTimeoutMs: readInt(env, 'DB_ACQUIRE_TIMEOUT_MS', 5_000, 1, 600_000),
      statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
      retryAfterSeconds: readInt(env, 'DB_RETRY_AFTER_SECONDS', 2, 1, 3_600),
      preparedStatements: readBool(env, 'DB_PREPARED_STATEMENTS', true),
    },
    idempotency: {
      ttlMs: readDuration(env, 'IDEMPOTENCY_TTL', 24 * 3_600_000, 1_000, 365 * 86_400_000),
      sweepSeconds: readInt(env, 'IDEMPOTENCY_SWEEP_SECONDS', 600, 0, 86_400),
    },
    shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
}

/** A duration: whole seconds (`86400`) or a number with a unit (`90s`, `15m`, `24h`, `7d`); in ms. */
function readDuration(env: Env, name: string, fallbackMs: number, minMs: number, maxMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallbackMs;
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!m) throw new ConfigError(name, `must be a duration such as 86400, 90s, 15m, 24h or 7d, got "${raw}"`);
  const ms = Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  if (ms < minMs || ms > maxMs) throw new ConfigError(name, `must be between ${minMs / 1000} s and ${maxMs / 86_400_000} days, got "${raw}"`);
  return ms;
}

function readWebhooks(env: Env, nodeEnv: NodeEnv): WebhookConfig {
  const blockPrivateAddresses = readBool(env, 'WEBHOOK_BLOCK_PRIVATE', nodeEnv === 'production');
  if (!blockPrivateAddresses && nodeEnv === 'production') {
    throw new ConfigError('WEBHOOK_BLOCK_PRIVATE', 'must stay on in production (allow internal receivers with WEBHOOK_ALLOWED_HOSTS)');
  }
  const allowedHosts = (env.WEBHOOK_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of allowedHosts) {
    if (!/^[a-z0-9.:_-]+(\/\d{1,3})?$/.test(h)) throw new ConfigError('WEBHOOK_ALLOWED_HOSTS', `must list host names or CIDR ranges, got "${h}"`);
  }
  const retryBaseMs = readInt(env, 'WEBHOOK_RETRY_BASE_MS', 1_000, 1, 3_600_000);
  const retryMaxMs = readInt(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000, 1, 86_400_000);
  if (retryMaxMs < retryBaseMs) throw new ConfigError('WEBHOOK_RETRY_MAX_MS', `must be at least WEBHOOK_RETRY_BASE_MS (${retryBaseMs})`);
  return {
    worker: readBool(env, 'WEBHOOK_WORKER', true),
    pollMs: readInt(env, 'WEBHOOK_POLL_MS', 250, 10, 60_000),
    timeoutMs: readInt(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    retryBaseMs,
    retryMaxMs,
    maxAttempts: readInt(env, 'WEBHOOK_MAX_ATTEMPTS', 12, 1, 100),
    concurrency: readInt(env, 'WEBHOOK_CONCURRENCY', 64, 1, 1_000),
    blockPrivateAddresses,
    allowedHosts,
    secretOverlapSeconds: readInt(env, 'WEBHOOK_SECRET_OVERLAP_SECONDS', 86_400, 0, 604_800),
  };
}
