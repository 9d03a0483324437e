import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import type { DatabaseHandle } from '../../src/db/database';
import { signals } from '../../src/db/schema';
import { ingestBatchSize, ingestGate } from '../../src/domain/signals/ingest';
import { parseEnv } from '../../src/env';
import { type ApiResponse, apiClient, TEST_ROOT_KEY } from '../support/app';
import { createServerDatabase, QueryCounter, type ServerDatabase, testDatabaseMode } from '../support/database';
import { takeEverySlot } from '../support/gate';
import { openServerDatabase } from '../support/global-setup';
import { aSignalBody } from '../support/fixtures/signals';

/**
 * Batches of ingestions from two processes (two apps, each with its own connections and gate) over
 * one database, as two serverless instances receive a provider's retries: a race PGLite, one
 * statement at a time, cannot stage.
 */
describe('ingestion batches of two processes on a real PostgreSQL', () => {
  let server: ServerDatabase;
  let second: DatabaseHandle;
  const queries = [new QueryCounter(), new QueryCounter()];
  beforeAll(async () => {
    const mode = testDatabaseMode();
    if (mode === 'pglite') throw new Error('test/integration runs on a server mode only');
    server = await createServerDatabase(queries[0]);
    second = await openServerDatabase(mode, server.url, queries[1], inject('testServer').neon);
  });
  afterAll(async () => {
    await second?.close();
    await server?.handle.close();
  });

  it('writes each key once when both send the same keys in opposite orders, and answers every request', async () => {
    const env = parseEnv({ LOOP_API_KEY: TEST_ROOT_KEY, LOOP_URL: 'http://loop.test' });
    const processes = [server.handle.db, second.db].map((db) => ({ db, api: apiClient(createApp({ db, env })) }));
    const keys = Array.from({ length: ingestBatchSize }, (_, index) => `retried-${index}`);
    const orders = [keys, [...keys].reverse()];

    // Each process gathers its whole batch, then both statements start at once.
    const slots = processes.map(({ db }) => takeEverySlot(ingestGate(db)));
    const sent: Promise<ApiResponse>[][] = processes.map(({ api }, index) =>
      orders[index]!.map((key) => api.post('/api/v1/signals', aSignalBody({ deliveryId: key, payload: { message: key } }))),
    );
    for (const { db } of processes) await vi.waitFor(() => expect(ingestGate(db).pendingCount).toBe(keys.length));
    // Each signal row takes a few milliseconds to write, so the two statements surely overlap.
    await server.handle.db.execute(sql`create function slow_signal() returns trigger language plpgsql as $$
      begin perform pg_sleep(0.005); return new; end $$`);
    await server.handle.db.execute(sql`create trigger slow_signal before insert on signals for each row execute function slow_signal()`);
    for (const counter of queries) counter.reset();
    await Promise.all(slots.map((slot) => slot.release()));
    const [first, reversed] = await Promise.all(sent.map((responses) => Promise.all(responses)));

    const answers = [...first!, ...reversed!];
    expect(answers.filter((response) => response.status === 201)).toHaveLength(keys.length);
    expect(answers.filter((response) => response.status === 200)).toHaveLength(keys.length);
    // Both answers for a key name the one signal written for it, and its issue.
    keys.forEach((key, index) => {
      const [a, b] = [first![index]!, reversed![keys.length - 1 - index]!];
      expect(a.body.data.signal.deliveryId).toBe(key);
      expect(b.body.data.signal).toEqual(a.body.data.signal);
      expect(b.body.data.issue).toEqual(a.body.data.issue);
    });
    // One statement per process: the keys are written in the same order by both, so neither waits
    // for a key the other holds while holding one it needs (a deadlock, which would fail a batch and
    // send it again one signal at a time).
    for (const counter of queries) {
      expect(counter.statements.filter((statement) => statement.startsWith('with "refs" as'))).toHaveLength(1);
    }
    const rows = await server.handle.db.select({ deliveryId: signals.deliveryId }).from(signals).where(inArray(signals.deliveryId, keys));
    expect(rows.map((row) => row.deliveryId).sort()).toEqual([...keys].sort());
  });
});
