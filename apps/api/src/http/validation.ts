import type { z } from '@hono/zod-openapi';
import { type FieldProblem, LoopError } from '../domain/errors';

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

/** The 422 error for a failed validation of `target` (`json`, `query`, … or a name such as `arguments`). */
export function validationError(target: string, error: z.ZodError): LoopError {
  const problems = fieldProblems(error);
  const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  return new LoopError('validation_failed', `Invalid ${targetNames[target] ?? target}: ${summary}`, problems);
}

/** The zod hook shared by every route: a failed validation becomes the 422 error envelope. */
export function validationHook(result: { target: string } & ({ success: true } | { success: false; error: z.ZodError })) {
  if (result.success) return;
  throw validationError(result.target, result.error);
}
