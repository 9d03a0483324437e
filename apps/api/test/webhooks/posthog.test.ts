import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import {
  aPosthogDefaultBody,
  countSignalsAndIssues,
  POSTHOG_SECRET,
  postPosthogDelivery,
  standardWebhookHeaders,
  webhookSecretsEnv,
} from '../support/fixtures/signals';

describe('POST /webhooks/posthog', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv, clock });
  });
  afterAll(() => t.close());

  describe('shared secret', () => {
    it('accepts the default destination body with X-PostHog-Secret', async () => {
      const body = aPosthogDefaultBody();
      const response = await postPosthogDelivery(t, body);
      expect(response.status).toBe(201);
      expect(response.body.data.signal).toMatchObject({
        source: 'posthog',
        type: 'checkout_failed',
        severity: 'medium',
        sourceId: body.event.uuid,
        deliveryId: body.event.uuid,
        payload: body,
      });
      expect(response.body.data.issue).toMatchObject({ title: 'PostHog: checkout_failed', priority: 3, status: 'triage', type: 'signal' });
    });

    it('accepts Authorization: Bearer <secret>', async () => {
      const response = await postPosthogDelivery(t, aPosthogDefaultBody(), { Authorization: `Bearer ${POSTHOG_SECRET}` });
      expect(response.status).toBe(201);
    });

    it('rejects a missing or wrong secret with 401 and no WWW-Authenticate', async () => {
      const before = await countSignalsAndIssues(t.db);
      const attempts: Record<string, string>[] = [
        {},
        { 'X-PostHog-Secret': 'wrong' },
        { 'X-PostHog-Secret': `${POSTHOG_SECRET}x` },
        { Authorization: 'Bearer wrong' },
        { Authorization: `Basic ${POSTHOG_SECRET}` },
      ];
      for (const headers of attempts) {
        const response = await postPosthogDelivery(t, aPosthogDefaultBody(), headers);
        expect(response.status, JSON.stringify(headers)).toBe(401);
        expect(response.body.code).toBe('invalid_signature');
        expect(response.headers.get('WWW-Authenticate')).toBeNull();
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });
  });

  describe('lenient bodies', () => {
    it('takes type, title and severity (case-insensitive) from a custom body', async () => {
      const body = { event: 'signup_failed', severity: 'HIGH', title: 'Signups failing in EU', count: 42 };
      const response = await postPosthogDelivery(t, body);
      expect(response.status).toBe(201);
      expect(response.body.data.signal).toMatchObject({ type: 'signup_failed', severity: 'high', deliveryId: null, payload: body });
      expect(response.body.data.issue.title).toBe('Signups failing in EU');
    });

    it('falls back to event.properties.severity when the top-level severity is not a level, then to medium', async () => {
      const fromProperties = await postPosthogDelivery(t, {
        ...aPosthogDefaultBody({ properties: { severity: 'Critical' } }),
        severity: 'urgent',
      });
      expect(fromProperties.body.data.signal.severity).toBe('critical');
      expect(fromProperties.body.data.issue.priority).toBe(1);

      const neither = await postPosthogDelivery(t, aPosthogDefaultBody({ properties: { severity: 'sev1' } }));
      expect(neither.body.data.signal.severity).toBe('medium');
    });

    it('accepts a body with no event at all', async () => {
      const response = await postPosthogDelivery(t, { note: 'hello' });
      expect(response.status).toBe(201);
      expect(response.body.data.signal.type).toBe('event');
      expect(response.body.data.issue.title).toBe('PostHog: event');
    });

    it('puts an exception message in the title', async () => {
      const response = await postPosthogDelivery(
        t,
        aPosthogDefaultBody({ event: '$exception', properties: { $exception_message: 'TypeError: cart is undefined' } }),
      );
      expect(response.body.data.issue.title).toBe('PostHog: $exception: TypeError: cart is undefined');
    });
  });

  describe('idempotency', () => {
    it('answers a repeated event.uuid with the original and creates nothing', async () => {
      const body = aPosthogDefaultBody();
      const first = await postPosthogDelivery(t, body);
      expect(first.status).toBe(201);
      const before = await countSignalsAndIssues(t.db);
      const again = await postPosthogDelivery(t, body);
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual({ ...first.body.data, duplicate: true });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('creates a signal per delivery when the body carries no key', async () => {
      const before = await countSignalsAndIssues(t.db);
      await postPosthogDelivery(t, { event: 'no_key' });
      await postPosthogDelivery(t, { event: 'no_key' });
      expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 2, issues: before.issues + 2 });
    });
  });

  describe('Standard Webhooks signatures', () => {
    const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

    it('verifies the Standard Webhooks test vector exactly', async () => {
      clock.set(new Date(1614265330 * 1000));
      try {
        const response = await postPosthogDelivery(t, '{"test": 2432232314}', {
          'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
          'webhook-timestamp': '1614265330',
          'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
        });
        expect(response.status).toBe(201);
        expect(response.body.data.signal).toMatchObject({ deliveryId: 'msg_p5jXN8AQM9LWM0D4loKWxJek', payload: { test: 2432232314 } });
      } finally {
        clock.set(new Date('2026-11-22T12:00:00.000Z'));
      }
    });

    it('accepts a valid signature, keyed by event.uuid', async () => {
      const body = JSON.stringify(aPosthogDefaultBody());
      const headers = standardWebhookHeaders(body, { id: `msg_${randomUUID()}`, timestamp: nowSeconds() });
      const response = await postPosthogDelivery(t, body, headers);
      expect(response.status).toBe(201);
      expect(response.body.data.signal.deliveryId).toBe(JSON.parse(body).event.uuid);
    });

    it('uses webhook-id as the key when the body has no event.uuid', async () => {
      const body = JSON.stringify({ event: 'custom', severity: 'low' });
      const headers = standardWebhookHeaders(body, { id: `msg_${randomUUID()}`, timestamp: nowSeconds() });
      const first = await postPosthogDelivery(t, body, headers);
      expect(first.status).toBe(201);
      expect(first.body.data.signal.deliveryId).toBe(headers['webhook-id']);
      const retry = await postPosthogDelivery(t, body, headers);
      expect(retry.status).toBe(200);
      expect(retry.body.data.duplicate).toBe(true);
    });

    it('accepts any one matching signature among several (secret rotation)', async () => {
      const body = JSON.stringify(aPosthogDefaultBody());
      const headers = standardWebhookHeaders(body, { id: 'msg_rotation', timestamp: nowSeconds() });
      const stale = standardWebhookHeaders(body, { id: 'msg_rotation', timestamp: nowSeconds(), secret: 'whsec_b2xkLXNlY3JldA==' });
      const response = await postPosthogDelivery(t, body, {
        ...headers,
        'webhook-signature': `${stale['webhook-signature']} ${headers['webhook-signature']}`,
      });
      expect(response.status).toBe(201);
    });

    it('enforces a 5-minute tolerance around the app clock', async () => {
      const cases: [number, number][] = [
        [-4 * 60, 201],
        [4 * 60, 201],
        [-6 * 60, 401],
        [6 * 60, 401],
      ];
      for (const [offset, status] of cases) {
        const body = JSON.stringify(aPosthogDefaultBody());
        const headers = standardWebhookHeaders(body, { id: `msg_${randomUUID()}`, timestamp: nowSeconds() + offset });
        const response = await postPosthogDelivery(t, body, headers);
        expect(response.status, `offset ${offset}s`).toBe(status);
      }
      // The same delivery that is too old now verifies once the clock agrees with it.
      const body = JSON.stringify(aPosthogDefaultBody());
      const headers = standardWebhookHeaders(body, { id: 'msg_clock', timestamp: nowSeconds() - 3600 });
      expect((await postPosthogDelivery(t, body, headers)).status).toBe(401);
      clock.advance(-3600 * 1000);
      try {
        expect((await postPosthogDelivery(t, body, headers)).status).toBe(201);
      } finally {
        clock.advance(3600 * 1000);
      }
    });

    it('rejects a wrong signature, a tampered body, missing id/timestamp, and never falls back to the shared secret', async () => {
      const before = await countSignalsAndIssues(t.db);
      const body = JSON.stringify(aPosthogDefaultBody());
      const headers = standardWebhookHeaders(body, { id: 'msg_bad', timestamp: nowSeconds() });
      const { 'webhook-id': _id, ...withoutId } = headers;
      const { 'webhook-timestamp': _ts, ...withoutTimestamp } = headers;
      const attempts: [string, string, Record<string, string>][] = [
        ['wrong secret', body, standardWebhookHeaders(body, { id: 'msg_bad', timestamp: nowSeconds(), secret: 'whsec_d3Jvbmc=' })],
        ['tampered body', body.replace('checkout_failed', 'checkout_fine'), headers],
        ['no v1 entry', body, { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') }],
        ['missing webhook-id', body, withoutId],
        ['missing webhook-timestamp', body, withoutTimestamp],
        ['bad signature with the shared secret too', body, { ...headers, 'webhook-signature': 'v1,AAAA', 'X-PostHog-Secret': POSTHOG_SECRET }],
      ];
      for (const [name, sent, attemptHeaders] of attempts) {
        const response = await postPosthogDelivery(t, sent, attemptHeaders);
        expect(response.status, name).toBe(401);
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });
  });
});
