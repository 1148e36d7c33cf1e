/* global process, console, setTimeout */
/**
 * `npm start`'s prestart step: builds the explorer into web/dist when it is missing or older than
 * its sources, and does nothing (in milliseconds) otherwise. Safe when several `npm start`s run
 * in the same tree: a lock serialises builds, and each build goes to a temporary directory that
 * replaces web/dist in one rename. Without the dev dependencies (vite) it only warns: the service
 * then answers `/` with a page saying how to build the explorer.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const lockDir = path.join(root, '.data', 'web-build.lock');
const SOURCES = ['web/src', 'web/index.html', 'web/graphiql', 'web/vite.config.mts', 'package-lock.json'];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function builtAt() {
  const index = path.join(dist, 'index.html');
  const graphiql = path.join(dist, 'graphiql', 'index.html');
  if (!existsSync(index) || !existsSync(graphiql)) return 0;
  return Math.min(statSync(index).mtimeMs, statSync(graphiql).mtimeMs);
}

const isStale = () => {
  const built = builtAt();
  return built === 0 || SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
};

async function withLock(fn) {
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() - started > 180_000) throw new Error(`timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

if (!isStale()) process.exit(0);

const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(viteBin)) {
  console.warn('[explorer] web/dist is missing or stale and vite is not installed (dev dependency); serving without the explorer.');
  process.exit(0);
}

await withLock(() => {
  if (!isStale()) return; // another starter built it while we waited
  const tmp = path.join(root, '.data', `web-dist-${process.pid}`);
  const t0 = Date.now();
  console.log('[explorer] building web/dist (sources changed or no build yet)…');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.mts', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    console.error('[explorer] the web build failed (see above).');
    process.exit(1);
  }
  const old = path.join(root, '.data', `web-dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
  console.log(`[explorer] built web/dist in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
