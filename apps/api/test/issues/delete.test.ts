import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { issueFixtures, summaryOf } from '../support/fixtures/issues';

describe('DELETE /api/v1/issues/:idOrNumber', () => {
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  it('soft-deletes by id or number: 204 with no body, then 404 everywhere the issue is named', async () => {
    for (const byNumber of [false, true]) {
      const issue = await f.anIssue();
      const ref = byNumber ? issue.number : issue.id;
      const response = await t.api.delete(`/api/v1/issues/${ref}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect((await t.api.get(`/api/v1/issues/${issue.id}`)).status).toBe(404);
      expect((await t.api.get(`/api/v1/issues/${issue.number}`)).status).toBe(404);
      expect((await t.api.patch(`/api/v1/issues/${issue.id}`, { title: 'x' })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/issues/${ref}`)).status).toBe(404);
      expect((await t.api.get(`/api/v1/issues/${issue.id}/comments`)).status).toBe(404);
      expect((await t.api.post(`/api/v1/issues/${issue.id}/relations`, { type: 'related', relatedIssueId: 1 })).status).toBe(404);
    }
  });

  it('answers 404 for an unknown issue', async () => {
    expect((await t.api.delete('/api/v1/issues/no-such-issue')).status).toBe(404);
    expect((await t.api.delete('/api/v1/issues/999999')).status).toBe(404);
  });

  it('disappears from lists, totals, children, parents and relations', async () => {
    const parent = await f.anIssue();
    const child = await f.aChildOf(parent);
    const sibling = await f.aChildOf(parent);
    const other = await f.anIssue();
    await f.aRelation(child, 'blocks', other);
    const before = (await t.api.get('/api/v1/issues')).body.total;

    expect((await t.api.delete(`/api/v1/issues/${child.id}`)).status).toBe(204);
    const list = await t.api.get('/api/v1/issues?limit=200');
    expect(list.body.total).toBe(before - 1);
    expect(list.body.data.map((issue: { id: string }) => issue.id)).not.toContain(child.id);
    expect((await t.api.get(`/api/v1/issues/${parent.id}`)).body.data.children).toEqual([summaryOf(sibling)]);
    expect((await t.api.get(`/api/v1/issues/${other.id}`)).body.data.relations).toEqual([]);
    expect((await t.api.get(`/api/v1/issues?parentId=${parent.id}`)).body.total).toBe(1);

    await t.api.delete(`/api/v1/issues/${parent.id}`);
    const orphan = (await t.api.get(`/api/v1/issues/${sibling.id}`)).body.data;
    expect(orphan).toMatchObject({ parent: null, parentId: null });
  });

  it('cannot be named in a body any more', async () => {
    const issue = await f.anIssue();
    const other = await f.anIssue();
    await t.api.delete(`/api/v1/issues/${issue.id}`);
    const asParent = await t.api.post('/api/v1/issues', { title: 'x', type: 'task', parentId: issue.id });
    expect(asParent.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'parentId' }] });
    const asRelated = await t.api.post(`/api/v1/issues/${other.id}/relations`, { type: 'related', relatedIssueId: issue.number });
    expect(asRelated.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'relatedIssueId' }] });
  });
});
