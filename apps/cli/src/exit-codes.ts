import { LoopApiError, LoopNetworkError } from '@loop/client';

/** The CLI's exit codes: scripts branch on these, so they never change meaning. */
export const ExitCode = {
  ok: 0,
  apiError: 1,
  usage: 2,
  unreachable: 3,
  unauthorized: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage mistake the parser cannot see (e.g. an unknown relation type). */
export class UsageError extends Error {}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof LoopNetworkError) return ExitCode.unreachable;
  if (error instanceof LoopApiError) return error.status === 401 ? ExitCode.unauthorized : ExitCode.apiError;
  return ExitCode.apiError;
}

/** What to tell the user, with how to fix it where we know. */
export function explain(error: unknown): string {
  if (error instanceof LoopNetworkError) {
    return `${error.message}\nIs the server running? Start it with \`npm start\`, or point the CLI elsewhere: \`loop config set url <url>\` (or LOOP_URL).`;
  }
  if (error instanceof LoopApiError) {
    if (error.status === 401) {
      return `Unauthorized: ${error.message}\nSet a valid key with \`loop config set token <key>\` (or LOOP_API_KEY). Create one with \`loop keys create <name>\` using a working key, or use the key \`npm start\` printed on first start.`;
    }
    const fields = error.details?.map((detail) => `  ${detail.field}: ${detail.message}`).join('\n');
    return fields ? `Error: ${error.message}\n${fields}` : `Error: ${error.message}`;
  }
  return `Error: ${error instanceof Error ? error.message : String(error)}`;
}
