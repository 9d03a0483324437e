import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issues, projects } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aSignalBody, countSignalsAndIssues } from '../support/fixtures/signals';

let sequence = 0;
const aKey = () => `delivery-${++sequence}-${Math.random().toString(36).slice(2)}`;

describe('signals API', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  describe('POST /api/v1/signals', () => {
    it('creates the signal and its triage issue (201), returning both', async () => {
      const body = aSignalBody({ sourceId: 'checkout', deliveryId: aKey() });
      const response = await t.api.post('/api/v1/signals', body);
      expect(response.status).toBe(201);
      const { signal, issue } = response.body.data;
      expect(Object.keys(response.body.data).sort()).toEqual(['issue', 'signal']);
      expect(signal).toEqual({
        id: expect.any(String),
        source: 'manual',
        sourceId: 'checkout',
        deliveryId: body.deliveryId,
        type: 'error-spike',
        severity: 'high',
        payload: body.payload,
        issueId: issue.id,
        createdAt: clock.now().toISOString(),
      });
      expect(issue).toMatchObject({
        id: expect.any(String),
        number: expect.any(Number),
        title: 'Checkout error rate 4.2% (baseline 0.3%)',
        type: 'signal',
        status: 'triage',
        priority: 2,
        projectId: null,
        signalSource: 'manual',
        signalPayload: body.payload,
        createdAt: clock.now().toISOString(),
        statusChangedAt: clock.now().toISOString(),
      });
      expect(issue).not.toHaveProperty('deletedAt');
    });

    it.each([
      ['critical', 1],
      ['high', 2],
      ['medium', 3],
      ['low', 4],
    ])('gives a %s signal an issue of priority %i', async (severity, priority) => {
      const response = await t.api.post('/api/v1/signals', aSignalBody({ severity }));
      expect(response.body.data.issue.priority).toBe(priority);
    });

    it('titles the issue from the title, else payload.title, else payload.message, else source and type', async () => {
      const titles = await Promise.all(
        [
          aSignalBody({ title: '  Explicit title  ', payload: { title: 'ignored', message: 'ignored' } }),
          aSignalBody({ payload: { title: 'From payload title', message: 'ignored' } }),
          aSignalBody({ payload: { message: 'From\npayload   message' } }),
          aSignalBody({ payload: { count: 3 } }),
          aSignalBody({ source: 'sentry', type: 'error-spike', payload: { title: '' } }),
          aSignalBody({ payload: { message: 'x'.repeat(600) } }),
        ].map(async (body) => (await t.api.post('/api/v1/signals', body)).body.data.issue.title),
      );
      expect(titles.slice(0, 5)).toEqual([
        'Explicit title',
        'From payload title',
        'From payload message',
        'manual: error-spike',
        'Sentry: error-spike',
      ]);
      expect(titles[5]).toHaveLength(200);
      expect(titles[5].endsWith('…')).toBe(true);
    });

    it('files the issue under projectId, and answers 422 for an unknown or deleted project without storing anything', async () => {
      const project = await aProjectRow(t.db);
      const filed = await t.api.post('/api/v1/signals', aSignalBody({ projectId: project.id }));
      expect(filed.status).toBe(201);
      expect(filed.body.data.issue.projectId).toBe(project.id);

      const deleted = await aProjectRow(t.db, 'Old project');
      await t.db.update(projects).set({ deletedAt: clock.now() }).where(eq(projects.id, deleted.id));
      const before = await countSignalsAndIssues(t.db);
      for (const projectId of ['no-such-project', deleted.id]) {
        const response = await t.api.post('/api/v1/signals', aSignalBody({ projectId, deliveryId: aKey() }));
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'projectId' }] });
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('validates the body: required fields, enums, an object payload, no unknown fields', async () => {
      const before = await countSignalsAndIssues(t.db);
      const missing = await t.api.post('/api/v1/signals', {});
      expect(missing.status).toBe(422);
      expect(missing.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['payload', 'severity', 'source', 'type']);

      for (const body of [
        aSignalBody({ severity: 'urgent' }),
        aSignalBody({ payload: 'not an object' }),
        aSignalBody({ payload: [1, 2] }),
        aSignalBody({ source: '   ' }),
        aSignalBody({ issueId: 'x' }),
        aSignalBody({ title: 'x'.repeat(501) }),
      ]) {
        const response = await t.api.post('/api/v1/signals', body);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
        expect(response.body.code).toBe('validation_failed');
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('sits behind the bearer wall and takes JSON only', async () => {
      const unauthenticated = await t.api.post('/api/v1/signals', aSignalBody(), { key: null });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      const notJson = await t.api.post('/api/v1/signals', 'source=manual', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(notJson.status).toBe(415);
      const malformed = await t.api.post('/api/v1/signals', '{"source":', { headers: { 'Content-Type': 'application/json' } });
      expect(malformed.status).toBe(400);
    });
  });

  describe('idempotency', () => {
    it('returns the original for a repeated body deliveryId (200, duplicate) and creates nothing', async () => {
      const body = aSignalBody({ deliveryId: aKey() });
      const first = await t.api.post('/api/v1/signals', body);
      const before = await countSignalsAndIssues(t.db);
      const again = await t.api.post('/api/v1/signals', { ...body, title: 'A different title this time' });
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual({ ...first.body.data, duplicate: true });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('takes the key from the Idempotency-Key header too, and accepts both when they agree', async () => {
      const key = aKey();
      const first = await t.api.post('/api/v1/signals', aSignalBody(), { headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      expect(first.body.data.signal.deliveryId).toBe(key);
      const both = await t.api.post('/api/v1/signals', aSignalBody({ deliveryId: key }), { headers: { 'Idempotency-Key': key } });
      expect(both.status).toBe(200);
      expect(both.body.data.signal.id).toBe(first.body.data.signal.id);
    });

    it('answers 422 when the header and the body carry different keys', async () => {
      const before = await countSignalsAndIssues(t.db);
      const response = await t.api.post('/api/v1/signals', aSignalBody({ deliveryId: aKey() }), { headers: { 'Idempotency-Key': aKey() } });
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([{ field: 'deliveryId', message: expect.stringContaining('Idempotency-Key') }]);
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('scopes keys to their source', async () => {
      const key = aKey();
      const manual = await t.api.post('/api/v1/signals', aSignalBody({ deliveryId: key }));
      const custom = await t.api.post('/api/v1/signals', aSignalBody({ source: 'pagerduty', deliveryId: key }));
      expect([manual.status, custom.status]).toEqual([201, 201]);
    });

    it('creates exactly one signal when identical requests race', async () => {
      const before = await countSignalsAndIssues(t.db);
      const body = aSignalBody({ deliveryId: aKey() });
      const responses = await Promise.all(Array.from({ length: 4 }, () => t.api.post('/api/v1/signals', body)));
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(responses.map((response) => response.body.data.issue.id)).size).toBe(1);
      expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 1, issues: before.issues + 1 });
    });

    it('returns issue null on a repeat whose triage issue was deleted since', async () => {
      const body = aSignalBody({ deliveryId: aKey() });
      const first = await t.api.post('/api/v1/signals', body);
      await t.db.update(issues).set({ deletedAt: clock.now() }).where(eq(issues.id, first.body.data.issue.id));
      const again = await t.api.post('/api/v1/signals', body);
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual({ signal: first.body.data.signal, issue: null, duplicate: true });
    });
  });

  it('writes a new signal and its issue in one statement, without a transaction', async () => {
    t.queries.reset();
    const response = await t.api.post('/api/v1/signals', aSignalBody({ deliveryId: aKey() }));
    expect(response.status).toBe(201);
    expect(t.queries.transactionControl).toEqual([]);
    expect(t.queries.statements).toHaveLength(1);
    expect(t.queries.statements[0]).toMatch(/insert into signals .*on conflict \(source, delivery_id\) do nothing.*insert into issues /s);
  });

  it('answers a repeat with the original, read back by one more statement, without a transaction', async () => {
    const body = aSignalBody({ deliveryId: aKey() });
    const first = await t.api.post('/api/v1/signals', body);
    t.queries.reset();
    const again = await t.api.post('/api/v1/signals', body);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ ...first.body.data, duplicate: true });
    expect(t.queries.transactionControl).toEqual([]);
    expect(t.queries.statements).toHaveLength(2);
    expect(t.queries.statements[0]).toMatch(/on conflict \(source, delivery_id\) do nothing/);
    expect(t.queries.statements[1]).toMatch(/^select .* from "signals" left join "issues"/s);
  });

  describe('GET /api/v1/signals', () => {
    let view: TestApp;
    const viewClock = new TestClock(new Date('2026-10-01T00:00:00.000Z'));
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      view = await createTestApp({ clock: viewClock });
      const rows: [string, string, string][] = [
        ['gh-old', 'github', 'medium'],
        ['sentry-critical', 'sentry', 'critical'],
        ['gh-high', 'github', 'high'],
        ['manual-low', 'manual', 'low'],
      ];
      for (const [name, source, severity] of rows) {
        viewClock.advance(24 * 3600 * 1000);
        const response = await view.api.post('/api/v1/signals', aSignalBody({ source, severity, title: name }));
        ids[name] = response.body.data.signal.id;
      }
    });
    afterAll(() => view.close());

    const names = (body: { data: { id: string }[] }) =>
      body.data.map((signal) => Object.entries(ids).find(([, id]) => id === signal.id)?.[0]);

    it('lists newest first with each issue summary, paginated', async () => {
      const response = await view.api.get('/api/v1/signals?limit=2&offset=1');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
      expect(names(response.body)).toEqual(['gh-high', 'sentry-critical']);
      expect(response.body.data[0].issue).toEqual({
        id: expect.any(String),
        number: expect.any(Number),
        title: 'gh-high',
        type: 'signal',
        status: 'triage',
        priority: 2,
      });
    });

    it('filters by source, severity (one or a list) and since', async () => {
      expect(names((await view.api.get('/api/v1/signals?source=github')).body)).toEqual(['gh-high', 'gh-old']);
      expect(names((await view.api.get('/api/v1/signals?severity=critical')).body)).toEqual(['sentry-critical']);
      expect(names((await view.api.get('/api/v1/signals?severity=low,critical')).body)).toEqual(['manual-low', 'sentry-critical']);
      const since = await view.api.get('/api/v1/signals?since=2026-10-03T00:00:00Z');
      expect(names(since.body)).toEqual(['manual-low', 'gh-high', 'sentry-critical']);
      expect(since.body.total).toBe(3);
      const combined = await view.api.get('/api/v1/signals?source=github&since=2026-10-03T00:00:00%2B00:00');
      expect(names(combined.body)).toEqual(['gh-high']);
      expect((await view.api.get('/api/v1/signals?source=nobody')).body).toMatchObject({ data: [], total: 0 });
    });

    it('answers 422 for a bad severity, since or page', async () => {
      for (const query of ['severity=urgent', 'severity=high,', 'since=yesterday', 'since=2026-13-01T00:00:00Z', 'limit=0', 'source=']) {
        const response = await view.api.get(`/api/v1/signals?${query}`);
        expect(response.status, query).toBe(422);
      }
    });
  });

  describe('GET /api/v1/signals/:id', () => {
    it('returns the signal with its issue summary, and issue null once that issue is deleted', async () => {
      const created = await t.api.post('/api/v1/signals', aSignalBody({ title: 'Readable' }));
      const { signal, issue } = created.body.data;
      const response = await t.api.get(`/api/v1/signals/${signal.id}`);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({
        ...signal,
        issue: { id: issue.id, number: issue.number, title: 'Readable', type: 'signal', status: 'triage', priority: 2 },
      });

      await t.db.update(issues).set({ deletedAt: clock.now() }).where(eq(issues.id, issue.id));
      const afterDelete = await t.api.get(`/api/v1/signals/${signal.id}`);
      expect(afterDelete.body.data.issue).toBeNull();
    });

    it('answers 404 for an unknown id', async () => {
      const response = await t.api.get('/api/v1/signals/no-such-signal');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    });
  });
});
