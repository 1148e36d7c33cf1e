import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const EXPECTED_TABLES = ['organizations', 'findings', 'jurisdiction_decisions', 'tier_decisions', 'events'];

async function publicTables(ds: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await ds.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'typeorm_migrations'
      ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function appliedMigrations(ds: DataSource): Promise<number> {
  const [row]: Array<{ n: number }> = await ds.query('SELECT count(*)::int AS n FROM typeorm_migrations');
  return row!.n;
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDataSource({ migrate: false });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('start from an empty database', async () => {
    expect(await publicTables(db.dataSource)).toEqual([]);
  });

  it('all run up and create the expected tables', async () => {
    const ran = await db.dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await appliedMigrations(db.dataSource)).toBe(MIGRATIONS.length);
    expect(await db.dataSource.showMigrations()).toBe(false);
    expect(await publicTables(db.dataSource)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it('all revert one by one and leave no tables behind', async () => {
    let remaining = await appliedMigrations(db.dataSource);
    expect(remaining).toBeGreaterThan(0);
    while (remaining > 0) {
      await db.dataSource.undoLastMigration({ transaction: 'each' });
      const now = await appliedMigrations(db.dataSource);
      expect(now).toBe(remaining - 1);
      remaining = now;
    }
    expect(await publicTables(db.dataSource)).toEqual([]);
  });

  it('run up again after a full revert', async () => {
    const ran = await db.dataSource.runMigrations({ transaction: 'each' });
    expect(ran).toHaveLength(MIGRATIONS.length);
    expect(await publicTables(db.dataSource)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });
});
