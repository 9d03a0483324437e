import type { MiddlewareHandler } from 'hono';
import { authenticateKey } from '../domain/api-keys/service';
import type { AppEnv } from '../http/app-env';
import { errorResponse } from '../http/on-error';

const challenge = { 'WWW-Authenticate': 'Bearer realm="loop"' };
const bearerPattern = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** Bearer-key authentication for `/api/v1/*`: the environment's root key or a stored, unrevoked key. */
export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async function bearerAuthMiddleware(c, next) {
    const header = c.req.header('Authorization');
    if (!header) {
      return errorResponse(c, 'unauthorized', 'Missing Authorization header: send "Authorization: Bearer <key>"', undefined, challenge);
    }
    const token = bearerPattern.exec(header)?.[1];
    if (!token) {
      return errorResponse(c, 'unauthorized', 'Malformed Authorization header: expected "Bearer <key>"', undefined, challenge);
    }
    const key = await authenticateKey(c.var.db, token, { rootKey: c.var.env.LOOP_API_KEY, now: c.var.clock.now() });
    if (!key) {
      return errorResponse(c, 'unauthorized', 'Invalid or revoked API key', undefined, challenge);
    }
    c.set('apiKeyId', key.id);
    c.set('apiKeyRole', key.role);
    await next();
  };
}
