import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from '../http/on-error';

/**
 * Rejects bodies over `maxSize` bytes with 413. Hono checks Content-Length first and otherwise counts
 * the stream as it is read, so an oversized body is never buffered whole.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => errorResponse(c, 'payload_too_large', `Request body exceeds the limit of ${maxSize} bytes`),
  });
}
