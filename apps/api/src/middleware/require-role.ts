import type { MiddlewareHandler } from 'hono';
import type { ApiKeyRole } from '../db/schema';
import { LoopError } from '../domain/errors';
import type { AppEnv } from '../http/app-env';

/**
 * Admits only keys of `role`; runs after `bearerAuth`, so the caller is known. Any other key gets 403
 * `forbidden` (an agent's key must not mint itself a permanent one).
 */
export function requireRole(role: ApiKeyRole): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    if (c.var.apiKeyRole !== role) {
      throw new LoopError('forbidden', `This route needs an ${role} key; this key's role is ${c.var.apiKeyRole ?? 'unknown'}`);
    }
    await next();
  };
}
