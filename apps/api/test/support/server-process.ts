import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../../', import.meta.url));

/** A port nobody listens on right now (the OS picks it, then it is let go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once the server says it listens; rejects if it exits first. */
  listening(timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/**
 * Starts the node server as `npm start` does (scripts/start.mjs: the compiled server, rebuilt first when
 * stale, ADR 0034; here without npm, so that killing it kills everything), with only the environment
 * given (plus PATH and HOME).
 */
export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: appDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  return {
    child,
    pid: child.pid!,
    port: Number(env.PORT),
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    listening: (timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`not listening after ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
        const check = () => {
          if (!/Loop API listening on/.test(out)) return;
          clearTimeout(deadline);
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        check();
        void exit.then((code) => {
          clearTimeout(deadline);
          reject(new Error(`exited with ${code} before listening:\n${out}\n${err}`));
        });
      }),
  };
}

/** Every server a test started and did not see end: killed outright (call from afterEach/afterAll). */
export async function killServers(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
