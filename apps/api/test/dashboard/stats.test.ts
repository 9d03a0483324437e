import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goals, projects } from '../../src/db/schema';
import { sevenDayPeriod } from '../../src/domain/dashboard/stats';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aBlock, aDispatch, anIssue, daysBefore, fixtureNow } from '../support/fixtures/dispatch';

const hoursBefore = (hours: number) => new Date(fixtureNow.getTime() - hours * 60 * 60 * 1000);

describe('GET /dashboard/stats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
    const { db } = t;

    // Issues: 12 live (and one deleted that must count nowhere).
    await anIssue(db, { type: 'signal', status: 'triage' }); // ready
    const blockedSignal = await anIssue(db, { type: 'signal', status: 'triage' });
    await anIssue(db, { type: 'task', status: 'todo' }); // ready
    await anIssue(db, { type: 'task', status: 'todo' }); // ready
    const blockedTask = await anIssue(db, { type: 'task', status: 'todo' });
    const plan = await anIssue(db, { type: 'plan', status: 'backlog' });
    await aBlock(db, plan, blockedSignal);
    await aBlock(db, plan, blockedTask);
    const leased = await anIssue(db, { type: 'hypothesis', status: 'in_progress' });
    const expired = await anIssue(db, { type: 'task', status: 'in_progress' }); // ready again
    const doneToday = await anIssue(db, { type: 'monitor', status: 'done', completedAt: hoursBefore(1) });
    await anIssue(db, { type: 'monitor', status: 'done', completedAt: daysBefore(3) });
    await anIssue(db, { type: 'monitor', status: 'done', completedAt: daysBefore(8) });
    await anIssue(db, { type: 'task', status: 'canceled', completedAt: hoursBefore(2) });
    const deleted = await anIssue(db, { type: 'task', status: 'done', completedAt: hoursBefore(1), deletedAt: fixtureNow });

    // Claims: two in the period (today, two days ago); one too old; one on a deleted issue.
    await aDispatch(db, { issueId: leased.id, claimedAt: hoursBefore(1), leaseExpiresAt: new Date(fixtureNow.getTime() + 60_000) });
    await aDispatch(db, { issueId: expired.id, claimedAt: daysBefore(2), leaseExpiresAt: daysBefore(2) });
    await aDispatch(db, { issueId: doneToday.id, claimedAt: daysBefore(9), outcome: 'done', finishedAt: daysBefore(9) });
    await aDispatch(db, { issueId: deleted.id, claimedAt: hoursBefore(3), outcome: 'done', finishedAt: hoursBefore(1) });

    // Goals: newest first; a deleted one is left out.
    const [checkout] = await db
      .insert(goals)
      .values({ title: 'Checkout errors', metric: 'error_rate', unit: '%', currentValue: 30, targetValue: 120, createdAt: daysBefore(1) })
      .returning();
    await db.insert(goals).values({ title: 'Ship v2', status: 'achieved', currentValue: 5, createdAt: daysBefore(2) });
    await db.insert(goals).values({ title: 'Zero target', currentValue: 3, targetValue: 0, createdAt: daysBefore(3) });
    await db
      .insert(goals)
      .values({ title: 'Error rate below 0.5 %', direction: 'decrease', currentValue: 1, targetValue: 0.5, createdAt: daysBefore(4) });
    await db.insert(goals).values({ title: 'Gone', currentValue: 1, targetValue: 2, deletedAt: fixtureNow });
    await db.insert(projects).values({ name: 'Checkout', goalId: checkout!.id });
  });
  afterAll(() => t.close());

  it('counts live issues by status and by type, every key present', async () => {
    const response = await t.api.get('/api/v1/dashboard/stats');
    expect(response.status).toBe(200);
    expect(response.body.data.issues).toEqual({
      total: 12,
      byStatus: { triage: 2, backlog: 1, todo: 3, in_progress: 2, done: 3, canceled: 1 },
      byType: { signal: 2, hypothesis: 1, plan: 1, task: 5, monitor: 3 },
    });
  });

  it('reports the queue depth (the ready set) and the in-progress count', async () => {
    const response = await t.api.get('/api/v1/dashboard/stats');
    expect(response.body.data.queue).toEqual({ ready: 4, inProgress: 2 });
    const queue = await t.api.get('/api/v1/dispatch/queue');
    expect(queue.body.total).toBe(4);
  });

  it('reports claims and completions for today and the six days before, by UTC day', async () => {
    const { lastSevenDays } = (await t.api.get('/api/v1/dashboard/stats')).body.data;
    expect(lastSevenDays.since).toBe('2026-11-16T00:00:00.000Z');
    expect(lastSevenDays.claims).toBe(2);
    expect(lastSevenDays.completions).toBe(2);
    expect(lastSevenDays.daily).toEqual([
      { date: '2026-11-16', claims: 0, completions: 0 },
      { date: '2026-11-17', claims: 0, completions: 0 },
      { date: '2026-11-18', claims: 0, completions: 0 },
      { date: '2026-11-19', claims: 0, completions: 1 },
      { date: '2026-11-20', claims: 1, completions: 0 },
      { date: '2026-11-21', claims: 0, completions: 0 },
      { date: '2026-11-22', claims: 1, completions: 1 },
    ]);
  });

  it('shows every live goal with its progress, newest first', async () => {
    const { goals: progress } = (await t.api.get('/api/v1/dashboard/stats')).body.data;
    expect(progress).toEqual([
      {
        id: expect.any(String),
        title: 'Checkout errors',
        status: 'active',
        metric: 'error_rate',
        unit: '%',
        direction: 'increase',
        currentValue: 30,
        targetValue: 120,
        percent: 25,
        project: { id: expect.any(String), name: 'Checkout' },
      },
      expect.objectContaining({ title: 'Ship v2', status: 'achieved', currentValue: 5, targetValue: null, percent: null, project: null }),
      expect.objectContaining({ title: 'Zero target', direction: 'increase', percent: 100 }),
      expect.objectContaining({ title: 'Error rate below 0.5 %', direction: 'decrease', percent: 0 }),
    ]);
  });
});

describe('dashboard arithmetic', () => {
  it('takes the seven-day period from UTC midnight six days back to the end of today', () => {
    expect(sevenDayPeriod(new Date('2026-03-01T00:30:00.000Z'))).toEqual({
      since: new Date('2026-02-23T00:00:00.000Z'),
      until: new Date('2026-03-02T00:00:00.000Z'),
    });
  });
});
