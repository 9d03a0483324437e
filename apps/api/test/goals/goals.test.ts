import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goals } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aGoal, aProject, aProjectWithGoal } from '../support/fixtures/projects';

describe('goals', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  describe('POST /api/v1/goals', () => {
    it('creates a goal with defaults and answers 201 with the camelCase item', async () => {
      const response = await t.api.post('/api/v1/goals', { title: 'Checkout error rate below 0.5%' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: {
          id: expect.any(String),
          title: 'Checkout error rate below 0.5%',
          description: null,
          metric: null,
          targetValue: null,
          currentValue: null,
          unit: null,
          direction: 'increase',
          percent: null,
          status: 'active',
          projectId: null,
          createdAt: clock.now().toISOString(),
          updatedAt: clock.now().toISOString(),
        },
      });
    });

    it('accepts every optional field, fractional and negative values included', async () => {
      const goal = await aGoal(t.api, {
        title: 'Latency',
        description: 'p95 of the checkout API',
        metric: 'p95_latency_delta',
        targetValue: -120.5,
        currentValue: 0.25,
        unit: 'ms',
        status: 'abandoned',
      });
      expect(goal).toMatchObject({
        description: 'p95 of the checkout API',
        metric: 'p95_latency_delta',
        targetValue: -120.5,
        currentValue: 0.25,
        unit: 'ms',
        status: 'abandoned',
      });
    });

    it.each([
      ['a missing title', {}, 'title'],
      ['a blank title', { title: ' ' }, 'title'],
      ['an unknown status', { title: 'x', status: 'done' }, 'status'],
      ['an unknown direction', { title: 'x', direction: 'down' }, 'direction'],
      ['percent, which is computed', { title: 'x', percent: 50 }, 'percent'],
      ['a targetValue that is a string', { title: 'x', targetValue: '40' }, 'targetValue'],
      ['a currentValue that is a boolean', { title: 'x', currentValue: true }, 'currentValue'],
      ['projectId, which is read-only (the project holds the link)', { title: 'x', projectId: 'p' }, 'projectId'],
      ['an unknown field', { title: 'x', owner: 'me' }, 'owner'],
    ])('answers 422 naming the field for %s and creates nothing', async (_case, body, field) => {
      const before = await t.db.$count(goals);
      const response = await t.api.post('/api/v1/goals', body);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(await t.db.$count(goals)).toBe(before);
    });

    it('answers 422 for a number too large to be finite', async () => {
      const response = await t.api.post('/api/v1/goals', '{"title": "x", "targetValue": 1e400}');
      expect(response.status).toBe(422);
      expect(response.body.details[0].field).toBe('targetValue');
    });
  });

  describe('progress (percent) by direction', () => {
    it.each([
      ['an error rate below 0.5 % at 1 %: nothing done yet', 'decrease', 0.5, 1, 0],
      ['an error rate below 0.5 % at 0.75 %: half way', 'decrease', 0.5, 0.75, 50],
      ['an error rate below 0.5 % at 5 %: still 0, never below', 'decrease', 0.5, 5, 0],
      ['an error rate below 0.5 % at 0.2 %: met, 100', 'decrease', 0.5, 0.2, 100],
      ['activation to 40 % at 10 %', 'increase', 40, 10, 25],
      ['activation to 40 % at 60 %: met, never over 100', 'increase', 40, 60, 100],
      ['no target yet', 'decrease', null, 3, null],
    ] as const)('answers %s', async (_case, direction, targetValue, currentValue, percent) => {
      const goal = await aGoal(t.api, { direction, targetValue, currentValue });
      expect(goal).toMatchObject({ direction, percent });
      expect((await t.api.get(`/api/v1/goals/${goal.id}`)).body.data.percent).toBe(percent);
    });

    it('is what the linked project shows of its goal', async () => {
      const { project } = await aProjectWithGoal(t.api, { direction: 'decrease', targetValue: 0.5, currentValue: 1 });
      const response = await t.api.get(`/api/v1/projects/${project.id}`);
      expect(response.body.data.goal).toMatchObject({ direction: 'decrease', percent: 0 });
    });
  });

  describe('GET /api/v1/goals/:id', () => {
    it('carries the projectId of the live project that links the goal', async () => {
      const { project, goal } = await aProjectWithGoal(t.api);
      const response = await t.api.get(`/api/v1/goals/${goal.id}`);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ ...goal, projectId: project.id });
    });

    it('answers 404 for an unknown id', async () => {
      const response = await t.api.get('/api/v1/goals/no-such-goal');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: expect.stringContaining('no-such-goal'), code: 'not_found' });
    });
  });

  describe('PATCH /api/v1/goals/:id', () => {
    it('reports progress through currentValue, changing nothing else', async () => {
      const goal = await aGoal(t.api, { metric: 'activation_rate', targetValue: 40, currentValue: 20, unit: '%' });
      clock.advance(60_000);
      const response = await t.api.patch(`/api/v1/goals/${goal.id}`, { currentValue: 27.5 });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ ...goal, currentValue: 27.5, percent: 68.8, updatedAt: clock.now().toISOString() });
    });

    it('turns a goal around with direction, and its percent follows', async () => {
      const goal = await aGoal(t.api, { title: 'Error rate below 0.5 %', targetValue: 0.5, currentValue: 1 });
      expect(goal).toMatchObject({ direction: 'increase', percent: 100 });
      const response = await t.api.patch(`/api/v1/goals/${goal.id}`, { direction: 'decrease' });
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ direction: 'decrease', percent: 0 });
      expect((await t.api.get(`/api/v1/goals/${goal.id}`)).body.data).toMatchObject({ direction: 'decrease', percent: 0 });
    });

    it('never moves the status on its own, even when currentValue passes targetValue', async () => {
      const goal = await aGoal(t.api, { targetValue: 40, currentValue: 20 });
      const response = await t.api.patch(`/api/v1/goals/${goal.id}`, { currentValue: 45 });
      expect(response.body.data.status).toBe('active');
    });

    it('moves the status when it is sent, in any direction', async () => {
      const goal = await aGoal(t.api);
      const achieved = await t.api.patch(`/api/v1/goals/${goal.id}`, { status: 'achieved' });
      expect(achieved.body.data.status).toBe('achieved');
      const reopened = await t.api.patch(`/api/v1/goals/${goal.id}`, { status: 'active' });
      expect(reopened.body.data.status).toBe('active');
    });

    it('clears nullable fields with null', async () => {
      const goal = await aGoal(t.api, { description: 'd', metric: 'm', targetValue: 1, currentValue: 0, unit: 'u' });
      const response = await t.api.patch(`/api/v1/goals/${goal.id}`, {
        description: null,
        metric: null,
        targetValue: null,
        currentValue: null,
        unit: null,
      });
      expect(response.body.data).toMatchObject({
        description: null,
        metric: null,
        targetValue: null,
        currentValue: null,
        unit: null,
      });
    });

    it('keeps answering with the linked projectId', async () => {
      const { project, goal } = await aProjectWithGoal(t.api);
      const response = await t.api.patch(`/api/v1/goals/${goal.id}`, { currentValue: 1 });
      expect(response.body.data.projectId).toBe(project.id);
    });

    it.each([
      ['a null title', { title: null }, 'title'],
      ['a null status', { status: null }, 'status'],
      ['an unknown status', { status: 'paused' }, 'status'],
      ['a null direction', { direction: null }, 'direction'],
      ['percent, which is computed', { percent: 100 }, 'percent'],
      ['a currentValue that is a string', { currentValue: '5' }, 'currentValue'],
      ['projectId', { projectId: null }, 'projectId'],
      ['a read-only field', { id: 'x' }, 'id'],
    ])('answers 422 for %s and changes nothing', async (_case, body, field) => {
      const goal = await aGoal(t.api, { currentValue: 3 });
      const response = await t.api.patch(`/api/v1/goals/${goal.id}`, body);
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect((await t.api.get(`/api/v1/goals/${goal.id}`)).body.data).toEqual(goal);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await t.api.patch('/api/v1/goals/no-such-goal', { currentValue: 1 })).status).toBe(404);
    });
  });

  describe('DELETE /api/v1/goals/:id', () => {
    it('soft-deletes: 204 without a body, then 404 on every read and write', async () => {
      const goal = await aGoal(t.api);
      const response = await t.api.delete(`/api/v1/goals/${goal.id}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');

      expect((await t.api.get(`/api/v1/goals/${goal.id}`)).status).toBe(404);
      expect((await t.api.patch(`/api/v1/goals/${goal.id}`, { currentValue: 1 })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/goals/${goal.id}`)).status).toBe(404);
      const [row] = await t.db.select().from(goals).where(eq(goals.id, goal.id));
      expect(row?.deletedAt).toEqual(clock.now());
    });

    it('unlinks the project that held the goal: it never shows a deleted goal', async () => {
      const { project, goal } = await aProjectWithGoal(t.api);
      clock.advance(5_000);
      await t.api.delete(`/api/v1/goals/${goal.id}`);
      const response = await t.api.get(`/api/v1/projects/${project.id}`);
      expect(response.body.data).toMatchObject({ goalId: null, goal: null, updatedAt: clock.now().toISOString() });
    });

    it('lets the unlinked project take another goal', async () => {
      const { project, goal } = await aProjectWithGoal(t.api);
      await t.api.delete(`/api/v1/goals/${goal.id}`);
      const next = await aGoal(t.api);
      const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: next.id });
      expect(response.status).toBe(200);
      expect(response.body.data.goal.id).toBe(next.id);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await t.api.delete('/api/v1/goals/no-such-goal')).status).toBe(404);
    });
  });
});

