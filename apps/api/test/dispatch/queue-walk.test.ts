import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { issues } from '../../src/db/schema';
import { projectCondition, queueOrderSql, readyCondition } from '../../src/domain/dispatch/ready';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aBlock, aDispatch, anIssue, aProjectRow, daysBefore, fixtureNow } from '../support/fixtures/dispatch';
import { deleteProject } from '../support/fixtures/issues';

/** The definition the walk must not drift from: every issue `readyCondition` admits, sorted whole by `queueOrderSql`. */
async function fullRanking(t: TestApp, projectId?: string): Promise<string[]> {
  const rows = await rawRows<{ id: string }>(
    t.db,
    sql`select issues.id from issues where ${readyCondition(fixtureNow)} and ${projectCondition(projectId)}
      order by ${queueOrderSql(fixtureNow)}`,
  );
  return rows.map((row) => row.id);
}

const ids = (body: { data: { issue: { id: string } }[] }) => body.data.map((entry) => entry.issue.id);

/**
 * The queue page is read from the walk of the queue's lists (`topReadySql`) and its total from the
 * maintained counts (`readyCountSql`). The oracle is the definition they must not drift from: every
 * issue `readyCondition` admits, sorted whole by `queueOrderSql`, and counted.
 */
describe('GET /dispatch/queue: the list walk and the maintained total against the full ranking', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  const projectIds: string[] = [];

  const oracle = (projectId?: string) => fullRanking(t, projectId);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const active = await aProjectRow(t.db, { goalStatus: 'active' });
    const plain = await aProjectRow(t.db);
    const doomed = await aProjectRow(t.db, { goalStatus: 'active' });
    projectIds.push(active.id, plain.id, doomed.id);
    const rows: (typeof issues.$inferInsert)[] = [];
    for (const projectId of [...projectIds, null]) {
      for (const priority of [0, 1, 3]) {
        for (const type of ['signal', 'plan', 'task'] as const) {
          for (const age of [0, 2.5, 21]) {
            const n = rows.length;
            rows.push({
              title: `Walk ${n}`,
              type,
              // Signals in triage and todo work are ready; the rest of the statuses are not.
              status: type === 'signal' ? (n % 4 === 0 ? 'backlog' : 'triage') : n % 5 === 0 ? 'done' : 'todo',
              priority,
              projectId,
              statusChangedAt: daysBefore(age + (n % 4) / 24),
              deletedAt: n % 11 === 0 ? daysBefore(1) : null,
            });
          }
        }
      }
    }
    const created = await t.db.insert(issues).values(rows).returning();
    const live = created.filter((issue) => issue.deletedAt === null && (issue.status === 'todo' || issue.status === 'triage'));

    // Blocked by unfinished work (also a triage signal, and twice over); blocked by finished or
    // deleted work, which does not hold an issue back.
    const openBlocker = await anIssue(t.db, { type: 'task', status: 'backlog' });
    const doneBlocker = await anIssue(t.db, { type: 'task', status: 'done' });
    const deletedBlocker = await anIssue(t.db, { type: 'task', status: 'todo', deletedAt: daysBefore(2) });
    await aBlock(t.db, openBlocker, live.find((issue) => issue.type === 'task')!);
    await aBlock(t.db, openBlocker, live.find((issue) => issue.type === 'signal')!);
    await aBlock(t.db, openBlocker, live[3]!);
    await aBlock(t.db, await anIssue(t.db, { type: 'plan', status: 'in_progress' }), live[3]!);
    await aBlock(t.db, doneBlocker, live[5]!);
    await aBlock(t.db, deletedBlocker, live[7]!);

    // Claims whose lease ran out make in_progress work ready again, unless blocked or deleted; a
    // lease still running does not.
    for (const [n, fields] of [
      [0, {}],
      [1, { projectId: active.id }],
      [2, { projectId: doomed.id }],
      [3, { deletedAt: daysBefore(0.1) }],
    ] as const) {
      const abandoned = await anIssue(t.db, { type: 'task', status: 'in_progress', priority: n, statusChangedAt: daysBefore(n * 3), ...fields });
      await aDispatch(t.db, { issueId: abandoned.id, claimedAt: daysBefore(1), leaseExpiresAt: daysBefore(0.5) });
      if (n === 1) await aBlock(t.db, openBlocker, abandoned);
    }
    const leased = await anIssue(t.db, { type: 'task', status: 'in_progress' });
    await aDispatch(t.db, { issueId: leased.id, claimedAt: daysBefore(0.1), leaseExpiresAt: daysBefore(-1) });

    // A deleted project's filter matches nothing; its issues stay in the whole queue.
    await deleteProject(t.db, doomed.id);
  });
  afterAll(() => t.close());

  it('gives the whole ranking, page by page, with the recounted total', async () => {
    const expected = await oracle();
    expect(expected.length).toBeGreaterThan(60);
    const whole = await t.api.get('/api/v1/dispatch/queue?limit=200');
    expect(ids(whole.body)).toEqual(expected);
    expect(whole.body.total).toBe(expected.length);

    const seen: string[] = [];
    for (let offset = 0; offset < expected.length + 7; offset += 7) {
      const page = await t.api.get(`/api/v1/dispatch/queue?limit=7&offset=${offset}`);
      expect(page.body.total).toBe(expected.length);
      seen.push(...ids(page.body));
    }
    expect(seen).toEqual(expected);

    const byCursor: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.api.get(`/api/v1/dispatch/queue?limit=9${cursor ? `&cursor=${cursor}` : ''}`);
      const body = page.body as { total: number; nextCursor: string | null; data: { issue: { id: string } }[] };
      expect(body.total).toBe(expected.length);
      byCursor.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(byCursor).toEqual(expected);
  });

  it('narrowed to a project, gives that project’s ranking and count; a deleted project’s, none', async () => {
    for (const projectId of projectIds) {
      const expected = await oracle(projectId);
      const page = await t.api.get(`/api/v1/dispatch/queue?limit=200&projectId=${projectId}`);
      expect(ids(page.body)).toEqual(expected);
      expect(page.body.total).toBe(expected.length);
    }
    expect((await oracle(projectIds[2])).length).toBe(0);
    expect((await oracle(projectIds[0])).length).toBeGreaterThan(10);
  });

  it('gives the dashboard the recounted queue depth', async () => {
    const stats = await t.api.get('/api/v1/dashboard/stats');
    expect(stats.body.data.queue.ready).toBe((await oracle()).length);
  });
});

