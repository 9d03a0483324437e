import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, LoopError } from '../domain/errors';
import { logError } from '../log';
import { isDatabaseUnavailable, postgresErrorCode } from './database-errors';
import { errorStatus } from './error-status';

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  details?: unknown;
}

export function errorResponse(c: Context, code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
  const body: ErrorBody = details === undefined ? { error: message, code } : { error: message, code, details };
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

/**
 * The one place errors become responses: our domain errors, then Hono's HTTP exceptions, then
 * driver errors we can classify, then anything else as a generic 500 (logged, never echoed).
 */
export function onError(error: Error, c: Context) {
  if (error instanceof LoopError) {
    return errorResponse(c, error.code, error.message, error.details);
  }
  if (error instanceof HTTPException) {
    const code = httpExceptionCodes[error.status];
    if (code === 'malformed_json') return errorResponse(c, code, 'Malformed JSON in request body');
    if (code) return errorResponse(c, code, error.message || code);
  }
  if (isDatabaseUnavailable(error)) {
    // Logged once per outage, not per request (`logDatabaseOutages`).
    return errorResponse(c, 'database_unavailable', 'The database is unavailable; try again shortly', undefined, {
      'Retry-After': '5',
    });
  }
  const pgCode = postgresErrorCode(error);
  const constraint = pgCode ? constraintErrors[pgCode] : undefined;
  if (constraint) return errorResponse(c, constraint[0], constraint[1]);

  logError(`[loop] unexpected error on ${c.req.method} ${c.req.path}: ${describeSafely(error, pgCode)}`);
  return errorResponse(c, 'internal_error', 'Internal server error');
}

/** Logs carry no SQL text, parameters or stack: a query error is named by its SQLSTATE only. */
function describeSafely(error: Error, pgCode: string | undefined): string {
  if (pgCode || error.name === 'DrizzleQueryError') return `${error.name} (SQLSTATE ${pgCode ?? 'unknown'})`;
  return `${error.name}: ${error.message}`;
}

export const onNotFound = (c: Context) =>
  errorResponse(c, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
