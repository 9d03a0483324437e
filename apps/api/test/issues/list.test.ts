import { and, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { issues } from '../../src/db/schema';
import { issueSearchCondition } from '../../src/domain/issues/list';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProject, deleteProject, issueFixtures } from '../support/fixtures/issues';

type Listed = { id: string; number: number; createdAt: string; updatedAt: string; priority: number };
const ids = (items: { id: string }[]) => items.map((item) => item.id);
const byId = (a: Listed, b: Listed) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('GET /api/v1/issues: pagination, order and sort', () => {
  const clock = new TestClock(new Date('2026-11-01T00:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  let all: Listed[];
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
    all = [];
    // 60 issues over 6 distinct creation instants, so most neighbours tie and only the id orders them.
    for (let i = 0; i < 60; i++) {
      if (i % 10 === 0) clock.advance(60_000);
      all.push(await f.anIssue({ priority: i % 5 }));
    }
    // Touch a few so updatedAt differs from createdAt.
    for (const issue of all.slice(0, 5)) {
      clock.advance(1000);
      const response = await t.api.patch(`/api/v1/issues/${issue.id}`, { title: `${issue.id} touched` });
      Object.assign(issue, response.body.data);
    }
  });
  afterAll(() => t.close());

  it('pages through 60 issues with limit/offset: total right, nothing twice, stable order', async () => {
    const seen: string[] = [];
    for (const offset of [0, 25, 50]) {
      const response = await t.api.get(`/api/v1/issues?limit=25&offset=${offset}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 60, limit: 25, offset });
      expect(response.body.data).toHaveLength(offset === 50 ? 10 : 25);
      seen.push(...ids(response.body.data));
    }
    expect(new Set(seen).size).toBe(60);
    const whole = await t.api.get('/api/v1/issues?limit=200');
    expect(ids(whole.body.data)).toEqual(seen);
    const again = await t.api.get('/api/v1/issues?limit=25&offset=25');
    expect(ids(again.body.data)).toEqual(seen.slice(25, 50));
  });

  it('defaults to newest first, ties broken by id', async () => {
    const expected = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || byId(b, a));
    const response = await t.api.get('/api/v1/issues?limit=200');
    expect(response.body.limit).toBe(50 * 4);
    expect(ids(response.body.data)).toEqual(ids(expected));
    const byDefault = await t.api.get('/api/v1/issues');
    expect(byDefault.body).toMatchObject({ limit: 50, offset: 0, total: 60 });
    expect(ids(byDefault.body.data)).toEqual(ids(expected).slice(0, 50));
  });

  it.each([
    ['createdAt', (a: Listed, b: Listed) => a.createdAt.localeCompare(b.createdAt) || byId(a, b)],
    ['-createdAt', (a: Listed, b: Listed) => b.createdAt.localeCompare(a.createdAt) || byId(b, a)],
    ['updatedAt', (a: Listed, b: Listed) => a.updatedAt.localeCompare(b.updatedAt) || byId(a, b)],
    ['-updatedAt', (a: Listed, b: Listed) => b.updatedAt.localeCompare(a.updatedAt) || byId(b, a)],
    ['priority', (a: Listed, b: Listed) => a.priority - b.priority || byId(a, b)],
    ['-priority', (a: Listed, b: Listed) => b.priority - a.priority || byId(b, a)],
    ['number', (a: Listed, b: Listed) => a.number - b.number],
    ['-number', (a: Listed, b: Listed) => b.number - a.number],
  ])('sorts by %s', async (sort, compare) => {
    const response = await t.api.get(`/api/v1/issues?limit=200&sort=${sort}`);
    expect(response.status).toBe(200);
    expect(ids(response.body.data)).toEqual(ids([...all].sort(compare)));
  });

  it('keeps the total when the offset is past the end', async () => {
    const response = await t.api.get('/api/v1/issues?offset=500');
    expect(response.body).toEqual({ data: [], total: 60, limit: 50, offset: 500, nextCursor: null });
  });

  it('answers in at most 2 statements, past the end included', async () => {
    for (const query of ['limit=10', 'offset=500', 'status=todo,done&sort=priority&q=issue']) {
      t.queries.reset();
      expect((await t.api.get(`/api/v1/issues?${query}`)).status).toBe(200);
      expect(t.queries.count, query).toBeLessThanOrEqual(2);
    }
  });
});

describe('GET /api/v1/issues: filters', () => {
  const clock = new TestClock(new Date('2026-11-01T00:00:00.000Z'));
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    f = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  /** Lists with the given query, returning the ids in the listing (all of them: limit 200). */
  const listed = async (query: string) => {
    const response = await t.api.get(`/api/v1/issues?limit=200&${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.total).toBe(response.body.data.length);
    return new Set(ids(response.body.data));
  };

  it('filters by status and type lists, comma-separated or repeated', async () => {
    const project = await aProject(t.db);
    const todoTask = await f.anIssue({ projectId: project.id, status: 'todo', type: 'task' });
    const doneTask = await f.anIssue({ projectId: project.id, status: 'done', type: 'task' });
    const todoPlan = await f.anIssue({ projectId: project.id, status: 'todo', type: 'plan' });
    const triageSignal = await f.anIssue({ projectId: project.id, type: 'signal' });
    const scope = `projectId=${project.id}`;
    expect(await listed(`${scope}&status=todo`)).toEqual(new Set([todoTask.id, todoPlan.id]));
    expect(await listed(`${scope}&status=todo,done`)).toEqual(new Set([todoTask.id, doneTask.id, todoPlan.id]));
    expect(await listed(`${scope}&status=todo&status=triage`)).toEqual(new Set([todoTask.id, todoPlan.id, triageSignal.id]));
    expect(await listed(`${scope}&type=task`)).toEqual(new Set([todoTask.id, doneTask.id]));
    expect(await listed(`${scope}&type=plan,signal`)).toEqual(new Set([todoPlan.id, triageSignal.id]));
    expect(await listed(`${scope}&type=task&status=todo`)).toEqual(new Set([todoTask.id]));
  });

  it('filters by priority (one value or a list)', async () => {
    const project = await aProject(t.db);
    const urgent = await f.anIssue({ projectId: project.id, priority: 1 });
    const high = await f.anIssue({ projectId: project.id, priority: 2 });
    const none = await f.anIssue({ projectId: project.id });
    expect(await listed(`projectId=${project.id}&priority=1`)).toEqual(new Set([urgent.id]));
    expect(await listed(`projectId=${project.id}&priority=0,2`)).toEqual(new Set([high.id, none.id]));
  });

  it('filters by project, label and parent (by id or number)', async () => {
    const project = await aProject(t.db);
    const other = await aProject(t.db);
    const label = await f.aLabel();
    const parent = await f.anIssue({ projectId: project.id });
    const labelledChild = await f.aChildOf(parent, { projectId: project.id, labelIds: [label.id] });
    const plainChild = await f.aChildOf(parent, { projectId: other.id });
    const labelledElsewhere = await f.anIssue({ projectId: other.id, labelIds: [label.id] });

    expect(await listed(`projectId=${project.id}`)).toEqual(new Set([parent.id, labelledChild.id]));
    expect(await listed(`labelId=${label.id}`)).toEqual(new Set([labelledChild.id, labelledElsewhere.id]));
    expect(await listed(`parentId=${parent.id}`)).toEqual(new Set([labelledChild.id, plainChild.id]));
    expect(await listed(`parentId=${parent.number}`)).toEqual(new Set([labelledChild.id, plainChild.id]));
    // Combined: every filter must hold.
    expect(await listed(`parentId=${parent.number}&labelId=${label.id}&projectId=${project.id}`)).toEqual(
      new Set([labelledChild.id]),
    );
    expect(await listed(`parentId=${parent.number}&labelId=${label.id}&projectId=${other.id}`)).toEqual(new Set());
  });

  it('filters by creation time, strictly after / strictly before', async () => {
    const project = await aProject(t.db);
    clock.set(new Date('2026-11-10T08:00:00.000Z'));
    const early = await f.anIssue({ projectId: project.id });
    clock.set(new Date('2026-11-10T09:00:00.000Z'));
    const middle = await f.anIssue({ projectId: project.id });
    clock.set(new Date('2026-11-10T10:00:00.000Z'));
    const late = await f.anIssue({ projectId: project.id });
    const scope = `projectId=${project.id}`;
    expect(await listed(`${scope}&createdAfter=2026-11-10T08:00:00.000Z`)).toEqual(new Set([middle.id, late.id]));
    expect(await listed(`${scope}&createdBefore=2026-11-10T10:00:00Z`)).toEqual(new Set([early.id, middle.id]));
    expect(
      await listed(`${scope}&createdAfter=2026-11-10T08:30:00%2B00:00&createdBefore=2026-11-10T09:30:00.000Z`),
    ).toEqual(new Set([middle.id]));
    // 10:30 at +01:00 is 09:30 UTC.
    expect(await listed(`${scope}&createdAfter=2026-11-10T10:30:00%2B01:00`)).toEqual(new Set([late.id]));
    expect(await listed(`${scope}&createdBefore=2026-11-10`)).toEqual(new Set());
  });

  it('answers an empty page when a filter names a row that does not exist or is deleted', async () => {
    const project = await aProject(t.db);
    const label = await f.aLabel();
    const parent = await f.anIssue({ projectId: project.id, labelIds: [label.id] });
    await f.aChildOf(parent);
    // The parent and its child, which joined the parent's project.
    expect((await listed(`projectId=${project.id}`)).size).toBe(2);
    expect((await listed(`labelId=${label.id}`)).size).toBe(1);
    expect((await listed(`parentId=${parent.id}`)).size).toBe(1);

    await deleteProject(t.db, project.id);
    await t.api.delete(`/api/v1/labels/${label.id}`);
    await t.api.delete(`/api/v1/issues/${parent.id}`);
    for (const query of [
      `projectId=${project.id}`,
      `labelId=${label.id}`,
      `parentId=${parent.id}`,
      `parentId=${parent.number}`,
      'projectId=no-such-project',
      'labelId=no-such-label',
      'parentId=no-such-issue',
      'parentId=999999',
    ]) {
      const response = await t.api.get(`/api/v1/issues?${query}`);
      expect(response.status, query).toBe(200);
      expect(response.body, query).toEqual({ data: [], total: 0, limit: 50, offset: 0, nextCursor: null });
    }
  });

  it('never lists or counts a deleted issue', async () => {
    const project = await aProject(t.db);
    const kept = await f.anIssue({ projectId: project.id, title: 'Vanishing act kept' });
    const deleted = await f.anIssue({ projectId: project.id, title: 'Vanishing act deleted' });
    await t.api.delete(`/api/v1/issues/${deleted.id}`);
    expect(await listed(`projectId=${project.id}`)).toEqual(new Set([kept.id]));
    expect(await listed('q=vanishing')).toEqual(new Set([kept.id]));
    const everything = await t.api.get('/api/v1/issues?limit=200');
    expect(ids(everything.body.data)).not.toContain(deleted.id);
  });

  it('shows a deleted parent or project as null in the listing', async () => {
    const project = await aProject(t.db);
    const parent = await f.anIssue();
    const child = await f.aChildOf(parent, { projectId: project.id, title: 'Orphaned listing' });
    await t.api.delete(`/api/v1/issues/${parent.id}`);
    await deleteProject(t.db, project.id);
    const response = await t.api.get('/api/v1/issues?q=orphaned');
    expect(response.body.data).toEqual([expect.objectContaining({ id: child.id, parentId: null, projectId: null })]);
  });

  it('takes the same number of statements for 1 or 10 matching issues with labels and children', async () => {
    async function statementsFor(size: number) {
      const project = await aProject(t.db);
      const label = await f.aLabel();
      for (let i = 0; i < size; i++) {
        const issue = await f.anIssue({ projectId: project.id, labelIds: [label.id] });
        await f.aChildOf(issue);
      }
      t.queries.reset();
      const response = await t.api.get(`/api/v1/issues?labelId=${label.id}&projectId=${project.id}`);
      expect(response.body.total).toBe(size);
      return t.queries.count;
    }
    const one = await statementsFor(1);
    expect(one).toBeLessThanOrEqual(2);
    expect(await statementsFor(10)).toBe(one);
  });
});

describe('GET /api/v1/issues?q=: text search', () => {
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  let checkout: { id: string };
  let described: { id: string };
  let unicode: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    f = issueFixtures(t.api);
    checkout = await f.anIssue({ title: 'Checkout error rate above 2%' });
    described = await f.anIssue({ title: 'Payments', description: 'The CHECKOUT button times out on Safari' });
    unicode = await f.anIssue({ title: 'Überweisung scheitert bei Käufern' });
    await f.anIssue({ title: 'Unrelated onboarding copy' });
  });
  afterAll(() => t.close());

  const search = async (q: string) => {
    const response = await t.api.get(`/api/v1/issues?q=${encodeURIComponent(q)}`);
    expect(response.status, `${q}: ${JSON.stringify(response.body)}`).toBe(200);
    return new Set(ids(response.body.data));
  };

  it('matches word prefixes in the title and the description, ignoring case', async () => {
    expect(await search('checkout')).toEqual(new Set([checkout.id, described.id]));
    expect(await search('CHECK')).toEqual(new Set([checkout.id, described.id]));
    expect(await search('safari')).toEqual(new Set([described.id]));
    expect(await search('überw')).toEqual(new Set([unicode.id]));
  });

  it('requires every word', async () => {
    expect(await search('checkout safari')).toEqual(new Set([described.id]));
    expect(await search('checkout err')).toEqual(new Set([checkout.id]));
    expect(await search('checkout nothing')).toEqual(new Set());
  });

  it('treats query syntax and SQL as plain words, never as syntax', async () => {
    expect(await search("checkout' or 1=1 --")).toEqual(new Set());
    expect(await search('check:* | onboarding')).toEqual(new Set());
    expect(await search('check & !safari')).toEqual(new Set([described.id]));
    expect(await search('(((')).toEqual(new Set());
    expect(await search('%')).toEqual(new Set());
  });

  it('writes only the words it kept into the statement (planned for them); every other value stays a parameter', async () => {
    t.queries.reset();
    const hostile = "x' or '1'='1";
    const response = await t.api.get(`/api/v1/issues?q=${encodeURIComponent("Safari' --")}&projectId=${encodeURIComponent(hostile)}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ data: [], total: 0 });
    const statement = t.queries.statements.join('\n');
    expect(statement).toContain(
      `to_tsvector('simple', "issues"."title" || ' ' || coalesce("issues"."description", '')) @@ to_tsquery('simple', 'safari:*')`,
    );
    expect(statement).not.toContain(hostile);
    expect(await search('Safari')).toEqual(new Set([described.id]));
  });

  it('a q with nothing searchable in it matches nothing, whatever was listed before (queries are prepared per shape)', async () => {
    const everything = await t.api.get('/api/v1/issues');
    expect(everything.body.data).toHaveLength(4);
    expect(await search('!!! ???')).toEqual(new Set());
    expect((await t.api.get('/api/v1/issues')).body.data).toHaveLength(4);
  });

  it('rejects an empty or overlong q with 422', async () => {
    for (const q of ['', '   ', 'x'.repeat(201)]) {
      const response = await t.api.get(`/api/v1/issues?q=${q}`);
      expect(response.status).toBe(422);
      expect(response.body.details[0].field).toBe('q');
    }
  });
});

describe('the issue text search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('uses the same expression as the GIN index, so the index can serve it', async () => {
    // Enough rows and fresh statistics that a selective search should go through the GIN index.
    await t.db.execute(
      sql`insert into issues (id, title, type) select 'filler-' || g, 'Filler issue ' || g, 'task' from generate_series(1, 3000) g`,
    );
    await t.db.insert(issues).values({ id: 'the-needle', title: 'Checkout needle', type: 'task' });
    await t.db.execute(sql`analyze issues`);
    const query = t.db
      .select({ id: issues.id })
      .from(issues)
      .where(and(isNull(issues.deletedAt), issueSearchCondition('needle')));
    const plan = await rawRows<{ 'QUERY PLAN': string }>(t.db, sql`explain ${query}`);
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('issues_search_idx');
    const found = await t.api.get('/api/v1/issues?q=needle');
    expect(ids(found.body.data)).toEqual(['the-needle']);
  });
});

describe('GET /api/v1/issues: query validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['status=open', 'status'],
    ['status=todo,open', 'status'],
    ['status=', 'status'],
    ['status=todo,', 'status'],
    ['type=epic', 'type'],
    ['priority=5', 'priority'],
    ['priority=high', 'priority'],
    ['priority=-1', 'priority'],
    ['sort=title', 'sort'],
    ['sort=', 'sort'],
    ['sort=--createdAt', 'sort'],
    ['sort=CreatedAt', 'sort'],
    ['createdAfter=yesterday', 'createdAfter'],
    ['createdAfter=2026-11-10T08:00:00', 'createdAfter'],
    ['createdBefore=2026-13-45', 'createdBefore'],
    ['createdBefore=', 'createdBefore'],
    ['projectId=', 'projectId'],
    ['labelId=', 'labelId'],
    ['parentId=', 'parentId'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=x', 'offset'],
  ])('rejects %s with 422 naming the parameter', async (query, field) => {
    const response = await t.api.get(`/api/v1/issues?${query}`);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('answers 401 without a key', async () => {
    expect((await t.api.get('/api/v1/issues', { key: null })).status).toBe(401);
  });
});
