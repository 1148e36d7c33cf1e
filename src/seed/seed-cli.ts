/** `npm run seed`: loads the demo story into the database named by DATABASE_URL (if empty). */
import 'reflect-metadata';
import { createDataSource } from '../../ormconfig';
import { loadConfig } from '../config/config';
import { seedDemoData } from './demo-data';
import { describeError } from '../infra/sql-logger';

async function run(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error('DATABASE_URL is required for npm run seed (npm start seeds its embedded database itself).');
    process.exit(2);
  }
  const db = createDataSource({ url: config.databaseUrl });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const seeded = await seedDemoData(db);
  console.log(seeded ? 'Loaded the demo data.' : 'The registry already has data; nothing loaded.');
  await db.destroy();
}

void run().catch((err) => {
  console.error(describeError(err, { stack: false }));
  process.exit(1);
});
