import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, issueRelations, issues, type IssueType, projects } from '../../src/db/schema';
import { compareForQueue, scoreIssue } from '../support/scoring-oracle';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import {
  aBlock,
  aDispatch,
  anIssue,
  aProjectRow,
  aProjectWithActiveGoal,
  aReadyTask,
  aSignalInTriage,
  daysBefore,
  fixtureNow,
} from '../support/fixtures/dispatch';

describe('GET /dispatch/queue', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  /** Every test works in a project of its own, so the global queue's other rows never interfere. */
  const queueOf = async (projectId: string, query = '') => {
    const response = await t.api.get(`/api/v1/dispatch/queue?projectId=${projectId}${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as {
      data: { issue: { id: string; number: number; status: string }; score: number; breakdown: Record<string, number> }[];
      total: number;
      limit: number;
      offset: number;
    };
  };
  const idsIn = async (projectId: string) => (await queueOf(projectId)).data.map((entry) => entry.issue.id);

  describe('the ready set', () => {
    it('holds todo issues and signals still in triage, nothing else', async () => {
      const project = await aProjectRow(t.db);
      const projectId = project.id;
      const todo = await aReadyTask(t.db, { projectId });
      const signal = await aSignalInTriage(t.db, { projectId });
      await anIssue(t.db, { projectId, type: 'task', status: 'triage' });
      await anIssue(t.db, { projectId, status: 'backlog' });
      await anIssue(t.db, { projectId, status: 'done' });
      await anIssue(t.db, { projectId, status: 'canceled' });
      await anIssue(t.db, { projectId, status: 'in_progress' });
      await anIssue(t.db, { projectId, type: 'signal', status: 'backlog' });
      await anIssue(t.db, { projectId, status: 'todo', deletedAt: fixtureNow });
      expect((await idsIn(projectId)).sort()).toEqual([todo.id, signal.id].sort());
    });

    it('leaves out an issue with an unfinished blocker until the blocker is done, canceled or deleted', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const blocked = await aReadyTask(t.db, { projectId });
      const blockers = await Promise.all(
        (['todo', 'in_progress', 'backlog'] as const).map((status) => anIssue(t.db, { status, type: 'plan' })),
      );
      for (const blocker of blockers) await aBlock(t.db, blocker, blocked);
      expect(await idsIn(projectId)).toEqual([]);

      await t.db.update(issues).set({ status: 'done' }).where(eq(issues.id, blockers[0]!.id));
      await t.db.update(issues).set({ status: 'canceled' }).where(eq(issues.id, blockers[1]!.id));
      expect(await idsIn(projectId)).toEqual([]);
      await t.db.update(issues).set({ deletedAt: fixtureNow }).where(eq(issues.id, blockers[2]!.id));
      expect(await idsIn(projectId)).toEqual([blocked.id]);
    });

    it('is not confused by the relations an issue has as the blocker, or by related/duplicate links', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const blocker = await aReadyTask(t.db, { projectId });
      const blocked = await anIssue(t.db, { status: 'backlog' });
      await aBlock(t.db, blocker, blocked);
      const other = await anIssue(t.db, { status: 'todo' });
      const [a, b] = [blocker.id, other.id].sort();
      await t.db.insert(issueRelations).values({ type: 'related', issueId: a!, relatedIssueId: b! });
      expect(await idsIn(projectId)).toContain(blocker.id);
    });

    it('takes back an in_progress issue whose lease has expired, not one still leased', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const expired = await anIssue(t.db, { projectId, status: 'in_progress' });
      const leased = await anIssue(t.db, { projectId, status: 'in_progress' });
      await aDispatch(t.db, { issueId: expired.id, claimedAt: daysBefore(1), leaseExpiresAt: new Date(fixtureNow.getTime() - 1) });
      await aDispatch(t.db, { issueId: leased.id, claimedAt: fixtureNow, leaseExpiresAt: new Date(fixtureNow.getTime() + 60_000) });
      expect(await idsIn(projectId)).toEqual([expired.id]);
    });
  });

  describe('the ranking', () => {
    it('returns each breakdown and the order that the documented scoring function gives', async () => {
      const withGoal = await aProjectWithActiveGoal(t.db);
      const cases: { type: IssueType; priority: number; waitedDays: number; goal: boolean }[] = [
        { type: 'task', priority: 3, waitedDays: 0, goal: false },
        { type: 'task', priority: 3, waitedDays: 0, goal: true },
        { type: 'monitor', priority: 1, waitedDays: 2.5, goal: false },
        { type: 'signal', priority: 1, waitedDays: 2.2, goal: false },
        { type: 'hypothesis', priority: 4, waitedDays: 30, goal: true },
        { type: 'plan', priority: 0, waitedDays: 0.5, goal: false },
        { type: 'plan', priority: 0, waitedDays: 0.9, goal: false },
        { type: 'task', priority: 2, waitedDays: 5, goal: false },
        { type: 'hypothesis', priority: 2, waitedDays: 0, goal: true },
      ];
      // Two projects (one without an active goal) share the queue, so it is read unfiltered and
      // narrowed to these issues by id.
      const plain = await aProjectRow(t.db, { goalStatus: 'achieved' });
      const rows = [];
      for (const item of cases) {
        rows.push(
          await anIssue(t.db, {
            type: item.type,
            status: item.type === 'signal' ? 'triage' : 'todo',
            priority: item.priority,
            projectId: item.goal ? withGoal.id : plain.id,
            statusChangedAt: daysBefore(item.waitedDays),
          }),
        );
      }
      const ours = new Set(rows.map((row) => row.id));
      const response = await t.api.get('/api/v1/dispatch/queue?limit=200');
      const entries = (response.body.data as { issue: { id: string }; score: number; breakdown: object }[]).filter((entry) =>
        ours.has(entry.issue.id),
      );

      const inputs = rows.map((row, index) => ({
        id: row.id,
        type: row.type,
        number: row.number,
        priority: row.priority,
        statusChangedAt: row.statusChangedAt,
        hasActiveGoal: cases[index]!.goal,
      }));
      const expected = [...inputs].sort(compareForQueue(fixtureNow));
      expect(entries).toHaveLength(cases.length);
      expect(entries.map((entry) => entry.issue.id)).toEqual(expected.map((input) => input.id));
      for (const entry of entries) {
        const input = inputs.find((candidate) => candidate.id === entry.issue.id)!;
        const breakdown = scoreIssue(input, fixtureNow);
        expect(entry.breakdown).toEqual(breakdown);
        expect(entry.score).toBe(breakdown.total);
      }
    });

    it('grants the goal bonus only for a live, active goal of a live project', async () => {
      const active = await aProjectWithActiveGoal(t.db);
      const achieved = await aProjectRow(t.db, { goalStatus: 'achieved' });
      const abandoned = await aProjectRow(t.db, { goalStatus: 'abandoned' });
      const deletedGoal = await aProjectRow(t.db, { goalFields: { status: 'active', deletedAt: fixtureNow } });
      const deletedProject = await aProjectWithActiveGoal(t.db);
      await t.db.update(projects).set({ deletedAt: fixtureNow }).where(eq(projects.id, deletedProject.id));
      // Read from the whole queue: a deleted project's filter would match nothing.
      const goalBonus = async (projectId: string) => {
        const issue = await aReadyTask(t.db, { projectId });
        const whole = await t.api.get('/api/v1/dispatch/queue?limit=200');
        const entry = whole.body.data.find((item: { issue: { id: string } }) => item.issue.id === issue.id);
        return entry.breakdown.goal as number;
      };
      expect(await goalBonus(active.id)).toBe(20);
      expect(await goalBonus(achieved.id)).toBe(0);
      expect(await goalBonus(abandoned.id)).toBe(0);
      expect(await goalBonus(deletedGoal.id)).toBe(0);
      expect(await goalBonus(deletedProject.id)).toBe(0);
    });

    it('counts age from the injected clock, not the database clock', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      await aReadyTask(t.db, { projectId });
      expect((await queueOf(projectId)).data[0]!.breakdown.age).toBe(0);
      clock.advance(3 * 24 * 60 * 60 * 1000);
      try {
        expect((await queueOf(projectId)).data[0]!.breakdown.age).toBe(3);
      } finally {
        clock.set(fixtureNow);
      }
    });
  });

  describe('pagination and filters', () => {
    it('pages through one global ranking; total counts the whole ready set', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      for (const priority of [4, 0, 1, 3, 2]) await aReadyTask(t.db, { projectId, priority });
      const whole = await queueOf(projectId);
      expect(whole.total).toBe(5);
      expect(whole.data.map((entry) => entry.score)).toEqual([100, 75, 50, 25, 10]);

      const first = await queueOf(projectId, '&limit=2');
      const second = await queueOf(projectId, '&limit=2&offset=2');
      const third = await queueOf(projectId, '&limit=2&offset=4');
      expect([...first.data, ...second.data, ...third.data].map((entry) => entry.issue.id)).toEqual(
        whole.data.map((entry) => entry.issue.id),
      );
      expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
      expect(second).toMatchObject({ limit: 2, offset: 2 });

      const beyond = await queueOf(projectId, '&offset=10');
      expect(beyond.data).toEqual([]);
      expect(beyond.total).toBe(5);
    });

    it('narrows to one project; an unknown project gives an empty page', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const mine = await aReadyTask(t.db, { projectId });
      await aReadyTask(t.db);
      expect(await idsIn(projectId)).toEqual([mine.id]);
      expect(await queueOf('no-such-project')).toMatchObject({ data: [], total: 0 });
    });

    it('treats a deleted project as unknown: its filter matches nothing, its issues stay in the whole queue', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const orphan = await aReadyTask(t.db, { projectId });
      await t.db.update(projects).set({ deletedAt: fixtureNow }).where(eq(projects.id, projectId));
      expect(await queueOf(projectId)).toMatchObject({ data: [], total: 0 });
      const whole = await t.api.get('/api/v1/dispatch/queue?limit=200');
      expect(whole.body.data.map((entry: { issue: { id: string } }) => entry.issue.id)).toContain(orphan.id);
    });

    it('claims nothing and is never cached', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const issue = await aReadyTask(t.db, { projectId });
      const response = await t.api.get(`/api/v1/dispatch/queue?projectId=${projectId}`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.data[0].issue).toEqual({
        id: issue.id,
        number: issue.number,
        title: issue.title,
        type: 'task',
        status: 'todo',
        priority: 0,
      });
      expect(await idsIn(projectId)).toEqual([issue.id]);
      expect(await t.db.select().from(dispatches).where(eq(dispatches.issueId, issue.id))).toEqual([]);
    });

    it.each(['limit=0', 'limit=201', 'offset=-1', 'limit=abc', 'projectId='])('rejects %s with 422', async (query) => {
      const response = await t.api.get(`/api/v1/dispatch/queue?${query}`);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
    });

    it('requires a key', async () => {
      const response = await t.api.get('/api/v1/dispatch/queue', { key: null });
      expect(response.status).toBe(401);
    });
  });
});
