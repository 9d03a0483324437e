import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Database, DB } from '../../src/db/database';
import { type Severity, signals } from '../../src/db/schema';
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
 * The real database, except that inserting a signal throws: the issue insert before it has already
 * succeeded inside the transaction, so only a rollback can make it disappear.
 */
function failingSignalInsert(db: Database): Database {
  const wrapTx = (tx: DB): DB =>
    new Proxy(tx, {
      get(target, property, receiver) {
        if (property === 'insert') {
          return (table: unknown) => {
            if (table === signals) throw new Error('signal insert failed');
            return target.insert(table as typeof signals);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return (run: (tx: DB) => Promise<unknown>) => target.transaction((tx) => run(wrapTx(tx)));
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

describe('ingestSignal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, LOOP_BODY_LIMIT_BYTES: '1024' } });
  });
  afterAll(() => t.close());

  describe('atomicity: both rows or neither', () => {
    it('rolls the issue back when the signal insert throws', async () => {
      const before = await countSignalsAndIssues(t.db);
      await expect(ingestSignal(failingSignalInsert(t.db), anInput(), now)).rejects.toThrow('signal insert failed');
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('rolls the issue back when the signal insert violates a constraint', async () => {
      const before = await countSignalsAndIssues(t.db);
      // Not a severity the database knows: the issue insert succeeds, the signal insert is refused.
      const input = anInput({ severity: 'catastrophic' as Severity });
      await expect(ingestSignal(t.db, input, now)).rejects.toThrow();
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('answers a generic 500 through the API and leaves no row behind', async () => {
      const before = await countSignalsAndIssues(t.db);
      const app = createApp({ db: failingSignalInsert(t.db), env: t.env });
      const original = console.error;
      console.error = () => {};
      try {
        const response = await app.request('/api/v1/signals', {
          method: 'POST',
          headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(aSignalBody()),
        });
        expect(response.status).toBe(500);
        expect(await response.json()).toEqual({ error: 'Internal server error', code: 'internal_error' });
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
