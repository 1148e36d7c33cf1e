import type { DataSource } from 'typeorm';
import { appendEvent, appendEvents, verifyEventChain } from '../../../src/modules/events/event-log';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

let tdb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
});
afterAll(() => tdb.destroy());

const subject = '00000000-0000-4000-8000-000000000001';

test('events appended in a batch are chained in the given order, after the ones before them', async () => {
  await db.transaction((m) => appendEvent(m, { actor: 'a', type: 'FIRST', subjectType: 'Finding', subjectId: subject, payload: { n: 0 } }));
  await db.transaction((m) =>
    appendEvents(
      m,
      [1, 2, 3, 4, 5].map((n) => ({ actor: 'a', type: 'BATCHED', subjectType: 'Finding', subjectId: subject, payload: { n } })),
    ),
  );
  const rows = await db.query(`SELECT type, payload->>'n' AS n FROM events ORDER BY seq`);
  expect(rows.map((r: { n: string }) => Number(r.n))).toEqual([0, 1, 2, 3, 4, 5]);
  expect(await verifyEventChain(db.manager)).toMatchObject({ ok: true, checked: 6 });
});

test('a batch in a rolled-back transaction leaves nothing', async () => {
  const [{ n: before }] = await db.query('SELECT count(*)::int AS n FROM events');
  await expect(
    db.transaction(async (m) => {
      await appendEvents(m, [{ actor: 'a', type: 'LOST', subjectType: 'Finding', subjectId: subject, payload: {} }]);
      throw new Error('rollback');
    }),
  ).rejects.toThrow('rollback');
  const [{ n: after }] = await db.query('SELECT count(*)::int AS n FROM events');
  expect(after).toBe(before);
});
