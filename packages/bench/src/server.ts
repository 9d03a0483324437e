import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '@loop/api/src/app';
import type { DatabaseHandle } from '@loop/api/src/db/database';
import { openPglite } from '@loop/api/src/db/drivers/pglite';
import { openPostgres } from '@loop/api/src/db/drivers/postgres';
import { prepareDatabase } from '@loop/api/src/db/prepare';
import { parseEnv } from '@loop/api/src/env';
import { StatementCounter } from './statement-counter';

export const BENCH_KEY = 'loop_bench-root-key-0123456789';
export const GITHUB_SECRET = 'bench-github-secret';

export interface BenchServer {
  url: string;
  handle: DatabaseHandle;
  statements: StatementCounter;
  stop(): Promise<void>;
}

/** The same app `npm start` serves, on a fresh database, over real HTTP on an ephemeral port. */
export async function startServer(databaseUrl: string | undefined): Promise<BenchServer> {
  const statements = new StatementCounter();
  const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'loop-bench-'));
  const handle = databaseUrl ? openPostgres(databaseUrl, statements) : await openPglite(dataDir, statements);
  await prepareDatabase(handle);
  statements.countTransactions(handle.db);
  const env = parseEnv({
    LOOP_API_KEY: BENCH_KEY,
    LOOP_URL: 'http://localhost:4242',
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
  });
  const app = createApp({ db: handle.db, env });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handle,
    statements,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await handle.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
