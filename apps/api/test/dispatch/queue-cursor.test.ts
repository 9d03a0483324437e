import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { expectCursorRefused, followCursor, foreignCursor } from '../support/cursor-pages';
import { anIssue, aProjectRow, aSignalInTriage, daysBefore, fixtureNow } from '../support/fixtures/dispatch';

type Entry = { issue: { id: string } };
const ids = (entries: Entry[]) => entries.map((entry) => entry.issue.id);

describe('GET /dispatch/queue: cursor pagination', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('covers every ready issue exactly once, best first, while issues become ready between pages', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    const before = [];
    // Many equal scores (same priority, type and wait), so loop order, wait and number decide.
    for (let i = 0; i < 14; i++) {
      before.push(await anIssue(t.db, { projectId, priority: (i % 3) + 1, statusChangedAt: daysBefore(i % 2) }));
    }
    before.push(await aSignalInTriage(t.db, { projectId, statusChangedAt: daysBefore(1) }));
    const path = `/api/v1/dispatch/queue?projectId=${projectId}`;
    const whole = await t.api.get(`${path}&limit=200`);

    let round = 0;
    const { items, pages } = await followCursor<Entry>(t.api, path, 4, async () => {
      // One that ranks first, one that ranks last, one tied with the listed ones.
      round += 1;
      await anIssue(t.db, { projectId, priority: 1, statusChangedAt: daysBefore(30 + round) });
      await anIssue(t.db, { projectId, priority: 0, statusChangedAt: fixtureNow });
      await anIssue(t.db, { projectId, priority: 2, statusChangedAt: daysBefore(1) });
    });
    const seen = ids(items);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids(whole.body.data)));
    const after = await t.api.get(`${path}&limit=200`);
    expect(seen).toEqual(ids(after.body.data).filter((id) => seen.includes(id)));
    expect(pages[0]!.total).toBe(15);
    expect(pages.at(-1)!.total).toBe(after.body.total);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('pages by cursor to the same ranking as one big page', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    for (let i = 0; i < 9; i++) await anIssue(t.db, { projectId, priority: i % 2, statusChangedAt: daysBefore(i % 3) });
    const path = `/api/v1/dispatch/queue?projectId=${projectId}`;
    const whole = await t.api.get(`${path}&limit=200`);
    const { items } = await followCursor<Entry>(t.api, path, 2);
    expect(ids(items)).toEqual(ids(whole.body.data));
  });

  it('refuses a bad cursor, and a cursor with an offset, with a 422 naming cursor', async () => {
    const first = await t.api.get('/api/v1/dispatch/queue?limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    await expectCursorRefused(t.api, `/api/v1/dispatch/queue?cursor=${foreignCursor}`);
    await expectCursorRefused(t.api, `/api/v1/dispatch/queue?cursor=${first.body.nextCursor}&offset=1`);
  });
});
