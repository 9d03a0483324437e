/** What the bench and its server process (`server-process.ts`) tell each other over IPC. */

export const BENCH_KEY = 'loop_bench-root-key-0123456789';
export const GITHUB_SECRET = 'bench-github-secret';

/** The server's first message: it is listening. */
export interface ServerStarted {
  url: string;
}

export type Control =
  | { op: 'statements' }
  /** Tops the ready queue up to `readyIssues` todo issues (`backlog.ts`), then VACUUM ANALYZE unless `vacuum` is false. */
  | { op: 'fillQueue'; readyIssues: number; vacuum: boolean }
  /** The latest statements the server sent, with their values (at most 20, oldest first). */
  | { op: 'recentStatements' }
  | { op: 'analyze' }
  | { op: 'stop' };

export type ControlRequest = Control & { id: number };

export type ControlReply = { id: number } & ({ value: unknown } | { error: string });
