import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as lifecycle from '../../src/domain/dispatch/lifecycle';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProject, deleteProject, issueFixtures } from '../support/fixtures/issues';

// Observe the dispatch hook while keeping its real behaviour.
vi.mock('../../src/domain/dispatch/lifecycle', async (importOriginal) => {
  const actual = await importOriginal<typeof lifecycle>();
  return { ...actual, onIssueStatusChange: vi.fn(actual.onIssueStatusChange) };
});
const onIssueStatusChange = vi.mocked(lifecycle.onIssueStatusChange);

describe('PATCH /api/v1/issues/:idOrNumber', () => {
  const clock = new TestClock(new Date('2026-11-22T12:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    onIssueStatusChange.mockClear();
  });

  const patch = (issue: { id: string } | string | number, body: unknown) =>
    t.api.patch(`/api/v1/issues/${typeof issue === 'object' ? issue.id : issue}`, body);

  it('changes only the fields sent and moves updatedAt', async () => {
    const issue = await f.anIssue({ description: 'before', priority: 3 });
    clock.advance(60_000);
    const response = await patch(issue.number, { title: 'Renamed', priority: 1 });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      ...issue,
      title: 'Renamed',
      priority: 1,
      updatedAt: clock.now().toISOString(),
    });
    expect((await t.api.get(`/api/v1/issues/${issue.id}`)).body.data).toMatchObject(response.body.data);
  });

  it('stores what the agent reports', async () => {
    const issue = await f.anIssue();
    const report = {
      agentSessionId: 'session-42',
      agentSummary: 'Added the missing null check',
      commits: [{ sha: 'abc123', message: 'fix: null check', url: 'https://github.com/acme/shop/commit/abc123' }],
      pullRequests: [{ number: 7, url: 'https://github.com/acme/shop/pull/7', status: 'open', merged: false }],
      hypothesis: { statement: 's', confidence: 0.5, evidence: ['e'], validationCriteria: 'v' },
      signalSource: 'sentry',
      signalPayload: { id: 'SENTRY-1' },
      type: 'signal',
      description: 'Found in prod',
    };
    const response = await patch(issue, report);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject(report);
  });

  it('clears nullable fields with null', async () => {
    const project = await aProject(t.db);
    const parent = await f.anIssue();
    const issue = await f.aChildOf(parent, { description: 'text', projectId: project.id, signalSource: 'github' });
    await patch(issue, { agentSummary: 'x', commits: [{ sha: 'a', message: 'm' }] });
    const response = await patch(issue, {
      description: null,
      projectId: null,
      parentId: null,
      signalSource: null,
      agentSummary: null,
      commits: null,
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      description: null,
      projectId: null,
      parentId: null,
      signalSource: null,
      agentSummary: null,
      commits: null,
    });
    const detail = (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data;
    expect(detail.parent).toBeNull();
    expect(detail.project).toBeNull();
    expect((await t.api.get(`/api/v1/issues/${parent.id}`)).body.data.children).toEqual([]);
  });

  it('replaces the whole label set with labelIds, and [] empties it', async () => {
    const [a, b, c] = [await f.aLabel(), await f.aLabel(), await f.aLabel()];
    const issue = await f.anIssue({ labelIds: [a.id, b.id] });
    const labelsOf = async () =>
      new Set((await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.labels.map((label: { id: string }) => label.id));
    expect(await labelsOf()).toEqual(new Set([a.id, b.id]));
    expect((await patch(issue, { labelIds: [c.id, b.id, c.id] })).status).toBe(200);
    expect(await labelsOf()).toEqual(new Set([b.id, c.id]));
    expect((await patch(issue, { labelIds: [] })).status).toBe(200);
    expect(await labelsOf()).toEqual(new Set());
  });

  it('answers an empty body with the issue unchanged', async () => {
    const issue = await f.anIssue();
    clock.advance(1000);
    const response = await patch(issue, {});
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(issue);
  });

  it.each([
    ['id', { id: 'other' }],
    ['number', { number: 1 }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00.000Z' }],
    ['updatedAt', { updatedAt: '2020-01-01T00:00:00.000Z' }],
    ['completedAt', { completedAt: '2020-01-01T00:00:00.000Z' }],
    ['statusChangedAt', { statusChangedAt: '2020-01-01T00:00:00.000Z' }],
    ['deletedAt', { deletedAt: null }],
    ['parent', { parent: null }],
    ['labels', { labels: [] }],
    ['color', { color: '#000000' }],
  ])('rejects the read-only or unknown field %s with 422 and changes nothing', async (field, body) => {
    const issue = await f.anIssue();
    const response = await patch(issue, { title: 'Should not stick', ...body });
    expect(response.status).toBe(422);
    expect(response.body.details).toContainEqual({ field, message: 'unknown or read-only field' });
    expect((await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.title).toBe(issue.title);
  });

  it.each([
    ['title', { title: null }],
    ['title', { title: '' }],
    ['type', { type: null }],
    ['status', { status: 'closed' }],
    ['status', { status: null }],
    ['priority', { priority: 7 }],
    ['priority', { priority: null }],
    ['labelIds', { labelIds: null }],
    ['commits', { commits: [{ message: 'no sha' }] }],
    ['pullRequests', { pullRequests: [{ number: 1, url: 'not a url', status: 'open', merged: false }] }],
  ])('rejects an invalid %s with 422', async (field, body) => {
    const issue = await f.anIssue();
    const response = await patch(issue, body);
    expect(response.status).toBe(422);
    expect(response.body.details.map((detail: { field: string }) => detail.field.split('.')[0])).toContain(field);
  });

  it('answers 404 for a missing or deleted issue', async () => {
    const deleted = await f.anIssue();
    await t.api.delete(`/api/v1/issues/${deleted.id}`);
    for (const ref of ['no-such-issue', '999999', deleted.id, String(deleted.number)]) {
      const response = await patch(ref, { title: 'x' });
      expect(response.status, ref).toBe(404);
    }
  });

  it('rejects missing or deleted references with 422 naming the field, changing nothing', async () => {
    const issue = await f.anIssue({ title: 'Stays' });
    const project = await aProject(t.db);
    await deleteProject(t.db, project.id);
    const cases: [unknown, string][] = [
      [{ title: 'x', projectId: project.id }, 'projectId'],
      [{ title: 'x', parentId: 999_999 }, 'parentId'],
      [{ title: 'x', labelIds: ['nope'] }, 'labelIds.0'],
    ];
    for (const [body, field] of cases) {
      const response = await patch(issue, body);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field }] });
    }
    expect((await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.title).toBe('Stays');
  });

  describe('status lifecycle', () => {
    it('stamps statusChangedAt and completedAt when the status becomes done, clears completedAt on reopening', async () => {
      const issue = await f.anIssue({ status: 'todo' });
      clock.advance(60_000);
      const started = await patch(issue, { status: 'in_progress' });
      expect(started.body.data).toMatchObject({ statusChangedAt: clock.now().toISOString(), completedAt: null });

      clock.advance(60_000);
      const doneAt = clock.now().toISOString();
      const done = await patch(issue, { status: 'done' });
      expect(done.body.data).toMatchObject({ status: 'done', statusChangedAt: doneAt, completedAt: doneAt });

      clock.advance(60_000);
      const edited = await patch(issue, { title: 'Edited after completion', status: 'done' });
      expect(edited.body.data).toMatchObject({ statusChangedAt: doneAt, completedAt: doneAt });
      expect(edited.body.data.updatedAt).toBe(clock.now().toISOString());

      clock.advance(60_000);
      const reopened = await patch(issue, { status: 'todo' });
      expect(reopened.body.data).toMatchObject({ statusChangedAt: clock.now().toISOString(), completedAt: null });
    });

    it('sets completedAt when canceled, and again when moved from done to canceled', async () => {
      const issue = await f.anIssue();
      clock.advance(1000);
      const canceled = await patch(issue, { status: 'canceled' });
      expect(canceled.body.data.completedAt).toBe(clock.now().toISOString());
      await patch(issue, { status: 'done' });
      clock.advance(1000);
      const again = await patch(issue, { status: 'canceled' });
      expect(again.body.data.completedAt).toBe(clock.now().toISOString());
    });

    it('tells dispatch about a status change inside the same transaction, and only about a change', async () => {
      const issue = await f.anIssue({ status: 'todo' });
      clock.advance(1000);
      await patch(issue, { status: 'in_progress' });
      expect(onIssueStatusChange).toHaveBeenCalledTimes(1);
      expect(onIssueStatusChange).toHaveBeenCalledWith(expect.anything(), {
        issueId: issue.id,
        from: 'todo',
        to: 'in_progress',
        now: clock.now(),
      });
      // The first argument is the transaction, not the app's database handle.
      expect(onIssueStatusChange.mock.calls[0]![0]).not.toBe(t.db);

      onIssueStatusChange.mockClear();
      await patch(issue, { status: 'in_progress', title: 'same status' });
      await patch(issue, { priority: 2 });
      expect(onIssueStatusChange).not.toHaveBeenCalled();
    });

    it('rolls the status change back when dispatch bookkeeping fails', async () => {
      const issue = await f.anIssue({ status: 'in_progress' });
      onIssueStatusChange.mockRejectedValueOnce(new Error('bookkeeping failed'));
      const response = await patch(issue, { status: 'done', agentSummary: 'finished' });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: 'Internal server error', code: 'internal_error' });
      const stored = (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data;
      expect(stored).toMatchObject({ status: 'in_progress', completedAt: null, agentSummary: null });
    });
  });

  describe('hierarchy rule (one level deep)', () => {
    it('moves a root under another root, and a child to another root', async () => {
      const [first, second] = [await f.anIssue(), await f.anIssue()];
      const issue = await f.anIssue();
      expect((await patch(issue, { parentId: first.number })).body.data.parentId).toBe(first.id);
      expect((await patch(issue, { parentId: String(second.number) })).body.data.parentId).toBe(second.id);
      expect((await t.api.get(`/api/v1/issues/${first.id}`)).body.data.children).toEqual([]);
    });

    it('rejects a parent that is itself a child', async () => {
      const root = await f.anIssue();
      const child = await f.aChildOf(root);
      const issue = await f.anIssue();
      const response = await patch(issue, { parentId: child.id });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'hierarchy_violation', details: [{ field: 'parentId' }] });
      expect(response.body.error).toMatch(/one level deep/);
      expect((await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.parentId).toBeNull();
    });

    it('rejects re-parenting an issue that has live children', async () => {
      const parent = await f.anIssue();
      await f.aChildOf(parent);
      const target = await f.anIssue();
      const response = await patch(parent, { parentId: target.id });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('hierarchy_violation');
      expect(response.body.error).toContain(`#${parent.number} has children`);
    });

    it('lets an issue whose children are all deleted become a child', async () => {
      const parent = await f.anIssue();
      const child = await f.aChildOf(parent);
      await t.api.delete(`/api/v1/issues/${child.id}`);
      const target = await f.anIssue();
      expect((await patch(parent, { parentId: target.id })).status).toBe(200);
    });

    it('rejects an issue as its own parent, by id or by number', async () => {
      const issue = await f.anIssue();
      for (const parentId of [issue.id, issue.number, String(issue.number)]) {
        const response = await patch(issue, { parentId });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'hierarchy_violation', details: [{ field: 'parentId' }] });
        expect(response.body.error).toMatch(/own parent/);
      }
    });

    it('rejects a missing or deleted parent with invalid_reference', async () => {
      const issue = await f.anIssue();
      const deleted = await f.anIssue();
      await t.api.delete(`/api/v1/issues/${deleted.id}`);
      for (const parentId of ['no-such-issue', deleted.id]) {
        const response = await patch(issue, { parentId });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'parentId' }] });
      }
    });
  });
});
