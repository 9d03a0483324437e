import type { MiddlewareHandler } from 'hono';
import { authenticateKey } from '../domain/api-keys/service';
import { LoopError } from '../domain/errors';
import type { AppEnv } from '../http/app-env';

const bearerPattern = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/**
 * Bearer-key authentication for `/api/v1/*`: the environment's root key or a stored, unrevoked key.
 * Every refusal is `unauthorized`, which `onError` answers with the bearer challenge (`errorHeaders`).
 */
export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async function bearerAuthMiddleware(c, next) {
    const header = c.req.header('Authorization');
    if (!header) {
      throw new LoopError('unauthorized', 'Missing Authorization header: send "Authorization: Bearer <key>"');
    }
    const token = bearerPattern.exec(header)?.[1];
    if (!token) {
      throw new LoopError('unauthorized', 'Malformed Authorization header: expected "Bearer <key>"');
    }
    const key = await authenticateKey(c.var.db, token, { rootKey: c.var.env.LOOP_API_KEY, now: c.var.clock.now() });
    if (!key) {
      throw new LoopError('unauthorized', 'Invalid or revoked API key');
    }
    c.set('apiKeyId', key.id);
    c.set('apiKeyRole', key.role);
    await next();
  };
}
