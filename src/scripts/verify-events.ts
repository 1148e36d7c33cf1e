/**
 * `npm run verify-events`: recomputes the hash chain of the event log in the database named by
 * DATABASE_URL (or the embedded one of `npm start`, which must be running) and names the first
 * broken link. Exit code 0 when intact, 1 when broken.
 */
import 'reflect-metadata';
import { createDataSource } from '../../ormconfig';
import { loadConfig } from '../config/config';
import { verifyEventChain } from '../modules/events/event-log';

async function run(): Promise<void> {
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedPort}/registry`;
  const db = createDataSource({ url });
  await db.initialize();
  try {
    const result = await verifyEventChain(db.manager);
    if (result.ok) {
      console.log(`event chain intact: ${result.checked} event(s) verified`);
    } else {
      console.error(`event chain BROKEN at sequence ${result.firstBrokenSeq}: ${result.problem} (${result.checked} event(s) before it verified)`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

void run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
