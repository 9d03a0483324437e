import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { rawRows } from '../../src/db/raw-rows';
import { expiredClaimsSql } from '../../src/domain/dispatch/ready';
import { createTestDatabase } from '../support/database';

/**
 * Which lookups `dispatches_open_lease_idx` can serve (ADR 0052). The planner is left no other index
 * and told to avoid sequential scans, so a plan names the lease index exactly when the index's
 * predicate lets it answer the lookup.
 */
describe('dispatches_open_lease_idx', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.execute(sql`drop index dispatches_one_open_claim_key`);
    await handle.db.execute(sql`drop index dispatches_issue_id_idx`);
  });
  afterAll(() => handle.close());

  const planOf = (query: SQL) =>
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await rawRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });

  it('serves the lookup of the claims whose lease has run out', async () => {
    expect(await planOf(expiredClaimsSql(new Date('2026-01-01T00:00:00Z')))).toContain('dispatches_open_lease_idx');
  });

  it('cannot be read whole to find one issue’s open claim, as the claim and every status change look it up', async () => {
    const plan = await planOf(sql`select id from dispatches where issue_id = ${'some-issue'} and outcome = 'claimed'`);
    expect(plan).not.toContain('dispatches_open_lease_idx');
  });
});
