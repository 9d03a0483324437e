import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, promptVersions } from '../../src/db/schema';
import { onIssueStatusChange } from '../../src/domain/dispatch/lifecycle';
import { countedVersionColumns } from '../../src/domain/prompts/usage';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aDispatch, aProjectRow, aReadyTask, aTemplateWithActiveVersion, fixtureNow } from '../support/fixtures/dispatch';

const minutes = (n: number) => n * 60 * 1000;

describe('dispatch lifecycle: reporting back through PATCH /issues/:id', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  /** A project whose issues all get one fresh template version, so its metrics belong to the test. */
  async function aProjectWithItsOwnTemplate() {
    const project = await aProjectRow(t.db);
    const { version } = await aTemplateWithActiveVersion(t.db, { projectId: project.id, content: 'Do {{issue.title}}' });
    return { projectId: project.id, versionId: version!.id };
  }
  const claim = async (projectId: string) => {
    const response = await t.api.get(`/api/v1/dispatch/next?projectId=${projectId}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.data as { issue: { id: string; previousSessions: { outcome: string; summary: string | null }[] }; meta: { dispatchId: string } };
  };
  const patch = async (issueId: string, body: Record<string, unknown>) => {
    const response = await t.api.patch(`/api/v1/issues/${issueId}`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };
  const dispatchRow = async (id: string) => (await t.db.select().from(dispatches).where(eq(dispatches.id, id)))[0]!;
  const metrics = async (versionId: string) => {
    const [row] = await t.db
      .select({ usageCount: countedVersionColumns.usageCount, completionRate: countedVersionColumns.completionRate, avgDurationMs: countedVersionColumns.avgDurationMs })
      .from(promptVersions)
      .where(eq(promptVersions.id, versionId));
    return row!;
  };

  it('done closes the claim with the agent report and updates usage, completion rate and duration', async () => {
    const { projectId, versionId } = await aProjectWithItsOwnTemplate();
    await aReadyTask(t.db, { projectId });
    await aReadyTask(t.db, { projectId });
    try {
      const first = await claim(projectId);
      expect(await metrics(versionId)).toEqual({ usageCount: 1, completionRate: null, avgDurationMs: null });

      clock.advance(minutes(20));
      await patch(first.issue.id, { status: 'done', agentSummary: 'Fixed it', agentSessionId: 'session-1' });
      expect(await dispatchRow(first.meta.dispatchId)).toMatchObject({
        outcome: 'done',
        finishedAt: clock.now(),
        summary: 'Fixed it',
        agentSessionId: 'session-1',
      });
      expect(await metrics(versionId)).toEqual({ usageCount: 1, completionRate: 1, avgDurationMs: minutes(20) });

      const second = await claim(projectId);
      clock.advance(minutes(5));
      await patch(second.issue.id, { status: 'canceled' });
      expect((await dispatchRow(second.meta.dispatchId)).outcome).toBe('canceled');
      // Completion counts every finished claim; the duration only the ones that reached done.
      expect(await metrics(versionId)).toEqual({ usageCount: 2, completionRate: 0.5, avgDurationMs: minutes(20) });
    } finally {
      clock.set(fixtureNow);
    }
  });

  it('averages the duration over every done claim', async () => {
    const { projectId, versionId } = await aProjectWithItsOwnTemplate();
    await aReadyTask(t.db, { projectId });
    await aReadyTask(t.db, { projectId });
    try {
      const first = await claim(projectId);
      clock.advance(minutes(10));
      await patch(first.issue.id, { status: 'done' });
      const second = await claim(projectId);
      clock.advance(minutes(30));
      await patch(second.issue.id, { status: 'done' });
      expect(await metrics(versionId)).toEqual({ usageCount: 2, completionRate: 1, avgDurationMs: minutes(20) });
    } finally {
      clock.set(fixtureNow);
    }
  });

  it('moving the issue back to todo releases the claim; it is ready again and the next prompt shows the attempt', async () => {
    const { projectId, versionId } = await aProjectWithItsOwnTemplate();
    const issue = await aReadyTask(t.db, { projectId });
    const first = await claim(projectId);
    await patch(issue.id, { status: 'todo', agentSummary: 'Needs a database I cannot reach' });
    expect(await dispatchRow(first.meta.dispatchId)).toMatchObject({
      outcome: 'released',
      finishedAt: fixtureNow,
      summary: 'Needs a database I cannot reach',
    });
    expect(await metrics(versionId)).toMatchObject({ usageCount: 1, completionRate: 0 });

    const second = await claim(projectId);
    expect(second.issue.id).toBe(issue.id);
    expect(second.issue.previousSessions).toEqual([
      expect.objectContaining({ outcome: 'released', summary: 'Needs a database I cannot reach' }),
    ]);

    // The second agent reports nothing new: the first agent's summary is not copied onto its claim.
    await patch(issue.id, { status: 'done' });
    expect(await dispatchRow(second.meta.dispatchId)).toMatchObject({ outcome: 'done', summary: null });
    expect(await metrics(versionId)).toMatchObject({ usageCount: 2, completionRate: 0.5 });
  });

  it('backlog releases too; a move to in_progress or an unrelated edit leaves the claim open', async () => {
    const { projectId } = await aProjectWithItsOwnTemplate();
    const issue = await aReadyTask(t.db, { projectId });
    const { meta } = await claim(projectId);
    await patch(issue.id, { priority: 2, status: 'in_progress' });
    expect((await dispatchRow(meta.dispatchId)).outcome).toBe('claimed');
    await patch(issue.id, { status: 'backlog' });
    expect((await dispatchRow(meta.dispatchId)).outcome).toBe('released');
  });

  it('counts an expired claim as finished when the issue is claimed again', async () => {
    const { projectId, versionId } = await aProjectWithItsOwnTemplate();
    await aReadyTask(t.db, { projectId });
    try {
      const first = await claim(projectId);
      clock.advance(t.env.DISPATCH_LEASE_SECONDS * 1000);
      const second = await claim(projectId);
      expect(second.issue.id).toBe(first.issue.id);
      expect((await dispatchRow(first.meta.dispatchId)).outcome).toBe('expired');
      expect(await metrics(versionId)).toEqual({ usageCount: 2, completionRate: 0, avgDurationMs: null });
      clock.advance(minutes(15));
      await patch(second.issue.id, { status: 'done' });
      expect(await metrics(versionId)).toEqual({ usageCount: 2, completionRate: 0.5, avgDurationMs: minutes(15) });
    } finally {
      clock.set(fixtureNow);
    }
  });
});

describe('onIssueStatusChange', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('leaves an open claim alone when the status does not really change, or moves to in_progress', async () => {
    const issue = await aReadyTask(t.db, { status: 'in_progress' });
    const open = await aDispatch(t.db, { issueId: issue.id });
    await onIssueStatusChange(t.db, { issueId: issue.id, from: 'in_progress', to: 'in_progress', now: fixtureNow });
    await onIssueStatusChange(t.db, { issueId: issue.id, from: 'todo', to: 'in_progress', now: fixtureNow });
    expect((await t.db.select().from(dispatches).where(eq(dispatches.id, open.id)))[0]!.outcome).toBe('claimed');
  });

  it('touches only the open claim, and copes with an issue that has none', async () => {
    const issue = await aReadyTask(t.db, { status: 'in_progress' });
    const earlier = await aDispatch(t.db, { issueId: issue.id, outcome: 'expired', finishedAt: fixtureNow });
    const open = await aDispatch(t.db, { issueId: issue.id });
    const later = new Date(fixtureNow.getTime() + minutes(1));
    await onIssueStatusChange(t.db, { issueId: issue.id, from: 'in_progress', to: 'done', now: later });
    const rows = await t.db.select().from(dispatches).where(eq(dispatches.issueId, issue.id));
    expect(rows.find((row) => row.id === earlier.id)).toMatchObject({ outcome: 'expired', finishedAt: fixtureNow });
    expect(rows.find((row) => row.id === open.id)).toMatchObject({ outcome: 'done', finishedAt: later });

    const unclaimed = await aReadyTask(t.db);
    await expect(
      onIssueStatusChange(t.db, { issueId: unclaimed.id, from: 'todo', to: 'done', now: fixtureNow }),
    ).resolves.toBeUndefined();
  });
});
