import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

/**
 * Every list endpoint of the /api/v1 contract (api.md). Authentication runs before routing, so the
 * wall holds even for a resource whose router is not built yet.
 */
const listEndpoints = [
  '/issues',
  '/issues/1/comments',
  '/projects',
  '/goals',
  '/labels',
  '/signals',
  '/templates',
  '/templates/default/versions',
  '/templates/default/reviews',
  '/dispatch/queue',
  '/api-keys',
];

/** Every other operation of the contract, with a placeholder id where the path names a row. */
const otherOperations: [method: 'get' | 'post' | 'patch' | 'delete', path: string][] = [
  ['post', '/issues'],
  ['get', '/issues/1'],
  ['patch', '/issues/1'],
  ['delete', '/issues/1'],
  ['post', '/issues/1/comments'],
  ['post', '/issues/1/relations'],
  ['delete', '/relations/some-id'],
  ['post', '/projects'],
  ['get', '/projects/some-id'],
  ['patch', '/projects/some-id'],
  ['delete', '/projects/some-id'],
  ['post', '/goals'],
  ['get', '/goals/some-id'],
  ['patch', '/goals/some-id'],
  ['delete', '/goals/some-id'],
  ['post', '/labels'],
  ['patch', '/labels/some-id'],
  ['delete', '/labels/some-id'],
  ['post', '/signals'],
  ['get', '/signals/some-id'],
  ['post', '/templates'],
  ['get', '/templates/default'],
  ['patch', '/templates/default'],
  ['delete', '/templates/default'],
  ['post', '/templates/default/versions'],
  ['get', '/templates/default/versions/some-id'],
  ['patch', '/templates/default/versions/some-id'],
  ['get', '/templates/preview/1'],
  ['get', '/issues/1/prompt-preview'],
  ['post', '/prompt-reviews'],
  ['get', '/dispatch/next'],
  ['post', '/dispatch/next'],
  ['get', '/dispatches/some-id'],
  ['post', '/dispatches/some-id/heartbeat'],
  ['post', '/api-keys'],
  ['delete', '/api-keys/some-id'],
  ['get', '/dashboard/stats'],
  ['get', '/dashboard/activity'],
  ['get', '/dashboard/prompts'],
];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe.each(listEndpoints)('GET /api/v1%s', (path) => {
  it('answers 401 with the error envelope and a Bearer challenge without a key', async () => {
    const response = await t.api.get(`/api/v1${path}`, { key: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: expect.any(String), code: 'unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  it('answers 401 for an unknown key', async () => {
    const response = await t.api.get(`/api/v1${path}`, { key: 'loop_not-a-real-key' });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
  });
});

describe.each(otherOperations)('%s /api/v1%s', (method, path) => {
  it('answers 401 without a key', async () => {
    const response =
      method === 'post' || method === 'patch'
        ? await t.api[method](`/api/v1${path}`, {}, { key: null })
        : await t.api[method](`/api/v1${path}`, { key: null });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });
});
