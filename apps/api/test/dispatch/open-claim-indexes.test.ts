import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { rawRows } from '../../src/db/raw-rows';
import { closeOpenClaimsSql } from '../../src/domain/dispatch/lifecycle';
import { expiredClaimsSql } from '../../src/domain/dispatch/ready';
import { createTestDatabase } from '../support/database';

const byIssue = 'dispatches_one_open_claim_key';
const byLease = 'dispatches_open_lease_idx';

const now = new Date('2026-01-01T00:00:00Z');

/** The two kinds of lookup of open claims: by issue (here a status change closing the claim) and by lease. */
const lookups: Record<string, SQL> = {
  'one issue’s open claim': closeOpenClaimsSql(sql`${'some-issue'}`, 'done', now),
  'the claims whose lease has run out': expiredClaimsSql(now),
};

/**
 * Which lookup each open-claim index can serve (ADR 0052): each its own, neither the other's, so that
 * no plan reads one of them whole for the other's lookup. The planner is left only the index under
 * test among the ones that could answer by `issue_id` or by lease, and told to avoid sequential scans,
 * so a plan names that index exactly when its predicate lets it answer the lookup.
 */
describe('the open-claim indexes', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  const rolledBack = new Error('rolled back');
  async function planWithOnly(index: string, lookup: SQL): Promise<string> {
    let plan = '';
    const others = [byIssue, byLease, 'dispatches_issue_id_idx'].filter((name) => name !== index);
    await handle.db
      .transaction(async (tx) => {
        for (const other of others) await tx.execute(sql`drop index ${sql.identifier(other)}`);
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await rawRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${lookup}`);
        plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    return plan;
  }

  it.each([
    [byIssue, 'one issue’s open claim'],
    [byLease, 'the claims whose lease has run out'],
  ])('%s serves the lookup of %s', async (index, lookup) => {
    expect(await planWithOnly(index, lookups[lookup]!)).toContain(index);
  });

  it.each([
    [byIssue, 'the claims whose lease has run out'],
    [byLease, 'one issue’s open claim'],
  ])('%s cannot be read whole for the lookup of %s', async (index, lookup) => {
    expect(await planWithOnly(index, lookups[lookup]!)).not.toContain(index);
  });
});
