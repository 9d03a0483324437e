import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { parseEnv } from '../../src/env';
import { type ApiClient, apiClient, TEST_ROOT_KEY } from '../support/app';
import { createServerDatabase, type ServerDatabase } from '../support/database';
import { aSignalBody, countSignalsAndIssues } from '../support/fixtures/signals';

/** Runs SQL as the cluster's superuser on `database` (the app's own connections are the ones under test). */
async function asSuperuser<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function until<T>(attempt: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const original = console.error;
  console.error = () => {};
  try {
    return await work();
  } finally {
    console.error = original;
  }
}

describe('connections killed under a running app', () => {
  let server: ServerDatabase;
  let api: ApiClient;
  beforeAll(async () => {
    server = await createServerDatabase();
    api = apiClient(createApp({ db: server.handle.db, env: parseEnv({ LOOP_API_KEY: TEST_ROOT_KEY }) }));
  });
  afterAll(() => server.handle.close());

  const terminateAll = () =>
    asSuperuser<{ killed: boolean }>(
      server.adminUrl,
      'select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [server.name],
    );

  it('recovers by itself after pg_terminate_backend: every answer is a success or a 503 JSON, then successes', async () => {
    // Open connections on every path first (plain queries, and a transaction on the Neon Pool).
    expect((await api.post('/api/v1/signals', aSignalBody())).status).toBe(201);
    expect((await api.get('/api/v1/issues')).status).toBe(200);
    const killed = await terminateAll();
    expect(killed.length).toBeGreaterThan(0);

    const answers = await quietly(async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        for (const response of [
          await api.get('/api/v1/issues'),
          await api.post('/api/v1/signals', aSignalBody()),
          await api.get('/health', { key: null }),
        ]) {
          statuses.push(response.status);
          if (response.status >= 500 && response.body?.code) expect(response.body.code).toBe('database_unavailable');
        }
      }
      return statuses;
    });
    expect(answers.every((status) => [200, 201, 503].includes(status)), answers.join(',')).toBe(true);
    // The pools dropped the dead connections and opened new ones: the last round is all successes.
    expect(answers.slice(-3)).toEqual([200, 201, 200]);
  });

  it('leaves no row when the connection dies between the two inserts of an ingestion', async () => {
    // Ingestion is one statement that writes the signal, then the issue from the signal's row (ADR 0040).
    // Stall the second insert (the issue), then kill that backend while it waits: the signal row is
    // already written in the same transaction and must vanish with it.
    await asSuperuser(
      server.url,
      `create function stall_signal() returns trigger language plpgsql as $$ begin perform pg_sleep(30); return new; end $$;
       create trigger stall_signal before insert on issues for each row execute function stall_signal();`,
    );
    try {
      const before = await countSignalsAndIssues(server.handle.db);
      const answer = quietly(() => api.post('/api/v1/signals', aSignalBody({ title: 'Doomed ingestion' })));
      const [stalled] = await until(async () => {
        const rows = await asSuperuser<{ pid: number; xact: boolean }>(
          server.adminUrl,
          `select pid, backend_xid is not null as xact from pg_stat_activity
            where datname = $1 and wait_event = 'PgSleep'`,
          [server.name],
        );
        return rows.length > 0 ? rows : undefined;
      });
      // The signal insert has happened: the transaction holds a transaction id.
      expect(stalled!.xact).toBe(true);
      await asSuperuser(server.adminUrl, 'select pg_terminate_backend($1)', [stalled!.pid]);

      const response = await answer;
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('database_unavailable');
      expect(await countSignalsAndIssues(server.handle.db)).toEqual(before);
    } finally {
      await asSuperuser(server.url, 'drop trigger stall_signal on issues; drop function stall_signal();');
    }
  });
});
