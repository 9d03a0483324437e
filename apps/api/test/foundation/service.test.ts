import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { parseEnv } from '../../src/env';
import { createTestApp, type TestApp } from '../support/app';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 200 {ok: true, db: "up"} without a key when the database answers', async () => {
    const response = await t.api.get('/health', { key: null });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, db: 'up' });
  });

  it('answers 503 {ok: false, db: "down"} when the database fails', async () => {
    const failing = { execute: () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as Database;
    const app = createApp({ db: failing, env: parseEnv({}) });
    const response = await app.request('/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, db: 'down' });
  });

  it('answers HEAD with the status alone, for probes that read nothing else', async () => {
    const response = await t.app.request('/health', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers 406 with the error envelope to a client that accepts no JSON', async () => {
    for (const path of ['/health', '/', '/api/v1/openapi.json']) {
      const refused = await t.app.request(path, { headers: { Accept: 'text/html' } });
      expect(refused.status, path).toBe(406);
      expect(await refused.json(), path).toMatchObject({ code: 'not_acceptable' });
    }
    for (const accept of ['application/json', '*/*', 'text/html, application/*;q=0.5', 'application/json; charset=utf-8']) {
      expect((await t.app.request('/health', { headers: { Accept: accept } })).status, accept).toBe(200);
    }
    expect((await t.app.request('/health', { headers: { Accept: 'application/json;q=0' } })).status).toBe(406);
  });

  it('carries the security headers', async () => {
    const response = await t.api.get('/health', { key: null });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('GET /', () => {
  it('names the service and its version', async () => {
    const t = await createTestApp();
    const response = await t.api.get('/', { key: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'loop', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    await t.close();
  });
});
