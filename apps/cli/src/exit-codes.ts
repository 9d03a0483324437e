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

/** A usage mistake the parser cannot see (e.g. an unknown relation type, a URL that is not one). */
export class UsageError extends Error {}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof LoopNetworkError) return ExitCode.unreachable;
  if (error instanceof LoopApiError) return error.status === 401 ? ExitCode.unauthorized : ExitCode.apiError;
  return ExitCode.apiError;
}

/** The API's message without the field list it ends with, which `explain` prints one field a line. */
function headline(error: LoopApiError): string {
  const first = error.details?.[0];
  if (!first) return error.message;
  const at = error.message.indexOf(`${first.field}: `);
  if (at < 0) return error.message;
  return error.message.slice(0, at).replace(/[\s:;,]+$/, '') || 'Invalid input';
}

/** What to tell the user, with how to fix it where we know. */
export function explain(error: unknown): string {
  if (error instanceof LoopNetworkError) {
    return `${error.message}\nIs the server running? Start it with \`npm start\`, or point the CLI elsewhere: \`loop config set url <url>\` (or LOOP_URL).`;
  }
  if (error instanceof LoopApiError) {
    if (error.status === 401) {
      return `Unauthorized: ${error.message}\nLog in with a valid key: \`loop login\` (or set LOOP_API_KEY). Create one with \`loop keys create <name>\` using a working key, or use the key \`npm start\` printed on first start.`;
    }
    const fields = error.details?.map((detail) => `  ${detail.field}: ${detail.message}`).join('\n');
    return fields ? `Error: ${headline(error)}\n${fields}` : `Error: ${error.message}`;
  }
  return `Error: ${error instanceof Error ? error.message : String(error)}`;
}

/** The machine form of an error for `--json`: the API's envelope `{error, code, details?}`, or the CLI's own code. */
export function errorEnvelope(error: unknown): { error: string; code: string; details?: unknown } {
  if (error instanceof LoopApiError) {
    return error.details ? { error: error.message, code: error.code, details: error.details } : { error: error.message, code: error.code };
  }
  if (error instanceof LoopNetworkError) return { error: error.message, code: 'unreachable' };
  if (error instanceof UsageError) return { error: error.message, code: 'usage' };
  return { error: error instanceof Error ? error.message : String(error), code: 'internal_error' };
}
