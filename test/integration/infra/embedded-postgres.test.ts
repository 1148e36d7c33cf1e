import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../../src/infra/embedded-postgres';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** No process on Linux has this pid (pid_max is at most 2^22). */
const DEAD_PID = 4_194_305;

describe('embedded PostgreSQL', () => {
  let dataDir: string;
  let port: number;
  let handle: EmbeddedPostgresHandle | undefined;

  beforeAll(async () => {
    // Under the project rather than /tmp: this is where the real data directory lives, so the
    // permission checks (parents reachable by the `postgres` user when running as root) are exercised.
    fs.mkdirSync(path.join(PROJECT_ROOT, '.data'), { recursive: true });
    dataDir = fs.mkdtempSync(path.join(PROJECT_ROOT, '.data', 'embedded-test-'));
    port = await freePort();
  });

  afterAll(async () => {
    await handle?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('initialises an empty data directory, starts, and answers a query', async () => {
    handle = await startEmbeddedPostgres({ dataDir, port });
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(await query(handle.url('postgres'), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('creates the registry database and keeps data across a restart', async () => {
    expect(handle).toBeDefined();
    await query(handle!.url('registry'), 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    await handle!.stop();
    handle = await startEmbeddedPostgres({ dataDir, port });
    expect(await query(handle.url('registry'), 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
  });

  it('stops cleanly and removes its postmaster.pid', async () => {
    await handle!.stop();
    await handle!.stop(); // a second stop is harmless
    handle = undefined;
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    await expect(query(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'SELECT 1')).rejects.toThrow();
  });

  it.each([
    ['a dead process', DEAD_PID],
    ['a live process that is not PostgreSQL', process.pid],
  ])('starts again when a stale postmaster.pid names %s', async (_label, pid) => {
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n1700000000\n${port}\n\n127.0.0.1\n`);
    const lines: string[] = [];
    handle = await startEmbeddedPostgres({ dataDir, port, log: (line) => lines.push(line) });
    expect(lines.some((line) => line.includes('removing stale'))).toBe(true);
    expect(await query(handle.url('registry'), 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1 }]);
    await handle.stop();
    handle = undefined;
  });

  it("fails with PostgreSQL's own reason when the port is already taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(/Address already in use/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
