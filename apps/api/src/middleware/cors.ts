import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for the origins in `CORS_ORIGINS` only. Hono's `cors` answers every preflight with the
 * allowed methods, headers and max-age, whatever the origin; here a request from any other origin
 * gets no `Access-Control-*` header at all (a preflight is answered 204 with nothing to allow), so
 * nothing about the API's CORS policy is told to a page that may not use it.
 */
export function corsForListedOrigins(origins: string[]): MiddlewareHandler {
  const listed = cors({ origin: origins, maxAge: 600 });
  return async function corsMiddleware(c, next) {
    const origin = c.req.header('origin');
    if (origin !== undefined && origins.includes(origin)) return listed(c, next);
    // The answer depends on the Origin either way, so caches must key on it.
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      return c.body(null, 204, { Vary: 'Origin' });
    }
    await next();
    c.header('Vary', 'Origin', { append: true });
  };
}
