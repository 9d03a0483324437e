import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LoopError } from '../../domain/errors';
import type { DeliveryResult } from '../../domain/signals/deliveries';
import { IngestedSignalSchema } from '../../domain/signals/schemas';
import { errorResponses, itemEnvelope, jsonContent } from '../../http/schemas';

export const WebhookQuery = z.object({
  projectId: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: "File the triage issues under this project (an unknown project is a 422 for every delivery)" }),
});

const HandshakeSchema = z
  .object({ ok: z.literal(true), handshake: z.string().openapi({ example: 'ping' }) })
  .openapi('WebhookHandshake');

const IgnoredSchema = z
  .object({ ignored: z.literal(true), reason: z.string().openapi({ example: 'GitHub "push" events do not become signals' }) })
  .openapi('WebhookIgnored');

/** The provider's own body, documented here but deliberately not validated by zod: it is verified over its raw bytes first. */
export const providerBody = (description: string, mediaTypes: string[] = ['application/json']) => ({
  required: true,
  description,
  content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'object' as const } }])),
});

export const webhookResponses = {
  200: jsonContent(z.union([itemEnvelope(IngestedSignalSchema), HandshakeSchema]), 'A repeated delivery (nothing new, `duplicate: true`) or a handshake'),
  201: jsonContent(itemEnvelope(IngestedSignalSchema), 'A new signal and its triage issue'),
  202: jsonContent(IgnoredSchema, 'Verified, but not an event Loop turns into a signal: nothing stored'),
  ...errorResponses(400, 401, 413, 415, 422, 500, 503),
};

/** A header the provider always sends; checked after the signature, so it is trusted. */
export function requireHeader(c: Context, name: string): string {
  const value = c.req.header(name)?.trim();
  if (!value) throw new LoopError('validation_failed', `Missing ${name} header`, [{ field: `headers.${name}`, message: 'required' }]);
  return value;
}

export function answerDelivery(c: Context, delivery: DeliveryResult) {
  switch (delivery.kind) {
    case 'handshake':
      return c.json({ ok: true as const, handshake: delivery.handshake }, 200);
    case 'ignored':
      return c.json({ ignored: true as const, reason: delivery.reason }, 202);
    case 'ingested': {
      const { signal, issue, duplicate } = delivery.result;
      return duplicate ? c.json({ data: { signal, issue, duplicate: true as const } }, 200) : c.json({ data: { signal, issue } }, 201);
    }
  }
}
