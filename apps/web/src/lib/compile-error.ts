import { LoopApiError } from '@loop/client';

export interface CompileError {
  message: string;
  /** 1-based, when the compiler named one. */
  line: number | null;
  /** The source of that line, to show beside the message. */
  source: string | null;
}

/**
 * The API refuses content that does not compile with a 422 on the `content` field whose message
 * names the line ("Parse error on line 3: …", "… (line 3)"). Anything else is not a compile error.
 */
export function compileError(error: unknown, content: string): CompileError | null {
  if (!(error instanceof LoopApiError) || error.status !== 422) return null;
  const detail = error.details?.find((problem) => problem.field === 'content');
  if (!detail) return null;
  const match = /\bline (\d+)/i.exec(detail.message);
  const line = match ? Number(match[1]) : null;
  const source = line === null ? null : (content.split('\n')[line - 1] ?? null);
  return { message: detail.message, line, source };
}
