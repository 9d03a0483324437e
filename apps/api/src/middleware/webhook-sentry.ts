import type { MiddlewareHandler } from 'hono';
import { verifyHexHmacSha256 } from './hmac';
import {
  invalidSignature,
  jsonContentType,
  parseJsonObject,
  readRawBody,
  requireContentType,
  requireSecret,
  type WebhookEnv,
} from './webhook-common';
import { decodeUtf8 } from '../http/json-text';

export interface SentryWebhookOptions {
  /** Overrides `SENTRY_CLIENT_SECRET` from the app's environment. */
  secret?: string;
}

/**
 * Verifies a Sentry integration-platform delivery: `Sentry-Hook-Signature` is the bare hex
 * HMAC-SHA256 of the raw body with the integration's client secret. Sentry serialises compactly and
 * escapes non-ASCII (`\u00e9`), so only the bytes as received can be checked.
 */
export function verifySentryWebhook(options: SentryWebhookOptions = {}): MiddlewareHandler<WebhookEnv> {
  return async function verifySentryWebhookMiddleware(c, next) {
    const secret = requireSecret(options.secret ?? c.var.env.SENTRY_CLIENT_SECRET, 'Sentry', 'SENTRY_CLIENT_SECRET');
    requireContentType(c, [jsonContentType], 'application/json');

    const signature = c.req.header('sentry-hook-signature');
    if (!signature) throw invalidSignature('Missing Sentry-Hook-Signature header');

    const body = await readRawBody(c);
    if (!verifyHexHmacSha256(secret, body, signature)) {
      throw invalidSignature('Sentry-Hook-Signature does not match the request body');
    }

    c.set('webhook', { payload: parseJsonObject(decodeUtf8(body)) });
    await next();
  };
}
