/**
 * `npm run verify-events`: recomputes the hash chain of the event log and checks every signed
 * checkpoint (signature with the configured keys, anchored hash and event count, and that the log
 * still reaches the latest one) in the database named by DATABASE_OWNER_URL or DATABASE_URL (or
 * the embedded one of `npm start`, which must be running), and names the first problem.
 * Exit code 0 when intact, 1 when broken, 2 when it could not run.
 */
import 'reflect-metadata';
import { createDataSource } from '../../ormconfig';
import { loadConfig } from '../config/config';
import { verifyEventChain } from '../modules/events/event-log';
import { keyRingFrom } from '../modules/signing/registry-key';

async function run(): Promise<void> {
  const config = loadConfig();
  const url = config.databaseOwnerUrl ?? config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedPort}/registry`;
  const db = createDataSource({ url, poolSize: 1 });
  await db.initialize();
  try {
    const result = await verifyEventChain(db.manager, { keys: keyRingFrom(config.signing) });
    const anchor = result.latestCheckpoint
      ? `; latest checkpoint: sequence ${result.latestCheckpoint.seq}, signed ${result.latestCheckpoint.signedAt.toISOString()} with key ${result.latestCheckpoint.keyId}`
      : '; no checkpoint yet';
    if (result.ok) {
      console.log(`event chain intact: ${result.checked} event(s) and ${result.checkpointsChecked} checkpoint(s) verified${anchor}`);
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
