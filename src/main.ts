/**
 * Starts the registry: configuration, the database (embedded PostgreSQL when DATABASE_URL is not
 * set), migrations, demo data when asked, then the GraphQL server. Stops cleanly on SIGTERM/SIGINT.
 */
// First: the tracing preload hooks http, graphql and pg before they load (off unless OTEL_EXPORTER_OTLP_ENDPOINT).
import { shutdownTracing, tracingEnabled } from './infra/tracing';
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createDataSource } from '../ormconfig';
import { startEmbeddedPostgres, APP_DATABASE, type EmbeddedPostgresHandle } from './infra/embedded-postgres';
import { redactUrl } from './infra/database';
import { startServer, type RunningServer } from './graphql/server';
import { seedDemoData } from './seed/demo-data';
import { startDecisionSweep, type RunningSweep } from './modules/decisions/decision-sweep';
import { describeError, isDatabaseError } from './infra/sql-logger';
import { sealClearDetails } from './modules/findings/restricted-details-store';
import { startDeadlineSweeper, type DeadlineSweeper } from './modules/events/deadline-sweep';
import { startEventCheckpointSweep, type RunningCheckpointSweep } from './modules/events/event-checkpoints';
import { keyRingFrom, useRegistryKeyRing } from './modules/signing/registry-key';
import { connectionRole, grantApplicationPrivileges, roleOfUrl } from './infra/app-role';
import { configureRootLogger, createLogger, logFunction } from './infra/logger';
import { buildSchema } from './graphql/schema';
import { startWebhookWorker, type WebhookWorker } from './modules/webhooks/worker';
import { useWebhookSettings } from './modules/webhooks/settings';
import { startIdempotencySweep, type RunningIdempotencySweep } from './modules/shared/idempotency-sweep';

