import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual, constantTimeEqualText, hmacSha256 } from './hmac';
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

export interface PosthogWebhookOptions {
  /** Overrides `POSTHOG_WEBHOOK_SECRET` from the app's environment. */
  secret?: string;
  /** How far `webhook-timestamp` may be from the app clock (Standard Webhooks). Default 5 minutes. */
  toleranceSeconds?: number;
}

const bearerPattern = /^Bearer +(\S+) *$/i;
const timestampPattern = /^\d{1,15}$/;

/**
 * Authenticates a PostHog HTTP-webhook delivery. PostHog's destination is unsigned by default, so
 * the user adds a header carrying the shared secret (`X-PostHog-Secret: <secret>` or
 * `Authorization: Bearer <secret>`). When Standard Webhooks headers are present
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`) the signature is required to match
 * instead, and the timestamp must lie within the tolerance of the app clock.
 */
export function verifyPosthogWebhook(options: PosthogWebhookOptions = {}): MiddlewareHandler<WebhookEnv> {
  const toleranceMs = (options.toleranceSeconds ?? 300) * 1000;
  return async function verifyPosthogWebhookMiddleware(c, next) {
    const secret = requireSecret(options.secret ?? c.var.env.POSTHOG_WEBHOOK_SECRET, 'PostHog', 'POSTHOG_WEBHOOK_SECRET');
    requireContentType(c, [jsonContentType], 'application/json');

    const signatures = c.req.header('webhook-signature');
    let body: Uint8Array;
    if (signatures !== undefined) {
      body = await readRawBody(c);
      verifyStandardWebhook({
        secret,
        body,
        id: c.req.header('webhook-id'),
        timestamp: c.req.header('webhook-timestamp'),
        signatures,
        now: c.var.clock.now(),
        toleranceMs,
      });
    } else {
      const presented = c.req.header('x-posthog-secret') ?? bearerPattern.exec(c.req.header('authorization') ?? '')?.[1];
      if (presented === undefined) {
        throw invalidSignature('Missing credentials: send X-PostHog-Secret, Authorization: Bearer, or Standard Webhooks headers');
      }
      if (!constantTimeEqualText(presented, secret)) throw invalidSignature('The PostHog webhook secret does not match');
      body = await readRawBody(c);
    }

    c.set('webhook', { payload: parseJsonObject(decodeUtf8(body)) });
    await next();
  };
}

interface StandardWebhookCheck {
  secret: string;
  body: Uint8Array;
  id: string | undefined;
  timestamp: string | undefined;
  signatures: string;
  now: Date;
  toleranceMs: number;
}

/**
 * Standard Webhooks (standardwebhooks.com): the signature is base64(HMAC-SHA256(key,
 * "<id>.<timestamp>.<body>")), where the key is the secret without its `whsec_` prefix,
 * base64-decoded. The header lists one or more space-separated `v1,<signature>` entries; any match
 * passes (that is how secrets are rotated).
 */
function verifyStandardWebhook(check: StandardWebhookCheck): void {
  if (!check.id || !check.timestamp) {
    throw invalidSignature('Standard Webhooks deliveries need webhook-id and webhook-timestamp headers');
  }
  if (!timestampPattern.test(check.timestamp)) throw invalidSignature('webhook-timestamp must be unix seconds');
  const sentAt = Number(check.timestamp) * 1000;
  if (Math.abs(check.now.getTime() - sentAt) > check.toleranceMs) {
    throw invalidSignature('webhook-timestamp is outside the allowed tolerance (replayed or clock skew)');
  }

  const key = Buffer.from(check.secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(hmacSha256(key, `${check.id}.${check.timestamp}.`, check.body).toString('base64'));
  const matches = check.signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => constantTimeEqual(Buffer.from(entry.slice(3)), expected));
  if (!matches) throw invalidSignature('webhook-signature does not match the request body');
}
