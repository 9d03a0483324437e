import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as EntryModule from '../../src/index';
import { TEST_ROOT_KEY } from '../support/app';

/** Nothing listens on the discard port: every connection is refused at once, like a database that is down. */
const unreachable = 'postgres://loop:loop@127.0.0.1:9/loop';
/** Neon's HTTP driver derives `https://api.<rest of host>/sql`; `.invalid` never resolves (RFC 2606). */
const unreachableNeon = 'postgres://loop:loop@ep-unreachable.loop.invalid/loop';

type Entry = typeof EntryModule;

/** Imports the Vercel Function entry afresh with the given environment, as a cold start would. */
async function coldStart(env: Record<string, string>): Promise<Entry> {
  vi.resetModules();
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('LOOP_DB_DRIVER', '');
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('../../src/index');
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe.each([
  ['postgres', { DATABASE_URL: unreachable }],
  ['neon', { DATABASE_URL: unreachableNeon, LOOP_DB_DRIVER: 'neon' }],
] as const)('the Vercel entry (src/index.ts) on the %s driver', (driver, databaseEnv) => {
  let entry: Entry | undefined;

  afterEach(async () => {
    await entry?.database.close();
    entry = undefined;
    vi.unstubAllEnvs();
  });

  it('imports without a live database and default-exports the app as a fetch handler', async () => {
    entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
    expect(typeof entry.default.fetch).toBe('function');
    expect(entry.database.driver).toBe(driver);
  });

  it('serves the public routes through fetch, as Vercel calls it', async () => {
    entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
    const root = await entry.default.fetch(new Request('http://loop.test/'));
    expect(root.status).toBe(200);
    expect(await root.json()).toMatchObject({ name: 'loop', openapi: '/api/v1/openapi.json' });

    const document = await entry.default.fetch(new Request('http://loop.test/api/v1/openapi.json'));
    expect(document.status).toBe(200);
    expect(await document.json()).toMatchObject({ openapi: '3.1.0' });

    const docs = await entry.default.fetch(new Request('http://loop.test/docs'));
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers /health 503 JSON at once when the database is unreachable', async () => {
    entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
    const { result: response, ms } = await timed(() => entry!.default.request('/health'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, db: 'down', schema: 'unknown' });
    // Within the health check's own 3 s timeout: an outage is reported, not waited out.
    expect(ms).toBeLessThan(3_500);
  });

  it('turns an outage on an API route into the 503 envelope with Retry-After, never a hang or a stack', async () => {
    entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
    const { result: response, ms } = await timed(() =>
      entry!.default.request('/api/v1/api-keys', { headers: { Authorization: 'Bearer loop_some-stored-key-0000' } }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ code: 'database_unavailable', error: expect.any(String) });
    expect(ms).toBeLessThan(6_000);
  });

  it('loads no driver until a request needs one (ADR 0038)', async () => {
    const loaded = new Set<string>();
    for (const name of ['neon', 'postgres'] as const) {
      vi.doMock(`../../src/db/drivers/${name}`, async (original) => {
        loaded.add(name);
        return original();
      });
    }
    try {
      entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
      expect([...loaded]).toEqual([]);
      await entry.default.request('/api/v1/issues', { headers: { Authorization: `Bearer ${TEST_ROOT_KEY}` } });
      expect([...loaded]).toEqual([driver]);
    } finally {
      vi.doUnmock('../../src/db/drivers/neon');
      vi.doUnmock('../../src/db/drivers/postgres');
    }
  });

  it('answers the error envelope when its driver fails to load, and loads it again on the next request', async () => {
    vi.doMock(`../../src/db/drivers/${driver}`, () => {
      throw new Error('Cannot find module');
    });
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
      const auth = { headers: { Authorization: `Bearer ${TEST_ROOT_KEY}` } };
      const failed = await entry.default.request('/api/v1/issues', auth);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: 'Internal server error', code: 'internal_error' });

      vi.doUnmock(`../../src/db/drivers/${driver}`);
      // The driver loads now; the database itself is unreachable, which is the 503 of an outage.
      const retried = await entry.default.request('/api/v1/issues', auth);
      expect(retried.status).toBe(503);
      expect(await retried.json()).toEqual({ code: 'database_unavailable', error: expect.any(String) });
    } finally {
      vi.doUnmock(`../../src/db/drivers/${driver}`);
      stderr.mockRestore();
    }
  });

  it('keeps the bearer wall: no key is a 401 with its challenge', async () => {
    entry = await coldStart({ ...databaseEnv, LOOP_API_KEY: TEST_ROOT_KEY });
    const response = await entry.default.request('/api/v1/issues');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('the Vercel entry on the neon driver', () => {
  let entry: Entry | undefined;

  afterEach(async () => {
    await entry?.database.close();
    entry = undefined;
    vi.unstubAllEnvs();
  });

  it('loads Neon’s WebSocket pool only for a transaction, not for what goes over HTTP (ADR 0044)', async () => {
    let poolLoads = 0;
    vi.doMock('../../src/db/drivers/neon-pool', async (original) => {
      poolLoads++;
      return original();
    });
    try {
      entry = await coldStart({ DATABASE_URL: unreachableNeon, LOOP_DB_DRIVER: 'neon', LOOP_API_KEY: TEST_ROOT_KEY });
      const read = await entry.default.request('/api/v1/issues', { headers: { Authorization: `Bearer ${TEST_ROOT_KEY}` } });
      expect(read.status).toBe(503);
      expect(poolLoads).toBe(0);

      const db = await entry.database.db();
      await expect(db.transaction(() => Promise.resolve('never'))).rejects.toThrow();
      expect(poolLoads).toBe(1);
    } finally {
      vi.doUnmock('../../src/db/drivers/neon-pool');
    }
  });
});
