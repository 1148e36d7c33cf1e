/**
 * Issue 18: a log reader that does not keep up (a stalled log shipper, a busy parent) must never
 * stop or crash the server. Synchronous writes to a full pipe block the event loop (and partial
 * writes made sonic-boom recurse until the stack overflowed under the read benchmark); the default
 * stdout destination writes asynchronously, holds at most MAX_BUFFERED_LOG_BYTES and drops the rest.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { MAX_BUFFERED_LOG_BYTES } from '../../../src/infra/logger';

const ROOT = path.resolve(__dirname, '..', '..', '..');

test('with stdout not read for 2 s, the process keeps running, stays bounded and exits 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/log-flood.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  child.stdout.pause();
  let ticksWhilePaused = 0;
  let paused = true;
  child.stderr.on('data', (d: Buffer) => {
    if (paused) ticksWhilePaused += (d.toString().match(/tick/g) ?? []).length;
  });
  let bytes = 0;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Wait for the first tick (the flood is written), then keep stdout unread for 2 s more.
  await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 2_000));
  paused = false;
  child.stdout.on('data', (d: Buffer) => (bytes += d.length));
  child.stdout.resume();
  const code = await exited;
  await new Promise((r) => setTimeout(r, 200)); // the last chunks of the pipe
  clearTimeout(killer);
  expect(code).toBe(0);
  // The event loop ran while nobody read its logs (a blocking write would give no tick at all).
  expect(ticksWhilePaused).toBeGreaterThanOrEqual(5);
  // 120,000 lines of ~270 bytes (32 MB) were logged; at most the buffer plus a pipe's worth arrived.
  expect(bytes).toBeGreaterThan(1_000_000);
  expect(bytes).toBeLessThanOrEqual(MAX_BUFFERED_LOG_BYTES + 1_100_000);
}, 40_000);
