/**
 * Issue 11, defect 11: a bad setting stops `npm start` with exit code 2 and one message naming the
 * variable — no stack trace — even when the bad value is first read while modules load.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (c) => (stdout += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

test.each([
  ['NODE_ENV=staging', { NODE_ENV: 'staging' }, /NODE_ENV/],
  ['PORT=eighty', { PORT: 'eighty' }, /PORT/],
  ['MAX_FRAGMENTS=0', { MAX_FRAGMENTS: '0' }, /MAX_FRAGMENTS/],
])('%s: exit code 2, a message naming the variable, no stack trace', async (_name, env, variable) => {
  const { code, stderr } = await start({ ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  expect(code).toBe(2);
  expect(stderr).toMatch(variable);
  expect(stderr).toMatch(/^Invalid configuration: /m);
  expect(stderr).not.toMatch(/^\s+at /m);
}, 40_000);
