import { eq, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueRelations } from '../../src/db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { issueFixtures, summaryOf } from '../support/fixtures/issues';

describe('issue relations', () => {
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  const relate = (from: { id: string } | string | number, type: string, relatedIssueId: unknown) =>
    t.api.post(`/api/v1/issues/${typeof from === 'object' ? from.id : from}/relations`, { type, relatedIssueId });
  const relationsOf = async (issue: { id: string }) => (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.relations;
  const storedRowsBetween = (a: { id: string }, b: { id: string }) =>
    t.db
      .select()
      .from(issueRelations)
      .where(or(eq(issueRelations.issueId, a.id), eq(issueRelations.issueId, b.id)));

  describe('POST /api/v1/issues/:idOrNumber/relations', () => {
    it('answers 201 with the relation seen from the path issue, and each side reads its own type', async () => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      const response = await relate(a, 'blocks', b.id);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ data: { id: expect.any(String), type: 'blocks', issue: summaryOf(b) } });
      const id = response.body.data.id;
      expect(await relationsOf(a)).toEqual([{ id, type: 'blocks', issue: summaryOf(b) }]);
      expect(await relationsOf(b)).toEqual([{ id, type: 'blocked_by', issue: summaryOf(a) }]);
    });

    it('stores "A blocked_by B" as "B blocks A": one row, read back from both sides', async () => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      const response = await relate(a.number, 'blocked_by', b.number);
      expect(response.status).toBe(201);
      expect(response.body.data).toEqual({ id: expect.any(String), type: 'blocked_by', issue: summaryOf(b) });
      expect(await storedRowsBetween(a, b)).toEqual([
        expect.objectContaining({ type: 'blocks', issueId: b.id, relatedIssueId: a.id }),
      ]);
      expect(await relationsOf(a)).toEqual([{ id: response.body.data.id, type: 'blocked_by', issue: summaryOf(b) }]);
      expect(await relationsOf(b)).toEqual([{ id: response.body.data.id, type: 'blocks', issue: summaryOf(a) }]);
    });

    it('answers 409 for the same block written again from either side, with either word', async () => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      expect((await relate(a, 'blocks', b.id)).status).toBe(201);
      for (const [from, type, to] of [
        [a, 'blocks', b],
        [b, 'blocked_by', a],
      ] as const) {
        const response = await relate(from, type, to.number);
        expect(response.status, `${type}`).toBe(409);
        expect(response.body.code).toBe('conflict');
        expect(response.body.error).toContain('already exists');
      }
      expect(await storedRowsBetween(a, b)).toHaveLength(1);
    });

    it('answers 409 for blocking an issue that already blocks this one', async () => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      await relate(a, 'blocks', b.id);
      for (const [from, type, to] of [
        [b, 'blocks', a],
        [a, 'blocked_by', b],
      ] as const) {
        const response = await relate(from, type, to.id);
        expect(response.status).toBe(409);
        expect(response.body.error).toMatch(/cannot block each other/);
      }
      expect(await storedRowsBetween(a, b)).toHaveLength(1);
    });

    it.each(['related', 'duplicate'])('stores %s once, smaller id first, and reads it the same from both sides', async (type) => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      const response = await relate(b, type, a.id);
      expect(response.status).toBe(201);
      const [first, second] = a.id < b.id ? [a, b] : [b, a];
      expect(await storedRowsBetween(a, b)).toEqual([
        expect.objectContaining({ type, issueId: first.id, relatedIssueId: second.id }),
      ]);
      expect(await relationsOf(a)).toEqual([{ id: response.body.data.id, type, issue: summaryOf(b) }]);
      expect(await relationsOf(b)).toEqual([{ id: response.body.data.id, type, issue: summaryOf(a) }]);
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        expect((await relate(from, type, to.id)).status).toBe(409);
      }
    });

    it('keeps different facts between the same two issues apart', async () => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      expect((await relate(a, 'blocks', b.id)).status).toBe(201);
      expect((await relate(a, 'related', b.id)).status).toBe(201);
      expect((await relate(b, 'duplicate', a.id)).status).toBe(201);
      const types = (await relationsOf(b)).map((relation: { type: string }) => relation.type).sort();
      expect(types).toEqual(['blocked_by', 'duplicate', 'related']);
    });

    it('rejects a relation of an issue to itself (by id or number) with 422', async () => {
      const a = await f.anIssue();
      for (const ref of [a.id, a.number, String(a.number)]) {
        const response = await relate(a, 'related', ref);
        expect(response.status).toBe(422);
        expect(response.body.details).toEqual([{ field: 'relatedIssueId', message: expect.stringContaining('itself') }]);
      }
    });

    it('rejects a missing or deleted related issue with 422 naming relatedIssueId', async () => {
      const a = await f.anIssue();
      const deleted = await f.anIssue();
      await t.api.delete(`/api/v1/issues/${deleted.id}`);
      for (const ref of ['no-such-issue', 999_999, deleted.id, deleted.number]) {
        const response = await relate(a, 'blocks', ref);
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'relatedIssueId' }] });
      }
    });

    it('answers 404 when the path issue is missing or deleted', async () => {
      const b = await f.anIssue();
      const deleted = await f.anIssue();
      await t.api.delete(`/api/v1/issues/${deleted.id}`);
      for (const ref of ['no-such-issue', '999999', deleted.id]) {
        expect((await relate(ref, 'blocks', b.id)).status).toBe(404);
      }
    });

    it.each([
      ['an unknown type', { type: 'depends_on', relatedIssueId: 1 }, 'type'],
      ['a missing type', { relatedIssueId: 1 }, 'type'],
      ['a missing relatedIssueId', { type: 'blocks' }, 'relatedIssueId'],
      ['an empty relatedIssueId', { type: 'blocks', relatedIssueId: '' }, 'relatedIssueId'],
      ['a boolean relatedIssueId', { type: 'blocks', relatedIssueId: true }, 'relatedIssueId'],
      ['an unknown field', { type: 'blocks', relatedIssueId: 1, note: 'x' }, 'note'],
    ])('rejects %s with 422', async (_case, body, field) => {
      const a = await f.anIssue();
      const response = await t.api.post(`/api/v1/issues/${a.id}/relations`, body);
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    });

    it('hides a relation whose other issue is deleted, from both sides', async () => {
      const [a, b, c] = [await f.anIssue(), await f.anIssue(), await f.anIssue()];
      await relate(a, 'blocks', b.id);
      const kept = await relate(a, 'related', c.id);
      await t.api.delete(`/api/v1/issues/${b.id}`);
      expect(await relationsOf(a)).toEqual([{ id: kept.body.data.id, type: 'related', issue: summaryOf(c) }]);
    });
  });

  describe('DELETE /api/v1/relations/:id', () => {
    it('hard-deletes: 204, gone from both sides, and a second delete is 404', async () => {
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      const relation = await f.aRelation(a, 'blocked_by', b);
      const response = await t.api.delete(`/api/v1/relations/${relation.id}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect(await relationsOf(a)).toEqual([]);
      expect(await relationsOf(b)).toEqual([]);
      expect(await storedRowsBetween(a, b)).toEqual([]);
      expect((await t.api.delete(`/api/v1/relations/${relation.id}`)).status).toBe(404);
      // The fact can be written again afterwards.
      expect((await relate(b, 'blocks', a.id)).status).toBe(201);
    });

    it('answers 404 for an unknown relation, or one whose issue is deleted', async () => {
      expect((await t.api.delete('/api/v1/relations/no-such-relation')).status).toBe(404);
      const [a, b] = [await f.anIssue(), await f.anIssue()];
      const relation = await f.aRelation(a, 'related', b);
      await t.api.delete(`/api/v1/issues/${b.id}`);
      expect((await t.api.delete(`/api/v1/relations/${relation.id}`)).status).toBe(404);
    });

    it('answers 401 without a key', async () => {
      expect((await t.api.delete('/api/v1/relations/anything', { key: null })).status).toBe(401);
    });
  });
});
