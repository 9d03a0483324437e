import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProject, deleteProject, issueFixtures, summaryOf } from '../support/fixtures/issues';

describe('GET /api/v1/issues/:idOrNumber', () => {
  const clock = new TestClock();
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  it('finds an issue by id and by number', async () => {
    const issue = await f.anIssue();
    for (const ref of [issue.id, issue.number]) {
      const response = await t.api.get(`/api/v1/issues/${ref}`);
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject(issue);
    }
  });

  it('answers 404 for an unknown id or number', async () => {
    for (const ref of ['no-such-issue', '999999', '99999999999']) {
      const response = await t.api.get(`/api/v1/issues/${ref}`);
      expect(response.status, ref).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
  });

  it('embeds parent, children, project, labels and relations', async () => {
    const project = await aProject(t.db, { name: 'Checkout' });
    const root = await f.anIssue({ projectId: project.id, title: 'Root' });
    const issue = await f.aChildOf(root, { title: 'The issue' });
    const grandchildless = await f.anIssue();
    const [zeta, alpha] = [await f.aLabel({ name: 'zeta' }), await f.aLabel({ name: 'Alpha' })];
    await t.api.patch(`/api/v1/issues/${issue.id}`, { projectId: project.id, labelIds: [zeta.id, alpha.id] });
    const blocker = await f.anIssue({ title: 'Blocker' });
    const blocked = await f.anIssue({ title: 'Blocked' });
    const related = await f.anIssue({ title: 'Related' });
    // Relations read oldest first.
    const blockedBy = await f.aRelation(blocker, 'blocks', issue);
    clock.advance(1000);
    const blocks = await f.aRelation(issue, 'blocks', blocked);
    clock.advance(1000);
    const relatedTo = await f.aRelation(related, 'related', issue);

    const response = await t.api.get(`/api/v1/issues/${issue.number}`);
    expect(response.status).toBe(200);
    const data = response.body.data;
    expect(data.parent).toEqual(summaryOf(root));
    expect(data.children).toEqual([]);
    expect(data.project).toEqual({ id: project.id, name: 'Checkout', status: 'backlog' });
    expect(data.labels).toEqual([
      { id: alpha.id, name: 'Alpha', color: alpha.color },
      { id: zeta.id, name: 'zeta', color: zeta.color },
    ]);
    expect(data.relations).toEqual([
      { id: blockedBy.id, type: 'blocked_by', issue: summaryOf(blocker) },
      { id: blocks.id, type: 'blocks', issue: summaryOf(blocked) },
      { id: relatedTo.id, type: 'related', issue: summaryOf(related) },
    ]);

    const rootView = (await t.api.get(`/api/v1/issues/${root.id}`)).body.data;
    expect(rootView.parent).toBeNull();
    expect(rootView.children).toEqual([{ ...summaryOf(issue) }]);
    expect(rootView.relations).toEqual([]);
    expect((await t.api.get(`/api/v1/issues/${grandchildless.id}`)).body.data.children).toEqual([]);
  });

  it('leaves deleted rows out of every embedded part', async () => {
    const project = await aProject(t.db);
    const parent = await f.anIssue();
    const issue = await f.aChildOf(parent, { projectId: project.id });
    const keptLabel = await f.aLabel();
    const deletedLabel = await f.aLabel();
    await t.api.patch(`/api/v1/issues/${issue.id}`, { labelIds: [keptLabel.id, deletedLabel.id] });
    const keptRelated = await f.anIssue();
    const deletedRelated = await f.anIssue();
    const keptRelation = await f.aRelation(issue, 'related', keptRelated);
    await f.aRelation(deletedRelated, 'blocks', issue);

    await t.api.delete(`/api/v1/issues/${parent.id}`);
    await deleteProject(t.db, project.id);
    await t.api.delete(`/api/v1/labels/${deletedLabel.id}`);
    await t.api.delete(`/api/v1/issues/${deletedRelated.id}`);

    const data = (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data;
    expect(data.parent).toBeNull();
    expect(data.parentId).toBeNull();
    expect(data.project).toBeNull();
    expect(data.projectId).toBeNull();
    expect(data.labels.map((label: { id: string }) => label.id)).toEqual([keptLabel.id]);
    expect(data.relations).toEqual([{ id: keptRelation.id, type: 'related', issue: summaryOf(keptRelated) }]);
  });

  it('leaves deleted children out', async () => {
    const root = await f.anIssue();
    const kept = await f.aChildOf(root);
    const deleted = await f.aChildOf(root);
    await t.api.delete(`/api/v1/issues/${deleted.id}`);
    const data = (await t.api.get(`/api/v1/issues/${root.id}`)).body.data;
    expect(data.children).toEqual([summaryOf(kept)]);
  });

  it('takes the same number of statements (at most 2) for 1 or 10 related rows of each kind', async () => {
    async function statementsFor(size: number) {
      const project = await aProject(t.db);
      const root = await f.anIssue({ projectId: project.id });
      const labels = [];
      for (let i = 0; i < size; i++) {
        labels.push(await f.aLabel());
        await f.aChildOf(root);
        await f.aRelation(root, 'blocks', await f.anIssue());
        await f.aRelation(await f.anIssue(), 'blocks', root);
        await f.aRelation(root, 'related', await f.anIssue());
      }
      await t.api.patch(`/api/v1/issues/${root.id}`, { labelIds: labels.map((label) => label.id) });
      t.queries.reset();
      const response = await t.api.get(`/api/v1/issues/${root.number}`);
      expect(response.status).toBe(200);
      expect(response.body.data.children).toHaveLength(size);
      expect(response.body.data.labels).toHaveLength(size);
      expect(response.body.data.relations).toHaveLength(size * 3);
      return t.queries.count;
    }
    const one = await statementsFor(1);
    const ten = await statementsFor(10);
    expect(one).toBeLessThanOrEqual(2);
    expect(ten).toBe(one);
  });
});
