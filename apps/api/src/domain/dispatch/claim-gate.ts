import pLimit, { type LimitFunction } from 'p-limit';
import type { DB } from '../../db/database';

/**
 * How many claims one database handle (one process) runs at once; the rest wait their turn, in order.
 * Concurrent claimers all read the same top of the queue: each skips the rows the others hold and
 * steps over the entries of issues claimed a moment ago, which no vacuum may clear while another
 * claim's snapshot is open. Past a few claims in flight, that costs PostgreSQL more per claim than
 * the extra concurrency wins (ADR 0050).
 */
export const claimsInFlight = 4;

/** Runs at most `limit` pieces of work at once and the rest in arrival order; `pendingCount` is how many wait. */
export type Gate = LimitFunction;

export const createGate = (limit: number): Gate => pLimit(limit);

/** One gate per database object, as prepared statements are kept: each app and each test has its own. */
const gates = new WeakMap<DB, Gate>();

export function claimGate(db: DB): Gate {
  let gate = gates.get(db);
  if (!gate) {
    gate = createGate(claimsInFlight);
    gates.set(db, gate);
  }
  return gate;
}
