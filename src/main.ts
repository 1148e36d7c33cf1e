/**
 * Starts the registry: configuration, the database (embedded PostgreSQL when DATABASE_URL is not
 * set), migrations, demo data when asked, then the GraphQL server. Stops cleanly on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createDataSource } from '../ormconfig';
import { startEmbeddedPostgres, APP_DATABASE, type EmbeddedPostgresHandle } from './infra/embedded-postgres';
import { redactUrl } from './infra/database';
import { startServer, type RunningServer } from './graphql/server';
import { seedDemoData } from './seed/demo-data';
import { startDecisionSweep, type RunningSweep } from './modules/decisions/decision-sweep';
import { SqlConsoleLogger } from './persistence/sql-console-logger';
import { startDeadlineSweeper, type DeadlineSweeper } from './modules/events/deadline-sweep';

function log(message: string): void {
  console.log(`[registry] ${message}`);
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

  let embedded: EmbeddedPostgresHandle | null = null;
  let db: DataSource | null = null;
  let server: RunningServer | null = null;
  let sweeper: DeadlineSweeper | null = null;
  let decisionSweep: RunningSweep | null = null;
  let stopping = false;

  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(code || 1), 15_000);
    force.unref();
    try {
      await sweeper?.stop();
      await decisionSweep?.stop();
      await server?.stop();
      await db?.destroy();
      await embedded?.stop();
    } catch (err) {
      console.error('[registry] error during shutdown', err);
      code = code || 1;
    }
    log('stopped');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    let url = config.databaseUrl;
    if (!url) {
      log(`DATABASE_URL not set: starting embedded PostgreSQL in ${config.embeddedDataDir} on port ${config.embeddedPort}`);
      embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort });
      url = embedded.url(APP_DATABASE);
    }
    log(`database ${redactUrl(url)}`);
    db = createDataSource({ url, logger: config.logSql ? new SqlConsoleLogger() : undefined });
    await db.initialize();
    const applied = await db.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'schema up to date');
    if (config.seedDemo) {
      const seeded = await seedDemoData(db);
      log(seeded ? 'loaded the demo data' : 'demo data already present');
    }
    server = await startServer(config, db);
    log(`serving GraphQL at ${server.url} (health: /healthz, readiness: /readyz)`);
    // Time-driven deadline alerts (DEADLINE_SWEEP_SECONDS; 0 turns the sweep off).
    sweeper = startDeadlineSweeper(db, config.deadlineSweepSeconds, (m) => console.log(m));
    // Time-driven decision changes: overrides expiring, policies taking effect (DECISION_SWEEP_SECONDS).
    if (config.decisionSweepSeconds > 0) decisionSweep = startDecisionSweep(db, config.decisionSweepSeconds * 1000, log);
  } catch (err) {
    console.error('[registry] start-up failed:', err instanceof Error ? err.message : err);
    await shutdown('start-up failure', 1);
  }
}

void main();
