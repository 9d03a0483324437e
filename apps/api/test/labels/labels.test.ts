import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { issueFixtures } from '../support/fixtures/issues';

describe('labels', () => {
  const clock = new TestClock(new Date('2026-11-22T12:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  const labelsOf = async (issue: { id: string }) =>
    (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.labels as { id: string; name: string; color: string }[];

  describe('POST /api/v1/labels', () => {
    it('creates a label: 201 {data}', async () => {
      const response = await t.api.post('/api/v1/labels', { name: '  regression ', color: '#D73A4A' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: { id: expect.any(String), name: 'regression', color: '#D73A4A', createdAt: clock.now().toISOString() },
      });
    });

    it('answers 409 for a name a live label already has, ignoring case, and stores nothing', async () => {
      await f.aLabel({ name: 'Frontend' });
      const before = (await t.api.get('/api/v1/labels')).body.total;
      for (const name of ['Frontend', 'frontend', 'FRONTEND', ' frontend ']) {
        const response = await t.api.post('/api/v1/labels', { name, color: '#000000' });
        expect(response.status, name).toBe(409);
        expect(response.body.code).toBe('conflict');
        expect(response.body.error).toMatch(/already exists/);
        expect(response.body.error).toContain('ignoring case');
      }
      expect((await t.api.get('/api/v1/labels')).body.total).toBe(before);
    });

    it.each([
      ['a missing name', { color: '#000000' }, 'name'],
      ['an empty name', { name: ' ', color: '#000000' }, 'name'],
      ['a name over 100 characters', { name: 'x'.repeat(101), color: '#000000' }, 'name'],
      ['a missing color', { name: 'x' }, 'color'],
      ['a named color', { name: 'x', color: 'red' }, 'color'],
      ['a short hex color', { name: 'x', color: '#FFF' }, 'color'],
      ['a color without #', { name: 'x', color: '00FF00' }, 'color'],
      ['a color with non-hex digits', { name: 'x', color: '#GG0000' }, 'color'],
      ['an unknown field', { name: 'x', color: '#000000', description: 'd' }, 'description'],
      ['a read-only id', { name: 'x', color: '#000000', id: 'mine' }, 'id'],
    ])('rejects %s with 422', async (_case, body, field) => {
      const response = await t.api.post('/api/v1/labels', body);
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    });
  });

  describe('GET /api/v1/labels', () => {
    it('pages through 60 labels newest first: total right, nothing twice, stable order', async () => {
      const app = await createTestApp({ clock });
      try {
        const fixtures = issueFixtures(app.api);
        const created = [];
        for (let i = 0; i < 60; i++) {
          if (i % 7 === 0) clock.advance(1000); // most neighbours share a timestamp: the id breaks ties
          created.push(await fixtures.aLabel());
        }
        const seen: string[] = [];
        for (const offset of [0, 25, 50]) {
          const response = await app.api.get(`/api/v1/labels?limit=25&offset=${offset}`);
          expect(response.body).toMatchObject({ total: 60, limit: 25, offset });
          seen.push(...response.body.data.map((label: { id: string }) => label.id));
        }
        expect(new Set(seen).size).toBe(60);
        const expected = [...created].sort(
          (a, b) => b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
        );
        expect(seen).toEqual(expected.map((label) => label.id));
        expect((await app.api.get('/api/v1/labels?limit=201')).status).toBe(422);
      } finally {
        await app.close();
      }
    });
  });

  describe('PATCH /api/v1/labels/:id', () => {
    it('renames and recolours, and issues show the change', async () => {
      const label = await f.aLabel({ name: 'old name', color: '#111111' });
      const issue = await f.anIssue({ labelIds: [label.id] });
      const renamed = await t.api.patch(`/api/v1/labels/${label.id}`, { name: 'new name' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.data).toEqual({ ...label, name: 'new name' });
      const recoloured = await t.api.patch(`/api/v1/labels/${label.id}`, { color: '#222222' });
      expect(recoloured.body.data).toEqual({ ...label, name: 'new name', color: '#222222' });
      expect(await labelsOf(issue)).toEqual([{ id: label.id, name: 'new name', color: '#222222' }]);
    });

    it('lets a label change the case of its own name', async () => {
      const label = await f.aLabel({ name: 'backend' });
      const response = await t.api.patch(`/api/v1/labels/${label.id}`, { name: 'Backend' });
      expect(response.status).toBe(200);
      expect(response.body.data.name).toBe('Backend');
    });

    it("answers 409 for another live label's name, ignoring case, and changes nothing", async () => {
      await f.aLabel({ name: 'taken' });
      const label = await f.aLabel({ name: 'mine' });
      const response = await t.api.patch(`/api/v1/labels/${label.id}`, { name: 'TAKEN', color: '#FFFFFF' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', error: expect.stringContaining('"TAKEN" already exists') });
      const list = await t.api.get('/api/v1/labels?limit=200');
      expect(list.body.data.find((row: { id: string }) => row.id === label.id)).toEqual(label);
    });

    it('answers 404 for a missing or deleted label, and 422 for a bad body', async () => {
      const deleted = await f.aLabel();
      await t.api.delete(`/api/v1/labels/${deleted.id}`);
      for (const id of ['no-such-label', deleted.id]) {
        expect((await t.api.patch(`/api/v1/labels/${id}`, { name: 'x' })).status).toBe(404);
        expect((await t.api.patch(`/api/v1/labels/${id}`, {})).status).toBe(404);
      }
      const label = await f.aLabel();
      expect((await t.api.patch(`/api/v1/labels/${label.id}`, { color: 'blue' })).status).toBe(422);
      expect((await t.api.patch(`/api/v1/labels/${label.id}`, { createdAt: 'now' })).status).toBe(422);
      expect((await t.api.patch(`/api/v1/labels/${label.id}`, { name: null })).status).toBe(422);
    });
  });

  describe('DELETE /api/v1/labels/:id', () => {
    it('soft-deletes: 204, then gone from the list, from issues and from the labelId filter', async () => {
      const label = await f.aLabel();
      const kept = await f.aLabel();
      const issue = await f.anIssue({ labelIds: [label.id, kept.id] });
      const before = (await t.api.get('/api/v1/labels')).body.total;

      const response = await t.api.delete(`/api/v1/labels/${label.id}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');

      const list = await t.api.get('/api/v1/labels?limit=200');
      expect(list.body.total).toBe(before - 1);
      expect(list.body.data.map((row: { id: string }) => row.id)).not.toContain(label.id);
      expect((await labelsOf(issue)).map((row) => row.id)).toEqual([kept.id]);
      expect((await t.api.get(`/api/v1/issues?labelId=${label.id}`)).body).toMatchObject({ data: [], total: 0 });
      expect((await t.api.get(`/api/v1/issues?labelId=${kept.id}`)).body.total).toBe(1);
      const reuse = await t.api.patch(`/api/v1/issues/${issue.id}`, { labelIds: [label.id] });
      expect(reuse.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'labelIds.0' }] });
      expect((await t.api.delete(`/api/v1/labels/${label.id}`)).status).toBe(404);
    });

    it('frees the name for a new label', async () => {
      const label = await f.aLabel({ name: 'recycled' });
      await t.api.delete(`/api/v1/labels/${label.id}`);
      const again = await t.api.post('/api/v1/labels', { name: 'Recycled', color: '#123456' });
      expect(again.status).toBe(201);
      expect(again.body.data.id).not.toBe(label.id);
    });

    it('answers 404 for an unknown label and 401 without a key', async () => {
      expect((await t.api.delete('/api/v1/labels/no-such-label')).status).toBe(404);
      expect((await t.api.get('/api/v1/labels', { key: null })).status).toBe(401);
    });
  });
});
