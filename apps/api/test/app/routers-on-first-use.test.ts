import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

/** Which route modules have been imported, counted by a pass-through mock of each. */
const loaded = vi.hoisted(() => new Set<string>());

vi.mock('../../src/routes/issues', async (original) => {
  loaded.add('issues');
  return original();
});
vi.mock('../../src/routes/labels', async (original) => {
  loaded.add('labels');
  return original();
});
vi.mock('../../src/routes/dispatch', async (original) => {
  loaded.add('dispatch');
  return original();
});
vi.mock('../../src/routes/webhooks', async (original) => {
  loaded.add('webhooks');
  return original();
});

/** The routers behind `/api/v1` and `/webhooks` are imported by the first request under their prefix (ADR 0046). */
describe('routers mounted on first use', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('imports no router to build the app, and only the one a request reaches', async () => {
    expect([...loaded]).toEqual([]);

    const list = await t.api.get('/api/v1/issues');
    expect(list.status).toBe(200);
    expect([...loaded]).toEqual(['issues']);

    expect((await t.api.get('/api/v1/labels')).status).toBe(200);
    expect([...loaded].sort()).toEqual(['issues', 'labels']);
  });

  it('answers as a router mounted with the app: the app’s headers, its 404 and the wall before the router', async () => {
    const list = await t.api.get('/api/v1/issues', { headers: { 'X-Request-Id': 'trace-me-1' } });
    expect(list.headers.get('x-request-id')).toBe('trace-me-1');
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');

    const unknown = await t.api.get('/api/v1/issues/1/no-such-part');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'No route for GET /api/v1/issues/1/no-such-part', code: 'not_found' });
    expect(unknown.headers.get('x-request-id')).toBeTruthy();

    const anonymous = await t.api.get('/api/v1/dispatch/queue', { key: null });
    expect(anonymous.status).toBe(401);
    expect(loaded.has('dispatch')).toBe(false);
  });

  it('loads every router for the OpenAPI document, which lists them all', async () => {
    const document = await t.api.get('/api/v1/openapi.json', { key: null });
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/api/v1/dispatch/queue', '/webhooks/github']));
    expect(loaded.has('dispatch') && loaded.has('webhooks')).toBe(true);
  });
});

describe('a router whose module fails to load', () => {
  let t: TestApp;
  beforeAll(async () => {
    vi.resetModules();
    vi.doMock('../../src/routes/labels', () => {
      throw new Error('Cannot find module ./labels');
    });
    const { createTestApp: createFreshTestApp } = await import('../support/app');
    t = await createFreshTestApp();
  });
  afterAll(async () => {
    vi.doUnmock('../../src/routes/labels');
    await t.close();
  });

  it('answers the error envelope, keeps serving the other routers, and is loaded again by the next request', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failed = await t.api.get('/api/v1/labels');
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({ error: 'Internal server error', code: 'internal_error' });
    } finally {
      stderr.mockRestore();
    }
    expect((await t.api.get('/api/v1/issues')).status).toBe(200);

    vi.doUnmock('../../src/routes/labels');
    expect((await t.api.get('/api/v1/labels')).status).toBe(200);
  });
});
