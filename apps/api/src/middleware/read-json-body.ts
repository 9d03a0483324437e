import type { MiddlewareHandler } from 'hono';
import { mayCarryBody } from '../http/body-methods';
import { decodeUtf8, parseJsonText } from '../http/json-text';
import { findNul, mayEncodeNul, nulRefused } from '../http/nul';

/**
 * Reads a JSON request body once, before any route validates it, and refuses what no route may
 * receive (ADR 0022): bytes that are not UTF-8 (400 `malformed_json`), nesting deeper than
 * `maxJsonDepth` (422, checked before anything parses recursively), malformed JSON (400), and a
 * NUL in any key or string (422 naming the field). The decoded text is left in Hono's body cache,
 * where the route's validator finds it.
 *
 * Runs after `requireJsonBody`, so a body here is JSON by its Content-Type.
 */
export function readJsonBody(): MiddlewareHandler {
  return async function readJsonBodyMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !mayCarryBody(c.req.raw.headers)) return next();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    // An empty body is the route's to judge (a body it requires is malformed JSON, as before).
    if (bytes.length === 0) return next();
    const text = decodeUtf8(bytes);
    const value = parseJsonText(text);
    const field = mayEncodeNul(text) ? findNul(value) : undefined;
    if (field !== undefined) throw nulRefused('request body', field);
    // Hono's `json()` (the routes' validators) parses the cached text, and reads no cached value:
    // the parse above is for the checks. Without the text cached, it would wrap the cached bytes in a
    // new web `Response` to decode them again (ADR 0050). Hono keeps promises in its body cache,
    // whatever the cache's type says.
    Object.assign(c.req.bodyCache, { text: Promise.resolve(text) });
    await next();
  };
}
