import { eq } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { dispatches } from '../../db/schema';
import { LoopError } from '../errors';
import { iso } from '../time';
import { dispatchStatus } from './status';

/** A report names its claim (`Loop-Dispatch-Id`); without one, writes are not fenced. */
export interface Fence {
  dispatchId?: string | undefined;
}

export const leaseLost = (dispatchId: string, why: string) =>
  new LoopError('lease_lost', `Dispatch ${JSON.stringify(dispatchId)} ${why}; nothing was changed. Claim again to continue.`);

/**
 * Throws `lease_lost` unless `dispatchId` is the open claim of `issueId` at `now`. Call it inside the
 * transaction that writes, after locking the issue row: a claim (which takes that row FOR UPDATE)
 * can then neither close this claim nor open another between the check and the write.
 */
export async function requireOpenClaim(db: DB, claim: { dispatchId: string; issueId: string; now: Date }): Promise<void> {
  const [row] = await db
    .select({ issueId: dispatches.issueId, outcome: dispatches.outcome, leaseExpiresAt: dispatches.leaseExpiresAt })
    .from(dispatches)
    .where(eq(dispatches.id, claim.dispatchId))
    .limit(1);
  if (!row || row.issueId !== claim.issueId) throw leaseLost(claim.dispatchId, 'is not a claim of this issue');
  const status = dispatchStatus(row, claim.now);
  if (status === 'expired') throw leaseLost(claim.dispatchId, `lost its lease at ${iso(row.leaseExpiresAt)}`);
  if (status !== 'open') throw leaseLost(claim.dispatchId, `is closed (${status})`);
}