// Structured logs (src/infra/logger.ts; LOG_LEVEL, LOG_FORMAT): configured once the settings are read.
let configured = false;
const log = logFunction('registry');
/** An error line: through the logger once configured, else (a crash before that) plainly to stderr. */
function logFatal(message: string): void {
  if (configured) logFunction('registry', 'error')(message);
  else console.error(`[registry] ${message}`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  configureRootLogger(createLogger({ level: config.observability.logLevel, format: config.observability.logFormat }));
  configured = true;
  if (tracingEnabled() && config.observability.tracing) {
    const to = new URL(config.observability.tracing.tracesUrl);
    log(`tracing: spans exported over OTLP/HTTP to ${to.origin}${to.pathname}`);
  }

  let embedded: EmbeddedPostgresHandle | null = null;
  let db: DataSource | null = null;
  let server: RunningServer | null = null;
  let sweeper: DeadlineSweeper | null = null;
  let decisionSweep: RunningSweep | null = null;
  let checkpointSweep: RunningCheckpointSweep | null = null;
  let webhookWorker: WebhookWorker | null = null;
  let idempotencySweep: RunningIdempotencySweep | null = null;
  let stopping = false;

  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    // The grace for in-flight requests (SHUTDOWN_GRACE_MS), then 15 s for the rest of the shutdown.
    const force = setTimeout(() => process.exit(code || 1), config.shutdownGraceMs + 15_000);
    force.unref();
    try {
      // First the server stops accepting and drains its in-flight requests (up to the grace), while
      // the background work stops beside it; the database closes only when both are done.
      await Promise.all([
        server?.stop(),
        (async () => {
          await sweeper?.stop();
          await decisionSweep?.stop();
          await checkpointSweep?.stop();
          await idempotencySweep?.stop();
          await webhookWorker?.stop();
        })(),
      ]);
      await db?.destroy();
      await embedded?.stop();
      await shutdownTracing();
    } catch (err) {
      logFatal(`error during shutdown: ${describeError(err)}`);
      code = code || 1;
    }
    log('stopped');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    // The registry's signing key (checkpoints of the event log; src/modules/signing/registry-key.ts).
    const keys = keyRingFrom(config.signing);
    useRegistryKeyRing(keys);
    useWebhookSettings(config.webhooks);
    log(`signing key ${keys.current.keyId}${keys.development ? ' (the public development key: not for production)' : ''}`);
    let url = config.databaseUrl;
    let ownerUrl = config.databaseOwnerUrl;
    if (!url) {
      log(`DATABASE_URL not set: starting embedded PostgreSQL in ${config.embeddedDataDir} on port ${config.embeddedPort}`);
      embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort });
      // Migrations run as the tables' owner; the server connects as the unprivileged msr_app (src/infra/app-role.ts).
      ownerUrl = embedded.url(APP_DATABASE);
      url = embedded.appUrl(APP_DATABASE);
    }
    await migrateAsOwner(config, ownerUrl ?? url, ownerUrl ? roleOfUrl(url) : null);
    log(`database ${redactUrl(url)}`);
    // SQL is logged redacted (src/infra/sql-logger.ts); restricted details are sealed with the configured keys.
    // Bounded waiting (DB_POOL_SIZE, DB_ACQUIRE_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS): a saturated pool answers 503, never hangs.
    db = createDataSource({
      url,
      logSql: config.logSql,
      detailsEncryption: config.detailsEncryption,
      poolSize: config.database.poolSize,
      acquireTimeoutMs: config.database.acquireTimeoutMs,
      statementTimeoutMs: config.database.statementTimeoutMs,
      preparedStatements: config.database.preparedStatements,
    });
    await db.initialize();
    const who = await connectionRole(db);
    if (who.superuser || who.ownsEventLog) {
      log(
        `WARNING: the server connects as "${who.role}", which ${who.superuser ? 'is a superuser' : 'owns the events table'}: ` +
          'the database cannot stop it from rewriting the event log. Connect as an unprivileged role and give ' +
          'DATABASE_OWNER_URL for migrations (docs/access-control.md).',
      );
    }
    // Restricted details left in clear (written before encryption, or restored from an old backup) are sealed now.
    await sealClearDetails(db, log);
    if (config.seedDemo) {
      const seeded = await seedDemoData(db);
      log(seeded ? 'loaded the demo data' : 'demo data already present');
    }
    server = await startServer(config, db);
    log(`serving GraphQL at ${server.url} (health: /healthz, readiness: /readyz)`);
    // Time-driven deadline alerts (DEADLINE_SWEEP_SECONDS; 0 turns the sweep off).
    sweeper = startDeadlineSweeper(db, config.deadlineSweepSeconds, logFunction('deadlines'));
    // Time-driven decision changes: overrides expiring, policies taking effect (DECISION_SWEEP_SECONDS).
    if (config.decisionSweepSeconds > 0) decisionSweep = startDecisionSweep(db, config.decisionSweepSeconds * 1000, logFunction('decisions'));
    // Signed checkpoints of the event log's head (EVENT_CHECKPOINT_SECONDS; 0 turns them off).
    if (config.eventCheckpointSeconds > 0) checkpointSweep = startEventCheckpointSweep(db, config.eventCheckpointSeconds * 1000, logFunction('checkpoints'));
    // Expired idempotency keys are deleted (IDEMPOTENCY_TTL, IDEMPOTENCY_SWEEP_SECONDS; 0 turns the prune off).
    if (config.idempotency.sweepSeconds > 0) {
      idempotencySweep = startIdempotencySweep(db, config.idempotency.sweepSeconds * 1000, config.idempotency.ttlMs, logFunction('idempotency'));
    }
    // Outgoing webhooks: fan-out from the event log and signed deliveries (WEBHOOK_WORKER; docs/webhooks.md).
    if (config.webhooks.worker) webhookWorker = startWebhookWorker(db, config.webhooks, { schema: buildSchema(), log });
  } catch (err) {
    // A database error is logged redacted; anything else (embedded PostgreSQL, ports) keeps its full message.
    const reason = isDatabaseError(err) || !(err instanceof Error) ? describeError(err, { stack: false }) : err.message;
    logFatal(`start-up failed: ${reason}`);
    await shutdown('start-up failure', 1);
  }
}

// A crash must not dump an error object whole: a database error carries its query parameters and
// row values (QueryFailedError.parameters, driverError.detail). Log it redacted, then exit 1.
process.on('unhandledRejection', (reason) => {
  logFatal(`unhandled rejection: ${describeError(reason)}`);
  process.exit(1);
});
process.on('uncaughtException', (err) => {
  logFatal(`uncaught exception: ${describeError(err)}`);
  process.exit(1);
});

/**
 * Migrations as the tables' owner, then the owner grants the server's role exactly what it needs
 * (src/infra/app-role.ts), every start, so tables added by new migrations are covered.
 */
async function migrateAsOwner(config: Config, ownerUrl: string, appRole: string | null): Promise<void> {
  const owner = createDataSource({ url: ownerUrl, logSql: config.logSql, detailsEncryption: config.detailsEncryption, poolSize: 1, applicationName: 'model-security-registry-migrations' });
  await owner.initialize();
  try {
    const applied = await owner.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'schema up to date');
    if (appRole && (await grantApplicationPrivileges(owner, appRole))) log(`granted the application role "${appRole}" its privileges`);
  } finally {
    await owner.destroy();
  }
}

void main();
