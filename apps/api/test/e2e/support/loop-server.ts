import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface LoopServer {
  url: string;
  /** The first-run key, read from what `npm start` printed. */
  key: string;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm start` exactly as a newcomer runs it, on a fresh data folder and a free port: it migrates,
 * prints the first-run key, builds the dashboard when stale and listens. Resolves once it listens.
 */
export async function startLoop(): Promise<LoopServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loop-e2e-data-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOOP_DATA_DIR: dataDir, PORT: String(port) };
  for (const name of ['LOOP_API_KEY', 'DATABASE_URL', 'LOOP_DB_DRIVER', 'LOOP_DASHBOARD_DIR', 'LOOP_DASHBOARD_BUILD', 'NODE_OPTIONS']) delete env[name];
  // Its own process group, so stopping it stops npm, tsx and the server beneath them.
  const child: ChildProcess = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not listen within 240 s:\n${output}`)), 240_000);
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
      child.stdout!.on('data', () => {
        if (/listening on http:\/\/localhost:\d+/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const key = /Created your first API key[^\n]*\n\s*\n\s+(loop_\S+)/.exec(output)?.[1];
  if (!key) {
    await stop();
    throw new Error(`npm start printed no first-run key:\n${output}`);
  }
  return { url: `http://localhost:${port}`, key, output: () => output, stop };
}

/** A tiny authenticated JSON client for setting the scene through the API. */
export function apiFor(server: Pick<LoopServer, 'url' | 'key'>) {
  async function send<T = any>(method: string, path: string, body?: unknown, key = server.key): Promise<{ status: number; body: T }> {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  return {
    get: <T = any>(path: string, key?: string) => send<T>('GET', path, undefined, key),
    post: <T = any>(path: string, body?: unknown) => send<T>('POST', path, body),
    patch: <T = any>(path: string, body?: unknown) => send<T>('PATCH', path, body),
    delete: <T = any>(path: string) => send<T>('DELETE', path),
  };
}

export type Api = ReturnType<typeof apiFor>;
