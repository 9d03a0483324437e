import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { parseEnv } from '../../src/env';
import { TEST_ROOT_KEY, createTestApp, type TestApp } from '../support/app';

const auth = { Authorization: `Bearer ${TEST_ROOT_KEY}` };

describe('the error envelope', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOOP_BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  it('answers unknown routes with a JSON 404', async () => {
    const response = await t.api.get('/no/such/route');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: expect.stringContaining('/no/such/route'), code: 'not_found' });
  });

  it('answers unknown routes under /api/v1 with a JSON 404 once authenticated', async () => {
    const response = await t.api.get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('answers malformed JSON with 400', async () => {
    const response = await t.api.post('/api/v1/api-keys', '{"name": ', { headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'Malformed JSON in request body', code: 'malformed_json' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await t.api.post('/api/v1/api-keys', 'name=x', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });

  it('answers a body over the limit with 413 and stores nothing', async () => {
    const response = await t.api.post('/api/v1/api-keys', { name: 'x'.repeat(4096) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
    const keys = await t.api.get('/api/v1/api-keys');
    expect(keys.body.total).toBe(0);
  });

  it('ignores a body on a GET or DELETE, which never reads one (no 413 or 415 there)', async () => {
    const listed = await t.app.request('/api/v1/api-keys', {
      method: 'GET',
      headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'text/plain', 'Content-Length': '9999' },
    });
    expect(listed.status).toBe(200);
    const created = await t.api.post('/api/v1/api-keys', { name: 'kept' });
    const revoked = await t.app.request(`/api/v1/api-keys/${created.body.data.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'text/plain' },
      body: 'x'.repeat(4096),
    });
    expect(revoked.status).toBe(204);
  });

  it('enforces the limit on a streamed body without Content-Length', async () => {
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(512)));
        controller.close();
      },
    });
    const response = await t.app.request('/api/v1/api-keys', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: chunks,
      duplex: 'half',
    });
    expect(response.status).toBe(413);
  });

  it('asks who is calling before judging the body: anonymous oversized or non-JSON bodies get 401', async () => {
    const big = await t.api.post('/api/v1/api-keys', { name: 'x'.repeat(4096) }, { key: null });
    expect(big.status).toBe(401);
    const form = await t.api.post('/api/v1/api-keys', 'name=x', {
      key: null,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(401);
  });

  it('answers validation failures with 422 naming each field, unknown fields included', async () => {
    const response = await t.api.post('/api/v1/api-keys', { name: '', admin: true });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    const fields = response.body.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'admin']));
  });

  it('answers out-of-range and non-integer pagination with 422', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=', 'limit=abc', 'offset=-1', 'offset=1.5', 'offset=2147483648']) {
      const response = await t.api.get(`/api/v1/api-keys?${query}`);
      expect(response.status, query).toBe(422);
      expect(response.body.details[0].field, query).toMatch(/limit|offset/);
    }
  });

  it('hides internals of unexpected errors behind a generic 500', async () => {
    const secret = 'postgres://admin:hunter2@db/loop';
    const broken = {
      select: () => {
        throw new Error(`select * from api_keys failed on ${secret}`);
      },
    } as unknown as Database;
    const app = createApp({ db: broken, env: parseEnv({}) });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const response = await app.request('/api/v1/api-keys', { headers: { Authorization: 'Bearer loop_whatever' } });
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({ error: 'Internal server error', code: 'internal_error' });
      expect(body).not.toContain('hunter2');
      expect(body).not.toContain('select');
    } finally {
      console.error = original;
    }
  });

  it('answers 503 when the database is unreachable', async () => {
    const down = {
      select: () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    } as unknown as Database;
    const app = createApp({ db: down, env: parseEnv({}) });
    const original = console.error;
    console.error = () => {};
    try {
      const response = await app.request('/api/v1/api-keys', { headers: { Authorization: 'Bearer loop_whatever' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'database_unavailable' });
    } finally {
      console.error = original;
    }
  });
});

describe('CORS', () => {
  it('answers a preflight from a configured origin and ignores other origins', async () => {
    const t = await createTestApp({ env: { CORS_ORIGINS: 'https://dash.example.com, https://other.example.com' } });
    const preflight = await t.app.request('/api/v1/issues', {
      method: 'OPTIONS',
      headers: { Origin: 'https://dash.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');

    const stranger = await t.app.request('/health', { headers: { Origin: 'https://evil.example.com' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    await t.close();
  });

  it('tells an unlisted origin nothing: no Access-Control-* header on its preflight or its requests', async () => {
    const t = await createTestApp({ env: { CORS_ORIGINS: 'https://dash.example.com' } });
    const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
    const preflight = await t.app.request('/api/v1/issues', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(corsHeaders(preflight)).toEqual([]);
    expect(preflight.headers.get('vary')).toBe('Origin');

    const simple = await t.app.request('/api/v1/issues', { headers: { Origin: 'https://evil.example.com', ...auth } });
    expect(simple.status).toBe(200);
    expect(corsHeaders(simple)).toEqual([]);
    await t.close();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const t = await createTestApp();
    const response = await t.app.request('/health', { headers: { Origin: 'https://dash.example.com' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await t.close();
  });
});
