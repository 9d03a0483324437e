import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import type { Severity } from '../../src/db/schema';
import { ingestSignal, type SignalInput } from '../../src/domain/signals/ingest';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';
import { aSignalBody, countSignalsAndIssues, GITHUB_SECRET, postGithubDelivery } from '../support/fixtures/signals';

const now = new Date('2026-11-22T12:00:00.000Z');
const anInput = (fields: Partial<SignalInput> = {}): SignalInput => ({
  source: 'manual',
  type: 'error-spike',
  severity: 'high',
  payload: { message: 'Checkout error rate 4.2%' },
  ...fields,
});

/**
 * Makes the database refuse every new signal row at the end of the statement that writes it, when
 * the triage issue written with it already exists: only a rollback can make that issue disappear.
 * A database trigger, because ingestion is one statement that no wrapper of the driver can split.
 */
async function withFailingSignalInsert(db: Database, run: () => Promise<void>): Promise<void> {
  await db.execute(sql`create function fail_signal_insert() returns trigger language plpgsql as $$
    begin raise exception 'signal insert failed'; end $$`);
  await db.execute(sql`create trigger fail_signal_insert after insert on signals for each row execute function fail_signal_insert()`);
  try {
    await run();
  } finally {
    await db.execute(sql`drop trigger fail_signal_insert on signals`);
    await db.execute(sql`drop function fail_signal_insert()`);
  }
}

/** The driver's own error (Drizzle wraps it, with the statement's text, as the cause). */
const driverMessage = (error: unknown): string =>
  error instanceof Error ? `${error.message}\n${error.cause instanceof Error ? error.cause.message : ''}` : String(error);

describe('ingestSignal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, LOOP_BODY_LIMIT_BYTES: '1024' } });
  });
  afterAll(() => t.close());

  describe('atomicity: both rows or neither', () => {
    it('rolls the issue back when the signal insert throws', async () => {
      const before = await countSignalsAndIssues(t.db);
      await withFailingSignalInsert(t.db, async () => {
        const failure: unknown = await ingestSignal(t.db, anInput(), now).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(driverMessage(failure)).toContain('signal insert failed');
      });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('rolls the issue back when the signal insert violates a constraint', async () => {
      const before = await countSignalsAndIssues(t.db);
      // Not a severity the database knows: the signal row is refused, so the statement writes no issue either.
      const input = anInput({ severity: 'catastrophic' as Severity });
      await expect(ingestSignal(t.db, input, now)).rejects.toThrow();
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('answers a generic 500 through the API and leaves no row behind', async () => {
      const before = await countSignalsAndIssues(t.db);
      const app = createApp({ db: t.db, env: t.env });
      const original = console.error;
      console.error = () => {};
      try {
        await withFailingSignalInsert(t.db, async () => {
          const response = await app.request('/api/v1/signals', {
            method: 'POST',
            headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(aSignalBody()),
          });
          expect(response.status).toBe(500);
          expect(await response.json()).toEqual({ error: 'Internal server error', code: 'internal_error' });
        });
      } finally {
        console.error = original;
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('rejects an oversized webhook body before writing anything', async () => {
      const before = await countSignalsAndIssues(t.db);
      const body = { action: 'opened', issue: { number: 1, title: 'x'.repeat(2048), labels: [] }, repository: { full_name: 'a/b' } };
      const response = await postGithubDelivery(t, { event: 'issues', body });
      expect(response.status).toBe(413);
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });
  });

  describe('idempotency', () => {
    it('returns the original for a repeated key, also when many calls race, and keeps one row', async () => {
      const before = await countSignalsAndIssues(t.db);
      const input = anInput({ deliveryId: 'race-1' });
      const results = await Promise.all(Array.from({ length: 5 }, () => ingestSignal(t.db, input, now)));
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(new Set(results.map((result) => result.signal.id)).size).toBe(1);
      expect(new Set(results.map((result) => result.issue?.id)).size).toBe(1);
      expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 1, issues: before.issues + 1 });
    });

    it('joins a caller’s transaction: a duplicate inside it rolls back only its own issue', async () => {
      const first = await ingestSignal(t.db, anInput({ deliveryId: 'nested-1' }), now);
      const before = await countSignalsAndIssues(t.db);
      const again = await t.db.transaction((tx) => ingestSignal(tx, anInput({ deliveryId: 'nested-1' }), now));
      expect(again).toEqual({ ...first, duplicate: true });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('never deduplicates signals without a key', async () => {
      const one = await ingestSignal(t.db, anInput(), now);
      const two = await ingestSignal(t.db, anInput(), now);
      expect(one.signal.id).not.toBe(two.signal.id);
      expect(one.signal.deliveryId).toBeNull();
    });
  });
});
