import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProject, deleteProject, issueFixtures } from '../support/fixtures/issues';

describe('POST /api/v1/issues', () => {
  const clock = new TestClock(new Date('2026-11-22T12:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  const issueCount = async () => (await t.api.get('/api/v1/issues?limit=1')).body.total as number;

  it('creates an issue with the defaults and answers 201 {data}', async () => {
    const response = await t.api.post('/api/v1/issues', { title: 'Checkout fails on Safari', type: 'task' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      data: {
        id: expect.any(String),
        number: expect.any(Number),
        title: 'Checkout fails on Safari',
        description: null,
        type: 'task',
        status: 'triage',
        priority: 0,
        parentId: null,
        projectId: null,
        signalSource: null,
        signalPayload: null,
        hypothesis: null,
        agentSessionId: null,
        agentSummary: null,
        commits: null,
        pullRequests: null,
        completedAt: null,
        statusChangedAt: '2026-11-22T12:00:00.000Z',
        createdAt: '2026-11-22T12:00:00.000Z',
        updatedAt: '2026-11-22T12:00:00.000Z',
      },
    });
    const stored = await t.api.get(`/api/v1/issues/${response.body.data.number}`);
    expect(stored.body.data).toMatchObject(response.body.data);
  });

  it('allocates increasing numbers', async () => {
    const first = await f.anIssue();
    const second = await f.anIssue();
    expect(second.number).toBeGreaterThan(first.number);
  });

  it('stores every optional field of the body', async () => {
    const project = await aProject(t.db);
    const [bug, ui] = [await f.aLabel({ name: 'bug' }), await f.aLabel({ name: 'ui' })];
    const hypothesis = {
      statement: 'The new coupon form slows checkout',
      confidence: 0.7,
      evidence: ['p95 up 40% since release'],
      validationCriteria: 'p95 back under 800 ms',
      prediction: 'Reverting restores conversion',
    };
    const response = await t.api.post('/api/v1/issues', {
      title: '  Conversion dropped  ',
      type: 'hypothesis',
      description: 'See the **dashboard**',
      status: 'todo',
      priority: 2,
      projectId: project.id,
      labelIds: [bug.id, ui.id, bug.id],
      signalSource: 'posthog',
      signalPayload: { metric: 'conversion', delta: -0.12 },
      hypothesis,
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      title: 'Conversion dropped',
      type: 'hypothesis',
      description: 'See the **dashboard**',
      status: 'todo',
      priority: 2,
      projectId: project.id,
      signalSource: 'posthog',
      signalPayload: { metric: 'conversion', delta: -0.12 },
      hypothesis,
      completedAt: null,
    });
    const detail = await t.api.get(`/api/v1/issues/${response.body.data.id}`);
    expect(detail.body.data.project).toEqual({ id: project.id, name: project.name, status: 'backlog' });
    expect(detail.body.data.labels).toEqual([
      { id: bug.id, name: 'bug', color: bug.color },
      { id: ui.id, name: 'ui', color: ui.color },
    ]);
  });

  it('sets completedAt when the issue is created done or canceled', async () => {
    for (const status of ['done', 'canceled']) {
      const issue = await f.anIssue({ status });
      expect(issue.completedAt, status).toBe(clock.now().toISOString());
    }
    expect((await f.anIssue({ status: 'in_progress' })).completedAt).toBeNull();
  });

  it('accepts the parent by id, by number, or by number as a string', async () => {
    const parent = await f.anIssue();
    for (const parentId of [parent.id, parent.number, String(parent.number)]) {
      const child = await f.anIssue({ parentId });
      expect(child.parentId, String(parentId)).toBe(parent.id);
    }
  });

  it('puts a child created without projectId in its parent’s project; projectId (or null) in the body wins', async () => {
    const checkout = await aProject(t.db, { name: 'Checkout' });
    const other = await aProject(t.db, { name: 'Search' });
    const parent = await f.anIssue({ type: 'plan', projectId: checkout.id });

    const inherited = await t.api.post('/api/v1/issues', { title: 'Cache prices', type: 'task', parentId: parent.number });
    expect(inherited.status).toBe(201);
    expect(inherited.body.data.projectId).toBe(checkout.id);
    expect((await t.api.get(`/api/v1/issues/${inherited.body.data.number}`)).body.data.project).toMatchObject({ id: checkout.id, name: 'Checkout' });

    expect((await f.anIssue({ parentId: parent.id, projectId: other.id })).projectId).toBe(other.id);
    expect((await f.anIssue({ parentId: parent.id, projectId: null })).projectId).toBeNull();
  });

  it('leaves a child without a project when its parent has none, or its parent’s project is deleted', async () => {
    expect((await f.anIssue({ parentId: (await f.anIssue()).id })).projectId).toBeNull();
    const doomed = await aProject(t.db, { name: 'Doomed' });
    const parent = await f.anIssue({ projectId: doomed.id });
    await deleteProject(t.db, doomed.id);
    expect((await f.anIssue({ parentId: parent.id })).projectId).toBeNull();
  });

  it('checks parent, project and labels and inserts the issue with its labels in one statement, without a transaction', async () => {
    const parent = await f.anIssue();
    const project = await aProject(t.db);
    const labels = [await f.aLabel(), await f.aLabel(), await f.aLabel()];
    const transaction = vi.spyOn(t.db, 'transaction');
    t.queries.reset();
    try {
      const response = await t.api.post('/api/v1/issues', {
        title: 'Fully referenced',
        type: 'task',
        parentId: parent.number,
        projectId: project.id,
        labelIds: labels.map((label) => label.id),
      });
      expect(response.status).toBe(201);
      expect(t.queries.statements).toHaveLength(1);
      expect(t.queries.statements[0]).toMatch(/^with "refs" as \(.*"created" as \(insert into issues .*"linked" as \(insert into issue_labels/s);
      expect(transaction).not.toHaveBeenCalled();
      const stored = await t.api.get(`/api/v1/issues/${response.body.data.number}`);
      expect(stored.body.data.labels.map((label: { id: string }) => label.id).sort()).toEqual(labels.map((label) => label.id).sort());
    } finally {
      transaction.mockRestore();
    }
  });

  it('inserts an issue that names nothing else in one statement', async () => {
    t.queries.reset();
    expect((await t.api.post('/api/v1/issues', { title: 'Alone', type: 'task' })).status).toBe(201);
    expect(t.queries.statements).toHaveLength(1);
  });

  it('refuses a bad reference in that same one statement, inserting nothing', async () => {
    const label = await f.aLabel();
    const before = await issueCount();
    t.queries.reset();
    const response = await t.api.post('/api/v1/issues', { title: 'x', type: 'task', labelIds: [label.id, 'no-such-label'] });
    expect(response.status).toBe(422);
    expect(t.queries.statements).toHaveLength(1);
    expect(await issueCount()).toBe(before);
    const [linked] = await rawRows<{ links: number }>(
      t.db,
      sql`select count(*)::int as links from issue_labels where label_id = ${label.id}`,
    );
    expect(linked!.links).toBe(0);
  });

  it('gives each shape of body its own answer when shapes follow one another', async () => {
    const [root, other] = [await f.anIssue(), await f.anIssue()];
    const project = await aProject(t.db);
    const [bug, ui] = [await f.aLabel(), await f.aLabel()];
    const bodies = [
      { parentId: root.number, labelIds: [bug.id] },
      { parentId: other.id },
      { projectId: project.id, labelIds: [ui.id, bug.id] },
      {},
      { parentId: String(other.number), projectId: project.id },
      { parentId: root.id, projectId: project.id, labelIds: [ui.id] },
      { labelIds: [bug.id] },
    ];
    const named = (ref: string | number) => [root, other].find((issue) => [issue.id, issue.number, String(issue.number)].includes(ref));
    for (const body of bodies) {
      const created = await f.anIssue(body);
      const detail = (await t.api.get(`/api/v1/issues/${created.id}`)).body.data;
      const labelIds = detail.labels.map((label: { id: string }) => label.id);
      expect(detail.parentId, JSON.stringify(body)).toBe(body.parentId === undefined ? null : named(body.parentId).id);
      expect(detail.projectId, JSON.stringify(body)).toBe(body.projectId ?? null);
      expect(labelIds.sort(), JSON.stringify(body)).toEqual([...(body.labelIds ?? [])].sort());
    }
  });

  it('reports the parent before the project and the project before the labels, as an update does', async () => {
    const child = await f.aChildOf(await f.anIssue());
    const bad = { parentId: child.id, projectId: 'no-such-project', labelIds: ['no-such-label'] };
    const answers = [
      await t.api.post('/api/v1/issues', { title: 'x', type: 'task', ...bad }),
      await t.api.post('/api/v1/issues', { title: 'x', type: 'task', ...bad, parentId: 999_999 }),
      await t.api.post('/api/v1/issues', { title: 'x', type: 'task', ...bad, parentId: undefined }),
      await t.api.post('/api/v1/issues', { title: 'x', type: 'task', labelIds: ['no-such-label'] }),
    ];
    const fields = (body: { details: { field: string }[] }) => body.details.map((detail) => detail.field);
    expect(answers.map((answer) => [answer.status, answer.body.code, fields(answer.body)])).toEqual([
      [422, 'hierarchy_violation', ['parentId']],
      [422, 'invalid_reference', ['parentId']],
      [422, 'invalid_reference', ['projectId']],
      [422, 'invalid_reference', ['labelIds.0']],
    ]);
    const edited = await f.anIssue();
    const update = await t.api.patch(`/api/v1/issues/${edited.id}`, bad);
    expect(update.body).toEqual(answers[0]!.body);
  });

  it('stores jsonb values exactly as sent, and null as SQL null', async () => {
    const signalPayload = { text: 'quote " backslash \\ é 😀', nested: { list: [1, 2.5, null, true, 'x'] }, empty: {} };
    const created = await f.anIssue({ type: 'signal', signalSource: 'posthog', signalPayload });
    expect(created.signalPayload).toEqual(signalPayload);
    expect((await t.api.get(`/api/v1/issues/${created.id}`)).body.data.signalPayload).toEqual(signalPayload);
    const plain = await f.anIssue({ signalPayload: null, hypothesis: null });
    const [stored] = await rawRows<{ payload: boolean; hypothesis: boolean }>(
      t.db,
      sql`select signal_payload is null as payload, hypothesis is null as hypothesis from issues where id = ${plain.id}`,
    );
    expect(stored).toEqual({ payload: true, hypothesis: true });
  });

  it.each([
    ['a missing title', { type: 'task' }, 'title'],
    ['an empty title', { title: '   ', type: 'task' }, 'title'],
    ['a title over 500 characters', { title: 'x'.repeat(501), type: 'task' }, 'title'],
    ['a missing type', { title: 'x' }, 'type'],
    ['an unknown type', { title: 'x', type: 'epic' }, 'type'],
    ['an unknown status', { title: 'x', type: 'task', status: 'open' }, 'status'],
    ['priority 5', { title: 'x', type: 'task', priority: 5 }, 'priority'],
    ['priority -1', { title: 'x', type: 'task', priority: -1 }, 'priority'],
    ['a fractional priority', { title: 'x', type: 'task', priority: 1.5 }, 'priority'],
    ['a priority as a string', { title: 'x', type: 'task', priority: '2' }, 'priority'],
    ['a read-only number', { title: 'x', type: 'task', number: 7 }, 'number'],
    ['a read-only id', { title: 'x', type: 'task', id: 'mine' }, 'id'],
    ['a read-only createdAt', { title: 'x', type: 'task', createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
    ['a read-only completedAt', { title: 'x', type: 'task', completedAt: '2020-01-01T00:00:00Z' }, 'completedAt'],
    ['an unknown field', { title: 'x', type: 'task', owner: 'ada' }, 'owner'],
    ['a field editable only later', { title: 'x', type: 'task', agentSummary: 'done' }, 'agentSummary'],
    ['labelIds that is not an array', { title: 'x', type: 'task', labelIds: 'bug' }, 'labelIds'],
    ['a hypothesis with confidence above 1', {
      title: 'x',
      type: 'hypothesis',
      hypothesis: { statement: 's', confidence: 2, evidence: [], validationCriteria: 'v' },
    }, 'hypothesis'],
    ['a parentId of the wrong type', { title: 'x', type: 'task', parentId: true }, 'parentId'],
  ])('rejects %s with 422 naming the field, and stores nothing', async (_case, body, field) => {
    const before = await issueCount();
    const response = await t.api.post('/api/v1/issues', body);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.details.map((detail: { field: string }) => detail.field.split('.')[0])).toContain(field);
    expect(await issueCount()).toBe(before);
  });

  it('rejects a missing or deleted parent with 422 invalid_reference naming parentId', async () => {
    const deleted = await f.anIssue();
    await t.api.delete(`/api/v1/issues/${deleted.id}`);
    for (const parentId of ['no-such-issue', 999_999, deleted.id, deleted.number]) {
      const response = await t.api.post('/api/v1/issues', { title: 'orphan', type: 'task', parentId });
      expect(response.status, String(parentId)).toBe(422);
      expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'parentId' }] });
      expect(response.body.error).toContain('parentId');
    }
  });

  it('rejects a missing or deleted project with 422 invalid_reference naming projectId', async () => {
    const project = await aProject(t.db);
    await deleteProject(t.db, project.id);
    for (const projectId of ['no-such-project', project.id]) {
      const response = await t.api.post('/api/v1/issues', { title: 'x', type: 'task', projectId });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'projectId' }] });
    }
  });

  it('rejects missing or deleted labels with 422 naming each failing labelIds entry, and stores nothing', async () => {
    const live = await f.aLabel();
    const deleted = await f.aLabel();
    await t.api.delete(`/api/v1/labels/${deleted.id}`);
    const before = await issueCount();
    const response = await t.api.post('/api/v1/issues', {
      title: 'x',
      type: 'task',
      labelIds: [live.id, 'no-such-label', deleted.id],
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('invalid_reference');
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual(['labelIds.1', 'labelIds.2']);
    expect(await issueCount()).toBe(before);
  });

  it('rejects a parent that is itself a child (one level deep) with 422 hierarchy_violation', async () => {
    const root = await f.anIssue();
    const child = await f.aChildOf(root);
    const before = await issueCount();
    const response = await t.api.post('/api/v1/issues', { title: 'grandchild', type: 'task', parentId: child.id });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('hierarchy_violation');
    expect(response.body.error).toMatch(/one level deep/);
    expect(response.body.details).toEqual([{ field: 'parentId', message: expect.stringContaining(`#${child.number}`) }]);
    expect(await issueCount()).toBe(before);
  });

  it('treats a child whose parent was deleted as a root', async () => {
    const root = await f.anIssue();
    const child = await f.aChildOf(root);
    await t.api.delete(`/api/v1/issues/${root.id}`);
    const grandchild = await f.anIssue({ parentId: child.id });
    expect(grandchild.parentId).toBe(child.id);
  });

  it('answers malformed JSON with 400, a non-JSON body with 415 and a missing key with 401', async () => {
    const malformed = await t.api.post('/api/v1/issues', '{"title":', { headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const form = await t.api.post('/api/v1/issues', 'title=x', { headers: { 'Content-Type': 'text/plain' } });
    expect(form.status).toBe(415);
    const anonymous = await t.api.post('/api/v1/issues', { title: 'x', type: 'task' }, { key: null });
    expect(anonymous.status).toBe(401);
  });
});
