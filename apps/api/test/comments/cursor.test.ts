import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { expectCursorRefused, followCursor, foreignCursor } from '../support/cursor-pages';
import { issueFixtures } from '../support/fixtures/issues';

type Thread = { id: string; replies: { id: string }[] };
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('GET /api/v1/issues/:idOrNumber/comments: cursor pagination', () => {
  const clock = new TestClock(new Date('2026-11-22T12:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  let issue: { id: string; number: number };
  let before: { id: string; createdAt: string }[];
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
    issue = await f.anIssue();
    before = [];
    // 11 threads over 3 instants (ties ordered by id), each of the first three with a reply.
    for (let i = 0; i < 11; i++) {
      if (i % 4 === 0) clock.advance(60_000);
      const top = await f.aComment(issue);
      if (i < 3) await f.aComment(issue, { parentId: top.id });
      before.push(top);
    }
  });
  afterAll(() => t.close());

  it('covers every thread exactly once, oldest first, while comments are added between pages', async () => {
    const added: { id: string; createdAt: string }[] = [];
    const { items, pages } = await followCursor<Thread>(t.api, `/api/v1/issues/${issue.number}/comments`, 3, async () => {
      added.push(await f.aComment(issue));
      await f.aComment(issue, { parentId: before[0]!.id });
      clock.advance(1000);
    });
    const seen = ids(items);
    expect(new Set(seen).size).toBe(seen.length);
    // Oldest first, ties by id: every thread that existed and every one added while paging.
    const expected = [...before, ...added].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1));
    expect(seen).toEqual(ids(expected));
    expect(pages[0]!.total).toBe(11);
    expect(pages.at(-1)!.total).toBe(11 + added.length);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    // Replies travel with their thread (the first thread was given one before paging).
    expect(items.find((thread) => thread.id === before[0]!.id)!.replies.length).toBeGreaterThan(0);
  });

  it('refuses a bad cursor, and a cursor with an offset, with a 422 naming cursor', async () => {
    const first = await t.api.get(`/api/v1/issues/${issue.id}/comments?limit=2`);
    await expectCursorRefused(t.api, `/api/v1/issues/${issue.id}/comments?cursor=${foreignCursor}`);
    await expectCursorRefused(t.api, `/api/v1/issues/${issue.id}/comments?cursor=${first.body.nextCursor}&offset=3`);
  });
});
