/**
 * Issue 11, defect 7: the event log is append-only in the database, hashes its sequence numbers and
 * is anchored by signed checkpoints, so that truncation and rewrite are both detected.
 *
 * `owner` is the superuser who owns the tables (and ran the migrations); `app` is the
 * unprivileged application role the server connects as (src/infra/app-role.ts). Tampering on
 * purpose is done as the owner with the triggers switched off for one transaction
 * (`SET LOCAL session_replication_role = replica`), then undone.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { seedDemoData } from '../../../src/seed/demo-data';
import { appendEvent, CHECKPOINT_KIND, checkpointMessage, eventHash, verifyEventChain } from '../../../src/modules/events/event-log';
import { writeEventCheckpoint } from '../../../src/modules/events/event-checkpoints';
import { keyRingFrom, signStatement, type RegistryKeyRing } from '../../../src/modules/signing/registry-key';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

let tdb: TestDatabase;
let owner: DataSource;
let app: DataSource;

const SUBJECT = '00000000-0000-4000-8000-0000000000e1';
const append = (db: DataSource, type: string, payload: Record<string, unknown> = {}) =>
  db.transaction((m) =>
    appendEvent(m, {
      actor: 'test',
      type,
      subjectType: 'Finding',
      subjectId: SUBJECT,
      payload,
    }),
  );

/** As the owner, with every trigger off for this one transaction (what an attacker holding the owner's credentials can do). */
async function tamper(fn: (q: (sql: string, params?: unknown[]) => Promise<any>) => Promise<void>): Promise<void> {
  await owner.transaction(async (m) => {
    await m.query('SET LOCAL session_replication_role = replica');
    await fn((sql, params) => m.query(sql, params));
  });
}

interface Row {
  seq: string;
  id: string;
  occurred_at: Date;
  actor: string;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
  hash_version: number;
}
const allEvents = async (): Promise<Row[]> => owner.query('SELECT e.*, e.seq::text AS seq FROM events e ORDER BY e.seq');

