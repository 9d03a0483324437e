import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aReadyTask, aTemplateWithActiveVersion, fixtureNow } from '../support/fixtures/dispatch';
import { issueFixtures, summaryOf } from '../support/fixtures/issues';

const minutes = (n: number) => n * 60 * 1000;

describe('DELETE /api/v1/issues/:idOrNumber', () => {
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  it('soft-deletes by id or number: 204 with no body, then 404 everywhere the issue is named', async () => {
    for (const byNumber of [false, true]) {
      const issue = await f.anIssue();
      const ref = byNumber ? issue.number : issue.id;
      const response = await t.api.delete(`/api/v1/issues/${ref}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect((await t.api.get(`/api/v1/issues/${issue.id}`)).status).toBe(404);
      expect((await t.api.get(`/api/v1/issues/${issue.number}`)).status).toBe(404);
      expect((await t.api.patch(`/api/v1/issues/${issue.id}`, { title: 'x' })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/issues/${ref}`)).status).toBe(404);
      expect((await t.api.get(`/api/v1/issues/${issue.id}/comments`)).status).toBe(404);
      expect((await t.api.post(`/api/v1/issues/${issue.id}/relations`, { type: 'related', relatedIssueId: 1 })).status).toBe(404);
    }
  });

  it('answers 404 for an unknown issue', async () => {
    expect((await t.api.delete('/api/v1/issues/no-such-issue')).status).toBe(404);
    expect((await t.api.delete('/api/v1/issues/999999')).status).toBe(404);
  });

  it('disappears from lists, totals, children, parents and relations', async () => {
    const parent = await f.anIssue();
    const child = await f.aChildOf(parent);
    const sibling = await f.aChildOf(parent);
    const other = await f.anIssue();
    await f.aRelation(child, 'blocks', other);
    const before = (await t.api.get('/api/v1/issues')).body.total;

    expect((await t.api.delete(`/api/v1/issues/${child.id}`)).status).toBe(204);
    const list = await t.api.get('/api/v1/issues?limit=200');
    expect(list.body.total).toBe(before - 1);
    expect(list.body.data.map((issue: { id: string }) => issue.id)).not.toContain(child.id);
    expect((await t.api.get(`/api/v1/issues/${parent.id}`)).body.data.children).toEqual([summaryOf(sibling)]);
    expect((await t.api.get(`/api/v1/issues/${other.id}`)).body.data.relations).toEqual([]);
    expect((await t.api.get(`/api/v1/issues?parentId=${parent.id}`)).body.total).toBe(1);

    await t.api.delete(`/api/v1/issues/${parent.id}`);
    const orphan = (await t.api.get(`/api/v1/issues/${sibling.id}`)).body.data;
    expect(orphan).toMatchObject({ parent: null, parentId: null });
  });

  it('cannot be named in a body any more', async () => {
    const issue = await f.anIssue();
    const other = await f.anIssue();
    await t.api.delete(`/api/v1/issues/${issue.id}`);
    const asParent = await t.api.post('/api/v1/issues', { title: 'x', type: 'task', parentId: issue.id });
    expect(asParent.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'parentId' }] });
    const asRelated = await t.api.post(`/api/v1/issues/${other.id}/relations`, { type: 'related', relatedIssueId: issue.number });
    expect(asRelated.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'relatedIssueId' }] });
  });

  describe('an issue an agent has claimed', () => {
    /** A project whose issues all get one fresh template version, so its metrics belong to the test. */
    async function aProjectWithItsOwnTemplate() {
      const project = await aProjectRow(t.db);
      const { template, version } = await aTemplateWithActiveVersion(t.db, { projectId: project.id });
      return { projectId: project.id, versionPath: `/api/v1/templates/${template.id}/versions/${version!.id}` };
    }
    const claim = async (projectId: string) => {
      const response = await t.api.get(`/api/v1/dispatch/next?projectId=${projectId}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.data as { issue: { id: string }; meta: { dispatchId: string } };
    };
    const dispatchRow = async (id: string) => (await t.db.select().from(dispatches).where(eq(dispatches.id, id)))[0]!;
    const metricsOf = async (versionPath: string) => {
      const { usageCount, completionRate, avgDurationMs } = (await t.api.get(versionPath)).body.data;
      return { usageCount, completionRate, avgDurationMs };
    };

    it('closes the open claim as canceled, keeping the report, and counts it in the version metrics; one statement', async () => {
      const { projectId, versionPath } = await aProjectWithItsOwnTemplate();
      await aReadyTask(t.db, { projectId });
      await aReadyTask(t.db, { projectId });
      try {
        const finished = await claim(projectId);
        clock.advance(minutes(20));
        expect((await t.api.patch(`/api/v1/issues/${finished.issue.id}`, { status: 'done' })).status).toBe(200);
        const deleted = await claim(projectId);
        await t.api.patch(`/api/v1/issues/${deleted.issue.id}`, { agentSessionId: 'session-7', agentSummary: 'Half way' });
        expect(await metricsOf(versionPath)).toEqual({ usageCount: 2, completionRate: 1, avgDurationMs: minutes(20) });

        clock.advance(minutes(5));
        t.queries.reset();
        expect((await t.api.delete(`/api/v1/issues/${deleted.issue.id}`)).status).toBe(204);
        expect(t.queries.statements).toHaveLength(1);

        expect(await dispatchRow(deleted.meta.dispatchId)).toMatchObject({
          outcome: 'canceled',
          finishedAt: clock.now(),
          agentSessionId: 'session-7',
          summary: 'Half way',
        });
        // Canceled counts as finished, never as done: half the claims completed, the duration is unchanged.
        expect(await metricsOf(versionPath)).toEqual({ usageCount: 2, completionRate: 0.5, avgDurationMs: minutes(20) });
      } finally {
        clock.set(fixtureNow);
      }
    });

    it('is never handed out again, not even once the lease has run out', async () => {
      const { projectId } = await aProjectWithItsOwnTemplate();
      const issue = await aReadyTask(t.db, { projectId });
      try {
        const { meta } = await claim(projectId);
        expect((await t.api.delete(`/api/v1/issues/${issue.number}`)).status).toBe(204);
        expect((await dispatchRow(meta.dispatchId)).outcome).toBe('canceled');

        clock.advance(t.env.DISPATCH_LEASE_SECONDS * 1000 + minutes(1));
        expect((await t.api.get(`/api/v1/dispatch/queue?projectId=${projectId}`)).body).toMatchObject({ data: [], total: 0 });
        expect((await t.api.get(`/api/v1/dispatch/next?projectId=${projectId}`)).status).toBe(204);
        expect((await dispatchRow(meta.dispatchId)).outcome).toBe('canceled');
        expect((await t.api.delete(`/api/v1/issues/${issue.id}`)).status).toBe(404);
      } finally {
        clock.set(fixtureNow);
      }
    });

    it('leaves a claim that already closed as it was', async () => {
      const { projectId, versionPath } = await aProjectWithItsOwnTemplate();
      const issue = await aReadyTask(t.db, { projectId });
      const { meta } = await claim(projectId);
      await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'done' });
      const before = await dispatchRow(meta.dispatchId);

      clock.advance(minutes(5));
      try {
        expect((await t.api.delete(`/api/v1/issues/${issue.id}`)).status).toBe(204);
        expect(await dispatchRow(meta.dispatchId)).toEqual(before);
        expect(await metricsOf(versionPath)).toEqual({ usageCount: 1, completionRate: 1, avgDurationMs: 0 });
      } finally {
        clock.set(fixtureNow);
      }
    });
  });
});