describe('GET /api/v1/goals', () => {
  let t: TestApp;
  const clock = new TestClock();
  const ids: Record<string, string> = {};
  let holderId = '';
  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (const [title, status] of [
      ['Grow activation', 'active'],
      ['Cut errors', 'achieved'],
      ['Faster builds', 'active'],
      ['Old idea', 'abandoned'],
      ['Deleted', 'active'],
    ] as const) {
      clock.advance(1_000);
      ids[title] = (await aGoal(t.api, { title, status })).id;
    }
    holderId = (await aProject(t.api, { goalId: ids['Cut errors'] })).id;
    await t.api.delete(`/api/v1/goals/${ids.Deleted}`);
  });
  afterAll(() => t.close());

  const titles = (body: { data: { title: string }[] }) => body.data.map((goal) => goal.title);

  it('lists live goals newest first, each with its projectId', async () => {
    const response = await t.api.get('/api/v1/goals');
    expect(response.status).toBe(200);
    expect(titles(response.body)).toEqual(['Old idea', 'Faster builds', 'Cut errors', 'Grow activation']);
    expect(response.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    const projectIds = Object.fromEntries(
      response.body.data.map((goal: { title: string; projectId: string | null }) => [goal.title, goal.projectId]),
    );
    expect(projectIds).toEqual({ 'Old idea': null, 'Faster builds': null, 'Cut errors': holderId, 'Grow activation': null });
  });

  it('paginates; total counts the whole filtered set', async () => {
    const response = await t.api.get('/api/v1/goals?limit=1&offset=1&status=active');
    expect(titles(response.body)).toEqual(['Grow activation']);
    expect(response.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
  });

  it('filters by status, one value or a comma-separated list', async () => {
    expect(titles((await t.api.get('/api/v1/goals?status=achieved')).body)).toEqual(['Cut errors']);
    expect(titles((await t.api.get('/api/v1/goals?status=achieved,abandoned')).body)).toEqual(['Old idea', 'Cut errors']);
  });

  it('filters by projectId: the goal that project links', async () => {
    const response = await t.api.get(`/api/v1/goals?projectId=${holderId}`);
    expect(titles(response.body)).toEqual(['Cut errors']);
    expect(response.body.total).toBe(1);
  });

  it('answers an empty page for a project that does not exist or links no goal', async () => {
    const unknown = await t.api.get('/api/v1/goals?projectId=no-such-project');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ data: [], total: 0, limit: 50, offset: 0 });

    const bare = await aProject(t.api);
    expect((await t.api.get(`/api/v1/goals?projectId=${bare.id}`)).body.total).toBe(0);
  });

  it.each(['status=done', 'status=', 'limit=500', 'offset=x'])('answers 422 for ?%s', async (query) => {
    const response = await t.api.get(`/api/v1/goals?${query}`);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
  });
});
