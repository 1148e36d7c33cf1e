/**
 * Issue 11, defect 14: exploit details were stored in clear text, so every dump and backup held
 * them. `finding_restricted_details` now holds AES-256-GCM ciphertext (src/infra/details-crypto.ts)
 * with the key id per row and the finding id as associated data; decryption happens only on the
 * read path, after the access rule; `npm run rotate-details-key` re-encrypts under a new key.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../ormconfig';
import { EncryptRestrictedDetails1764400000200 } from '../../../migrations/1764400000200-encrypt-restricted-details';
import { DEV_DETAILS_ENCRYPTION_KEY, DEV_DETAILS_ENCRYPTION_KEY_ID, type DetailsEncryptionConfig } from '../../../src/config/config';
import { detailsCipherOf } from '../../../src/infra/details-crypto';
import { reencryptRestrictedDetails, sealClearDetails } from '../../../src/modules/findings/restricted-details-store';
import { createAccessWorld, postGraphQL, startAccessServer, type AccessServer, type AccessWorld } from '../../support/access-fixture';
import { createDeveloper, createFinding } from '../../support/factories';
import { allRestrictedDetails } from '../../support/restricted-details';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { startServer } from '../../../src/graphql/server';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';

const SECRET_PROMPT = `SECRET-AT-REST-PROMPT-${randomUUID()}`;
const SECRET_STEPS = `SECRET-AT-REST-STEPS-${randomUUID()}`;
const DETAILS_QUERY = `query($id: ID!) { node(id: $id) { ... on Finding { publicId restrictedDetails { prompts reproductionSteps notes } } } }`;

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;
let server: AccessServer;

const devKey = Buffer.from(DEV_DETAILS_ENCRYPTION_KEY, 'base64');
const keysOf = (current: string, keys: Record<string, Buffer>): DetailsEncryptionConfig => ({
  currentKeyId: current,
  keys: new Map(Object.entries(keys)),
  developmentKey: false,
});

/** Every value of every table, as PostgreSQL's text form and as raw bytes of bytea columns. */
async function wholeDatabase(handle: DataSource): Promise<Buffer> {
  const tables: { table_name: string }[] = await handle.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const parts: Buffer[] = [];
  for (const { table_name } of tables) {
    const rows: Record<string, unknown>[] = await handle.query(`SELECT t::text AS text, t.* FROM "${table_name}" t`);
    for (const row of rows) for (const v of Object.values(row)) parts.push(Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
  }
  return Buffer.concat(parts);
}

/** A server on `handle` (its DataSource's keys), and a GraphQL read of a finding's details as a regulator. */
async function readAsRegulator(url: string, token: string, findingGlobalId: string) {
  return postGraphQL(url, { query: DETAILS_QUERY, variables: { id: findingGlobalId } }, token);
}

async function serverOn(handle: DataSource) {
  const config = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1' });
  const running = await startServer(config, handle);
  const token = await mintDevToken(config.auth, { subject: 'user-regulator', organizationId: world.agency.id, roles: ['REGULATOR'] });
  return { url: `http://127.0.0.1:${running.port}/graphql`, token, stop: () => running.stop() };
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
  server = await startAccessServer(db);
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

describe('at rest', () => {
  let reportedId: string;

  test('a finding reported through the API with restricted details leaves no plaintext in the database', async () => {
    const res = await postGraphQL(
      server.url,
      {
        query: `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id } errors { code message path } } }`,
        variables: {
          input: {
            affectedVersionIds: [world.versionA.globalId],
            title: 'Sealed prompt',
            category: 'JAILBREAK',
            summary: 'Details must be ciphertext at rest.',
            discoveredAt: '2026-01-01T00:00:00Z',
            restrictedDetails: { prompts: SECRET_PROMPT, reproductionSteps: SECRET_STEPS },
            idempotencyKey: `sealed-${randomUUID()}`,
          },
        },
      },
      await server.tokenFor(world.personas.analyst),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.reportFinding.errors).toEqual([]);
    reportedId = res.body.data.reportFinding.finding.id;

    const [row] = await db.query(
      `SELECT d.* FROM finding_restricted_details d JOIN findings f ON f.id = d.finding_id WHERE f.title = 'Sealed prompt'`,
    );
    expect(row).toMatchObject({ key_id: DEV_DETAILS_ENCRYPTION_KEY_ID, reproduction_steps: null, prompts: null, notes: null });
    expect(Buffer.isBuffer(row.ciphertext) && row.iv.length === 12 && row.auth_tag.length === 16).toBe(true);
    // No table, in text or bytes, holds the prompt or the steps (the idempotency record included).
    const everything = await wholeDatabase(db);
    for (const secret of [SECRET_PROMPT, SECRET_STEPS, 'SECRET-AT-REST']) {
      expect(everything.includes(Buffer.from(secret))).toBe(false);
      expect(everything.includes(Buffer.from(Buffer.from(secret).toString('hex')))).toBe(false);
    }
    // Nor do the details the factories and the access world wrote.
    for (const marker of world.markers) expect(everything.includes(Buffer.from(marker))).toBe(false);
  });

  test('an authorized reader still reads the details through GraphQL; an unentitled one gets null', async () => {
    const query = { query: DETAILS_QUERY, variables: { id: reportedId } };
    const regulator = await postGraphQL(server.url, query, await server.tokenFor(world.personas.regulator));
    expect(regulator.body.errors).toBeUndefined();
    expect(regulator.body.data.node.restrictedDetails).toEqual({ prompts: SECRET_PROMPT, reproductionSteps: SECRET_STEPS, notes: null });
    const developerB = await postGraphQL(server.url, query, await server.tokenFor(world.personas.developerB));
    expect(developerB.body.errors).toBeUndefined();
    expect(developerB.body.data.node.restrictedDetails).toBeNull();
    expect(developerB.text).not.toContain('SECRET-AT-REST');
  });
});

test('a sealed row moved to another finding does not decrypt: a typed error on that field, no plaintext, no read recorded', async () => {
  const victim = world.findingA;
  const target = await createFinding(db, { developer_id: world.developerA.id }, { affectedVersionIds: [world.versionA.id] });
  await db.query(
    `INSERT INTO finding_restricted_details (finding_id, ciphertext, iv, auth_tag, key_id)
     SELECT $2, ciphertext, iv, auth_tag, key_id FROM finding_restricted_details WHERE finding_id = $1`,
    [victim.id, target.id],
  );
  const reads = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'RESTRICTED_DETAILS_READ' AND subject_id = $1`, [target.id]))[0].n;
  const logged: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  let res;
  try {
    res = await postGraphQL(server.url, { query: DETAILS_QUERY, variables: { id: target.globalId } }, await server.tokenFor(world.personas.regulator));
  } finally {
    spy.mockRestore();
  }
  expect(res.status).toBe(200);
  expect(res.body.data.node.publicId).toBe(target.public_id);
  expect(res.body.data.node.restrictedDetails).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors?.[0]).toMatchObject({ path: ['node', 'restrictedDetails'], extensions: { code: 'DETAILS_UNAVAILABLE' } });
  for (const marker of world.markersOf.get(victim.id)!) {
    expect(res.text).not.toContain(marker);
    expect(logged.join('\n')).not.toContain(marker);
  }
  expect(logged.join('\n')).toContain(`DetailsDecryptionError`);
  expect(logged.join('\n')).toContain(target.id);
  expect(await reads()).toBe(0);
  // The original still reads.
  const original = await postGraphQL(server.url, { query: DETAILS_QUERY, variables: { id: victim.globalId } }, await server.tokenFor(world.personas.regulator));
  expect(original.body.data.node.restrictedDetails.prompts).toBe(world.markersOf.get(victim.id)![1]);
  await db.query('DELETE FROM finding_restricted_details WHERE finding_id = $1', [target.id]);
});

describe('rotation', () => {
  const k2 = randomBytes(32);
  const k3 = randomBytes(32);
  const handles: DataSource[] = [];
  const stops: (() => Promise<void>)[] = [];
  const open = async (encryption: DetailsEncryptionConfig) => {
    const handle = createDataSource({ url: testDb.url, detailsEncryption: encryption, poolSize: 3 });
    await handle.initialize();
    handles.push(handle);
    return handle;
  };
  afterAll(async () => {
    for (const stop of stops) await stop();
    for (const h of handles) await h.destroy();
  });

  test('re-encrypts every row under the new key id in batches; old-key rows decrypt meanwhile; a second run changes nothing', async () => {
    const before = await allRestrictedDetails(db);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const rotated = await open(keysOf('k2', { k2, [DEV_DETAILS_ENCRYPTION_KEY_ID]: devKey }));

    // New key configured, old one kept: rows still under the old key read through the API.
    const s = await serverOn(rotated);
    stops.push(s.stop);
    const mid = await readAsRegulator(s.url, s.token, world.findingB.globalId);
    expect(mid.body.errors).toBeUndefined();
    expect(mid.body.data.node.restrictedDetails.notes).toBe(world.markersOf.get(world.findingB.id)![2]);

    const batches: number[] = [];
    const report = await reencryptRestrictedDetails(rotated, { batchSize: 2, onBatch: (r) => batches.push(r.reencrypted) });
    expect(report).toMatchObject({ reencrypted: before.length, sealed: 0, current: 0, failed: [] });
    expect(batches.length).toBeGreaterThan(1);
    const keyIds: { key_id: string }[] = await db.query('SELECT DISTINCT key_id FROM finding_restricted_details');
    expect(keyIds).toEqual([{ key_id: 'k2' }]);
    expect(await allRestrictedDetails(rotated)).toEqual(before);

    const again = await reencryptRestrictedDetails(rotated);
    expect(again).toMatchObject({ reencrypted: 0, sealed: 0, current: before.length, failed: [] });

    // With the old key removed, everything still reads (it is all under k2 now).
    const only = await open(keysOf('k2', { k2 }));
    expect(await allRestrictedDetails(only)).toEqual(before);
    // …and a DataSource that only knows the old key cannot read them any more.
    const stale = await open(keysOf(DEV_DETAILS_ENCRYPTION_KEY_ID, { [DEV_DETAILS_ENCRYPTION_KEY_ID]: devKey }));
    const staleServer = await serverOn(stale);
    stops.push(staleServer.stop);
    const refused = await readAsRegulator(staleServer.url, staleServer.token, world.findingB.globalId);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('DETAILS_UNAVAILABLE');
    expect(refused.text).not.toContain(world.markersOf.get(world.findingB.id)![2]);
  });

  test('`npm run rotate-details-key` re-encrypts under the configured key id, idempotently, and names rows it cannot open', async () => {
    const before = await allRestrictedDetails(await open(keysOf('k2', { k2 })));
    const root = path.resolve(__dirname, '../../..');
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: testDb.url,
      DETAILS_ENCRYPTION_KEY: k3.toString('base64'),
      DETAILS_ENCRYPTION_KEY_ID: 'k3',
      DETAILS_ENCRYPTION_OLD_KEYS: `k2:${k2.toString('base64')}`,
    };
    const script = path.join(root, 'src/scripts/rotate-details-key.ts');
    const tsx = path.join(root, 'node_modules/.bin/tsx');
    const run = promisify(execFile);
    const first = await run(tsx, [script, '--batch-size', '2'], { cwd: root, env });
    expect(first.stdout).toContain(`current key "k3": ${before.length} row(s) re-encrypted`);
    const second = await run(tsx, [script], { cwd: root, env });
    expect(second.stdout).toContain(`0 row(s) re-encrypted, 0 sealed from clear, ${before.length} already current`);
    const k3Only = await open(keysOf('k3', { k3 }));
    expect(await allRestrictedDetails(k3Only)).toEqual(before);

    // A row sealed under a key nobody configured: reported, left alone, exit code 1.
    const orphan = await createFinding(db, { developer_id: world.developerB.id }, { affectedVersionIds: [world.versionB.id] });
    const lost = await open(keysOf('lost', { lost: randomBytes(32) }));
    const sealed = detailsCipherOf(lost).seal(orphan.id, { reproductionSteps: null, prompts: 'unreadable', notes: null });
    await db.query('INSERT INTO finding_restricted_details (finding_id, ciphertext, iv, auth_tag, key_id) VALUES ($1, $2, $3, $4, $5)', [
      orphan.id,
      sealed.ciphertext,
      sealed.iv,
      sealed.authTag,
      sealed.keyId,
    ]);
    const failed = await run(tsx, [script], { cwd: root, env }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`finding ${orphan.id}: cannot decrypt under key "lost" (UNKNOWN_KEY)`);
    await db.query('DELETE FROM finding_restricted_details WHERE finding_id = $1', [orphan.id]);
  }, 60_000);
});

describe('rows written in clear before encryption', () => {
  test('the migration down restores clear columns from the configured key, up adds the sealed columns back, and start-up seals clear rows', async () => {
    const mine = await createTestDataSource();
    try {
      const h = mine.dataSource;
      const f = await createFinding(h, { developer_id: (await createDeveloper(h)).id }, { restrictedDetails: { reproduction_steps: SECRET_STEPS, prompts: SECRET_PROMPT } });
      const migration = new EncryptRestrictedDetails1764400000200();
      const runner = h.createQueryRunner();
      try {
        await runner.startTransaction();
        await migration.down(runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      const [clear] = await h.query('SELECT * FROM finding_restricted_details WHERE finding_id = $1', [f.id]);
      expect(clear).toMatchObject({ prompts: SECRET_PROMPT, reproduction_steps: SECRET_STEPS });
      expect(clear).not.toHaveProperty('ciphertext');

      const up = h.createQueryRunner();
      try {
        await migration.up(up);
      } finally {
        await up.release();
      }
      // Legacy clear row: still readable (not sealed yet), then sealed by the start-up step.
      expect(await allRestrictedDetails(h)).toEqual([{ findingId: f.id, reproductionSteps: SECRET_STEPS, prompts: SECRET_PROMPT, notes: null }]);
      const messages: string[] = [];
      const report = await sealClearDetails(h, (m) => messages.push(m));
      expect(report.sealed).toBe(1);
      expect(messages.join('\n')).toContain('sealed 1 restricted-details row(s)');
      const [row] = await h.query('SELECT * FROM finding_restricted_details WHERE finding_id = $1', [f.id]);
      expect(row).toMatchObject({ prompts: null, reproduction_steps: null, notes: null, key_id: DEV_DETAILS_ENCRYPTION_KEY_ID });
      expect((await wholeDatabase(h)).includes(Buffer.from(SECRET_PROMPT))).toBe(false);
      expect(await allRestrictedDetails(h)).toEqual([{ findingId: f.id, reproductionSteps: SECRET_STEPS, prompts: SECRET_PROMPT, notes: null }]);
      expect((await sealClearDetails(h, () => undefined)).sealed).toBe(0);

      // A down that cannot open a row (key not configured) refuses and changes nothing.
      const other = createDataSource({ url: mine.url, detailsEncryption: keysOf('x', { x: randomBytes(32) }), poolSize: 1 });
      await other.initialize();
      try {
        const r = other.createQueryRunner();
        await r.startTransaction();
        await expect(migration.down(r)).rejects.toThrow(/not configured/);
        await r.rollbackTransaction();
        await r.release();
      } finally {
        await other.destroy();
      }
      const [still] = await h.query('SELECT key_id, prompts FROM finding_restricted_details WHERE finding_id = $1', [f.id]);
      expect(still).toEqual({ key_id: DEV_DETAILS_ENCRYPTION_KEY_ID, prompts: null });
    } finally {
      await mine.destroy();
    }
  });
});
