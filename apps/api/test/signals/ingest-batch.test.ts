import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signals } from '../../src/db/schema';
import { ingestBatchSize, ingestGate, ingestSlots } from '../../src/domain/signals/ingest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { takeEverySlot } from '../support/gate';
import { aProjectRow, aSignalBody, countSignalsAndIssues } from '../support/fixtures/signals';

const fixtureNow = new Date('2026-11-22T12:00:00.000Z');

/** The ingestion statement, by its first words (ingest-statement.ts). */
const isIngestStatement = (statement: string) => statement.startsWith('with "refs" as');

describe('POST /api/v1/signals through the ingest gate', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  let keys = 0;
  const aKey = () => `batch-key-${++keys}`;

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  /**
   * Sends `bodies` one after another, a second apart, while every ingest slot is taken, then lets
   * them through: they wait together, as concurrent webhooks do under load.
   */
  async function sendTogether(bodies: Record<string, unknown>[]) {
    const gate = ingestGate(t.db);
    const slots = takeEverySlot(gate);
    const responses = [];
    for (const [index, body] of bodies.entries()) {
      responses.push(t.api.post('/api/v1/signals', body));
      await vi.waitFor(() => expect(gate.pendingCount).toBe(index + 1));
      clock.advance(1000);
    }
    t.queries.reset();
    await slots.release();
    return Promise.all(responses);
  }

  it('writes the signals that waited together, each with its issue, in one statement, numbered in arrival order', async () => {
    expect(ingestGate(t.db).slots).toBe(ingestSlots);
    const { id: projectId } = await aProjectRow(t.db);
    const firstSent = clock.now();
    const responses = await sendTogether([
      aSignalBody({ payload: { message: 'Checkout fails' }, projectId }),
      aSignalBody({ payload: { message: 'Search is slow' }, severity: 'low', deliveryId: aKey() }),
      aSignalBody({ payload: { message: 'Login loops' }, severity: 'critical' }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
    expect(t.queries.statements.filter(isIngestStatement)).toHaveLength(1);
    expect(t.queries.statements).toHaveLength(1);
    const written = responses.map((response) => response.body.data);
    expect(written.map(({ issue }) => issue.title)).toEqual(['Checkout fails', 'Search is slow', 'Login loops']);
    expect(written.map(({ issue }) => issue.projectId)).toEqual([projectId, null, null]);
    expect(written.map(({ issue }) => issue.priority)).toEqual([2, 4, 1]);
    const numbers = written.map(({ issue }) => issue.number as number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // Each signal keeps the time its request arrived; its issue was made from it.
    written.forEach(({ signal, issue }, index) => {
      const sent = new Date(firstSent.getTime() + index * 1000).toISOString();
      expect(signal.createdAt).toBe(sent);
      expect(issue.createdAt).toBe(sent);
      expect(signal.issueId).toBe(issue.id);
    });
  });

  it('answers a key sent twice in one batch with the signal its first sending wrote', async () => {
    const key = aKey();
    const before = await countSignalsAndIssues(t.db);
    const responses = await sendTogether([
      aSignalBody({ deliveryId: key }),
      aSignalBody({ deliveryId: aKey() }),
      aSignalBody({ deliveryId: key, payload: { message: 'A redelivery' } }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([201, 201, 200]);
    expect(responses[2]!.body.data).toEqual({ ...responses[0]!.body.data, duplicate: true });
    expect(await t.db.select().from(signals).where(eq(signals.deliveryId, key))).toHaveLength(1);
    expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 2, issues: before.issues + 2 });
  });

  it('refuses only the signal whose project is missing; the rest of its batch is written', async () => {
    const before = await countSignalsAndIssues(t.db);
    const responses = await sendTogether([aSignalBody(), aSignalBody({ projectId: 'no-such-project' }), aSignalBody()]);

    expect(responses.map((response) => response.status)).toEqual([201, 422, 201]);
    expect(responses[1]!.body).toMatchObject({ code: 'invalid_reference' });
    expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 2, issues: before.issues + 2 });
  });

  it('tries a batch the database refuses again one signal at a time, so only the signal at fault fails', async () => {
    await t.db.execute(sql`create function refuse_signal() returns trigger language plpgsql as $$
      begin if new.source = 'refused' then raise exception 'signal refused'; end if; return new; end $$`);
    await t.db.execute(sql`create trigger refuse_signal after insert on signals for each row execute function refuse_signal()`);
    const original = console.error;
    console.error = () => {};
    try {
      const before = await countSignalsAndIssues(t.db);
      const responses = await sendTogether([aSignalBody(), aSignalBody({ source: 'refused' }), aSignalBody()]);

      expect(responses.map((response) => response.status)).toEqual([201, 500, 201]);
      expect(responses[1]!.body).toEqual({ error: 'Internal server error', code: 'internal_error' });
      // The batch, then each of its signals on its own.
      expect(t.queries.statements.filter(isIngestStatement)).toHaveLength(4);
      expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 2, issues: before.issues + 2 });
    } finally {
      console.error = original;
      await t.db.execute(sql`drop trigger refuse_signal on signals`);
      await t.db.execute(sql`drop function refuse_signal()`);
    }
  });

  it('gathers at most a batch size of signals in one statement', async () => {
    const responses = await sendTogether(Array.from({ length: ingestBatchSize + 1 }, () => aSignalBody()));
    expect(responses.every((response) => response.status === 201)).toBe(true);
    expect(new Set(responses.map((response) => response.body.data.issue.id)).size).toBe(ingestBatchSize + 1);
    expect(t.queries.statements.filter(isIngestStatement)).toHaveLength(2);
  });
});
