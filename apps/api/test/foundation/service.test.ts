import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { committedMigrations } from '../../src/db/schema-state';
import { parseEnv } from '../../src/env';
import { createTestApp, type TestApp } from '../support/app';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 200 {ok: true, db: "up", schema: "current"} without a key when the database answers', async () => {
    const response = await t.api.get('/health', { key: null });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, db: 'up', schema: 'current' });
  });

  it('reads the schema once, then only asks the database to answer while the schema is current', async () => {
    await t.api.get('/health', { key: null });
    t.queries.reset();
    const again = await t.api.get('/health', { key: null });
    expect(again.body).toEqual({ ok: true, db: 'up', schema: 'current' });
    expect(t.queries.statements).toEqual(['select 1']);
  });

  it('answers 503 {ok: false, db: "down", schema: "unknown"} when the database fails', async () => {
    const failing = { execute: () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as Database;
    const app = createApp({ db: failing, env: parseEnv({}) });
    const response = await app.request('/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, db: 'down', schema: 'unknown' });
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

describe('GET /health on a database whose schema does not match the code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const lastMigration = sql`select max(created_at) from drizzle.__drizzle_migrations`;

  it('answers 503 schema "behind" while a migration is missing, and 200 again once it is applied', async () => {
    await t.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (${lastMigration})`);
    const behind = await t.api.get('/health', { key: null });
    expect(behind.status).toBe(503);
    expect(behind.body).toEqual({ ok: false, db: 'up', schema: 'behind' });
    expect(behind.headers.get('cache-control')).toBe('no-store');

    // Not cached while behind: the next probe after `db:migrate` sees the schema current.
    await t.db.execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('restored', ${committedMigrations.at(-1)})`,
    );
    const current = await t.api.get('/health', { key: null });
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ ok: true, db: 'up', schema: 'current' });
  });
});

describe('GET /health on a database migrated by a newer version', () => {
  it('answers 200 schema "ahead": the older code keeps serving while a newer deployment rolls out', async () => {
    const t = await createTestApp();
    await t.db.execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('newer', (select max(created_at) + 1 from drizzle.__drizzle_migrations))`,
    );
    const response = await t.api.get('/health', { key: null });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, db: 'up', schema: 'ahead' });
    await t.close();
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
