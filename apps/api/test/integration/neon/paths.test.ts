import { type NeonLocal, startNeonLocal } from '@loop/neon-local';
import { neon } from '@neondatabase/serverless';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../../../src/app';
import { rawRows } from '../../../src/db/raw-rows';
import { issues } from '../../../src/db/schema';
import { parseEnv } from '../../../src/env';
import { type ApiClient, apiClient, TEST_ROOT_KEY, TestClock } from '../../support/app';
import { createServerDatabase, QueryCounter, type ServerDatabase } from '../../support/database';
import { aProjectRow, fixtureNow, readyTasks } from '../../support/fixtures/dispatch';
import { templateFixtures } from '../../support/fixtures/prompts';
import { aSignalBody } from '../../support/fixtures/signals';

/**
 * The Neon-only traps, watched from the wire: this file serves the Neon protocols itself (a private
 * packages/neon-local that records every SQL-over-HTTP statement and counts relayed WebSocket traffic)
 * in front of the shared test cluster, so it can tell which driver carried which statement.
 */
let local: NeonLocal;
let server: ServerDatabase;
let api: ApiClient;
const queries = new QueryCounter();

beforeAll(async () => {
  const cluster = new URL(inject('testServer').adminUrl);
  local = await startNeonLocal({ targets: [`${cluster.hostname}:${cluster.port}`], recordStatements: true });
  server = await createServerDatabase(queries, { neon: { wsProxy: local.wsProxy, fetchEndpoint: local.fetchEndpoint } });
  expect(server.handle.driver).toBe('neon');
  api = apiClient(
    createApp({ db: server.handle.db, env: parseEnv({ LOOP_API_KEY: TEST_ROOT_KEY }), clock: new TestClock(fixtureNow) }),
  );
});

afterAll(async () => {
  await server?.handle.close();
  await local?.close();
});

/** Runs `work` and reports which of its statements went over HTTP and how much went over the relay. */
async function watch(work: () => Promise<unknown>) {
  queries.reset();
  local.http.statements.length = 0;
  const relayed = local.relay.messages;
  await work();
  return { sent: [...queries.statements], overHttp: [...local.http.statements], relayMessages: local.relay.messages - relayed };
}

type Context = { projectId?: string; path?: string };

const matching = (statements: string[], pattern: RegExp) => statements.filter((text) => pattern.test(text));

describe('transactions on Neon', () => {
  it('cannot run on neon-http at all, which is why db.transaction is the WebSocket Pool', async () => {
    const httpOnly = drizzleHttp({ client: neon(server.url) });
    await expect(httpOnly.transaction(async () => {})).rejects.toThrow(/No transactions support in neon-http/);
  });

  it.each([
    {
      operation: 'an issue update (PATCH /issues/{id})',
      setup: async () => {
        const created = await api.post('/api/v1/issues', { title: 'Renamed on the Pool', type: 'task' });
        return { path: `/api/v1/issues/${created.body.data.id}` };
      },
      run: (context: Context) => api.patch(context.path!, { title: 'Renamed' }),
      status: 200,
      writes: [/update "?issues"?/i],
    },
    {
      operation: 'a version promotion (PATCH …/versions/{id})',
      setup: async () => {
        const fixtures = templateFixtures(api);
        const template = await fixtures.aTemplate();
        const draft = await fixtures.aVersion(template);
        return { path: `/api/v1/templates/${template.slug}/versions/${draft.id}` };
      },
      run: (context: Context) => api.patch(context.path!, { status: 'active' }),
      status: 200,
      writes: [/update "?prompt_versions"?/i],
    },
  ])('runs $operation on the Pool, never over HTTP', async ({ setup, run, status, writes }) => {
    const context: Context = await setup();
    let response: Awaited<ReturnType<typeof run>> | undefined;
    const seen = await watch(async () => {
      response = await run(context);
    });
    expect(response!.status, JSON.stringify(response!.body)).toBe(status);
    expect(seen.relayMessages).toBeGreaterThan(0);
    expect(seen.sent.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(matching(seen.sent, write).length, `${write} was sent`).toBeGreaterThan(0);
      expect(matching(seen.overHttp, write), `${write} went over HTTP`).toEqual([]);
    }
    // And HTTP saw no transaction control either: nothing pretended to be a transaction there.
    expect(matching(seen.overHttp, /^\s*(begin|commit|rollback)\b/i)).toEqual([]);
  });

  it('claims (GET /dispatch/next) in one atomic statement over HTTP, needing no transaction at all', async () => {
    const project = await aProjectRow(server.handle.db);
    await readyTasks(server.handle.db, 1, { projectId: project.id });
    let response: Awaited<ReturnType<ApiClient['get']>> | undefined;
    const seen = await watch(async () => {
      response = await api.get(`/api/v1/dispatch/next?projectId=${project.id}`);
    });
    expect(response!.status, JSON.stringify(response!.body)).toBe(200);
    // Pick (SKIP LOCKED), move and record are one data-modifying statement: atomic on its own.
    const claim = matching(seen.overHttp, /for update of issues skip locked/i);
    expect(claim).toHaveLength(1);
    expect(claim[0]).toMatch(/insert into "?dispatches"?/i);
    expect(matching([...seen.sent, ...seen.overHttp], /^\s*(begin|commit|rollback)\b/i)).toEqual([]);
  });

  it('still sends plain reads over HTTP (one round trip, no connection held)', async () => {
    const seen = await watch(() => api.get('/api/v1/issues'));
    expect(seen.overHttp.length).toBeGreaterThan(0);
    expect(matching(seen.overHttp, /from "issues"/).length).toBeGreaterThan(0);
  });
});

