import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { expectCursorRefused, followCursor, foreignCursor } from '../support/cursor-pages';
import { issueFixtures } from '../support/fixtures/issues';

type Listed = { id: string; number: number; status: string; createdAt: string };
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('GET /api/v1/issues: cursor pagination', () => {
  const clock = new TestClock(new Date('2026-11-01T00:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  let before: Listed[];
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
    before = [];
    // 23 issues over 4 instants: most neighbours tie on createdAt and only the id orders them.
    for (let i = 0; i < 23; i++) {
      if (i % 6 === 0) clock.advance(60_000);
      before.push(await f.anIssue({ priority: i % 5, status: i % 3 === 0 ? 'todo' : 'backlog' }));
    }
  });
  afterAll(() => t.close());

  it('covers every issue exactly once, in list order, while issues are created between pages', async () => {
    const { items, pages } = await followCursor<Listed>(t.api, '/api/v1/issues', 5, async () => {
      // Newer than every listed issue, and one in the same instant as the newest (a tie on createdAt).
      await f.anIssue();
      clock.advance(1000);
      await f.anIssue();
    });
    const seen = ids(items);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids(before)));
    const everything = await t.api.get('/api/v1/issues?limit=200');
    const order = ids(everything.body.data);
    expect(seen).toEqual(order.filter((id) => seen.includes(id)));
    expect(pages.at(-1)!.nextCursor).toBeNull();
    // `total` stays the size of the whole set as it is at each request; offset stays 0.
    expect(pages[0]!.total).toBe(23);
    expect(pages.at(-1)!.total).toBe(everything.body.total);
    expect(pages.every((page) => page.offset === 0)).toBe(true);
  });

  it('appends issues created while paging oldest first, each once', async () => {
    let created: Listed[] = [];
    const { items } = await followCursor<Listed>(t.api, '/api/v1/issues?sort=createdAt', 7, async () => {
      clock.advance(1000);
      created = [...created, await f.anIssue()];
    });
    const seen = ids(items);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([...ids(before), ...ids(created)]));
  });

  it('pages every sort and filter by cursor to the same rows as one big page', async () => {
    for (const query of ['sort=-priority', 'sort=priority', 'sort=number', 'sort=-updatedAt', 'status=todo', 'q=issue&sort=-number']) {
      const whole = await t.api.get(`/api/v1/issues?${query}&limit=200`);
      const { items, pages } = await followCursor<Listed>(t.api, `/api/v1/issues?${query}`, 4);
      expect(ids(items), query).toEqual(ids(whole.body.data));
      expect(pages.every((page) => page.total === whole.body.total), query).toBe(true);
    }
  });

  it('answers nextCursor null on the last page, also with offset paging', async () => {
    const total = (await t.api.get('/api/v1/issues?limit=1')).body.total as number;
    const last = await t.api.get(`/api/v1/issues?limit=10&offset=${total - 3}`);
    expect(last.body.data).toHaveLength(3);
    expect(last.body.nextCursor).toBeNull();
    const exact = await t.api.get(`/api/v1/issues?limit=${total}`);
    expect(exact.body.nextCursor).toBeNull();
    const notLast = await t.api.get('/api/v1/issues?limit=10&offset=2');
    const next = await t.api.get(`/api/v1/issues?limit=3&cursor=${notLast.body.nextCursor}`);
    const byOffset = await t.api.get('/api/v1/issues?limit=3&offset=12');
    expect(ids(next.body.data)).toEqual(ids(byOffset.body.data));
  });

  it('refuses a cursor it did not issue, one of another sort, and a cursor with an offset, naming cursor', async () => {
    const first = await t.api.get('/api/v1/issues?limit=2');
    const cursor = first.body.nextCursor as string;
    await expectCursorRefused(t.api, '/api/v1/issues?cursor=not-a-cursor!');
    await expectCursorRefused(t.api, '/api/v1/issues?cursor=bm90IGpzb24');
    await expectCursorRefused(t.api, `/api/v1/issues?cursor=${foreignCursor}`);
    await expectCursorRefused(t.api, `/api/v1/issues?cursor=${cursor}&sort=priority`);
    await expectCursorRefused(t.api, `/api/v1/issues?cursor=${cursor}&offset=2`);
    const tampered = Buffer.from(JSON.stringify(['issues:-createdAt', 'yesterday', 'x'])).toString('base64url');
    await expectCursorRefused(t.api, `/api/v1/issues?cursor=${tampered}`);
    await expectCursorRefused(t.api, '/api/v1/issues?cursor=');
  });
});
