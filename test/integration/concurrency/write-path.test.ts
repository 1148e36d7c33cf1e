/**
 * The write path under concurrency (issue 13): many writers at once keep the event chain whole and
 * in order for a subscriber; no global lock is held through a write (public ids, the chain);
 * restricted-detail reads do not wait behind writers; idempotency keys expire; the sweeps run
 * during a write storm without a deadlock.
 */
import type { DataSource } from 'typeorm';
import { createContext } from '../../../src/graphql/context';
import { ClientGoneError, runMutation, UnitOfWork } from '../../../src/modules/shared/unit-of-work';
import { WriteQueueTimeoutError } from '../../../src/infra/database-busy';
import { sweepDecisions } from '../../../src/modules/decisions/decision-sweep';
import { sweepDeadlines } from '../../../src/modules/events/deadline-sweep';
import { EventHub } from '../../../src/modules/events/event-hub';
import { flushEventOutbox, openEventOutbox, recordEvent, verifyEventChain } from '../../../src/modules/events/event-log';
import { reportFinding } from '../../../src/modules/findings/mutations';
import { pruneIdempotencyKeys } from '../../../src/modules/shared/idempotency-sweep';
import type { EventEntity } from '../../../src/persistence/entities';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, regulator } from '../../support/viewers';

jest.setTimeout(60_000);

let tdb: TestDatabase;
let db: DataSource;
const ids: Record<string, string> = {};
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const local = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const REPORT = `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId rowVersion } errors { code message path } } }`;
const ASSESS = `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message path } } }`;
const OVERRIDE = `mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { exportDecision { id } errors { code message path } } }`;

const reportInput = (title: string, extra: Record<string, unknown> = {}) => ({
  affectedVersionIds: [gid('ModelVersion', ids.fable5!), gid('ModelVersion', ids.fable4!)],
  title,
  summary: 'Found by the concurrency test.',
  category: 'JAILBREAK',
  discoveredAt: new Date(Date.now() - 86_400_000).toISOString(),
  restrictedDetails: { prompts: `secret prompt of ${title}` },
  ...extra,
});
const assessInput = (findingId: string, n: number) => ({
  findingId,
  cvssVector: n % 2 ? 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N' : 'CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N',
  aiFactors: { capabilityDomain: 'CODE', universal: n % 3 === 0, successRate: 0.5, trials: 100, exploitedInWild: false },
});

/** Every problem a storm produced: thrown GraphQL errors, internal errors and payload errors other than expected ones. */
function problemsOf(results: { errors?: readonly unknown[]; internalErrors: unknown[]; data?: any }[], allowed: string[] = []): unknown[] {
  return results.flatMap((r) => [
    ...(r.errors ?? []),
    ...r.internalErrors,
    ...Object.values(r.data ?? {}).flatMap((p: any) => (p?.errors ?? []).filter((e: { code: string }) => !allowed.includes(e.code))),
  ]);
}

async function deadlocks(): Promise<number> {
  const [row] = await db.query('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()');
  return row.n;
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  const one = async (sql: string) => (await db.query(sql))[0].id as string;
  ids.fable5 = await one(`SELECT id FROM model_versions WHERE name = 'Fable 5'`);
  ids.fable4 = await one(`SELECT id FROM model_versions WHERE name = 'Fable 4'`);
});

afterAll(async () => {
  await stopHarness();
  await tdb?.destroy();
});

test('20 concurrent writers: every committed event reaches a subscriber once, in chain order, and the chain verifies', async () => {
  const hub = new EventHub({ db, listenConnection: { connectionString: tdb.url }, log: () => undefined });
  await hub.start();
  const received: EventEntity[] = [];
  const { position, unsubscribe } = hub.subscribe({ push: (e) => received.push(e) });
  try {
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        const out = [];
        const report = await executeOperation(db, REPORT, { input: reportInput(`Concurrent ${w}`) }, { viewer: analyst() });
        out.push(report);
        const findingId = report.data?.reportFinding.finding?.id;
        if (findingId) out.push(await executeOperation(db, ASSESS, { input: assessInput(findingId, w) }, { viewer: analyst() }));
        return out;
      }),
    );
    expect(problemsOf(results.flat())).toEqual([]);
    // Generated public ids: unique, without a lock held to commit.
    const publicIds = results.map((r) => r[0]!.data!.reportFinding.finding.publicId);
    expect(new Set(publicIds).size).toBe(20);

    const committed: { seq: string }[] = await db.query('SELECT e.seq::text AS seq FROM events e WHERE e.seq > $1 ORDER BY e.seq', [String(position)]);
    const deadline = Date.now() + 5_000;
    while (received.length < committed.length && Date.now() < deadline) await sleep(50);
    // Every committed event, none twice, in seq (= chain) order.
    expect(received.map((e) => e.seq)).toEqual(committed.map((e) => e.seq));
    for (let i = 1; i < received.length; i++) expect(received[i]!.prevHash).toBe(received[i - 1]!.hash);
    const verification = await verifyEventChain(db.manager);
    expect(verification).toMatchObject({ ok: true, problem: null });
  } finally {
    unsubscribe();
    await hub.stop();
  }
});

