import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { expectCursorRefused, followCursor, foreignCursor } from '../support/cursor-pages';
import { aSignalBody } from '../support/fixtures/signals';

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('GET /api/v1/signals: cursor pagination', () => {
  const clock = new TestClock(new Date('2026-11-01T00:00:00.000Z'));
  let t: TestApp;
  let before: { id: string }[];
  const aSignal = async (fields: Record<string, unknown> = {}) => {
    const response = await t.api.post('/api/v1/signals', aSignalBody(fields));
    expect(response.status).toBe(201);
    return response.body.data.signal as { id: string };
  };
  beforeAll(async () => {
    t = await createTestApp({ clock });
    before = [];
    // 13 signals over 3 instants, so ties on createdAt are ordered by id alone.
    for (let i = 0; i < 13; i++) {
      if (i % 5 === 0) clock.advance(60_000);
      before.push(await aSignal({ severity: i % 2 === 0 ? 'high' : 'low' }));
    }
  });
  afterAll(() => t.close());

  it('covers every signal exactly once, newest first, while signals arrive between pages', async () => {
    const { items, pages } = await followCursor<{ id: string }>(t.api, '/api/v1/signals', 4, async () => {
      await aSignal();
      clock.advance(1000);
    });
    const seen = ids(items);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids(before)));
    const everything = await t.api.get('/api/v1/signals?limit=200');
    expect(seen).toEqual(ids(everything.body.data).filter((id) => seen.includes(id)));
    expect(pages[0]!.total).toBe(13);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('keeps the filters and their exact total on every cursor page', async () => {
    const whole = await t.api.get('/api/v1/signals?severity=low&limit=200');
    const { items, pages } = await followCursor<{ id: string }>(t.api, '/api/v1/signals?severity=low', 2);
    expect(ids(items)).toEqual(ids(whole.body.data));
    expect(pages.every((page) => page.total === whole.body.total)).toBe(true);
  });

  it('refuses a bad cursor, and a cursor with an offset, with a 422 naming cursor', async () => {
    const first = await t.api.get('/api/v1/signals?limit=2');
    await expectCursorRefused(t.api, '/api/v1/signals?cursor=%%%');
    await expectCursorRefused(t.api, `/api/v1/signals?cursor=${foreignCursor}`);
    await expectCursorRefused(t.api, `/api/v1/signals?cursor=${first.body.nextCursor}&offset=1`);
    const issuesCursor = (await t.api.get('/api/v1/issues?limit=1')).body.nextCursor as string;
    await expectCursorRefused(t.api, `/api/v1/signals?cursor=${issuesCursor}`);
  });
});
