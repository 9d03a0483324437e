import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aReadyTask, aTemplateWithActiveVersion, fixtureNow } from '../support/fixtures/dispatch';

const leaseSeconds = 600;
const seconds = (n: number) => n * 1000;

describe('dispatches: heartbeat and read', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: String(leaseSeconds) } });
  });
  afterAll(() => t.close());

  async function aClaim() {
    const { id: projectId } = await aProjectRow(t.db);
    const issue = await aReadyTask(t.db, { projectId, title: 'A long task' });
    const response = await t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
    expect(response.status).toBe(200);
    return { projectId, issue, dispatchId: response.body.data.meta.dispatchId as string };
  }
  const heartbeat = (dispatchId: string) => t.api.post(`/api/v1/dispatches/${dispatchId}/heartbeat`);
  const leaseOf = async (id: string) => (await t.db.select().from(dispatches).where(eq(dispatches.id, id)))[0]!.leaseExpiresAt;
  const inTime = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  describe('POST /dispatches/:dispatchId/heartbeat', () => {
    it('keeps a long task from expiring across what would have been its lease end', async () => {
      const { projectId, issue, dispatchId } = await aClaim();
      try {
        clock.advance(seconds(500));
        const beat = await heartbeat(dispatchId);
        expect(beat.status).toBe(200);
        expect(beat.body).toEqual({ data: { dispatchId, leaseExpiresAt: inTime(seconds(leaseSeconds)) } });
        expect((await leaseOf(dispatchId)).toISOString()).toBe(inTime(seconds(leaseSeconds)));

        // 1,000 s after the claim: the original lease (600 s) is long over, the renewed one is not.
        clock.advance(seconds(500));
        expect((await t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`)).status).toBe(204);
        const queue = await t.api.get(`/api/v1/dispatch/queue?projectId=${projectId}`);
        expect(queue.body.total).toBe(0);
        const report = await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'done' }, { headers: { 'Loop-Dispatch-Id': dispatchId } });
        expect(report.status).toBe(200);
      } finally {
        clock.set(fixtureNow);
      }
    });

    it('without one, the issue is handed out again once the lease runs out', async () => {
      const { projectId, issue } = await aClaim();
      try {
        clock.advance(seconds(leaseSeconds));
        const again = await t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
        expect(again.body.data.issue.id).toBe(issue.id);
      } finally {
        clock.set(fixtureNow);
      }
    });

    it('answers 409 lease_lost once the lease has run out, renewing nothing', async () => {
      const { dispatchId } = await aClaim();
      try {
        const lease = await leaseOf(dispatchId);
        clock.advance(seconds(leaseSeconds));
        const beat = await heartbeat(dispatchId);
        expect(beat.status).toBe(409);
        expect(beat.body).toEqual({ error: expect.any(String), code: 'lease_lost' });
        expect(await leaseOf(dispatchId)).toEqual(lease);
      } finally {
        clock.set(fixtureNow);
      }
    });

    it('answers 409 lease_lost once the claim is closed', async () => {
      const { issue, dispatchId } = await aClaim();
      await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'todo' });
      const beat = await heartbeat(dispatchId);
      expect(beat.status).toBe(409);
      expect(beat.body.error).toContain('released');
    });

    it('answers 404 for an unknown dispatch', async () => {
      const beat = await heartbeat('no-such-dispatch');
      expect(beat.status).toBe(404);
      expect(beat.body.code).toBe('not_found');
    });
  });

  describe('GET /dispatches/:dispatchId', () => {
    it('reads an open claim: issue summary, template version, status, lease', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const { template, version } = await aTemplateWithActiveVersion(t.db, { projectId });
      const issue = await aReadyTask(t.db, { projectId, priority: 2 });
      const claimed = await t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
      const { dispatchId } = claimed.body.data.meta;

      const response = await t.api.get(`/api/v1/dispatches/${dispatchId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.data).toEqual({
        dispatchId,
        issue: { id: issue.id, number: issue.number, title: issue.title, type: 'task', status: 'in_progress', priority: 2 },
        status: 'open',
        templateId: template.id,
        templateSlug: template.slug,
        versionId: version!.id,
        versionNumber: 1,
        claimedAt: fixtureNow.toISOString(),
        leaseExpiresAt: new Date(fixtureNow.getTime() + seconds(leaseSeconds)).toISOString(),
        finishedAt: null,
        summary: null,
        agentSessionId: null,
        commits: null,
        pullRequests: null,
      });
    });

    it('reads expired once the lease has run out, and done with the report once closed', async () => {
      const { issue, dispatchId } = await aClaim();
      const fence = { headers: { 'Loop-Dispatch-Id': dispatchId } };
      try {
        const commits = [{ sha: 'feed', message: 'Fix it' }];
        await t.api.patch(`/api/v1/issues/${issue.id}`, { commits, agentSessionId: 'session-9' }, fence);
        clock.advance(seconds(leaseSeconds));
        expect((await t.api.get(`/api/v1/dispatches/${dispatchId}`)).body.data).toMatchObject({ status: 'expired', commits });
        clock.set(fixtureNow);
        await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'done', agentSummary: 'Fixed' }, fence);
        expect((await t.api.get(`/api/v1/dispatches/${dispatchId}`)).body.data).toMatchObject({
          status: 'done',
          finishedAt: fixtureNow.toISOString(),
          summary: 'Fixed',
          agentSessionId: 'session-9',
          commits,
        });
      } finally {
        clock.set(fixtureNow);
      }
    });

    it('answers 404 for an unknown dispatch', async () => {
      const response = await t.api.get('/api/v1/dispatches/no-such-dispatch');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    });
  });

  describe('GET /dispatch/next (the deprecated alias)', () => {
    it('still claims, with the same answer, plus Deprecation and a Link to the POST', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const issue = await aReadyTask(t.db, { projectId });
      const response = await t.api.get(`/api/v1/dispatch/next?projectId=${projectId}`);
      expect(response.status).toBe(200);
      expect(response.body.data.issue.id).toBe(issue.id);
      expect(response.headers.get('deprecation')).toBe('true');
      expect(response.headers.get('link')).toMatch(/^<\/api\/v1\/dispatch\/next>; rel="successor-version"/);
      expect(response.headers.get('cache-control')).toBe('no-store');

      const empty = await t.api.get(`/api/v1/dispatch/next?projectId=${projectId}`);
      expect(empty.status).toBe(204);
      expect(empty.headers.get('deprecation')).toBe('true');
    });

    it('is not deprecated as a POST', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      await aReadyTask(t.db, { projectId });
      const response = await t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('deprecation')).toBeNull();
      expect(response.headers.get('link')).toBeNull();
    });

    it('is marked deprecated in the OpenAPI document, the POST is not', async () => {
      const document = (await t.api.get('/api/v1/openapi.json', { key: null })).body;
      expect(document.paths['/api/v1/dispatch/next'].get.deprecated).toBe(true);
      expect(document.paths['/api/v1/dispatch/next'].post.deprecated).toBeUndefined();
    });
  });
});
