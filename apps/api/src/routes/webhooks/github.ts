import { createRoute } from '@hono/zod-openapi';
import { receiveDelivery } from '../../domain/signals/deliveries';
import { normalizeGithubDelivery } from '../../domain/signals/providers/github';
import { createRouter } from '../../http/router';
import { verifyGithubWebhook } from '../../middleware/webhook-github';
import { webhookBodyLimit } from '../../middleware/webhook-common';
import { answerDelivery, providerBody, requireHeader, WebhookQuery, webhookResponses } from './shared';
import { Tag } from '../../openapi/tag-names';

const route = createRoute({
  method: 'post',
  path: '/github',
  operationId: 'receiveGithubWebhook',
  tags: [Tag.webhooks],
  summary: 'GitHub webhook',
  description:
    'Verified with `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with GITHUB_WEBHOOK_SECRET). `X-GitHub-Event` names ' +
    'the event; `X-GitHub-Hook-ID` + `X-GitHub-Delivery` are the idempotency key. Failed runs/checks/deployments, security ' +
    'alerts and opened issues become signals (docs/webhooks.md); `ping` answers 200; other events 202.',
  security: [],
  middleware: [webhookBodyLimit(), verifyGithubWebhook()] as const,
  request: {
    query: WebhookQuery,
    body: providerBody('The event payload, as JSON or form-encoded (`payload=<json>`)', [
      'application/json',
      'application/x-www-form-urlencoded',
    ]),
  },
  responses: webhookResponses,
});

export const githubWebhookRoutes = createRouter().openapi(route, async (c) => {
  const outcome = normalizeGithubDelivery({
    event: requireHeader(c, 'X-GitHub-Event'),
    deliveryGuid: requireHeader(c, 'X-GitHub-Delivery'),
    hookId: c.req.header('X-GitHub-Hook-ID')?.trim() || undefined,
    payload: c.var.webhook.payload,
  });
  const delivery = await receiveDelivery(c.var.db, outcome, { projectId: c.req.valid('query').projectId, now: c.var.clock.now() });
  return answerDelivery(c, delivery);
});
