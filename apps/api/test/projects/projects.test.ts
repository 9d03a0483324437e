import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issues, projects } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aGoal, aProject, issuesInProject } from '../support/fixtures/projects';

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const zeroCounts = { triage: 0, backlog: 0, todo: 0, in_progress: 0, done: 0, canceled: 0 };

describe('projects', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  describe('POST /api/v1/projects', () => {
    it('creates a project with defaults and answers 201 with the camelCase item, its goal and issue counts', async () => {
      const response = await t.api.post('/api/v1/projects', { name: '  Checkout reliability  ' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: {
          id: expect.any(String),
          name: 'Checkout reliability',
          description: null,
          status: 'backlog',
          health: 'on_track',
          goalId: null,
          createdAt: clock.now().toISOString(),
          updatedAt: clock.now().toISOString(),
          goal: null,
          issueCounts: zeroCounts,
        },
      });
    });

    it('accepts every optional field', async () => {
      const goal = await aGoal(t.api);
      const project = await aProject(t.api, {
        name: 'Activation',
        description: 'Get new teams to their first loop',
        status: 'active',
        health: 'at_risk',
        goalId: goal.id,
      });
      expect(project).toMatchObject({
        description: 'Get new teams to their first loop',
        status: 'active',
        health: 'at_risk',
        goalId: goal.id,
        goal: { id: goal.id, title: goal.title, projectId: project.id },
      });
    });

    it.each([
      ['a missing name', {}, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name that is not a string', { name: 42 }, 'name'],
      ['an unknown status', { name: 'x', status: 'someday' }, 'status'],
      ['an unknown health', { name: 'x', health: 'great' }, 'health'],
      ['an unknown field', { name: 'x', owner: 'me' }, 'owner'],
      ['a read-only field', { name: 'x', id: 'mine' }, 'id'],
      ['a read-only timestamp', { name: 'x', createdAt: '2026-01-01T00:00:00.000Z' }, 'createdAt'],
      ['a goalId that is not a string', { name: 'x', goalId: 7 }, 'goalId'],
    ])('answers 422 naming the field for %s and creates nothing', async (_case, body, field) => {
      const before = await t.db.$count(projects);
      const response = await t.api.post('/api/v1/projects', body);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'validation_failed', error: expect.any(String) });
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(await t.db.$count(projects)).toBe(before);
    });

    it('answers 422 naming goalId for a goal that does not exist, and creates nothing', async () => {
      const before = await t.db.$count(projects);
      const response = await t.api.post('/api/v1/projects', { name: 'x', goalId: 'no-such-goal' });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'invalid_reference', details: [{ field: 'goalId' }] });
      expect(await t.db.$count(projects)).toBe(before);
    });

    it('answers 409 when the goal is already linked to another live project', async () => {
      const goal = await aGoal(t.api);
      const holder = await aProject(t.api, { goalId: goal.id });
      const response = await t.api.post('/api/v1/projects', { name: 'Second', goalId: goal.id });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', error: expect.stringContaining(holder.id) });
    });
  });

  describe('GET /api/v1/projects/:id', () => {
    it('counts the live issues of the project by status, every status present', async () => {
      const project = await aProject(t.api);
      const other = await aProject(t.api);
      await issuesInProject(t.db, project.id, ['triage', 'todo', 'todo', 'done', 'in_progress']);
      await issuesInProject(t.db, project.id, ['todo', 'canceled'], { deletedAt: clock.now() });
      await issuesInProject(t.db, other.id, ['backlog', 'todo']);
      await issuesInProject(t.db, null, ['todo']);

      const response = await t.api.get(`/api/v1/projects/${project.id}`);
      expect(response.status).toBe(200);
      expect(response.body.data.issueCounts).toEqual({
        triage: 1,
        backlog: 0,
        todo: 2,
        in_progress: 1,
        done: 1,
        canceled: 0,
      });
    });

    it('embeds the goal object with its projectId, or null', async () => {
      const goal = await aGoal(t.api, { metric: 'activation_rate', targetValue: 40, currentValue: 31.5, unit: '%' });
      const project = await aProject(t.api, { goalId: goal.id });
      const response = await t.api.get(`/api/v1/projects/${project.id}`);
      expect(response.body.data.goal).toEqual({ ...goal, projectId: project.id });

      const bare = await aProject(t.api);
      expect((await t.api.get(`/api/v1/projects/${bare.id}`)).body.data.goal).toBeNull();
    });

    it('reads the project, its goal and its counts in at most two statements', async () => {
      const goal = await aGoal(t.api);
      const project = await aProject(t.api, { goalId: goal.id });
      await issuesInProject(t.db, project.id, ['todo', 'done']);
      t.queries.reset();
      const response = await t.api.get(`/api/v1/projects/${project.id}`);
      expect(response.status).toBe(200);
      // The bearer check on the root key touches no table; everything counted here is the read itself.
      expect(t.queries.count).toBeGreaterThan(0);
      expect(t.queries.count).toBeLessThanOrEqual(2);
    });

    it('answers 404 for an unknown id', async () => {
      const response = await t.api.get('/api/v1/projects/no-such-project');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: expect.stringContaining('no-such-project'), code: 'not_found' });
    });
  });

  describe('PATCH /api/v1/projects/:id', () => {
    it('changes only the fields sent and moves updatedAt', async () => {
      const project = await aProject(t.api, { name: 'Before', description: 'keep me', status: 'planned' });
      clock.advance(60_000);
      const response = await t.api.patch(`/api/v1/projects/${project.id}`, { health: 'off_track', status: 'active' });
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({
        name: 'Before',
        description: 'keep me',
        status: 'active',
        health: 'off_track',
        createdAt: project.createdAt,
        updatedAt: clock.now().toISOString(),
      });
      expect(response.body.data.issueCounts).toEqual(zeroCounts);
    });

    it('clears the description with null', async () => {
      const project = await aProject(t.api, { description: 'temporary' });
      const response = await t.api.patch(`/api/v1/projects/${project.id}`, { description: null });
      expect(response.status).toBe(200);
      expect(response.body.data.description).toBeNull();
    });

    it('answers an empty body with the unchanged project', async () => {
      const project = await aProject(t.api);
      clock.advance(1_000);
      const response = await t.api.patch(`/api/v1/projects/${project.id}`, {});
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual(project);
    });

    it.each([
      ['a null name', { name: null }, 'name'],
      ['a null status', { status: null }, 'status'],
      ['an unknown status', { status: 'done' }, 'status'],
      ['a read-only field', { updatedAt: '2026-01-01T00:00:00.000Z' }, 'updatedAt'],
      ['an unknown field', { goal: null }, 'goal'],
    ])('answers 422 for %s and changes nothing', async (_case, body, field) => {
      const project = await aProject(t.api, { status: 'planned' });
      const response = await t.api.patch(`/api/v1/projects/${project.id}`, body);
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect((await t.api.get(`/api/v1/projects/${project.id}`)).body.data).toEqual(project);
    });

    it('answers 404 for an unknown id, before looking at the goal it names', async () => {
      const response = await t.api.patch('/api/v1/projects/no-such-project', { goalId: 'no-such-goal' });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    });
  });

  describe('DELETE /api/v1/projects/:id', () => {
    it('soft-deletes: 204 without a body, then 404 on every read and write', async () => {
      const project = await aProject(t.api);
      const response = await t.api.delete(`/api/v1/projects/${project.id}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');

      expect((await t.api.get(`/api/v1/projects/${project.id}`)).status).toBe(404);
      expect((await t.api.patch(`/api/v1/projects/${project.id}`, { name: 'x' })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/projects/${project.id}`)).status).toBe(404);
      const [row] = await t.db.select().from(projects).where(eq(projects.id, project.id));
      expect(row?.deletedAt).toEqual(clock.now());
    });

    it('leaves the project issues in place', async () => {
      const project = await aProject(t.api);
      const [issueId] = await issuesInProject(t.db, project.id, ['todo']);
      await t.api.delete(`/api/v1/projects/${project.id}`);
      const [row] = await t.db.select().from(issues).where(eq(issues.id, issueId!));
      expect(row).toMatchObject({ projectId: project.id, deletedAt: null, status: 'todo' });
    });

    it('answers 404 for an unknown id', async () => {
      expect((await t.api.delete('/api/v1/projects/no-such-project')).status).toBe(404);
    });
  });

  describe('timestamps', () => {
    it('are ISO 8601 UTC strings', async () => {
      const project = await aProject(t.api);
      expect(project.createdAt).toMatch(isoPattern);
      expect(project.updatedAt).toMatch(isoPattern);
    });
  });
});
