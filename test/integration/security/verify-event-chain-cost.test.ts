/**
 * Issue 11, defect 6: `verifyEventChain` is no longer a free amplifier. Aliases of it in one
 * request share one verification; callers other than regulators get the cached verification of
 * the head (continued from the last verified event); concurrent callers share one run; the field
 * is priced, so 800 aliases are refused before anything runs. Also: what it reports lets a partner
 * verify the latest checkpoint offline with the published key.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { appendEvent } from '../../../src/modules/events/event-log';
import { eventChainVerifier } from '../../../src/modules/events/event-chain-verifier';
import { writeEventCheckpoint } from '../../../src/modules/events/event-checkpoints';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { postGraphQL, startAccessServer, type AccessServer } from '../../support/access-fixture';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

const counter = new QueryCountingLogger(100_000);
let tdb: TestDatabase;
let db: DataSource;
let server: AccessServer;

/** Statements that scan the log (one per batch of 1,000 events; the demo log is one batch). */
const scans = () => counter.statements.filter((s) => /FROM events e WHERE e\.seq > /.test(s)).length;
const runs = () => eventChainVerifier(db).runs.head + eventChainVerifier(db).runs.full;
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `v${i}: verifyEventChain { ok checked full headSequence problem }`).join(' ')} }`;
const append = (type: string) =>
  db.transaction((m) =>
    appendEvent(m, {
      actor: 'test',
      type,
      subjectType: 'Finding',
      subjectId: '00000000-0000-4000-8000-0000000000c6',
      payload: {},
    }),
  );

beforeAll(async () => {
  tdb = await createTestDataSource({ logger: counter });
  db = tdb.dataSource;
  await seedDemoData(db);
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
});
afterAll(async () => {
  await server?.stop();
  await stopHarness();
  await tdb.destroy();
});

test('50 aliases in one anonymous request: one verification, the log scanned at most once', async () => {
  const before = runs();
  counter.reset();
  const { data, errors } = await executeOperation(db, aliases(50));
  expect(errors).toBeUndefined();
  const answers = Object.values(data!);
  expect(answers).toHaveLength(50);
  expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  expect(answers[0]).toMatchObject({ ok: true, problem: null });
  expect(runs() - before).toBe(1);
  expect(scans()).toBeLessThanOrEqual(1);
});

test('regulators get a full verification; 50 aliases of it still share one run', async () => {
  const before = eventChainVerifier(db).runs.full;
  counter.reset();
  const { data, errors } = await executeOperation(db, aliases(50), {}, { viewer: regulator() });
  expect(errors).toBeUndefined();
  expect(Object.values(data!).every((a: any) => a.ok && a.full)).toBe(true);
  expect(eventChainVerifier(db).runs.full - before).toBe(1);
  expect(scans()).toBeLessThanOrEqual(1);
});

test('everyone else continues from the verified head: a later request reads only the new events', async () => {
  const first = (await executeOperation(db, '{ verifyEventChain { checked headSequence } }')).data!.verifyEventChain;
  await append('NEW_ONE');
  await append('NEW_TWO');
  counter.reset();
  const { data } = await executeOperation(db, aliases(20));
  const answer = data!.v0;
  expect(answer).toMatchObject({
    ok: true,
    full: false,
    checked: first.checked + 2,
  });
  expect(BigInt(answer.headSequence) > BigInt(first.headSequence)).toBe(true);
  // The anchor (is the last verified event unchanged?), the new checkpoints, one scan of what follows.
  const count = (re: RegExp) => counter.statements.filter((s) => re.test(s)).length;
  expect(count(/SELECT hash FROM events WHERE seq = \$1/)).toBe(1);
  expect(count(/FROM event_checkpoints c WHERE c\.id > \$1/)).toBe(1);
  expect(scans()).toBe(1);
});

test('concurrent callers share one run (single flight)', async () => {
  await append('NEW_THREE');
  const verifier = eventChainVerifier(db);
  const calls = Array.from({ length: 10 }, () => verifier.verifyHead());
  expect(new Set(calls).size).toBe(1);
  const results = await Promise.all(calls);
  expect(results.every((r) => r.ok)).toBe(true);
});

test('a break, once found, stays the cached answer without rescanning; a regulator’s full verification clears it', async () => {
  const [victim] = await db.query('SELECT seq::text AS seq FROM events e ORDER BY e.seq OFFSET 3 LIMIT 1');
  await db.transaction(async (m) => {
    await m.query('SET LOCAL session_replication_role = replica');
    await m.query(`UPDATE events SET payload = payload || '{"tampered": true}' WHERE seq = $1`, [victim.seq]);
  });
  const full = await executeOperation(db, '{ verifyEventChain { ok firstBrokenSequence full } }', {}, { viewer: regulator() });
  expect(full.data!.verifyEventChain).toEqual({
    ok: false,
    firstBrokenSequence: victim.seq,
    full: true,
  });

  counter.reset();
  const cached = await executeOperation(db, aliases(10));
  expect(cached.data!.v0).toMatchObject({ ok: false });
  expect(scans()).toBe(0);

  await db.transaction(async (m) => {
    await m.query('SET LOCAL session_replication_role = replica');
    await m.query(`UPDATE events SET payload = payload - 'tampered' WHERE seq = $1`, [victim.seq]);
  });
  expect((await executeOperation(db, '{ verifyEventChain { ok } }', {}, { viewer: regulator() })).data!.verifyEventChain.ok).toBe(true);
  expect((await executeOperation(db, '{ verifyEventChain { ok } }')).data!.verifyEventChain.ok).toBe(true);
});

test('the field is priced: 50 aliases cost 5,000 points, 800 aliases are refused before any verification runs', async () => {
  const fifty = await postGraphQL(server.url, { query: aliases(50) });
  expect(fifty.status).toBe(200);
  expect(fifty.body.extensions.cost.requested).toBe(5000);

  const before = runs();
  const many = await postGraphQL(server.url, { query: `{ ${Array.from({ length: 800 }, (_, i) => `v${i}: verifyEventChain { ok }`).join(' ')} }` });
  expect(many.status).toBe(400);
  expect(many.body.errors![0]!.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', requestedCost: 80_000 });
  expect(runs()).toBe(before);
});

test('a partner verifies the latest checkpoint offline with the published key', async () => {
  expect((await writeEventCheckpoint(db)).written).not.toBeNull();
  const { data, errors } = await executeOperation(
    db,
    `{ registrySigningKeys { keyId algorithm publicKeyPem current }
       verifyEventChain { ok headSequence headHash checkpointsChecked
         latestCheckpoint { sequence headHash eventCount keyId signature signedStatement } } }`,
  );
  expect(errors).toBeUndefined();
  const { registrySigningKeys: keys, verifyEventChain: v } = data!;
  expect(v).toMatchObject({ ok: true });
  expect(v.checkpointsChecked).toBeGreaterThanOrEqual(1);
  const cp = v.latestCheckpoint;
  expect(cp).toMatchObject({ sequence: v.headSequence, headHash: v.headHash });
  const key = keys.find((k: { keyId: string }) => k.keyId === cp.keyId);
  expect(key).toMatchObject({ algorithm: 'Ed25519', current: true });
  expect(verify(null, Buffer.from(cp.signedStatement, 'utf8'), createPublicKey(key.publicKeyPem), Buffer.from(cp.signature, 'base64'))).toBe(true);
  expect(cp.signedStatement).toBe(
    `msr.event-checkpoint.v1\n{"eventCount":"${cp.eventCount}","headHash":"${cp.headHash}","keyId":"${cp.keyId}","seq":"${cp.sequence}","signedAt":"${
      JSON.parse(cp.signedStatement.split('\n')[1]).signedAt
    }"}`,
  );
});
