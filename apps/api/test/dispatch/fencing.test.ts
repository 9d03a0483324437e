import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments, dispatches, issues } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aReadyTask, fixtureNow } from '../support/fixtures/dispatch';

const leaseSeconds = 600;
const pastTheLease = (leaseSeconds + 1) * 1000;

interface Claimed {
  issue: { id: string; number: number; previousSessions: Record<string, unknown>[] };
  meta: { dispatchId: string; leaseExpiresAt: string };
}

describe('claim fencing: Loop-Dispatch-Id on reports', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: String(leaseSeconds) } });
  });
  afterAll(() => t.close());

  const claim = async (projectId: string) => {
    const response = await t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.data as Claimed;
  };
  const as = (dispatchId: string) => ({ headers: { 'Loop-Dispatch-Id': dispatchId } });
  const dispatchRow = async (id: string) => (await t.db.select().from(dispatches).where(eq(dispatches.id, id)))[0]!;
  const issueRow = async (id: string) => (await t.db.select().from(issues).where(eq(issues.id, id)))[0]!;
  const commentCount = async (issueId: string) => (await t.db.select().from(comments).where(eq(comments.issueId, issueId))).length;
  const expectLeaseLost = (response: { status: number; body: { code: string; error: string } }) => {
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: expect.any(String), code: 'lease_lost' });
  };

  async function oneReadyIssue() {
    const { id: projectId } = await aProjectRow(t.db);
    const issue = await aReadyTask(t.db, { projectId });
    return { projectId, issue };
  }

  it("refuses a stale agent's late report: B's claim stays intact and B's own report closes it", async () => {
    const { projectId, issue } = await oneReadyIssue();
    try {
      // A claims and reports progress on its claim.
      const a = await claim(projectId);
      const commit = { sha: 'a1b2c3', message: 'A: first half' };
      const progress = await t.api.patch(
        `/api/v1/issues/${issue.id}`,
        { agentSummary: 'A got half-way', agentSessionId: 'session-A', commits: [commit] },
        as(a.meta.dispatchId),
      );
      expect(progress.status).toBe(200);

      // A stalls; its lease runs out and B claims the same issue.
      clock.advance(pastTheLease);
      const b = await claim(projectId);
      expect(b.issue.id).toBe(issue.id);
      expect(b.meta.dispatchId).not.toBe(a.meta.dispatchId);
      // Nothing A reported is lost: the expired session carries it.
      expect(b.issue.previousSessions).toEqual([
        expect.objectContaining({
          dispatchId: a.meta.dispatchId,
          outcome: 'expired',
          summary: 'A got half-way',
          agentSessionId: 'session-A',
          commits: [commit],
          pullRequests: null,
        }),
      ]);

      // A wakes up and reports done, comments and heartbeats: every one is refused and changes nothing.
      clock.advance(1000);
      const before = await issueRow(issue.id);
      expectLeaseLost(await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'done', agentSummary: 'A finished' }, as(a.meta.dispatchId)));
      expectLeaseLost(
        await t.api.post(`/api/v1/issues/${issue.number}/comments`, { body: 'A: all done', authorName: 'agent-a', authorType: 'agent' }, as(a.meta.dispatchId)),
      );
      expectLeaseLost(await t.api.post(`/api/v1/dispatches/${a.meta.dispatchId}/heartbeat`));
      expect(await issueRow(issue.id)).toEqual(before);
      expect(await commentCount(issue.id)).toBe(0);
      expect(await dispatchRow(b.meta.dispatchId)).toMatchObject({ outcome: 'claimed', finishedAt: null, summary: null, agentSessionId: null });

      // B reports on its own claim and closes it.
      const done = await t.api.patch(
        `/api/v1/issues/${issue.id}`,
        { status: 'done', agentSummary: 'B finished it', agentSessionId: 'session-B' },
        as(b.meta.dispatchId),
      );
      expect(done.status).toBe(200);
      expect(done.body.data).toMatchObject({ status: 'done', agentSummary: 'B finished it' });
      expect(await dispatchRow(b.meta.dispatchId)).toMatchObject({
        outcome: 'done',
        finishedAt: clock.now(),
        summary: 'B finished it',
        agentSessionId: 'session-B',
      });
      expect(await dispatchRow(a.meta.dispatchId)).toMatchObject({
        outcome: 'expired',
        summary: 'A got half-way',
        agentSessionId: 'session-A',
        commits: [commit],
      });
      // Once closed, B's claim fences B out too.
      expectLeaseLost(await t.api.patch(`/api/v1/issues/${issue.id}`, { agentSummary: 'B again' }, as(b.meta.dispatchId)));
    } finally {
      clock.set(fixtureNow);
    }
  });

  it('refuses a report whose lease ran out even before anyone claimed the issue again', async () => {
    const { projectId, issue } = await oneReadyIssue();
    try {
      const a = await claim(projectId);
      clock.advance(leaseSeconds * 1000);
      const before = await issueRow(issue.id);
      const late = await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'done' }, as(a.meta.dispatchId));
      expectLeaseLost(late);
      expect(late.body.error).toContain('lease');
      expect(await issueRow(issue.id)).toEqual(before);
      expect((await dispatchRow(a.meta.dispatchId)).outcome).toBe('claimed');
    } finally {
      clock.set(fixtureNow);
    }
  });

  it("refuses another issue's dispatch id and an unknown one", async () => {
    const first = await oneReadyIssue();
    const second = await oneReadyIssue();
    const claimOfFirst = await claim(first.projectId);
    await claim(second.projectId);
    const before = await issueRow(second.issue.id);
    expectLeaseLost(await t.api.patch(`/api/v1/issues/${second.issue.id}`, { status: 'done' }, as(claimOfFirst.meta.dispatchId)));
    expectLeaseLost(await t.api.patch(`/api/v1/issues/${second.issue.id}`, { status: 'done' }, as('no-such-dispatch')));
    expectLeaseLost(
      await t.api.post(`/api/v1/issues/${second.issue.id}/comments`, { body: 'x', authorName: 'a', authorType: 'agent' }, as(claimOfFirst.meta.dispatchId)),
    );
    expect(await issueRow(second.issue.id)).toEqual(before);
    expect(await commentCount(second.issue.id)).toBe(0);
  });

  it('accepts reports and comments on the open claim', async () => {
    const { projectId, issue } = await oneReadyIssue();
    const a = await claim(projectId);
    const comment = await t.api.post(
      `/api/v1/issues/${issue.id}/comments`,
      { body: 'Starting with the tests', authorName: 'agent-a', authorType: 'agent' },
      as(a.meta.dispatchId),
    );
    expect(comment.status).toBe(201);
    const pullRequest = { number: 7, url: 'https://example.test/pr/7', status: 'open', merged: false };
    const report = await t.api.patch(`/api/v1/issues/${issue.number}`, { pullRequests: [pullRequest] }, as(a.meta.dispatchId));
    expect(report.status).toBe(200);
    expect(await dispatchRow(a.meta.dispatchId)).toMatchObject({ outcome: 'claimed', pullRequests: [pullRequest] });
  });

  it('leaves writes without the header as they were: a person may edit a claimed issue', async () => {
    const { projectId, issue } = await oneReadyIssue();
    const a = await claim(projectId);
    expect((await t.api.patch(`/api/v1/issues/${issue.id}`, { priority: 1 })).status).toBe(200);
    expect((await t.api.post(`/api/v1/issues/${issue.id}/comments`, { body: 'Human note', authorName: 'ada', authorType: 'human' })).status).toBe(201);
    expect((await dispatchRow(a.meta.dispatchId)).outcome).toBe('claimed');
  });

  it("keeps the report of an agent that never sends the header when its lease expires", async () => {
    const { projectId, issue } = await oneReadyIssue();
    try {
      const a = await claim(projectId);
      expect((await t.api.patch(`/api/v1/issues/${issue.id}`, { agentSummary: 'Legacy agent, half-way', agentSessionId: 'legacy-1' })).status).toBe(200);
      clock.advance(pastTheLease);
      const b = await claim(projectId);
      expect(b.issue.previousSessions).toEqual([
        expect.objectContaining({ dispatchId: a.meta.dispatchId, outcome: 'expired', summary: 'Legacy agent, half-way', agentSessionId: 'legacy-1' }),
      ]);
    } finally {
      clock.set(fixtureNow);
    }
  });

  it('answers 422 naming the header for an empty or overlong dispatch id, changing nothing', async () => {
    const { projectId, issue } = await oneReadyIssue();
    await claim(projectId);
    for (const value of ['', 'x'.repeat(256)]) {
      const response = await t.api.patch(`/api/v1/issues/${issue.id}`, { status: 'done' }, as(value));
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual(['loop-dispatch-id']);
    }
    expect((await issueRow(issue.id)).status).toBe('in_progress');
  });
});