describe('timestamps through both Neon paths in one process', () => {
  // openNeon has created a neon-http client, so the Neon package's global timestamp parsers now return
  // text (drizzle-orm/neon-http sets them). Columns must still come back as Dates on both paths.
  it('are Dates in drizzle results over HTTP and on the Pool, equal to what was written', async () => {
    const writtenAt = new Date('2026-03-04T05:06:07.089Z');
    const [viaHttp] = await server.handle.db
      .insert(issues)
      .values({ title: 'Timestamps', type: 'task', createdAt: writtenAt, statusChangedAt: writtenAt })
      .returning();
    expect(viaHttp!.createdAt).toBeInstanceOf(Date);
    expect(viaHttp!.createdAt.toISOString()).toBe(writtenAt.toISOString());

    const readBack = await server.handle.db.select().from(issues).where(eq(issues.id, viaHttp!.id));
    const inTransaction = await server.handle.db.transaction((tx) => tx.select().from(issues).where(eq(issues.id, viaHttp!.id)));
    const relational = await server.handle.db.query.issues.findFirst({ where: eq(issues.id, viaHttp!.id) });
    const relationalInTransaction = await server.handle.db.transaction((tx) =>
      tx.query.issues.findFirst({ where: eq(issues.id, viaHttp!.id) }),
    );
    for (const row of [readBack[0], inTransaction[0], relational, relationalInTransaction]) {
      expect(row!.createdAt).toBeInstanceOf(Date);
      expect(row!.createdAt.toISOString()).toBe(writtenAt.toISOString());
      expect(row!.updatedAt).toBeInstanceOf(Date);
      expect(row!.deletedAt).toBeNull();
    }
    expect(inTransaction[0]).toEqual(readBack[0]);
  });

  it('are the same text in raw rows on both paths', async () => {
    const query = sql`select created_at, now() - now() as zero, date '2026-11-22' as day from issues order by created_at limit 1`;
    const [overHttp] = await rawRows<Record<string, unknown>>(server.handle.db, query);
    const [onPool] = await server.handle.db.transaction((tx) => rawRows<Record<string, unknown>>(tx, query));
    expect(onPool).toEqual(overHttp);
    expect(typeof overHttp!.created_at).toBe('string');
    expect(overHttp!.day).toBe('2026-11-22');
  });

  it('leave the API as the same ISO strings whether the row was written in a transaction or read over HTTP', async () => {
    const created = await api.post('/api/v1/signals', aSignalBody());
    expect(created.status).toBe(201);
    const { issue } = created.body.data;
    expect(issue.createdAt).toBe(fixtureNow.toISOString());
    const fetched = await api.get(`/api/v1/issues/${issue.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.data.createdAt).toBe(issue.createdAt);
    expect(fetched.body.data.updatedAt).toBe(issue.updatedAt);
  });
});

describe('the Pool in a serverless function', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is created once per process, bounded under load across invocations, and closed on shutdown', async () => {
    // Endpoints of its own, so the relay counts this function's Pool alone.
    const cluster = new URL(inject('testServer').adminUrl);
    const functionLocal = await startNeonLocal({ targets: [`${cluster.hostname}:${cluster.port}`] });
    try {
      await servesWithinPoolBounds(functionLocal);
    } finally {
      await functionLocal.close();
    }
  });
});

/**
 * Cold-starts the Vercel entry against `local` and serves rounds of concurrent invocations. (Loading it
 * repoints the Neon package's global endpoints at `local`, so this runs last in the file.)
 */
async function servesWithinPoolBounds(local: NeonLocal) {
  const env = {
    DATABASE_URL: server.url,
    LOOP_DB_DRIVER: 'neon',
    LOOP_API_KEY: TEST_ROOT_KEY,
    LOOP_NEON_WS_PROXY: local.wsProxy,
    LOOP_NEON_FETCH_ENDPOINT: local.fetchEndpoint,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const entry = await import('../../../src/index');
  // A warm instance serves later invocations from the same module: the same handle, the same Pool.
  expect((await import('../../../src/index')).database).toBe(entry.database);

  const headers = { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'application/json' };
  const created = await entry.default.request('/api/v1/issues', {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'Updated by every other invocation', type: 'task' }),
  });
  expect(created.status).toBe(201);
  const issuePath = `/api/v1/issues/${((await created.json()) as { data: { id: string } }).data.id}`;
  // An issue update is a transaction (the Pool); a list is one statement (HTTP).
  const invocation = (i: number) =>
    i % 2 === 0
      ? entry.default.request(issuePath, { method: 'PATCH', headers, body: JSON.stringify({ title: `Update ${i}` }) })
      : entry.default.request('/api/v1/issues', { headers });
  for (let round = 0; round < 3; round++) {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => Promise.resolve(invocation(i))));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    // Never more WebSocket connections than the Pool's max (5), whatever the concurrency.
    expect(local.relay.connections).toBeLessThanOrEqual(5);
  }
  // 60 invocations, 30 transactions: connections were reused, not opened per invocation.
  expect(local.relay.opened).toBeLessThanOrEqual(5);
  expect(local.relay.connections).toBeGreaterThan(0);

  await entry.database.close();
  await vi.waitFor(() => expect(local.relay.connections).toBe(0), { timeout: 5_000 });
}
