import type { MiddlewareHandler } from 'hono';
import { LoopError } from '../domain/errors';
import { bodyMethods, jsonType } from '../http/body-methods';

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length !== '0');
}

/** A request whose body is read (`bodyMethods`) must say it is JSON; anything else is 415 before any parsing. */
export function requireJsonBody(): MiddlewareHandler {
  return async function requireJsonBodyMiddleware(c, next) {
    if (bodyMethods.has(c.req.method) && hasBody(c.req.raw.headers) && !jsonType.test(c.req.header('content-type') ?? '')) {
      throw new LoopError('unsupported_media_type', 'Request body must be JSON (Content-Type: application/json)');
    }
    await next();
  };
}