const insertRow = (q: (sql: string, params?: unknown[]) => Promise<any>, r: Row) =>
  q(
    `INSERT INTO events (seq, id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.seq, r.id, r.occurred_at, r.actor, r.type, r.subject_type, r.subject_id, r.payload, r.prev_hash, r.hash, r.hash_version],
  );

/** Puts the log back exactly as it was (after a tampering test). */
async function restore(rows: Row[]): Promise<void> {
  await tamper(async (q) => {
    await q('DELETE FROM events');
    for (const r of rows) await insertRow(q, r);
  });
  expect(await verifyEventChain(owner.manager)).toMatchObject({ ok: true });
}

// The refusals below are logged by the SQL logger as failed queries; keep only unexpected errors on the console.
const consoleError = console.error;
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (/refused: the table is append-only|permission denied|must be owner/.test(String(args[0]))) return;
    consoleError(...args);
  });
});
afterAll(() => jest.restoreAllMocks());

beforeAll(async () => {
  tdb = await createTestDataSource({ appRole: true });
  owner = tdb.dataSource;
  app = tdb.appDataSource!;
  // The demo story written as the application role: it can do all the application does.
  expect(await seedDemoData(app)).toBe(true);
});
afterAll(() => tdb.destroy());

describe('the database refuses changes to the log', () => {
  test('UPDATE, DELETE and TRUNCATE of events are refused even for the owner (a superuser) while the trigger is on', async () => {
    const before = await allEvents();
    await expect(owner.query(`UPDATE events SET actor = 'mallory' WHERE seq = $1`, [before[0]!.seq])).rejects.toThrow(
      /UPDATE on events refused: the table is append-only/,
    );
    await expect(owner.query('DELETE FROM events WHERE seq = $1', [before.at(-1)!.seq])).rejects.toThrow(/DELETE on events refused/);
    await expect(owner.query('TRUNCATE events')).rejects.toThrow(/TRUNCATE on events refused/);
    expect(await allEvents()).toEqual(before);
  });

  test('checkpoints are append-only too', async () => {
    const { written } = await writeEventCheckpoint(app);
    expect(written).not.toBeNull();
    await expect(owner.query(`UPDATE event_checkpoints SET head_hash = 'x'`)).rejects.toThrow(/UPDATE on event_checkpoints refused/);
    await expect(owner.query('DELETE FROM event_checkpoints')).rejects.toThrow(/DELETE on event_checkpoints refused/);
    await expect(owner.query('TRUNCATE event_checkpoints')).rejects.toThrow(/TRUNCATE on event_checkpoints refused/);
  });

  test('the application role may append, but not UPDATE, DELETE or TRUNCATE events, nor switch the trigger off', async () => {
    const [who] = await app.query(
      `SELECT current_user AS role, r.rolsuper, pg_has_role(current_user, c.relowner, 'USAGE') AS owns
         FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'events'::regclass`,
    );
    expect(who).toEqual({ role: 'msr_app', rolsuper: false, owns: false });
    const before = (await allEvents()).length;
    await append(app, 'APPENDED_BY_APP');
    expect((await allEvents()).length).toBe(before + 1);

    const attempts = [
      `UPDATE events SET actor = 'mallory'`,
      `DELETE FROM events`,
      `TRUNCATE events`,
      `UPDATE event_checkpoints SET head_hash = 'x'`,
      `DELETE FROM event_checkpoints`,
      `TRUNCATE event_checkpoints`,
    ];
    for (const sql of attempts) await expect(app.query(sql)).rejects.toThrow(/permission denied for table (events|event_checkpoints)/);
    await expect(app.query('ALTER TABLE events DISABLE TRIGGER events_append_only')).rejects.toThrow(/must be owner of table events/);
    await expect(app.query('ALTER TABLE events DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner of table events/);
    await expect(app.query('DROP TRIGGER events_append_only ON events')).rejects.toThrow(/must be owner of (table|relation) events/);
    await expect(app.query('SET session_replication_role = replica')).rejects.toThrow(
      /permission denied to set parameter "session_replication_role"/,
    );
    expect((await allEvents()).length).toBe(before + 1);
  });
});

describe('verification detects what the owner could still do with the trigger off', () => {
  test('deleting the newest event is detected through the latest checkpoint', async () => {
    await append(app, 'NEWEST');
    const { written } = await writeEventCheckpoint(app);
    expect(written).not.toBeNull();
    const rows = await allEvents();
    const newest = rows.at(-1)!;
    expect(written!.seq).toBe(newest.seq);

    await tamper((q) => q('DELETE FROM events WHERE seq = $1', [newest.seq]));
    const result = await verifyEventChain(owner.manager);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: newest.seq });
    expect(result.problem).toMatch(/the log ends at sequence \d+ .* anchors sequence \d+ .*the newest events were removed/);
    // The chain itself is consistent: only the checkpoint shows the truncation.
    expect(result.checked).toBe(rows.length - 1);

    await restore(rows);
  });

  test('rewriting an event and recomputing every later hash with the application’s own function is detected (hash, then signature)', async () => {
    const rows = await allEvents();
    const checkpointSeq = (await owner.query('SELECT max(seq)::text AS seq FROM event_checkpoints'))[0].seq as string;
    const victim = rows[3]!;
    expect(BigInt(victim.seq) < BigInt(checkpointSeq)).toBe(true);

    // Rewrite the victim's payload, then recompute the whole chain from it, exactly as the application would.
    const rewritten: Row[] = [];
    let prev: string | null = rows[2]!.hash;
    for (const r of rows.slice(3)) {
      const payload = r.seq === victim.seq ? { ...r.payload, rewritten: true } : r.payload;
      const hash = eventHash({
        seq: r.seq,
        id: r.id,
        occurredAt: r.occurred_at,
        actor: r.actor,
        type: r.type,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        payload,
        prevHash: prev,
        hashVersion: r.hash_version,
      });
      rewritten.push({ ...r, payload, prev_hash: prev, hash });
      prev = hash;
    }
    await tamper(async (q) => {
      for (const r of rewritten)
        await q('UPDATE events SET payload = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [r.seq, r.payload, r.prev_hash, r.hash]);
    });
    let result = await verifyEventChain(owner.manager);
    expect(result).toMatchObject({ ok: false });
    expect(result.problem).toMatch(/anchors sequence \d+ with another hash: the events up to it were rewritten/);
    // Every link holds: nothing but the checkpoints reveals the rewrite.
    expect(BigInt(result.firstBrokenSeq!) > BigInt(victim.seq)).toBe(true);

    // Also "fixing" the checkpoints to the new hashes: their signatures no longer verify.
    const newHash = new Map(rewritten.map((r) => [r.seq, r.hash]));
    await tamper(async (q) => {
      const cps = await q('SELECT id::text AS id, seq::text AS seq FROM event_checkpoints');
      for (const c of cps) if (newHash.has(c.seq)) await q('UPDATE event_checkpoints SET head_hash = $2 WHERE id = $1', [c.id, newHash.get(c.seq)]);
    });
    result = await verifyEventChain(owner.manager);
    expect(result).toMatchObject({ ok: false });
    expect(result.problem).toMatch(/the signature does not verify \(the checkpoint was altered or forged\)/);

    // Undo both.
    await tamper(async (q) => {
      const cps = await q('SELECT id::text AS id, seq::text AS seq FROM event_checkpoints');
      const original = new Map(rows.map((r) => [r.seq, r.hash]));
      for (const c of cps) await q('UPDATE event_checkpoints SET head_hash = $2 WHERE id = $1', [c.id, original.get(c.seq)]);
    });
    await restore(rows);
  });

  test('the sequence number is in the hash: renumbering or swapping events is detected', async () => {
    // Past the latest checkpoint, so only the hash itself can tell.
    await append(app, 'RENUMBERED');
    const rows = await allEvents();
    const last = rows.at(-1)!;
    const moved = String(BigInt(last.seq) + 1000n);
    await tamper(async (q) => {
      await q('DELETE FROM events WHERE seq = $1', [last.seq]);
      await insertRow(q, { ...last, seq: moved });
    });
    let result = await verifyEventChain(owner.manager);
    expect(result).toMatchObject({
      ok: false,
      firstBrokenSeq: moved,
      problem: 'stored hash does not match the event content and sequence number',
    });
    await restore(rows);

    // Two events exchanging their sequence numbers (and so their places in the chain).
    const [a, b] = rows.slice(-2) as [Row, Row];
    await tamper(async (q) => {
      await q('DELETE FROM events WHERE seq IN ($1, $2)', [a.seq, b.seq]);
      await insertRow(q, { ...a, seq: b.seq });
      await insertRow(q, { ...b, seq: a.seq });
    });
    result = await verifyEventChain(owner.manager);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: a.seq });
    await restore(rows);

    const common = {
      id: a.id,
      occurredAt: a.occurred_at,
      actor: a.actor,
      type: a.type,
      subjectType: a.subject_type,
      subjectId: a.subject_id,
      payload: a.payload,
      prevHash: a.prev_hash,
    };
    expect(eventHash({ ...common, seq: '41', hashVersion: 2 })).not.toBe(eventHash({ ...common, seq: '42', hashVersion: 2 }));
    expect(eventHash({ ...common, seq: '41', hashVersion: 1 })).toBe(eventHash({ ...common, seq: '42', hashVersion: 1 }));
  });

  test('a forged checkpoint (signed with another key) and an altered count are named', async () => {
    const rows = await allEvents();
    const other: RegistryKeyRing = keyRingFrom(
      loadConfig({
        NODE_ENV: 'test',
        REGISTRY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        REGISTRY_SIGNING_KEY_ID: 'mallory',
      }).signing,
    );
    const head = await append(app, 'FORGED_ANCHOR');
    // The application role may append checkpoints; without the registry's key it cannot make one that verifies.
    const fields = {
      seq: head.seq,
      headHash: head.hash,
      eventCount: String(rows.length + 1),
      signedAt: new Date(),
      keyId: 'mallory',
    };
    const { signature } = signStatement(CHECKPOINT_KIND, checkpointMessage(fields), other);
    await app.query('INSERT INTO event_checkpoints (seq, head_hash, event_count, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)', [
      fields.seq,
      fields.headHash,
      fields.eventCount,
      fields.signedAt,
      fields.keyId,
      signature,
    ]);
    const result = await verifyEventChain(owner.manager);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: head.seq });
    expect(result.problem).toMatch(/unknown signing key "mallory"/);
    await tamper((q) => q('DELETE FROM event_checkpoints WHERE key_id = $1', ['mallory']));

    // A checkpoint whose count was altered (and re-signed by no one) is named too.
    const [latest] = await owner.query('SELECT id::text AS id, event_count::text AS n FROM event_checkpoints ORDER BY seq DESC LIMIT 1');
    await tamper((q) => q('UPDATE event_checkpoints SET event_count = event_count - 1 WHERE id = $1', [latest.id]));
    expect((await verifyEventChain(owner.manager)).problem).toMatch(/the signature does not verify/);
    await tamper((q) => q('UPDATE event_checkpoints SET event_count = $2 WHERE id = $1', [latest.id, latest.n]));
    expect(await verifyEventChain(owner.manager)).toMatchObject({
      ok: true,
      checked: rows.length + 1,
    });
  });
});

describe('old rows and rotation', () => {
  let second: TestDatabase;
  let third: TestDatabase;
  beforeAll(async () => {
    [second, third] = await Promise.all([createTestDataSource(), createTestDataSource()]);
  });
  afterAll(() => Promise.all([second.destroy(), third.destroy()]));

  test('events hashed before the migration (version 1) still verify; a version-1 row after version-2 rows does not', async () => {
    const db = second.dataSource;
    let prev: string | null = null;
    for (let i = 0; i < 3; i++) {
      const e = {
        seq: String(i + 1),
        id: `00000000-0000-4000-8000-00000000010${i}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1 + i)),
        actor: 'old',
        type: 'OLD_FORMAT',
        subjectType: 'Finding',
        subjectId: SUBJECT,
        payload: { i },
        prevHash: prev,
      };
      const hash = eventHash({ ...e, hashVersion: 1 });
      await db.query(
        `INSERT INTO events (id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
        [e.id, e.occurredAt, e.actor, e.type, e.subjectType, e.subjectId, e.payload, e.prevHash, hash],
      );
      prev = hash;
    }
    await append(db, 'NEW_FORMAT');
    expect(await verifyEventChain(db.manager)).toMatchObject({
      ok: true,
      checked: 4,
    });
    expect((await db.query('SELECT hash_version FROM events ORDER BY seq')).map((r: { hash_version: number }) => r.hash_version)).toEqual([
      1, 1, 1, 2,
    ]);

    // A row claiming the old format after new ones: its sequence would not be covered.
    const [head] = await db.query('SELECT hash FROM events ORDER BY seq DESC LIMIT 1');
    const late = {
      seq: '0',
      id: '00000000-0000-4000-8000-000000000199',
      occurredAt: new Date(),
      actor: 'mallory',
      type: 'OLD_FORMAT',
      subjectType: 'Finding',
      subjectId: SUBJECT,
      payload: {},
      prevHash: head.hash,
    };
    const [{ seq }] = await db.query(
      `INSERT INTO events (id, occurred_at, actor, type, subject_type, subject_id, payload, prev_hash, hash, hash_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING seq::text AS seq`,
      [
        late.id,
        late.occurredAt,
        late.actor,
        late.type,
        late.subjectType,
        late.subjectId,
        late.payload,
        late.prevHash,
        eventHash({ ...late, hashVersion: 1 }),
      ],
    );
    const result = await verifyEventChain(db.manager);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: seq });
    expect(result.problem).toMatch(/hash version 1 after version 2 events/);
  });

  test('after a key rotation, checkpoints signed with the old key still verify when it is published beside the new one', async () => {
    {
      const ring = (env: Record<string, string>) => keyRingFrom(loadConfig({ NODE_ENV: 'test', ...env }).signing);
      const oldKey = generateKeyPairSync('ed25519');
      const oldRing = ring({
        REGISTRY_SIGNING_KEY: oldKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        REGISTRY_SIGNING_KEY_ID: 'k2025',
      });
      await append(third.dataSource, 'BEFORE_ROTATION');
      expect((await writeEventCheckpoint(third.dataSource, { keys: oldRing })).written).not.toBeNull();

      const newPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const spki = oldKey.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const newRing = ring({
        REGISTRY_SIGNING_KEY: newPem,
        REGISTRY_SIGNING_KEY_ID: 'k2026',
        REGISTRY_PUBLIC_KEYS: `k2025=${spki}`,
      });
      await append(third.dataSource, 'AFTER_ROTATION');
      expect((await writeEventCheckpoint(third.dataSource, { keys: newRing })).written).toMatchObject({ keyId: 'k2026' });
      expect(await verifyEventChain(third.dataSource.manager, { keys: newRing })).toMatchObject({ ok: true, checked: 2, checkpointsChecked: 2 });

      const forgotten = ring({
        REGISTRY_SIGNING_KEY: newPem,
        REGISTRY_SIGNING_KEY_ID: 'k2026',
      });
      const result = await verifyEventChain(third.dataSource.manager, {
        keys: forgotten,
      });
      expect(result).toMatchObject({ ok: false });
      expect(result.problem).toMatch(/unknown signing key "k2025" \(list it in REGISTRY_PUBLIC_KEYS\)/);
    }
  });
});
