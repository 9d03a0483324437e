import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

describe('the OpenAPI document for projects and goals', () => {
  let t: TestApp;
  let document: any;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.api.get('/api/v1/openapi.json', { key: null })).body;
  });
  afterAll(() => t.close());

  it.each(['Project', 'ProjectDetail', 'IssueCounts', 'Goal', 'CreateProject', 'UpdateProject', 'CreateGoal', 'UpdateGoal'])(
    'names the %s component schema',
    (name) => {
      expect(document.components.schemas[name]).toBeDefined();
    },
  );

  it('gives the main payloads examples', () => {
    for (const name of ['Project', 'Goal', 'CreateProject', 'UpdateProject', 'CreateGoal', 'UpdateGoal']) {
      expect(document.components.schemas[name].example, name).toBeDefined();
    }
  });

  it('lists every operation with its real error statuses', () => {
    const paths = document.paths;
    expect(Object.keys(paths['/api/v1/projects']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/projects/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(paths['/api/v1/goals']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/goals/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(paths['/api/v1/projects/{id}'].patch.responses)).toEqual(
      expect.arrayContaining(['200', '401', '404', '409', '422']),
    );
    expect(Object.keys(paths['/api/v1/goals/{id}'].delete.responses)).toEqual(expect.arrayContaining(['204', '404']));
  });

  it('documents the embedded goal as nullable without making the Goal component nullable', () => {
    expect(document.components.schemas.Goal.type).toBe('object');
    const detail = JSON.stringify(document.components.schemas.ProjectDetail);
    expect(detail).toContain('"anyOf":[{"$ref":"#/components/schemas/Goal"},{"type":"null"}]');
  });

  it('keeps the issue counts keyed by every issue status', () => {
    expect(Object.keys(document.components.schemas.IssueCounts.properties).sort()).toEqual(
      ['backlog', 'canceled', 'done', 'in_progress', 'todo', 'triage'],
    );
  });
});
