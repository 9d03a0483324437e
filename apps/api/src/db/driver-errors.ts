/**
 * Recognises errors raised by the database drivers (pg, Neon, PGLite), which drizzle wraps in
 * `DrizzleQueryError` with the original as `cause`. The one place that reads a driver error's
 * `code`: the error handler answers 503 for an outage and a clean 4xx for a constraint the domain
 * did not catch first; the dispatch retries on a unique violation.
 */
interface DriverError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

const unavailableMessages = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?closed/i,
  /query read timeout/i,
  /fetch failed/i,
  /PGlite is closed/i,
  /Client has encountered a connection error/i,
  // neon-http: Neon's SQL endpoint answered 5xx (it could not reach or lost the database); 4xx are query errors.
  /^Server error \(HTTP status 5\d\d\)/,
];

function* causes(error: unknown): Generator<DriverError> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    yield current;
    current = (current as DriverError).cause;
  }
}

/** The SQLSTATE of a database error, wherever the driver (or drizzle's wrapping) put it. */
export function sqlState(error: unknown): string | undefined {
  for (const cause of causes(error)) {
    if (typeof cause.code === 'string' && /^[0-9A-Z]{5}$/.test(cause.code)) return cause.code;
  }
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causes(error)) {
    if (typeof cause.code === 'string' && unavailableCodes.has(cause.code)) return true;
    if (typeof cause.message === 'string' && unavailableMessages.some((pattern) => pattern.test(cause.message as string)))
      return true;
  }
  return false;
}

/** A unique index refused a row (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
