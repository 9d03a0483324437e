import { verify } from '@octokit/webhooks-methods';
import type { MiddlewareHandler } from 'hono';
import { LoopError } from '../domain/errors';
import {
  formContentType,
  invalidSignature,
  jsonContentType,
  parseJsonObject,
  readRawBody,
  requireContentType,
  requireSecret,
  type WebhookEnv,
} from './webhook-common';
import { decodeUtf8 } from '../http/json-text';

export interface GithubWebhookOptions {
  /** Overrides `GITHUB_WEBHOOK_SECRET` from the app's environment. */
  secret?: string;
}

const signaturePrefix = 'sha256=';

/**
 * Verifies a GitHub delivery: `X-Hub-Signature-256: sha256=<hex>` is the HMAC-SHA256 of the raw
 * body (JSON or form-encoded, whichever was sent) with the webhook's secret. Only then is the
 * body parsed; form deliveries carry the JSON in their `payload` field.
 */
export function verifyGithubWebhook(options: GithubWebhookOptions = {}): MiddlewareHandler<WebhookEnv> {
  return async function verifyGithubWebhookMiddleware(c, next) {
    const secret = requireSecret(options.secret ?? c.var.env.GITHUB_WEBHOOK_SECRET, 'GitHub', 'GITHUB_WEBHOOK_SECRET');
    const contentType = requireContentType(
      c,
      [jsonContentType, formContentType],
      'application/json or application/x-www-form-urlencoded',
    );

    const header = c.req.header('x-hub-signature-256');
    if (!header) {
      // A hook that only sends the legacy SHA-1 header gets told why it is refused.
      throw invalidSignature(
        c.req.header('x-hub-signature')
          ? 'X-Hub-Signature-256 is required; SHA-1 signatures (X-Hub-Signature) are not accepted'
          : 'Missing X-Hub-Signature-256 header',
      );
    }
    if (!header.startsWith(signaturePrefix)) throw invalidSignature('X-Hub-Signature-256 must be "sha256=<hex digest>"');

    const body = await readRawBody(c);
    // GitHub's own verifier (@octokit/webhooks-methods) signs text. Decoded leniently, a body that is
    // not UTF-8 changes and so cannot match; a body that is gets its exact bytes back.
    const signed = new TextDecoder().decode(body);
    if (!signed || !(await verify(secret, signed, header))) {
      throw invalidSignature('X-Hub-Signature-256 does not match the request body');
    }

    const text = decodeUtf8(body);
    c.set('webhook', { payload: parseJsonObject(formContentType.test(contentType) ? formPayload(text) : text) });
    await next();
  };
}

function formPayload(text: string): string {
  const payload = new URLSearchParams(text).get('payload');
  if (payload === null) {
    throw new LoopError('validation_failed', 'payload: required in a form-encoded GitHub delivery', [
      { field: 'payload', message: 'required' },
    ]);
  }
  return payload;
}
