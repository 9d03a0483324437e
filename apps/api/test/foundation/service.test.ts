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