test('a writer holding its transaction open blocks neither a restricted-detail read, nor another report, nor its public id', async () => {
  const created = await executeOperation(db, REPORT, { input: reportInput('Read me while writing') }, { viewer: analyst() });
  const findingId = created.data!.reportFinding.finding.id;

  // A writer in the middle of its unit of work: events recorded, a public id drawn, rows locked, not committed.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let writerReady!: () => void;
  const ready = new Promise<void>((r) => (writerReady = r));
  const writer = db.transaction(async (tx) => {
    openEventOutbox(tx);
    await tx.query('SELECT msr_next_finding_number(extract(year FROM now())::int)');
    await tx.query('SELECT id FROM findings WHERE id = $1 FOR UPDATE', [local(findingId)]);
    await recordEvent(tx, { actor: 'test', type: 'TEST_HELD', subjectType: 'Finding', subjectId: local(findingId), payload: {} });
    writerReady();
    await held;
    await flushEventOutbox(tx);
  });
  await ready;
  try {
    const started = Date.now();
    const [read, other] = await Promise.all([
      executeOperation(db, `query($id: ID!) { finding(id: $id) { restrictedDetails { prompts } } }`, { id: findingId }, { viewer: regulator() }),
      executeOperation(db, REPORT, { input: reportInput('Reported beside a held writer') }, { viewer: analyst() }),
    ]);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(read.errors).toBeUndefined();
    expect(read.data!.finding.restrictedDetails.prompts).toBe('secret prompt of Read me while writing');
    expect(other.data!.reportFinding.errors).toEqual([]);
    // The read was logged while the writer still held its transaction.
    const [logged] = await db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'RESTRICTED_DETAILS_READ' AND subject_id = $1`, [local(findingId)]);
    expect(logged.n).toBe(1);
  } finally {
    release();
    await writer;
  }
  const [heldEvent] = await db.query(`SELECT seq FROM events WHERE type = 'TEST_HELD'`);
  expect(heldEvent).toBeDefined();
  expect((await verifyEventChain(db.manager)).ok).toBe(true);
});

test('an explicitly given public id is skipped by the sequence', async () => {
  const year = new Date().getUTCFullYear();
  const [{ n }] = await db.query('SELECT last_value::int + 1 AS n FROM ' + `finding_public_id_${year}_seq`);
  const taken = `MSR-${year}-${String(n).padStart(4, '0')}`;
  const explicit = await executeOperation(db, REPORT, { input: reportInput('Explicit id', { publicId: taken }) }, { viewer: analyst() });
  expect(explicit.data!.reportFinding.errors).toEqual([]);
  const generated = await executeOperation(db, REPORT, { input: reportInput('Generated after it') }, { viewer: analyst() });
  expect(generated.data!.reportFinding.errors).toEqual([]);
  expect(generated.data!.reportFinding.finding.publicId).not.toBe(taken);
  expect(generated.data!.reportFinding.finding.publicId).toMatch(new RegExp(`^MSR-${year}-\\d{4,}$`));
});

describe('idempotency keys expire', () => {
  test('within the TTL a key replays; once expired it runs afresh, and the prune deletes only expired keys', async () => {
    const unitOfWork = new UnitOfWork({ idempotencyTtlMs: 60 * 60 * 1000 });
    const ctx = () => createContext({ db, viewer: analyst(), unitOfWork });
    const direct = (title: string, key: string) => ({ ...reportInput(title), discoveredAt: new Date(Date.now() - 86_400_000), idempotencyKey: key }) as never;
    const input = direct('Idempotent report', 'ttl-key-1');
    const first = await reportFinding(ctx(), input);
    const replay = await reportFinding(ctx(), input);
    expect(first.errors).toEqual([]);
    expect(replay.result).toEqual(first.result);

    // The key is older than the TTL now.
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE key = 'ttl-key-1'`);
    const afresh = await reportFinding(ctx(), input);
    expect(afresh.errors).toEqual([]);
    expect(afresh.result!.findingId).not.toBe(first.result!.findingId);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE title = 'Idempotent report'`);
    expect(n).toBe(2);

    // One fresh key, one expired: the prune takes only the expired one.
    expect((await reportFinding(ctx(), direct('Second idempotent report', 'ttl-key-2'))).errors).toEqual([]);
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '3 hours' WHERE key = 'ttl-key-2'`);
    const pruned = await pruneIdempotencyKeys(db, unitOfWork.idempotencyTtlMs);
    expect(pruned).toBeGreaterThanOrEqual(1);
    const left: { key: string }[] = await db.query(`SELECT key FROM idempotency_keys WHERE key LIKE 'ttl-key-%' ORDER BY key`);
    expect(left.map((r) => r.key)).toEqual(['ttl-key-1']);
  });
});

