import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { issueFixtures } from '../support/fixtures/issues';

describe('issue comments', () => {
  const clock = new TestClock(new Date('2026-11-22T12:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  const comment = (issue: { id: string } | string | number, body: unknown) =>
    t.api.post(`/api/v1/issues/${typeof issue === 'object' ? issue.id : issue}/comments`, body);

  describe('POST /api/v1/issues/:idOrNumber/comments', () => {
    it('adds a comment: 201 {data}', async () => {
      const issue = await f.anIssue();
      const response = await comment(issue.number, { body: 'Reproduced on staging', authorName: 'claude', authorType: 'agent' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: {
          id: expect.any(String),
          issueId: issue.id,
          parentId: null,
          body: 'Reproduced on staging',
          authorName: 'claude',
          authorType: 'agent',
          createdAt: clock.now().toISOString(),
        },
      });
    });

    it('adds a reply to a comment of the same issue', async () => {
      const issue = await f.anIssue();
      const top = await f.aComment(issue);
      const response = await comment(issue, { body: 'Agreed', authorName: 'ada', authorType: 'human', parentId: top.id });
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({ parentId: top.id, issueId: issue.id });
    });

    it('attaches a reply to a reply to the same top-level comment (threads are one level deep)', async () => {
      const issue = await f.anIssue();
      const top = await f.aComment(issue);
      clock.advance(1000);
      const reply = await f.aComment(issue, { parentId: top.id });
      clock.advance(1000);
      const nested = await f.aComment(issue, { parentId: reply.id });
      expect(nested.parentId).toBe(top.id);
      const threads = (await t.api.get(`/api/v1/issues/${issue.id}/comments`)).body.data;
      expect(threads).toHaveLength(1);
      expect(threads[0].replies.map((row: { id: string }) => row.id)).toEqual([reply.id, nested.id]);
    });

    it('rejects a parent from another issue, or no parent at all, with 422 naming parentId', async () => {
      const [issue, other] = [await f.anIssue(), await f.anIssue()];
      const foreign = await f.aComment(other);
      for (const parentId of [foreign.id, 'no-such-comment']) {
        const response = await comment(issue, { body: 'x', authorName: 'ada', authorType: 'human', parentId });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'parentId' }] });
      }
      expect((await t.api.get(`/api/v1/issues/${issue.id}/comments`)).body.total).toBe(0);
    });

    it.each([
      ['a missing body', { authorName: 'ada', authorType: 'human' }, 'body'],
      ['a blank body', { body: '   ', authorName: 'ada', authorType: 'human' }, 'body'],
      ['a missing authorName', { body: 'x', authorType: 'human' }, 'authorName'],
      ['an empty authorName', { body: 'x', authorName: '', authorType: 'human' }, 'authorName'],
      ['a missing authorType', { body: 'x', authorName: 'ada' }, 'authorType'],
      ['an unknown authorType', { body: 'x', authorName: 'ada', authorType: 'robot' }, 'authorType'],
      ['a read-only issueId', { body: 'x', authorName: 'ada', authorType: 'human', issueId: 'other' }, 'issueId'],
      ['a read-only createdAt', { body: 'x', authorName: 'ada', authorType: 'human', createdAt: 'now' }, 'createdAt'],
    ])('rejects %s with 422', async (_case, body, field) => {
      const issue = await f.anIssue();
      const response = await comment(issue, body);
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    });

    it('answers 404 for a missing or deleted issue', async () => {
      const deleted = await f.anIssue();
      await t.api.delete(`/api/v1/issues/${deleted.id}`);
      for (const ref of ['no-such-issue', '999999', deleted.id]) {
        const response = await comment(ref, { body: 'x', authorName: 'ada', authorType: 'human' });
        expect(response.status).toBe(404);
      }
    });
  });

  describe('GET /api/v1/issues/:idOrNumber/comments', () => {
    it('answers threads: top-level comments oldest first, each with its replies oldest first', async () => {
      const issue = await f.anIssue();
      const first = await f.aComment(issue);
      clock.advance(1000);
      const second = await f.aComment(issue);
      clock.advance(1000);
      const replyToSecond = await f.aComment(issue, { parentId: second.id });
      clock.advance(1000);
      const firstReply = await f.aComment(issue, { parentId: first.id });
      clock.advance(1000);
      const secondReply = await f.aComment(issue, { parentId: first.id });
      await f.aComment(await f.anIssue()); // another issue's comment stays out

      const response = await t.api.get(`/api/v1/issues/${issue.number}/comments`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [
          { ...first, replies: [firstReply, secondReply] },
          { ...second, replies: [replyToSecond] },
        ],
        total: 2,
        limit: 50,
        offset: 0,
        nextCursor: null,
      });
    });

    it('pages over 60 top-level comments: total counts threads, nothing twice, stable order', async () => {
      const issue = await f.anIssue();
      const created: { id: string; createdAt: string }[] = [];
      for (let i = 0; i < 60; i++) {
        if (i % 9 === 0) clock.advance(1000); // shared timestamps: the id orders them
        const top = await f.aComment(issue);
        created.push(top);
        if (i % 10 === 0) await f.aComment(issue, { parentId: top.id });
      }
      const seen: string[] = [];
      for (const offset of [0, 25, 50]) {
        const response = await t.api.get(`/api/v1/issues/${issue.id}/comments?limit=25&offset=${offset}`);
        expect(response.body).toMatchObject({ total: 60, limit: 25, offset });
        seen.push(...response.body.data.map((thread: { id: string }) => thread.id));
      }
      expect(new Set(seen).size).toBe(60);
      const whole = await t.api.get(`/api/v1/issues/${issue.id}/comments?limit=200`);
      expect(whole.body.data.map((thread: { id: string }) => thread.id)).toEqual(seen);
      const withReplies = whole.body.data.filter((thread: { replies: unknown[] }) => thread.replies.length > 0);
      expect(withReplies).toHaveLength(6);
      const oldestFirst = [...created].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      expect(seen).toEqual(oldestFirst.map((row) => row.id));
    });

    it('answers 404 for a missing or deleted issue and 422 for bad paging', async () => {
      const deleted = await f.anIssue();
      await f.aComment(deleted);
      await t.api.delete(`/api/v1/issues/${deleted.id}`);
      expect((await t.api.get(`/api/v1/issues/${deleted.id}/comments`)).status).toBe(404);
      expect((await t.api.get('/api/v1/issues/no-such-issue/comments')).status).toBe(404);
      const issue = await f.anIssue();
      expect((await t.api.get(`/api/v1/issues/${issue.id}/comments?limit=0`)).status).toBe(422);
      expect((await t.api.get(`/api/v1/issues/${issue.id}/comments`, { key: null })).status).toBe(401);
    });
  });
});
