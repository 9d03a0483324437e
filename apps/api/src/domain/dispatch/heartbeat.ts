import { eq } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { dispatches, issues } from '../../db/schema';
import { notFound } from '../errors';
import { iso } from '../time';
import { requireOpenClaim } from './fence';
import type { Lease } from './schemas';

/**
 * `POST /dispatches/{dispatchId}/heartbeat`: extends an open claim's lease to `now + leaseSeconds`.
 * 404 for an unknown dispatch, `lease_lost` once it is expired or closed. The issue row is locked
 * first, as a claim locks it, so a heartbeat and a claim of the same issue at the lease's last moment
 * are ordered: either the heartbeat extends a lease no claim has taken, or it answers `lease_lost`.
 */
export async function renewLease(
  db: DB,
  options: { dispatchId: string; now: Date; leaseSeconds: number },
): Promise<Lease> {
  const leaseExpiresAt = new Date(options.now.getTime() + options.leaseSeconds * 1000);
  return db.transaction(async (tx) => {
    const [claim] = await tx
      .select({ issueId: issues.id })
      .from(dispatches)
      .innerJoin(issues, eq(issues.id, dispatches.issueId))
      .where(eq(dispatches.id, options.dispatchId))
      .for('update', { of: issues });
    if (!claim) throw notFound('Dispatch', options.dispatchId);
    await requireOpenClaim(tx, { dispatchId: options.dispatchId, issueId: claim.issueId, now: options.now });
    await tx.update(dispatches).set({ leaseExpiresAt }).where(eq(dispatches.id, options.dispatchId));
    return { dispatchId: options.dispatchId, leaseExpiresAt: iso(leaseExpiresAt) };
  });
}
