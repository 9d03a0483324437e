import type { MiddlewareHandler } from 'hono';
import { LoopError } from '../domain/errors';
import type { AppEnv } from '../http/app-env';

const jsonRanges = new Set(['*/*', '*', 'application/*', 'application/json']);

/** Whether an `Accept` header admits JSON: absent, or a media range covering it with a non-zero q. */
export function admitsJson(accept: string | undefined): boolean {
  if (!accept?.trim()) return true;
  return accept.split(',').some((entry) => {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return jsonRanges.has(range) && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** The public routes answer JSON only; a client that accepts none gets 406 rather than a body it refused. */
export function acceptsJson(): MiddlewareHandler<AppEnv> {
  return async function acceptsJsonMiddleware(c, next) {
    if (!admitsJson(c.req.header('accept'))) {
      throw new LoopError('not_acceptable', 'This route answers JSON only (Accept: application/json)');
    }
    await next();
  };
}
