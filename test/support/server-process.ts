/**
 * Runs the registry as a real child process (`node --import tsx src/main.ts`) against a given database, for
 * tests that need several instances on one database.
 *
 *   const a = await startServerProcess(db.url);
 *   ...
 *   await a.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** `ws://127.0.0.1:<port>/graphql` */
  wsUrl: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Sends `signal` to the server process; resolves with its exit code once it has exited. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

const ROOT = path.resolve(__dirname, '..', '..');

export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<ServerProcess> {
  // Node itself with tsx's loader, not the tsx CLI: the CLI relays a signal to its child and, when the
  // child has not acknowledged it within 30 ms (a loaded machine, a server busy with writes), kills it
  // with SIGKILL and exits 143, which made the SIGTERM test fail now and then.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      SEED_DEMO: '0',
      DEADLINE_SWEEP_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /serving GraphQL at http:\/\/localhost:(\d+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${out}`));
    });
  });

  let stopping: Promise<number | null> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    child,
    output: () => out,
    kill: (signal) => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      })()),
  };
}
