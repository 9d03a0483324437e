import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { createApp } from '@loop/api/src/app';
import { openPglite } from '@loop/api/src/db/drivers/pglite';
import { openPostgres } from '@loop/api/src/db/drivers/postgres';
import { prepareDatabase } from '@loop/api/src/db/prepare';
import { parseEnv } from '@loop/api/src/env';
import { addReadyIssues, readyTodoCount } from './backlog';
import { BENCH_KEY, type ControlReply, type ControlRequest, GITHUB_SECRET, type ServerStarted } from './server-protocol';
import { StatementCounter } from './statement-counter';

/**
 * The bench's API server, in a process of its own as `npm start` runs it: the load generator then
 * never takes turns with the server on one event loop. The parent drives it over HTTP and controls
 * it through IPC messages (`server-protocol.ts`): the statement count, the backlog, ANALYZE, stop.
 */
const databaseUrl = process.env.LOOP_BENCH_DATABASE_URL || undefined;
const statements = new StatementCounter();
const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'loop-bench-'));
const handle = databaseUrl ? openPostgres(databaseUrl, statements) : await openPglite(dataDir, statements);
await prepareDatabase(handle);
statements.countTransactions(handle.db);

const env = parseEnv({ LOOP_API_KEY: BENCH_KEY, LOOP_URL: 'http://localhost:4242', GITHUB_WEBHOOK_SECRET: GITHUB_SECRET });
const app = createApp({ db: handle.db, env });
const server: ServerType = await new Promise((resolve) => {
  const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
});

let stopped: Promise<void> | undefined;
const stop = () =>
  (stopped ??= (async () => {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  })());
// The bench gone without a word (a crash, Ctrl-C): stop too, and take the temporary database along.
process.on('disconnect', () => void stop());

async function answer(request: ControlRequest): Promise<unknown> {
  switch (request.op) {
    case 'statements':
      return statements.count;
    case 'fillQueue':
      await addReadyIssues(handle.db, request.readyIssues - (await readyTodoCount(handle.db)), { vacuum: request.vacuum });
      return null;
    case 'recentStatements':
      return statements.recent;
    case 'analyze':
      await handle.db.execute(sql`analyze`);
      return null;
    case 'stop':
      await stop();
      return null;
  }
}

process.on('message', (request: ControlRequest) => {
  void answer(request)
    .then(
      (value): ControlReply => ({ id: request.id, value }),
      (error: unknown): ControlReply => ({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    )
    // Once stopped, letting go of the IPC channel leaves nothing to run: the process ends.
    .then((message) => process.send!(message, () => request.op === 'stop' && process.disconnect()));
});

const { port } = server.address() as AddressInfo;
const started: ServerStarted = { url: `http://127.0.0.1:${port}` };
process.send!(started);
