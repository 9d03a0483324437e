import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import {
  aSentryErrorPayload,
  aSentryEventAlertPayload,
  aSentryIssuePayload,
  aSentryMetricAlertPayload,
  countSignalsAndIssues,
  postSentryDelivery,
  readJson,
  SENTRY_INSTALLATION,
  sentryJson,
  sentrySignature,
  webhookSecretsEnv,
} from '../support/fixtures/signals';

let sequence = 0;
const uniqueId = () => String(5_000_000 + ++sequence);

describe('POST /webhooks/sentry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv });
  });
  afterAll(() => t.close());

  describe('signature verification over the bytes Sentry sent', () => {
    it('verifies a body serialised the way Sentry does (compact, non-ASCII escaped as \\u00e9)', async () => {
      const payload = aSentryIssuePayload({ id: uniqueId(), title: 'ValueError: café au lait déjà vu', culprit: 'app.menu' });
      const raw = sentryJson(payload);
      expect(raw).toContain('caf\\u00e9');
      expect(raw).not.toContain(', ');
      const response = await postSentryDelivery(t, { resource: 'issue', body: raw });
      expect(response.status).toBe(201);
      expect(response.body.data.issue.title).toBe('Sentry: ValueError: café au lait déjà vu in app.menu');
      expect(response.body.data.signal.payload).toEqual(payload);
    });

    it('does not accept the original signature on the same body re-serialised differently', async () => {
      const before = await countSignalsAndIssues(t.db);
      const payload = aSentryIssuePayload({ id: uniqueId(), title: 'KeyError: crème brûlée' });
      const signature = sentrySignature(sentryJson(payload));
      for (const reserialised of [JSON.stringify(payload), JSON.stringify(payload, null, 2)]) {
        expect(JSON.parse(reserialised)).toEqual(payload);
        const response = await postSentryDelivery(t, { resource: 'issue', body: reserialised, signature });
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('invalid_signature');
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('rejects a wrong secret, a prefixed or uppercase signature and a missing header', async () => {
      const raw = sentryJson(aSentryIssuePayload({ id: uniqueId() }));
      const good = sentrySignature(raw);
      for (const signature of [sentrySignature(raw, 'wrong-secret'), `sha256=${good}`, good.toUpperCase(), good.slice(1), null]) {
        const response = await postSentryDelivery(t, { resource: 'issue', body: raw, signature });
        expect(response.status, String(signature)).toBe(401);
        expect(response.headers.get('WWW-Authenticate')).toBeNull();
      }
    });

    it('answers 422 when a verified delivery has no Sentry-Hook-Resource', async () => {
      const raw = sentryJson(aSentryIssuePayload({ id: uniqueId() }));
      const response = await t.app.request('/webhooks/sentry', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Sentry-Hook-Signature': sentrySignature(raw) },
        body: raw,
      });
      expect(response.status).toBe(422);
      expect((await readJson(response)).details).toEqual([{ field: 'headers.Sentry-Hook-Resource', message: 'required' }]);
    });
  });

  describe('resources and actions', () => {
    it('answers the installation handshake (created and deleted) with 200 and stores nothing', async () => {
      const before = await countSignalsAndIssues(t.db);
      for (const action of ['created', 'deleted']) {
        const body = { action, installation: { uuid: SENTRY_INSTALLATION }, data: { installation: { status: 'installed' } } };
        const response = await postSentryDelivery(t, { resource: 'installation', body });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ ok: true, handshake: `installation.${action}` });
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it.each([
      ['fatal', 'critical', 1],
      ['error', 'high', 2],
      ['warning', 'medium', 3],
      ['info', 'low', 4],
      ['debug', 'low', 4],
    ])('turns a created issue of level %s into a %s signal (priority %i)', async (level, severity, priority) => {
      const id = uniqueId();
      const response = await postSentryDelivery(t, { resource: 'issue', body: aSentryIssuePayload({ id, level }) });
      expect(response.status).toBe(201);
      expect(response.body.data.signal).toMatchObject({
        source: 'sentry',
        type: 'issue-created',
        severity,
        sourceId: id,
        deliveryId: `issue:created:${id}:${SENTRY_INSTALLATION}`,
      });
      expect(response.body.data.issue).toMatchObject({
        title: 'Sentry: ZeroDivisionError: division by zero in app.checkout',
        priority,
        type: 'signal',
        status: 'triage',
        signalSource: 'sentry',
        description: `[View in Sentry](https://sentry.io/organizations/acme/issues/${id}/)`,
      });
    });

    it.each(['resolved', 'ignored', 'assigned', 'unresolved', 'archived'])(
      'acknowledges an issue %s with 202 and stores nothing',
      async (action) => {
        const before = await countSignalsAndIssues(t.db);
        const response = await postSentryDelivery(t, { resource: 'issue', body: aSentryIssuePayload({ id: uniqueId(), action }) });
        expect(response.status).toBe(202);
        expect(response.body).toEqual({ ignored: true, reason: expect.stringContaining(action) });
        expect(await countSignalsAndIssues(t.db)).toEqual(before);
      },
    );

    it('turns a triggered event alert into a signal from the event level', async () => {
      const eventId = `evt${uniqueId()}`;
      const response = await postSentryDelivery(t, { resource: 'event_alert', body: aSentryEventAlertPayload({ eventId }) });
      expect(response.status).toBe(201);
      expect(response.body.data.signal).toMatchObject({
        type: 'event-alert',
        severity: 'critical',
        sourceId: '1170820242',
        deliveryId: `event_alert:triggered:${eventId}:${SENTRY_INSTALLATION}`,
      });
      expect(response.body.data.issue.title).toBe('Sentry: OutOfMemoryError: Java heap space in worker.render');
    });

    it('turns critical and warning metric alerts into high and medium signals, and acknowledges resolved', async () => {
      const id = uniqueId();
      const critical = await postSentryDelivery(t, { resource: 'metric_alert', body: aSentryMetricAlertPayload({ action: 'critical', id }) });
      expect(critical.status).toBe(201);
      expect(critical.body.data.signal).toMatchObject({ type: 'metric-alert', severity: 'high', deliveryId: `metric_alert:critical:${id}:${SENTRY_INSTALLATION}` });
      expect(critical.body.data.issue.title).toBe('Sentry: metric alert "Checkout error rate" critical');

      const warning = await postSentryDelivery(t, { resource: 'metric_alert', body: aSentryMetricAlertPayload({ action: 'warning', id }) });
      expect(warning.status).toBe(201);
      expect(warning.body.data.signal.severity).toBe('medium');

      const resolved = await postSentryDelivery(t, { resource: 'metric_alert', body: aSentryMetricAlertPayload({ action: 'resolved', id }) });
      expect(resolved.status).toBe(202);
    });

    it('turns a created error into a signal from its level', async () => {
      const eventId = `err${uniqueId()}`;
      const response = await postSentryDelivery(t, { resource: 'error', body: aSentryErrorPayload({ eventId, level: 'error' }) });
      expect(response.status).toBe(201);
      expect(response.body.data.signal).toMatchObject({ type: 'error', severity: 'high', sourceId: '1170820243' });
      expect(response.body.data.issue.title).toBe('Sentry: Deprecated API called in api.v1.orders');
    });

    it.each([
      ['comment', 'created'],
      ['comment', 'updated'],
      ['comment', 'deleted'],
      ['seer', 'root_cause_completed'],
    ])('acknowledges %s %s with 202 and stores nothing', async (resource, action) => {
      const before = await countSignalsAndIssues(t.db);
      const body = { action, installation: { uuid: SENTRY_INSTALLATION }, data: { comment: 'Looking into it', issue_id: 1 } };
      const response = await postSentryDelivery(t, { resource, body });
      expect(response.status).toBe(202);
      expect(response.body.ignored).toBe(true);
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });
  });

  describe('idempotency', () => {
    it('answers a retry (new Request-ID, same entity) with the original and creates nothing', async () => {
      const body = aSentryIssuePayload({ id: uniqueId() });
      const first = await postSentryDelivery(t, { resource: 'issue', body, requestId: 'req-1' });
      expect(first.status).toBe(201);
      const before = await countSignalsAndIssues(t.db);
      const retry = await postSentryDelivery(t, { resource: 'issue', body, requestId: 'req-2' });
      expect(retry.status).toBe(200);
      expect(retry.body.data).toEqual({ ...first.body.data, duplicate: true });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('treats the same entity from another installation as a new delivery', async () => {
      const id = uniqueId();
      const one = await postSentryDelivery(t, { resource: 'issue', body: aSentryIssuePayload({ id }) });
      const other = { ...aSentryIssuePayload({ id }), installation: { uuid: 'another-installation' } };
      const two = await postSentryDelivery(t, { resource: 'issue', body: other });
      expect([one.status, two.status]).toEqual([201, 201]);
    });
  });
});
