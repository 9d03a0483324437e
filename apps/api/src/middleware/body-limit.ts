import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LoopError } from '../domain/errors';
import { bodyMethods, mayCarryBody } from '../http/body-methods';

/**
 * Rejects bodies over `maxSize` bytes with 413, so an oversized body is never buffered whole.
 *
 * A declared Content-Length settles it here, as Hono's `bodyLimit` would, but without touching the
 * body: `bodyLimit` first reads `c.req.raw.body`, and on @hono/node-server that builds a full web
 * `Request` (abort signal, web stream around the socket) for every request, GETs included, and
 * sends the body read through it instead of straight from the socket — a tenth of the API's CPU
 * on a create, measured. A request that may carry no body (`mayCarryBody`: a bodiless POST such as
 * `dispatch/next` declares neither length nor encoding) has nothing to limit, and nothing downstream
 * reads one. A streamed body (no Content-Length) goes through `bodyLimit`, which counts the stream as
 * it is read.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new LoopError('payload_too_large', `Request body exceeds the limit of ${maxSize} bytes`);
  };
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return async function limitBodyMiddleware(c, next) {
    // A body that is never read cannot be too large (and GET/HEAD bodies are null to `bodyLimit`).
    if (!bodyMethods.has(c.req.method)) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return parseInt(length || '0', 10) > maxSize ? tooLarge() : next();
    }
    return mayCarryBody(c.req.raw.headers) ? counted(c, next) : next();
  };
}
