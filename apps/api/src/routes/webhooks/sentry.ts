import { createRoute } from '@hono/zod-openapi';
import { receiveDelivery } from '../../domain/signals/deliveries';
import { normalizeSentryDelivery } from '../../domain/signals/providers/sentry';
import { createRouter } from '../../http/router';
import { webhookBodyLimit } from '../../middleware/webhook-common';
import { verifySentryWebhook } from '../../middleware/webhook-sentry';
import { answerDelivery, providerBody, requireHeader, WebhookQuery, webhookResponses } from './shared';
import { Tag } from '../../openapi/tag-names';

const route = createRoute({
  method: 'post',
  path: '/sentry',
  operationId: 'receiveSentryWebhook',
  tags: [Tag.webhooks],
  summary: 'Sentry integration webhook',
  description:
    'Verified with `Sentry-Hook-Signature` (hex HMAC-SHA256 of the raw body with SENTRY_CLIENT_SECRET). ' +
    '`Sentry-Hook-Resource` names the resource. New issues, triggered alerts, critical/warning metric alerts and new ' +
    'errors become signals (docs/webhooks.md); `installation` answers 200; other deliveries 202.',
  security: [],
  middleware: [webhookBodyLimit(), verifySentryWebhook()] as const,
  request: { query: WebhookQuery, body: providerBody('`{action, installation: {uuid}, data, actor}`') },
  responses: webhookResponses,
});

export const sentryWebhookRoutes = createRouter().openapi(route, async (c) => {
  const outcome = normalizeSentryDelivery({
    resource: requireHeader(c, 'Sentry-Hook-Resource'),
    payload: c.var.webhook.payload,
  });
  const delivery = await receiveDelivery(c.var.db, outcome, { projectId: c.req.valid('query').projectId, now: c.var.clock.now() });
  return answerDelivery(c, delivery);
});
