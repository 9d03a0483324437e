import { randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxJsonDepth } from '../../src/http/json-text';
import { createTestApp, type TestApp } from '../support/app';
import {
  aPosthogDefaultBody,
  aSentryIssuePayload,
  countSignalsAndIssues,
  postGithubDelivery,
  postPosthogDelivery,
  postSentryDelivery,
  sentryJson,
  webhookSecretsEnv,
} from '../support/fixtures/signals';
import { tableSnapshot } from '../support/table-snapshot';

/** The JSON text of `value` with a NUL added to its longest string and a new key and value holding NULs. */
function withNul(value: object): string {
  const text = JSON.stringify({ ...value, 'loop\u0000note': 'x\u0000y' });
  const strings = text.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  const longest = strings.reduce((a, b) => (b.length > a.length ? b : a), '""');
  return text.replace(longest, `${longest.slice(0, -1)}\\u0000"`);
}

const cleaned = (text: string) => JSON.parse(text.replaceAll('\\u0000', '\\ufffd')) as unknown;

describe('verified webhook deliveries holding NUL characters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv });
  });
  afterAll(() => t.close());

  it('accepts a GitHub delivery, storing U+FFFD where each NUL was', async () => {
    const issuesOpened = examples.find((definition) => definition.name === 'issues')!.examples.find(
      (example) => (example as { action?: string }).action === 'opened',
    )!;
    const body = JSON.stringify(issuesOpened).replace('"Spelling error in the README file"', '"Spelling\\u0000error"');
    const response = await postGithubDelivery(t, { event: 'issues', body });
    expect(response.status).toBe(201);
    expect(response.body.data.issue.title).toContain('Spelling\ufffderror');
    expect(response.body.data.signal.payload).toEqual(cleaned(body));
  });

  it('accepts Sentry and PostHog deliveries the same way', async () => {
    const sentryBody = sentryJson(aSentryIssuePayload({ id: '4242', title: 'Boom\u0000' }));
    const sentry = await postSentryDelivery(t, { resource: 'issue', body: sentryBody });
    expect(sentry.status).toBe(201);
    expect(sentry.body.data.signal.payload.data.issue.title).toBe('Boom\ufffd');

    const posthog = await postPosthogDelivery(t, withNul(aPosthogDefaultBody()));
    expect(posthog.status).toBe(201);
    expect(posthog.body.data.signal.payload['loop\ufffdnote']).toBe('x\ufffdy');
  });

  it('still checks the signature over the bytes that arrived', async () => {
    const before = await tableSnapshot(t.db);
    const body = withNul(aSentryIssuePayload({ id: '4343' }));
    const response = await postSentryDelivery(t, { resource: 'issue', body, signature: 'f'.repeat(64) });
    expect(response.status).toBe(401);
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it('refuses a signed delivery nested deeper than the limit with 422 naming it, storing nothing', async () => {
    const before = await tableSnapshot(t.db);
    const deep = `{"action":"opened","deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const response = await postGithubDelivery(t, { event: 'issues', body: deep });
    expect(response.status).toBe(422);
    expect(response.body.error).toContain(`${maxJsonDepth} levels`);
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it('answers a NUL in ?projectId= with 422 naming it', async () => {
    const response = await postSentryDelivery(t, { resource: 'issue', body: aSentryIssuePayload({ id: '4444' }), query: '?projectId=%00' });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([{ field: 'projectId', message: expect.stringContaining('NUL') }]);
  });
});

describe('every @octokit/webhooks-examples payload with NUL characters injected', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv });
  });
  afterAll(() => t.close());

  // The same outcome as the clean deliveries (github-examples.test.ts): 13 signals, 4 pings, the rest acknowledged.
  it('lands each one as it would without them, with U+FFFD stored in their place', async () => {
    const statuses = new Map<number, number>();
    for (const definition of examples) {
      for (const example of definition.examples) {
        const body = withNul(example);
        const response = await postGithubDelivery(t, { event: definition.name, body, deliveryId: randomUUID() });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${definition.name}: ${JSON.stringify(response.body).slice(0, 300)}`).toBeLessThan(300);
        if (response.status === 201) expect(response.body.data.signal.payload).toEqual(cleaned(body));
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: 13, 200: 4, 202: 312 });
    expect(await countSignalsAndIssues(t.db)).toEqual({ signals: 13, issues: 13 });
  });
});
