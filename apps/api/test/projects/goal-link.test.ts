import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { aGoal, aProject, aProjectWithGoal } from '../support/fixtures/projects';

describe('the project ↔ goal link (projects.goal_id)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('PATCH goalId links a goal: the project embeds it and the goal names the project', async () => {
    const project = await aProject(t.api);
    const goal = await aGoal(t.api);
    const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: goal.id });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ goalId: goal.id, goal: { id: goal.id, projectId: project.id } });
    expect((await t.api.get(`/api/v1/goals/${goal.id}`)).body.data.projectId).toBe(project.id);
  });

  it('PATCH goalId: null unlinks: the project has no goal and the goal no project', async () => {
    const { project, goal } = await aProjectWithGoal(t.api);
    const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: null });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ goalId: null, goal: null });
    expect((await t.api.get(`/api/v1/goals/${goal.id}`)).body.data.projectId).toBeNull();
  });

  it('replaces one goal with another, freeing the first', async () => {
    const { project, goal: first } = await aProjectWithGoal(t.api);
    const second = await aGoal(t.api);
    const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: second.id });
    expect(response.body.data.goal.id).toBe(second.id);
    expect((await t.api.get(`/api/v1/goals/${first.id}`)).body.data.projectId).toBeNull();
    expect((await t.api.get(`/api/v1/goals/${second.id}`)).body.data.projectId).toBe(project.id);
  });

  it('re-linking the goal the project already holds is not a conflict', async () => {
    const { project, goal } = await aProjectWithGoal(t.api);
    const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: goal.id });
    expect(response.status).toBe(200);
    expect(response.body.data.goalId).toBe(goal.id);
  });

  it('answers 409 when another live project holds the goal, and changes neither project', async () => {
    const { project: holder, goal } = await aProjectWithGoal(t.api);
    const other = await aProject(t.api, { name: 'Other' });
    const response = await t.api.patch(`/api/v1/projects/${other.id}`, { goalId: goal.id, name: 'Renamed' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', error: expect.any(String) });
    expect((await t.api.get(`/api/v1/projects/${other.id}`)).body.data).toMatchObject({ name: 'Other', goalId: null });
    expect((await t.api.get(`/api/v1/projects/${holder.id}`)).body.data.goalId).toBe(goal.id);
  });

  it('answers 422 naming goalId for an unknown goal, and changes nothing', async () => {
    const project = await aProject(t.api, { name: 'Unchanged' });
    const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: 'no-such-goal', name: 'Changed' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'invalid_reference',
      error: expect.stringContaining('goalId'),
      details: [{ field: 'goalId' }],
    });
    expect((await t.api.get(`/api/v1/projects/${project.id}`)).body.data.name).toBe('Unchanged');
  });

  it('answers 422 naming goalId for a deleted goal', async () => {
    const project = await aProject(t.api);
    const goal = await aGoal(t.api);
    await t.api.delete(`/api/v1/goals/${goal.id}`);
    const response = await t.api.patch(`/api/v1/projects/${project.id}`, { goalId: goal.id });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([{ field: 'goalId', message: expect.any(String) }]);
  });

  it('frees the goal when its project is deleted, so another project may link it', async () => {
    const { project, goal } = await aProjectWithGoal(t.api);
    await t.api.delete(`/api/v1/projects/${project.id}`);
    expect((await t.api.get(`/api/v1/goals/${goal.id}`)).body.data.projectId).toBeNull();

    const successor = await aProject(t.api, { goalId: goal.id });
    expect(successor.goal.projectId).toBe(successor.id);
  });

  it('unlinks the project when its goal is deleted: goalId and goal read null', async () => {
    const { project, goal } = await aProjectWithGoal(t.api);
    expect((await t.api.delete(`/api/v1/goals/${goal.id}`)).status).toBe(204);
    const response = await t.api.get(`/api/v1/projects/${project.id}`);
    expect(response.body.data).toMatchObject({ goalId: null, goal: null });
    const list = await t.api.get('/api/v1/projects?limit=200');
    expect(list.body.data.find((item: { id: string }) => item.id === project.id).goalId).toBeNull();
  });
});
