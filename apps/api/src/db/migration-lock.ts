import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from './database';
import { rawRows } from './raw-rows';

/** A fixed advisory-lock key: the ASCII of "loopmigr", so it is recognisable in pg_locks. */
export const migrationLockKey = '7813586407173744498';

const pollMs = 200;
const waitLimitMs = 10 * 60_000;

/**
 * Runs `work` (applying migrations) while this process holds Loop's migration lock, so servers
 * starting together against one database migrate one after the other: the second finds the schema
 * current and applies nothing. drizzle's migrator alone races (both create the `drizzle` schema, both
 * apply 0000).
 *
 * The lock is a transaction-scoped advisory lock held by a transaction opened for it: it is released
 * when that transaction ends, even if the process dies, and it holds through a transaction-mode pooler
 * (Neon's `-pooler` URLs), where a session lock could be left on a pooled connection. The migration
 * itself runs on another connection of the pool. The lock is polled rather than awaited so that no
 * statement waits longer than the driver's query timeout.
 *
 * PGLite needs none: its folder has one process (the data-folder lock) and one connection.
 */
export async function withMigrationLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.driver === 'pglite') return work();
  return handle.db.transaction(async (tx) => {
    const deadline = Date.now() + waitLimitMs;
    for (;;) {
      const [row] = await rawRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${migrationLockKey}::bigint) as locked`,
      );
      if (row?.locked) break;
      if (Date.now() > deadline) throw new Error('Timed out waiting for another process to finish migrating the database');
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return work();
  });
}