test('the decision and deadline sweeps run during a write storm without a deadlock', async () => {
  const before = await deadlocks();
  const until = Date.now() + 6_000;
  const sweepErrors: unknown[] = [];
  let sweeps = 0;
  const sweeping = (async () => {
    while (Date.now() < until) {
      await Promise.all([
        sweepDecisions(db, new Date(), 2).catch((err) => sweepErrors.push(err)),
        sweepDeadlines(db).catch((err) => sweepErrors.push(err)),
      ]);
      sweeps += 1;
    }
  })();
  const codes = ['DE', 'FR', 'US', 'GB'];
  const results = (
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        const out = [];
        let n = 0;
        while (Date.now() < until) {
          n += 1;
          if (w % 3 === 0) {
            out.push(
              await executeOperation(
                db,
                OVERRIDE,
                {
                  input: {
                    modelVersionId: gid('ModelVersion', n % 2 ? ids.fable5! : ids.fable4!),
                    jurisdictionCode: codes[(w + n) % codes.length],
                    outcome: n % 2 ? 'ELIGIBLE' : 'CONDITIONAL',
                    justification: `storm ${w}/${n}`,
                  },
                },
                { viewer: regulator() },
              ),
            );
          } else {
            const report = await executeOperation(db, REPORT, { input: reportInput(`Storm ${w}/${n}`) }, { viewer: analyst() });
            out.push(report);
            const id = report.data?.reportFinding.finding?.id;
            if (id) out.push(await executeOperation(db, ASSESS, { input: assessInput(id, n) }, { viewer: analyst() }));
          }
        }
        return out;
      }),
    )
  ).flat();
  await sweeping;
  expect(sweepErrors).toEqual([]);
  expect(sweeps).toBeGreaterThan(0);
  expect(results.length).toBeGreaterThan(12);
  expect(problemsOf(results)).toEqual([]);
  // pg_stat_database is flushed by the backends within about a second.
  await sleep(1_500);
  expect(await deadlocks()).toBe(before);
  expect((await verifyEventChain(db.manager)).ok).toBe(true);
});

test('a write whose client has gone is not started', async () => {
  const controller = new AbortController();
  controller.abort();
  const ctx = createContext({ db, viewer: analyst(), signal: controller.signal });
  const input = { ...reportInput('Client gone'), discoveredAt: new Date(Date.now() - 86_400_000) } as never;
  await expect(reportFinding(ctx, input)).rejects.toThrow(ClientGoneError);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE title = 'Client gone'`);
  expect(n).toBe(0);
});

test('writes beyond DB_WRITE_CONCURRENCY wait for a turn without a connection, bounded: then SERVICE_UNAVAILABLE', async () => {
  // One server's unit of work: its settings and slots are its own (another context gets the default).
  const unitOfWork = new UnitOfWork({ maxConcurrentWrites: 1, queueTimeoutMs: 300 });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const spec = { operation: 'test', action: 'finding.report' as const, input: {} };
  const first = runMutation(createContext({ db, viewer: analyst(), unitOfWork }), spec, async () => {
    await held;
    return 'first';
  });
  const started = Date.now();
  const second = runMutation(createContext({ db, viewer: analyst(), unitOfWork }), spec, async () => 'second');
  await expect(second).rejects.toThrow(WriteQueueTimeoutError);
  expect(Date.now() - started).toBeLessThan(2_000);
  // A read is not held back by the queued writes.
  const [{ one }] = await db.query('SELECT 1 AS one');
  expect(one).toBe(1);
  // Another server's writes (here: the default unit of work) do not queue behind this one's.
  expect((await runMutation(createContext({ db, viewer: analyst() }), spec, async () => 'elsewhere')).result).toBe('elsewhere');
  release();
  expect((await first).result).toBe('first');
  // A turn free again: the next write runs.
  expect((await runMutation(createContext({ db, viewer: analyst(), unitOfWork }), spec, async () => 'third')).result).toBe('third');
});
