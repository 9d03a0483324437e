import { createRoute } from '@hono/zod-openapi';
import { receiveDelivery } from '../../domain/signals/deliveries';
import { normalizePosthogDelivery } from '../../domain/signals/providers/posthog';
import { createRouter } from '../../http/router';
import { webhookBodyLimit } from '../../middleware/webhook-common';
import { verifyPosthogWebhook } from '../../middleware/webhook-posthog';
import { answerDelivery, providerBody, WebhookQuery, webhookResponses } from './shared';
import { Tag } from '../../openapi/tag-names';

const route = createRoute({
  method: 'post',
  path: '/posthog',
  operationId: 'receivePosthogWebhook',
  tags: [Tag.webhooks],
  summary: 'PostHog HTTP webhook destination',
  description:
    'Authenticated with the shared secret POSTHOG_WEBHOOK_SECRET in `X-PostHog-Secret` or `Authorization: Bearer`, or ' +
    'with Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`, 5-minute tolerance). ' +
    'Every delivery becomes a signal: type `event.event`, key `event.uuid` (else `webhook-id`).',
  security: [],
  middleware: [webhookBodyLimit(), verifyPosthogWebhook()] as const,
  request: { query: WebhookQuery, body: providerBody('The destination body; by default `{"event": {...}, "person": {...}}`') },
  responses: webhookResponses,
});

export const posthogWebhookRoutes = createRouter().openapi(route, async (c) => {
  const outcome = normalizePosthogDelivery({
    payload: c.var.webhook.payload,
    webhookId: c.req.header('webhook-id')?.trim() || undefined,
  });
  const delivery = await receiveDelivery(c.var.db, outcome, { projectId: c.req.valid('query').projectId, now: c.var.clock.now() });
  return answerDelivery(c, delivery);
});