/**
 * Long lists whose scores cross: the walk reads each list only down to a floor taken from `size`
 * candidates (the best list's first `size`, a sample of the lists near it), so pages and claims must
 * still match the full ranking where the floor falls on ties of score, of loop stage and of the time
 * within a day, on exact day boundaries, and on lists that the floor drops entirely.
 */
describe('GET /dispatch/queue and /dispatch/next over long lists whose scores cross', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  const listLength = 24;

  const oracle = () => fullRanking(t);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    // Bases 120 (priority 1, goal bonus) down to 50: the best lists outrank every other list's whole
    // length, the middle ones interleave across 11 days of waiting, the lowest never reach the top 51.
    const withGoal = await aProjectRow(t.db, { goalStatus: 'active' });
    const plain = await aProjectRow(t.db);
    const rows: (typeof issues.$inferInsert)[] = [];
    for (const projectId of [withGoal.id, plain.id, null]) {
      for (const priority of [1, 2, 3]) {
        for (const type of ['signal', 'plan', 'task'] as const) {
          const lag = rows.length % 7;
          for (let i = 0; i < listLength; i++) {
            // Every third issue waits a whole number of days exactly (a day boundary); the others
            // sit inside a day, at hours that differ between lists.
            const days = i % 3 === 0 ? i / 2 : i * 0.45 + lag / 24;
            rows.push({
              title: `Crossing ${rows.length}`,
              type,
              status: type === 'signal' ? 'triage' : 'todo',
              priority,
              projectId,
              statusChangedAt: daysBefore(days),
            });
          }
        }
      }
    }
    const created = await t.db.insert(issues).values(rows).returning();
    // A few issues held back inside the lists, near their heads.
    const openBlocker = await anIssue(t.db, { type: 'task', status: 'backlog' });
    for (const n of [1, 30, 77, 200]) await aBlock(t.db, openBlocker, created[n]!);
  });
  afterAll(() => t.close());

  it('pages through the whole ranking by offset and by cursor', async () => {
    const expected = await oracle();
    expect(expected.length).toBe(27 * listLength - 4);
    const first = await t.api.get('/api/v1/dispatch/queue?limit=50');
    expect(ids(first.body)).toEqual(expected.slice(0, 50));

    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 13) {
      seen.push(...ids((await t.api.get(`/api/v1/dispatch/queue?limit=13&offset=${offset}`)).body));
    }
    expect(seen).toEqual(expected);

    const byCursor: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.api.get(`/api/v1/dispatch/queue?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      const body = page.body as { nextCursor: string | null; data: { issue: { id: string } }[] };
      byCursor.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(byCursor).toEqual(expected);
  });

  it('hands out claims in exactly the queue order', async () => {
    const expected = await oracle();
    const claimed: string[] = [];
    for (let i = 0; i < 80; i++) {
      const response = await t.api.post('/api/v1/dispatch/next');
      expect(response.status).toBe(200);
      claimed.push(response.body.data.issue.id);
    }
    expect(claimed).toEqual(expected.slice(0, 80));
  });
});
