import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/domain/api-keys/service';
import { createTestApp, TEST_ROOT_KEY, type ApiResponse, type TestApp } from '../support/app';

/** Every 401 has the error envelope and a Bearer challenge. */
function expectUnauthorized(response: ApiResponse) {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ error: expect.any(String), code: 'unauthorized' });
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
}

describe('bearer authentication on /api/v1', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const projects = (headers: Record<string, string>) => t.api.get('/api/v1/projects', { key: null, headers });

  it('answers 401 without an Authorization header', async () => {
    const response = await t.api.get('/api/v1/projects', { key: null });
    expectUnauthorized(response);
    expect(response.body.error).toMatch(/Authorization/);
  });

  it('answers 401 for another scheme (Basic), even carrying the right secret', async () => {
    expectUnauthorized(await projects({ Authorization: `Basic ${Buffer.from(`user:${TEST_ROOT_KEY}`).toString('base64')}` }));
    expectUnauthorized(await projects({ Authorization: `Basic ${TEST_ROOT_KEY}` }));
  });

  it.each([
    ['the scheme alone', 'Bearer'],
    ['the scheme and a blank', 'Bearer '],
    ['no space after the scheme', `Bearer${TEST_ROOT_KEY}`],
    ['two tokens', `Bearer ${TEST_ROOT_KEY} extra`],
    ['a token with characters a key never has', 'Bearer loop_abc!def'],
    ['the key without a scheme', TEST_ROOT_KEY],
    ['a token with a comma', `Bearer ${TEST_ROOT_KEY},x`],
  ])('answers 401 for a malformed header: %s', async (_case, header) => {
    expectUnauthorized(await projects({ Authorization: header }));
  });

  it('answers 401 for a well-formed key nobody issued', async () => {
    expectUnauthorized(await t.api.get('/api/v1/projects', { key: 'loop_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
  });

  it('answers 401 for a near miss of the root key', async () => {
    expectUnauthorized(await t.api.get('/api/v1/projects', { key: `${TEST_ROOT_KEY}x` }));
    expectUnauthorized(await t.api.get('/api/v1/projects', { key: TEST_ROOT_KEY.slice(0, -1) }));
  });

  it('answers 401 for the displayed prefix of a real key', async () => {
    const created = await t.api.post('/api/v1/api-keys', { name: 'prefix probe' });
    expectUnauthorized(await t.api.get('/api/v1/projects', { key: created.body.data.prefix }));
  });

  it('accepts the root key (LOOP_API_KEY)', async () => {
    const response = await t.api.get('/api/v1/projects');
    expect(response.status).toBe(200);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('accepts the scheme in any case, as HTTP schemes are case-insensitive', async () => {
    expect((await projects({ Authorization: `bearer ${TEST_ROOT_KEY}` })).status).toBe(200);
    expect((await projects({ Authorization: `BEARER ${TEST_ROOT_KEY}` })).status).toBe(200);
  });

  it('answers 401, not 404, for an /api/v1 route that does not exist (no probing without a key)', async () => {
    expectUnauthorized(await t.api.get('/api/v1/no-such-thing', { key: null }));
    expectUnauthorized(await t.api.get('/api/v1', { key: null }));
  });

  it('refuses a write without a valid key and stores nothing', async () => {
    const before = await t.api.get('/api/v1/projects');
    expectUnauthorized(await t.api.post('/api/v1/projects', { name: 'sneaky' }, { key: null }));
    expectUnauthorized(await t.api.post('/api/v1/projects', { name: 'sneaky' }, { key: 'loop_wrong' }));
    expect((await t.api.get('/api/v1/projects')).body.total).toBe(before.body.total);
  });

  it.each([
    ['/health', 200],
    ['/', 200],
    ['/api/v1/openapi.json', 200],
  ])('serves %s without a key', async (path, status) => {
    const response = await t.api.get(path, { key: null });
    expect(response.status).toBe(status);
  });

  it('declares the bearer security scheme in the OpenAPI document', async () => {
    const document = (await t.api.get('/api/v1/openapi.json', { key: null })).body;
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
  });
});

describe('bearer authentication without a root key configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOOP_API_KEY: '' } });
  });
  afterAll(() => t.close());

  it('accepts only stored keys', async () => {
    expectUnauthorized(await t.api.get('/api/v1/projects'));
    const { key } = await createApiKey(t.db, { name: 'stored' });
    expect((await t.api.get('/api/v1/projects', { key })).status).toBe(200);
  });
});
