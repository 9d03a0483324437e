import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import type * as EntryModule from '../../src/index';
import { prepareDatabase } from '../../src/db/prepare';
import { committedMigrations } from '../../src/db/schema-state';
import { TEST_ROOT_KEY } from '../support/app';
import { testDatabaseMode } from '../support/database';
import { databaseUrl, dropDatabase, openServerDatabase } from '../support/global-setup';
import { freePort, killServers, startServer } from '../support/server-process';

/** test/integration runs on the server modes only. */
function serverMode(): 'postgres' | 'neon' {
  const mode = testDatabaseMode();
  if (mode === 'pglite') throw new Error('test/integration runs on a server mode only');
  return mode;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * `npm start` with DATABASE_URL on a real PostgreSQL, as a self-hoster runs it: the server process
 * (src/server.ts under tsx) through the driver of the mode — node-postgres, or the Neon drivers pointed
 * at the local Neon endpoints — against databases created empty for each test.
 */
describe('the node server starting on an empty or behind PostgreSQL', { timeout: 180_000 }, () => {
  const { adminUrl, neon } = inject('testServer');
  const mode = serverMode();
  const created: string[] = [];

  async function emptyDatabase(): Promise<string> {
    const name = `loop_start_${created.length}_${process.pid}`;
    await query(adminUrl, `CREATE DATABASE ${name}`);
    created.push(name);
    return databaseUrl(adminUrl, name);
  }

  const serverEnv = async (url: string, extra: Record<string, string> = {}) => ({
    PORT: String(await freePort()),
    DATABASE_URL: url,
    LOOP_DB_DRIVER: mode,
    LOOP_API_KEY: TEST_ROOT_KEY,
    ...(neon ? { LOOP_NEON_WS_PROXY: neon.wsProxy, LOOP_NEON_FETCH_ENDPOINT: neon.fetchEndpoint } : {}),
    ...extra,
  });

  const applied = async (url: string) =>
    query<{ hash: string; created_at: string }>(url, 'select hash, created_at::text from drizzle.__drizzle_migrations');

  afterEach(() => killServers());
  afterAll(async () => {
    for (const name of created) await dropDatabase(adminUrl, name);
  });

  it('applies the migrations and the default templates before it listens, then serves', async () => {
    const url = await emptyDatabase();
    const server = startServer(await serverEnv(url));
    await server.listening();

    expect((await applied(url)).map((row) => Number(row.created_at))).toEqual([...committedMigrations]);
    expect((await query(url, 'select slug from prompt_templates')).length).toBeGreaterThan(0);

    const base = `http://127.0.0.1:${server.port}`;
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, db: 'up', schema: 'current' });
    const issue = await fetch(`${base}/api/v1/issues`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'On a database the server migrated itself', type: 'task' }),
    });
    expect(issue.status).toBe(201);

    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
  });

  it('lets two servers started together on one empty database both serve, the schema applied once', async () => {
    const url = await emptyDatabase();
    const servers = [startServer(await serverEnv(url)), startServer(await serverEnv(url))];
    await Promise.all(servers.map((server) => server.listening()));

    const rows = await applied(url);
    expect(rows.map((row) => Number(row.created_at)).sort()).toEqual([...committedMigrations]);
    expect(new Set(rows.map((row) => row.hash)).size).toBe(committedMigrations.length);
    const twice = await query(url, 'select slug from prompt_templates where deleted_at is null group by slug having count(*) > 1');
    expect(twice).toEqual([]);

    for (const server of servers) {
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(await health.json()).toEqual({ ok: true, db: 'up', schema: 'current' });
    }
  });

  it('migrates one empty database from four connections at once: each waits its turn, the schema applied once', async () => {
    // Tighter than two processes can be: four migrators reach the database within milliseconds.
    const url = await emptyDatabase();
    const handles = await Promise.all([1, 2, 3, 4].map(() => openServerDatabase(mode, url, undefined, neon)));
    try {
      const results = await Promise.allSettled(handles.map((handle) => prepareDatabase(handle)));
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
    const rows = await applied(url);
    expect(rows.map((row) => Number(row.created_at)).sort()).toEqual([...committedMigrations]);
  });

  it('with LOOP_MIGRATE_ON_START=false, refuses a database that is behind in one line naming npm run db:migrate', async () => {
    const url = await emptyDatabase();
    const refused = startServer(await serverEnv(url, { LOOP_MIGRATE_ON_START: 'false' }));
    expect(await refused.exited()).toBe(1);
    const lines = refused.stderr().trim().split('\n');
    expect(lines).toEqual([
      `The database schema is behind this code (${committedMigrations.length} migrations not applied) and ` +
        'LOOP_MIGRATE_ON_START=false: run `npm run db:migrate`, then start again',
    ]);
    // It changed nothing: not even drizzle's bookkeeping schema exists.
    expect(await query(url, `select 1 from pg_namespace where nspname = 'drizzle'`)).toEqual([]);

    // Once migrated by the operator, the same setting starts.
    const handle = await openServerDatabase(mode, url, undefined, neon);
    try {
      await prepareDatabase(handle);
    } finally {
      await handle.close();
    }
    const started = startServer(await serverEnv(url, { LOOP_MIGRATE_ON_START: 'false' }));
    await started.listening();
    const health = await fetch(`http://127.0.0.1:${started.port}/health`);
    expect(await health.json()).toEqual({ ok: true, db: 'up', schema: 'current' });
  });
});

/**
 * The Vercel Function entry (src/index.ts) imported as a cold start would, on a database its build
 * never migrated: it must not migrate at run time, and its /health must say the schema is behind.
 */
describe('the Vercel Function on a database older than its code', { timeout: 60_000 }, () => {
  const { adminUrl, neon } = inject('testServer');
  const mode = serverMode();
  const name = `loop_function_${process.pid}`;
  let entry: typeof EntryModule | undefined;

  afterAll(async () => {
    await entry?.database.close();
    vi.unstubAllEnvs();
    await dropDatabase(adminUrl, name);
  });

  it('answers /health 503 {db: "up", schema: "behind"} and leaves the database as it found it', async () => {
    await query(adminUrl, `CREATE DATABASE ${name}`);
    const url = databaseUrl(adminUrl, name);
    vi.resetModules();
    vi.stubEnv('DATABASE_URL', url);
    vi.stubEnv('LOOP_DB_DRIVER', mode);
    vi.stubEnv('LOOP_API_KEY', TEST_ROOT_KEY);
    if (neon) {
      vi.stubEnv('LOOP_NEON_WS_PROXY', neon.wsProxy);
      vi.stubEnv('LOOP_NEON_FETCH_ENDPOINT', neon.fetchEndpoint);
    }
    entry = await import('../../src/index');

    const health = await entry.default.request('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, db: 'up', schema: 'behind' });
    expect(await query(url, `select 1 from pg_namespace where nspname = 'drizzle'`)).toEqual([]);
  });
});
