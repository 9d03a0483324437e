import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { expectCursorRefused, followCursor, foreignCursor } from '../support/cursor-pages';
import { aDispatch, anIssue, aSignal, fixtureNow } from '../support/fixtures/dispatch';

type Event = { type: string; at: string; issue: { id: string }; signal?: { id: string }; dispatch?: { id: string } };
/** An event's identity: its kind, instant, issue and own row. */
const keyOf = (event: Event) => `${event.type} ${event.at} ${event.issue.id} ${event.signal?.id ?? event.dispatch?.id ?? ''}`;
const minutesBefore = (minutes: number) => new Date(fixtureNow.getTime() - minutes * 60 * 1000);

describe('GET /dashboard/activity: cursor pagination', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
    const { db } = t;
    // Events of every source over few instants: ties on time, and issues created and closed in the
    // same instant (two events, one issue id).
    for (let i = 0; i < 6; i++) {
      const when = minutesBefore(10 + (i % 3));
      await aSignal(db, { createdAt: when });
      const issue = await anIssue(db, { status: i % 2 === 0 ? 'done' : 'canceled', createdAt: when, completedAt: when });
      await aDispatch(db, { issueId: issue.id, claimedAt: when, outcome: 'done', finishedAt: when });
      await anIssue(db, { status: 'todo', createdAt: when });
    }
  });
  afterAll(() => t.close());

  it('covers every event exactly once, newest first, while events happen between pages', async () => {
    const before = (await t.api.get('/api/v1/dashboard/activity?limit=200')).body;
    let round = 0;
    const { items, pages } = await followCursor<Event>(t.api, '/api/v1/dashboard/activity', 5, async () => {
      round += 1;
      // A new event (before the first page) and an old one (after the last).
      await anIssue(t.db, { status: 'todo', createdAt: fixtureNow });
      await aSignal(t.db, { createdAt: minutesBefore(60 + round) });
    });
    const seen = items.map(keyOf);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining((before.data as Event[]).map(keyOf)));
    const after = (await t.api.get('/api/v1/dashboard/activity?limit=200')).body;
    const order = (after.data as Event[]).map(keyOf);
    expect(seen).toEqual(order.filter((key) => seen.includes(key)));
    expect(pages[0]!.total).toBe(before.total);
    expect(pages.at(-1)!.total).toBe(after.total);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('refuses a bad cursor, and a cursor with an offset, with a 422 naming cursor', async () => {
    const first = await t.api.get('/api/v1/dashboard/activity?limit=2');
    await expectCursorRefused(t.api, `/api/v1/dashboard/activity?cursor=${foreignCursor}`);
    await expectCursorRefused(t.api, `/api/v1/dashboard/activity?cursor=${first.body.nextCursor}&offset=2`);
  });
});
