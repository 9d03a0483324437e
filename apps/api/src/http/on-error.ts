import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, type FieldProblem, LoopError } from '../domain/errors';
import { logError } from '../log';
import { isDatabaseUnavailable, sqlState } from '../db/driver-errors';
import { errorHeaders, errorStatus } from './error-status';

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  details?: unknown;
}

/** The only writer of the error envelope: the status and any headers come from the code (`error-status.ts`). */
function errorResponse(c: Context, { code, message, details }: ClassifiedError) {
  const body: ErrorBody = details === undefined ? { error: message, code } : { error: message, code, details };
  const headers = Object.fromEntries(Object.entries(errorHeaders[code] ?? {}).map(([name, header]) => [name, header.value]));
  return c.json(body, errorStatus[code] as ContentfulStatusCode, headers);
}

const httpExceptionCodes: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_json',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Constraint violations the domain did not anticipate still answer a clean 4xx, never SQL text. */
const constraintErrors: Record<string, [ErrorCode, string]> = {
  '23505': ['conflict', 'The request conflicts with existing data'],
  '23503': ['invalid_reference', 'The request refers to a row that does not exist'],
  '23514': ['validation_failed', 'The request breaks a data rule'],
  '22P02': ['validation_failed', 'The request contains a malformed value'],
  '22003': ['validation_failed', 'A numeric value is out of range'],
};

/** An error as the caller may see it: the envelope's fields. */
export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  details?: FieldProblem[];
}

/**
 * The one place errors are classified: our domain errors, then Hono's HTTP exceptions, then driver
 * errors we can classify, then anything else as a generic internal error (logged, never echoed).
 * `where` names the request or tool call in the log. The HTTP error handler and the MCP tools both
 * answer from this, so a failure reads the same on either surface.
 */
export function classifyError(error: Error, where: string): ClassifiedError {
  if (error instanceof LoopError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HTTPException) {
    const code = httpExceptionCodes[error.status];
    if (code === 'malformed_json') return { code, message: 'Malformed JSON in request body' };
    if (code) return { code, message: error.message || code };
  }
  if (isDatabaseUnavailable(error)) {
    // Logged once per outage, not per request (`logDatabaseOutages`).
    return { code: 'database_unavailable', message: 'The database is unavailable; try again shortly' };
  }
  const pgCode = sqlState(error);
  const constraint = pgCode ? constraintErrors[pgCode] : undefined;
  if (constraint) return { code: constraint[0], message: constraint[1] };

  logError(`[loop] unexpected error on ${where}: ${describeSafely(error, pgCode)}`);
  return { code: 'internal_error', message: 'Internal server error' };
}

/**
 * Hono's error handler, the one error path: middleware, routes and the domain throw (`LoopError`
 * for what they refuse), and every error leaves the API as the envelope `classifyError` describes.
 */
export function onError(error: Error, c: Context) {
  return errorResponse(c, classifyError(error, `${c.req.method} ${c.req.path}`));
}

/** Logs carry no SQL text, parameters or stack: a query error is named by its SQLSTATE only. */
function describeSafely(error: Error, pgCode: string | undefined): string {
  if (pgCode || error.name === 'DrizzleQueryError') return `${error.name} (SQLSTATE ${pgCode ?? 'unknown'})`;
  return `${error.name}: ${error.message}`;
}

export const onNotFound = (c: Context) => onError(new LoopError('not_found', `No route for ${c.req.method} ${c.req.path}`), c);
