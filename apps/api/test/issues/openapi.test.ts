import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

describe('the OpenAPI document for issues, labels, relations and comments', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.api.get('/api/v1/openapi.json', { key: null });
    expect(response.status).toBe(200);
    paths = response.body.paths;
  });
  afterAll(() => t.close());

  it.each([
    ['get', '/api/v1/issues', ['200', '401', '422']],
    ['post', '/api/v1/issues', ['201', '400', '401', '413', '415', '422']],
    ['get', '/api/v1/issues/{idOrNumber}', ['200', '401', '404']],
    ['patch', '/api/v1/issues/{idOrNumber}', ['200', '400', '401', '404', '422']],
    ['delete', '/api/v1/issues/{idOrNumber}', ['204', '401', '404']],
    ['get', '/api/v1/labels', ['200', '401', '422']],
    ['post', '/api/v1/labels', ['201', '401', '409', '422']],
    ['patch', '/api/v1/labels/{id}', ['200', '401', '404', '409', '422']],
    ['delete', '/api/v1/labels/{id}', ['204', '401', '404']],
    ['post', '/api/v1/issues/{idOrNumber}/relations', ['201', '401', '404', '409', '422']],
    ['delete', '/api/v1/relations/{id}', ['204', '401', '404']],
    ['get', '/api/v1/issues/{idOrNumber}/comments', ['200', '401', '404', '422']],
    ['post', '/api/v1/issues/{idOrNumber}/comments', ['201', '401', '404', '422']],
  ])('documents %s %s with its statuses', (method, path, statuses) => {
    const operation = paths[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(statuses));
  });

  it('documents the list filters of GET /issues', () => {
    const parameters = (paths['/api/v1/issues']!.get as unknown as { parameters: { name: string }[] }).parameters;
    expect(parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['status', 'type', 'projectId', 'labelId', 'priority', 'parentId', 'q', 'createdAfter', 'createdBefore', 'sort', 'limit', 'offset']),
    );
  });
});
