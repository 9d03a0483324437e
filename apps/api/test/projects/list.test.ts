import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProject } from '../support/fixtures/projects';

describe('GET /api/v1/projects', () => {
  let t: TestApp;
  const clock = new TestClock();
  const created: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (const [name, status] of [
      ['Alpha', 'backlog'],
      ['Bravo', 'active'],
      ['Charlie', 'paused'],
      ['Delta', 'active'],
      ['Echo', 'completed'],
      ['Gone', 'active'],
    ] as const) {
      clock.advance(1_000);
      created[name] = (await aProject(t.api, { name, status })).id;
    }
    await t.api.delete(`/api/v1/projects/${created.Gone}`);
  });
  afterAll(() => t.close());

  const names = (body: { data: { name: string }[] }) => body.data.map((project) => project.name);

  it('lists live projects newest first in the list envelope', async () => {
    const response = await t.api.get('/api/v1/projects');
    expect(response.status).toBe(200);
    expect(names(response.body)).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    expect(response.body).toMatchObject({ total: 5, limit: 50, offset: 0 });
    expect(Object.keys(response.body.data[0]).sort()).toEqual(
      ['createdAt', 'description', 'goalId', 'health', 'id', 'name', 'status', 'updatedAt'].sort(),
    );
  });

  it('paginates with limit and offset; total counts the whole set', async () => {
    const response = await t.api.get('/api/v1/projects?limit=2&offset=2');
    expect(names(response.body)).toEqual(['Charlie', 'Bravo']);
    expect(response.body).toMatchObject({ total: 5, limit: 2, offset: 2 });
  });

  it('filters by status, one value or a comma-separated list', async () => {
    const active = await t.api.get('/api/v1/projects?status=active');
    expect(names(active.body)).toEqual(['Delta', 'Bravo']);
    expect(active.body.total).toBe(2);

    const several = await t.api.get('/api/v1/projects?status=paused,completed');
    expect(names(several.body)).toEqual(['Echo', 'Charlie']);
  });

  it.each(['status=someday', 'status=', 'status=active,nope', 'limit=0', 'limit=x', 'offset=-1'])(
    'answers 422 for ?%s',
    async (query) => {
      const response = await t.api.get(`/api/v1/projects?${query}`);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.details[0].field).toMatch(/status|limit|offset/);
    },
  );
});
