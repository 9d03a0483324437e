import type { Context, MiddlewareHandler } from 'hono';
import { LoopError } from '../domain/errors';
import type { AppEnv, AppVariables } from '../http/app-env';
import { parseJsonText } from '../http/json-text';
import { mayEncodeNul, replaceNul } from '../http/nul';
import { limitBody } from './body-limit';

/** What a provider's verification middleware leaves for the handler: the parsed body it verified. */
export interface VerifiedWebhook {
  payload: Record<string, unknown>;
}

export interface WebhookEnv {
  Variables: AppVariables & { webhook: VerifiedWebhook };
}

/**
 * The body limit for webhooks, which sit outside the `/api/v1` wall. The limit comes from the app's
 * environment (`LOOP_BODY_LIMIT_BYTES`), known only per request because routers are module-level.
 */
export function webhookBodyLimit(): MiddlewareHandler<AppEnv> {
  return function webhookBodyLimitMiddleware(c, next) {
    return limitBody(c.var.env.LOOP_BODY_LIMIT_BYTES)(c, next);
  };
}

export const jsonContentType = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
export const formContentType = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** 503, never "accept unverified": without its secret a provider's deliveries cannot be trusted. */
export function requireSecret(secret: string | undefined, provider: string, variable: string): string {
  if (!secret) {
    throw new LoopError(
      'webhook_not_configured',
      `${provider} webhooks are not configured on this server: set ${variable} to the webhook's secret`,
    );
  }
  return secret;
}

export function requireContentType(c: Context, accepted: RegExp[], expected: string): string {
  const contentType = c.req.header('content-type') ?? '';
  if (!accepted.some((pattern) => pattern.test(contentType))) {
    throw new LoopError('unsupported_media_type', `Webhook body must be sent as ${expected}`);
  }
  return contentType;
}

/** A 401 for webhooks: no `WWW-Authenticate`, because this is not a bearer scheme. */
export const invalidSignature = (message: string) => new LoopError('invalid_signature', message);

/** The raw bytes, read once (the body limit has already run, so this never exceeds it). */
export async function readRawBody(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer());
}

/**
 * Parses a verified body; only a JSON object can be a provider payload. Depth is refused before
 * parsing, as on the API. A NUL cannot be stored, but a verified delivery is never refused for its
 * content (the provider would retry it forever), so each NUL becomes U+FFFD in what is kept (ADR 0022).
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value = parseJsonText(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoopError('validation_failed', 'Webhook body must be a JSON object', [
      { field: '(root)', message: 'must be a JSON object' },
    ]);
  }
  if (mayEncodeNul(text)) value = replaceNul(value);
  return value as Record<string, unknown>;
}
