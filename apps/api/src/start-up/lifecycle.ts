import type { ServerType } from '@hono/node-server';
import type { DatabaseHandle } from '../db/database';
import { exitWith } from './error';
import { portProblem } from './port';

/** The port was free when start-up checked it; if it is taken in between, the same one line. */
export function exitOnListenError(server: ServerType, port: number): void {
  server.once('error', (error) => {
    const problem = portProblem(error, port);
    if (problem) exitWith(problem);
    throw error;
  });
}

/** SIGINT/SIGTERM: stop accepting, close the database (which releases the data-folder lock), exit 0. */
export function stopOnSignals(server: ServerType, handle: DatabaseHandle): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
