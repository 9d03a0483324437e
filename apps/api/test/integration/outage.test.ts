import { type NeonLocal, startNeonLocal } from '@loop/neon-local';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startCluster } from '../../../../scripts/pg-cluster.mjs';
import { createApp } from '../../src/app';
import type { DatabaseHandle } from '../../src/db/database';
import { prepareDatabase } from '../../src/db/prepare';
import { parseEnv } from '../../src/env';
import { type ApiClient, apiClient, TEST_ROOT_KEY } from '../support/app';
import { testDatabaseMode } from '../support/database';
import { aSignalBody } from '../support/fixtures/signals';
import { openServerDatabase } from '../support/global-setup';

/** Retries `attempt` until it holds, for a recovery that must happen on its own (no app restart). */
async function eventually<T>(attempt: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/**
 * A real outage: this file runs its own PostgreSQL (so stopping it disturbs no other test file) and, in
 * Neon mode, its own local Neon endpoints in front of it. The server is stopped under a running app,
 * then started again; the app is never rebuilt.
 */
describe('the database restarting under a running app', () => {
  let cluster: PgCluster;
  let local: NeonLocal | undefined;
  let handle: DatabaseHandle;
  let api: ApiClient;

  beforeAll(async () => {
    cluster = await startCluster();
    const mode = testDatabaseMode();
    if (mode === 'pglite') throw new Error('test/integration runs on a server mode only');
    if (mode === 'neon') local = await startNeonLocal({ targets: [`${cluster.host}:${cluster.port}`] });
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE loop');
    await admin.end();
    handle = await openServerDatabase(mode, cluster.urlFor('loop'), undefined, local);
    await prepareDatabase(handle);
    api = apiClient(createApp({ db: handle.db, env: parseEnv({ LOOP_API_KEY: TEST_ROOT_KEY }) }));
  });

  afterAll(async () => {
    await handle?.close();
    await local?.close();
    await cluster?.stop();
  });

  it('answers 503 JSON while it is down, reports it on /health, and recovers by itself', async () => {
    const before = await api.post('/api/v1/issues', { title: 'Written before the outage', type: 'task' });
    expect(before.status).toBe(201);
    expect((await api.post('/api/v1/signals', aSignalBody())).status).toBe(201);
    expect((await api.get('/health', { key: null })).status).toBe(200);

    await cluster.halt();
    const original = console.error;
    console.error = () => {};
    try {
      const health = await timed(() => api.get('/health', { key: null }));
      expect(health.result.status).toBe(503);
      expect(health.result.body).toEqual({ ok: false, db: 'down', schema: 'unknown' });
      expect(health.ms).toBeLessThan(3_500);

      const requests = [
        () => api.get('/api/v1/issues'), // a plain query (neon-http on Neon)
        () => api.post('/api/v1/issues', { title: 'During the outage', type: 'task' }),
        () => api.post('/api/v1/signals', aSignalBody()), // a transaction (the WebSocket Pool on Neon)
        () => api.get('/api/v1/dispatch/next'), // a claim: also a transaction
      ];
      for (const request of requests) {
        const { result: response, ms } = await timed(request);
        expect(response.status, JSON.stringify(response.body)).toBe(503);
        expect(response.body).toEqual({ error: expect.any(String), code: 'database_unavailable' });
        expect(response.headers.get('retry-after')).toBe('5');
        expect(ms).toBeLessThan(6_000);
      }
    } finally {
      console.error = original;
    }

    await cluster.start();
    const health = await eventually(
      () => api.get('/health', { key: null }),
      (response) => response.status === 200,
    );
    expect(health.body).toEqual({ ok: true, db: 'up', schema: 'current' });

    // Every path is back on the same app instance: reads, plain writes and transactions.
    const list = await eventually(
      () => api.get('/api/v1/issues'),
      (response) => response.status === 200,
    );
    expect(list.body.data.map((issue: { id: string }) => issue.id)).toContain(before.body.data.id);
    expect((await api.post('/api/v1/issues', { title: 'After the outage', type: 'task' })).status).toBe(201);
    expect((await api.post('/api/v1/signals', aSignalBody())).status).toBe(201);
  });
});
