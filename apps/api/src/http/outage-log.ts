import type { MiddlewareHandler } from 'hono';
import { logError } from '../log';
import { isDatabaseUnavailable } from '../db/driver-errors';

/**
 * Logs a database outage as two lines — when requests start being refused with 503, and when the
 * database answers again, with how many were refused meanwhile — instead of one line per refused
 * request (an outage under load wrote thousands a second).
 *
 * "Answers again" is a 2xx under `/api/v1` or from `/health`: every such response read the
 * database, while a 4xx may have been decided before any query.
 */
export function logDatabaseOutages(now: () => Date = () => new Date()): MiddlewareHandler {
  let downSince: Date | undefined;
  let refused = 0;
  return async function logDatabaseOutagesMiddleware(c, next) {
    await next();
    if (c.error && isDatabaseUnavailable(c.error)) {
      refused++;
      if (!downSince) {
        downSince = now();
        logError('[loop] database unavailable: answering 503 until it returns');
      }
    } else if (downSince && c.res.status < 300 && c.res.status >= 200 && readsDatabase(c.req.path)) {
      const seconds = Math.round((now().getTime() - downSince.getTime()) / 1000);
      logError(`[loop] database available again after ${seconds} s; ${refused} request(s) answered 503 meanwhile`);
      downSince = undefined;
      refused = 0;
    }
  };
}

const readsDatabase = (path: string) => path === '/health' || (path.startsWith('/api/v1/') && path !== '/api/v1/openapi.json');
