import type { DB } from '../../db/database';
import { type Gate, gateFor } from '../../db/gate';

/**
 * How many claim statements one database handle (one process) runs at once. Concurrent claimers all
 * read the same top of the queue: each skips the rows the others hold and steps over the entries of
 * issues claimed a moment ago, which no vacuum may clear while another claim's snapshot is open. Past
 * a few claims in flight, that costs PostgreSQL more per claim than the extra concurrency wins (ADR
 * 0050).
 */
export const claimSlots = 1;

/**
 * How many waiting claims of one scope share a statement: the queue's shortlist is then walked once
 * for all of them (ADR 0053). A full batch takes half the shortlist (`shortlistSize`), leaving the
 * other half to another process's batch in flight at the same moment.
 */
export const claimBatchSize = 8;

export function claimGate(db: DB): Gate {
  return gateFor(db, 'claim', claimSlots, claimBatchSize);
}
