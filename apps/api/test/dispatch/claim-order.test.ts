import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issues, issueTypes } from '../../src/db/schema';
import { shortlistSize } from '../../src/domain/dispatch/walk';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import {
  aBlock,
  aDispatch,
  anIssue,
  aProjectRow,
  daysBefore,
  fixtureNow,
  type IssueRow,
  readyTasks,
} from '../support/fixtures/dispatch';

/**
 * The claim reads the heads of per-(project, priority, type) lists instead of sorting the whole
 * queue (`shortlistSql`); `/dispatch/queue` still ranks every ready issue with the full order. So
 * whatever the mix of projects, goals, priorities, types, ages, ties, blockers and expired leases,
 * claiming one issue after another must hand them out in exactly the queue's order.
 */
describe('GET /dispatch/next hands issues out in exactly the queue order', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  async function queueOrder(): Promise<string[]> {
    const response = await t.api.get('/api/v1/dispatch/queue?limit=200');
    expect(response.status).toBe(200);
    return response.body.data.map((entry: { issue: { id: string } }) => entry.issue.id);
  }

  async function claimAll(): Promise<string[]> {
    const claimed: string[] = [];
    for (;;) {
      const response = await t.api.get('/api/v1/dispatch/next');
      if (response.status === 204) return claimed;
      expect(response.status).toBe(200);
      claimed.push(response.body.data.issue.id);
    }
  }

  it('across projects, goal bonuses, priorities, types, day bands, ties, blockers and expired leases', async () => {
    const withActiveGoal = await aProjectRow(t.db, { goalStatus: 'active' });
    const withAchievedGoal = await aProjectRow(t.db, { goalStatus: 'achieved' });
    const plain = await aProjectRow(t.db);
    const projects = [withActiveGoal.id, withAchievedGoal.id, plain.id, null];

    // Scores that meet across lists: priority 50 waiting 25 days ties priority 75 waiting 0 days, and
    // the goal bonus (+20) ties 20 days of waiting; hours inside a day change the order only through
    // the tie-breakers.
    const mixed: (typeof issues.$inferInsert)[] = [];
    for (const projectId of projects) {
      for (const priority of [0, 2, 3]) {
        for (const type of ['signal', 'task'] as const) {
          for (const ageDays of [0, 5, 20, 25.5]) {
            const n = mixed.length;
            mixed.push({
              title: `Mixed ${n}`,
              type,
              status: type === 'signal' ? 'triage' : 'todo',
              priority,
              projectId,
              statusChangedAt: daysBefore(ageDays + (n % 3) / 24),
            });
          }
        }
      }
    }
    const created: IssueRow[] = await t.db.insert(issues).values(mixed).returning();
    // More identical tasks in one list than the shortlist holds: only their numbers tell them apart.
    created.push(...(await readyTasks(t.db, shortlistSize + 8, { priority: 1, statusChangedAt: daysBefore(3) })));

    // Blocked by an unfinished issue: never handed out (and its blocker stays in_progress once claimed).
    const blocker = await anIssue(t.db, { type: 'task', status: 'in_progress', priority: 1 });
    const blocked = await anIssue(t.db, { type: 'task', status: 'todo', priority: 1, statusChangedAt: daysBefore(40) });
    await aBlock(t.db, blocker, blocked);
    // An abandoned claim whose lease ran out: ready again, and it keeps its waiting time.
    const abandoned = await anIssue(t.db, { type: 'plan', status: 'in_progress', priority: 2, statusChangedAt: daysBefore(10) });
    await aDispatch(t.db, { issueId: abandoned.id, claimedAt: daysBefore(1), leaseExpiresAt: daysBefore(0.5) });

    const expected = await queueOrder();
    expect(expected).toHaveLength(created.length + 1);
    expect(expected).toContain(abandoned.id);
    expect(expected).not.toContain(blocked.id);

    expect(await claimAll()).toEqual(expected);
  }, 120_000);

  it('narrowed to one project, in that project’s queue order', async () => {
    const project = await aProjectRow(t.db, { goalStatus: 'active' });
    const other = await aProjectRow(t.db);
    for (const type of issueTypes) {
      await anIssue(t.db, { type, status: type === 'signal' ? 'triage' : 'todo', priority: 3, projectId: project.id, statusChangedAt: daysBefore(2) });
      await anIssue(t.db, { type, status: type === 'signal' ? 'triage' : 'todo', priority: 1, projectId: other.id });
    }
    const queue = await t.api.get(`/api/v1/dispatch/queue?projectId=${project.id}&limit=200`);
    const expected = queue.body.data.map((entry: { issue: { id: string } }) => entry.issue.id);
    expect(expected).toHaveLength(issueTypes.length);

    const claimed: string[] = [];
    for (let response = await t.api.get(`/api/v1/dispatch/next?projectId=${project.id}`); response.status === 200; ) {
      claimed.push(response.body.data.issue.id);
      response = await t.api.get(`/api/v1/dispatch/next?projectId=${project.id}`);
    }
    expect(claimed).toEqual(expected);
  });
});
