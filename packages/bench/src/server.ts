import { type ChildProcess, fork } from 'node:child_process';
import type { Control, ControlReply, ControlRequest, ServerStarted } from './server-protocol';

export interface BenchServer {
  url: string;
  /** SQL statements the server has sent so far (BEGIN and COMMIT included). */
  statementCount(): Promise<number>;
  /** Tops the ready queue up to `readyIssues` todo issues, then vacuums and analyzes unless told not to (`backlog.ts`). */
  fillQueue(readyIssues: number, options?: { vacuum: boolean }): Promise<void>;
  /** The latest statements the server sent, with their values (oldest first). */
  recentStatements(): Promise<{ query: string; params: unknown[] }[]>;
  /** ANALYZE every table, as autovacuum would soon after a bulk load. */
  analyze(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The same app `npm start` serves, on a fresh database (PGLite in a temp folder, or `databaseUrl`),
 * over real HTTP on an ephemeral port, in a child process (`server-process.ts`): autocannon, which
 * drives it from this process, costs the server nothing but CPU on the shared machine.
 */
export async function startServer(databaseUrl: string | undefined): Promise<BenchServer> {
  // This process's flags (tsx's loader) let the child run TypeScript too.
  const child = fork(new URL('./server-process.ts', import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, LOOP_BENCH_DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await started(child);

  let lastId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: ControlReply) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) waiting?.reject(new Error(`bench server: ${message.error}`));
    else waiting?.resolve(message.value);
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`bench server exited (code ${code})`));
    pending.clear();
  });
  const control = (request: Control) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, { resolve, reject });
      const message: ControlRequest = { ...request, id };
      child.send(message);
    });

  return {
    url,
    statementCount: async () => (await control({ op: 'statements' })) as number,
    fillQueue: async (readyIssues, options = { vacuum: true }) => void (await control({ op: 'fillQueue', readyIssues, vacuum: options.vacuum })),
    recentStatements: async () => (await control({ op: 'recentStatements' })) as { query: string; params: unknown[] }[],
    analyze: async () => void (await control({ op: 'analyze' })),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await control({ op: 'stop' });
      await exited;
    },
  };
}

/** The child's first message, or its failure to start. */
function started(child: ChildProcess): Promise<ServerStarted> {
  return new Promise((resolve, reject) => {
    child.once('message', (message: ServerStarted) => resolve(message));
    child.once('exit', (code) => reject(new Error(`bench server exited (code ${code}) before it listened`)));
  });
}
