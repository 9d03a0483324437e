import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type FieldProblem, LoopError } from '../domain/errors';
import { containsNul, nulRefused, showNul } from './nul';

const targetNames: Record<string, string> = {
  json: 'request body',
  query: 'query string',
  param: 'path',
  header: 'headers',
  form: 'form body',
};

/** Turns zod issues into one problem per failing field, unknown keys included. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: path ? `${path}.${key}` : key,
        message: 'unknown or read-only field',
      }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ field: path, message: 'required' }];
    }
    return [{ field: path || '(root)', message: issue.message }];
  });
}

/**
 * The input rules every route shares, decided here once rather than per route (ADR 0022). A NUL
 * cannot be stored, so it never reaches a query: in a path segment it names no row (404), in a
 * query parameter or header it is a 422 naming it. (A NUL in a JSON body is refused as the body is
 * read, `readJsonBody`.) A route that takes a JSON body refuses a request without one — a PATCH as
 * much as a POST — instead of validating it as `{}`.
 */
function applySharedInputRules(target: string, c: Context): void {
  if (target === 'param') {
    const segment = Object.values(c.req.param()).find(containsNul);
    if (segment !== undefined) throw new LoopError('not_found', 'Nothing is named by a path containing a NUL character');
  } else if (target === 'query') {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (containsNul(name) || values.some(containsNul)) throw nulRefused('query string', showNul(name));
    }
  } else if (target === 'header') {
    // Node's HTTP parser already refuses NUL in a header; this covers the other runtimes.
    for (const [name, value] of Object.entries(c.req.header())) {
      if (containsNul(value)) throw nulRefused('headers', name);
    }
  } else if (target === 'json' && c.req.header('content-type') === undefined) {
    // The media-type gate before this refuses a body without a Content-Type, so there is no body.
    throw new LoopError('validation_failed', 'Invalid request body: a JSON body is required', [
      { field: '(root)', message: 'required' },
    ]);
  }
}

/** The zod hook shared by every route: a failed validation becomes the 422 error envelope. */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: z.ZodError }),
  c: Context,
) {
  applySharedInputRules(result.target, c);
  if (result.success) return;
  const problems = fieldProblems(result.error);
  const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  throw new LoopError(
    'validation_failed',
    `Invalid ${targetNames[result.target] ?? result.target}: ${summary}`,
    problems,
  );
}
