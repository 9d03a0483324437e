import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '@loop/api/src/app';
import type { DatabaseHandle } from '@loop/api/src/db/database';
import { openPglite } from '@loop/api/src/db/drivers/pglite';
import { prepareDatabase } from '@loop/api/src/db/prepare';
import { parseEnv } from '@loop/api/src/env';
import { main } from '../src/main';
import type { Io } from '../src/output';

export const ROOT_KEY = 'loop_cli-test-root-key-000000';

/** A real Loop API on an ephemeral port over an in-memory PGLite: the CLI talks HTTP to it, no mocks. */
export async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const handle: DatabaseHandle = await openPglite(undefined);
  await prepareDatabase(handle);
  const app = createApp({ db: handle.db, env: parseEnv({ LOOP_API_KEY: ROOT_KEY, LOOP_URL: 'http://loop.test' }) });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await handle.close();
    },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with its own config folder, environment and terminal flags. */
export function cliRunner(defaults: { env: Record<string, string>; now?: Date }) {
  const configDir = mkdtempSync(join(tmpdir(), 'loop-cli-'));
  async function run(
    args: string[],
    options: { env?: Record<string, string | undefined>; isTTY?: boolean; stdin?: string; typed?: string } = {},
  ): Promise<RunResult> {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env: { LOOP_CONFIG_DIR: configDir, ...defaults.env, ...options.env },
      isTTY: options.isTTY ?? false,
      now: () => defaults.now ?? new Date(),
      readStdin: () => Promise.resolve(options.stdin ?? ''),
      // What a user types at the hidden prompt; no prompt at all when the test types nothing (stdin is not a terminal).
      promptSecret: options.typed === undefined ? undefined : () => Promise.resolve(options.typed!),
    };
    const code = await main(args, io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }
  return { run, configDir, cleanup: () => rmSync(configDir, { recursive: true, force: true }) };
}

/** Runs a command expecting success and returns its parsed --json output. */
export async function json<T = any>(run: ReturnType<typeof cliRunner>['run'], args: string[]): Promise<T> {
  const result = await run([...args, '--json']);
  if (result.code !== 0) throw new Error(`loop ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
