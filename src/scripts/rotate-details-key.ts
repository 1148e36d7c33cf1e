/**
 * `npm run rotate-details-key [-- --batch-size N]`: re-encrypts every restricted-details row
 * under the current key id (DETAILS_ENCRYPTION_KEY_ID), in batches, one transaction each, and
 * seals rows still stored in clear. Idempotent: a second run changes nothing. Works on the
 * database named by DATABASE_URL, or the embedded one of `npm start` (which must be running).
 *
 * Rotation: generate a new key, set it as DETAILS_ENCRYPTION_KEY with a new
 * DETAILS_ENCRYPTION_KEY_ID, move the old one to DETAILS_ENCRYPTION_OLD_KEYS ("old-id:base64"),
 * restart, run this script; once it reports no failures the old key may be removed.
 *
 * Exit code 0 when every row is under the current key, 1 when some row could not be decrypted
 * (it names them; their key is missing or they were altered), 2 on a configuration or database error.
 */
import 'reflect-metadata';
import { createDataSource } from '../../ormconfig';
import { ConfigError, loadConfig } from '../config/config';
import { describeError } from '../infra/sql-logger';
import { reencryptRestrictedDetails, restrictedDetailsKeyUsage } from '../modules/findings/restricted-details-store';

function batchSizeArg(argv: string[]): number {
  const i = argv.indexOf('--batch-size');
  if (i < 0) return 200;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    console.error('--batch-size must be an integer between 1 and 10000');
    process.exit(2);
  }
  return n;
}

async function run(): Promise<void> {
  const batchSize = batchSizeArg(process.argv.slice(2));
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedPort}/registry`;
  const db = createDataSource({ url, detailsEncryption: config.detailsEncryption, applicationName: 'msr-rotate-details-key' });
  await db.initialize();
  try {
    if (await db.showMigrations()) {
      console.error('migrations are pending: run `npm run migrate` (or start the registry) first');
      process.exitCode = 2;
      return;
    }
    const key = config.detailsEncryption.currentKeyId;
    const report = await reencryptRestrictedDetails(db, {
      batchSize,
      onBatch: (r) => console.log(`… ${r.reencrypted} re-encrypted, ${r.sealed} sealed from clear, ${r.failed.length} failed`),
    });
    const usage = await restrictedDetailsKeyUsage(db);
    console.log(
      `current key "${key}": ${report.reencrypted} row(s) re-encrypted, ${report.sealed} sealed from clear, ${report.current} already current; ` +
        `rows per key now ${JSON.stringify(usage.byKey)}`,
    );
    if (report.failed.length > 0) {
      for (const f of report.failed) console.error(`finding ${f.findingId}: cannot decrypt under key "${f.keyId}" (${f.reason})`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

void run().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : describeError(err, { stack: false }));
  process.exit(2);
});
