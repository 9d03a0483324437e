import { createHmac, randomUUID } from 'node:crypto';
import { createApp } from '../../../src/app';
import type { Database } from '../../../src/db/database';
import { parseEnv } from '../../../src/env';
import type { PlannedRequest, RequestPlanner } from './exercise';

/** Secrets the contract walk configures, so the webhooks can be exercised with valid signatures. */
export const webhookSecrets = {
  GITHUB_WEBHOOK_SECRET: 'contract-github-secret',
  SENTRY_CLIENT_SECRET: 'contract-sentry-secret',
  POSTHOG_WEBHOOK_SECRET: 'contract-posthog-secret',
};

type Plan = (planner: RequestPlanner) => Promise<PlannedRequest> | PlannedRequest;

export interface Scenario {
  success?: Plan;
  /** A request the operation refuses; `null` with `noFailureBecause` when it has none a client can cause. */
  failure?: Plan | null;
  noFailureBecause?: string;
}

const hmacHex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

/** A webhook delivery with no credentials at all: refused before the body is trusted. */
const unsignedDelivery =
  (path: string): Plan =>
  () => ({ method: 'POST', path, rawBody: '{}' });

const databaseDown = {
  execute: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
} as unknown as Database;

/** A fresh open claim: an issue ready in a project of its own, claimed there. Returns its dispatch id. */
async function anOpenClaim(planner: RequestPlanner): Promise<string> {
  const headers = planner.authorized();
  const projectId = await planner.create('/api/v1/projects');
  await planner.sendOwn({ method: 'POST', path: '/api/v1/issues', headers, body: { title: 'Contract claim', type: 'task', status: 'todo', projectId } });
  const claimed = await planner.sendOwn({ method: 'POST', path: '/api/v1/dispatch/next', query: { projectId }, headers });
  if (claimed.status !== 200) throw new Error(`claiming for the contract walk answered ${claimed.status}: ${claimed.text.slice(0, 300)}`);
  return (claimed.body as { data: { meta: { dispatchId: string } } }).data.meta.dispatchId;
}

const onAnOpenClaim =
  (suffix: string, method: string): Plan =>
  async (planner) => ({ method, path: `/api/v1/dispatches/${await anOpenClaim(planner)}${suffix}`, headers: planner.authorized() });

/**
 * Operations the document alone cannot exercise: webhooks need their provider's signature, and a
 * few public routes have no failure a client can provoke. Everything else is planned generically
 * (`RequestPlanner`); add an entry here only when the generic plan cannot work, and say why.
 */
export const scenarios: Record<string, Scenario> = {
  // The public routes take no input; a client refusing JSON is the one failure it can cause (406).
  'GET /': { failure: () => ({ method: 'GET', path: '/', headers: { Accept: 'text/html' } }) },
  'GET /api/v1/openapi.json': { failure: () => ({ method: 'GET', path: '/api/v1/openapi.json', headers: { Accept: 'text/plain' } }) },
  // A claim is made by claiming, not by a POST to its collection.
  'GET /api/v1/dispatches/{dispatchId}': { success: onAnOpenClaim('', 'GET') },
  'POST /api/v1/dispatches/{dispatchId}/heartbeat': { success: onAnOpenClaim('/heartbeat', 'POST') },
  'GET /health': {
    // The failure a client sees is the database being down: 503 with the same Health shape.
    failure: () => ({ method: 'GET', path: '/health', app: createApp({ db: databaseDown, env: parseEnv({}) }) }),
  },
  'HEAD /health': {
    failure: () => ({ method: 'HEAD', path: '/health', app: createApp({ db: databaseDown, env: parseEnv({}) }) }),
  },
  'POST /webhooks/github': {
    success: () => {
      const rawBody = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
      return {
        method: 'POST',
        path: '/webhooks/github',
        rawBody,
        headers: {
          'X-GitHub-Event': 'ping',
          'X-GitHub-Delivery': randomUUID(),
          'X-GitHub-Hook-ID': '1',
          'X-Hub-Signature-256': `sha256=${hmacHex(webhookSecrets.GITHUB_WEBHOOK_SECRET, rawBody)}`,
        },
      };
    },
    failure: unsignedDelivery('/webhooks/github'),
  },
  'POST /webhooks/sentry': {
    success: () => {
      const rawBody = JSON.stringify({ action: 'created', installation: { uuid: randomUUID() }, data: {}, actor: {} });
      return {
        method: 'POST',
        path: '/webhooks/sentry',
        rawBody,
        headers: {
          'Sentry-Hook-Resource': 'installation',
          'Sentry-Hook-Timestamp': '1700000000',
          'Sentry-Hook-Signature': hmacHex(webhookSecrets.SENTRY_CLIENT_SECRET, rawBody),
        },
      };
    },
    failure: unsignedDelivery('/webhooks/sentry'),
  },
  'POST /webhooks/posthog': {
    success: () => ({
      method: 'POST',
      path: '/webhooks/posthog',
      body: { event: { uuid: randomUUID(), event: '$exception', properties: { $exception_message: 'boom' } }, person: {} },
      headers: { 'X-PostHog-Secret': webhookSecrets.POSTHOG_WEBHOOK_SECRET },
    }),
    failure: unsignedDelivery('/webhooks/posthog'),
  },
};
