import type { DispatchOutcome } from '../../db/schema';

/** What a claim is now: `open` until its lease runs out, then `expired` even before anyone closes it. */
export const dispatchStatuses = ['open', 'done', 'canceled', 'released', 'expired'] as const;
export type DispatchStatus = (typeof dispatchStatuses)[number];

/**
 * The one rule for "is this claim still open": outcome `claimed` and a lease that ends after `now`
 * (the claim SQL treats `lease_expires_at <= now` as run out: `ready.ts`).
 */
export function dispatchStatus(claim: { outcome: DispatchOutcome; leaseExpiresAt: Date }, now: Date): DispatchStatus {
  if (claim.outcome !== 'claimed') return claim.outcome;
  return claim.leaseExpiresAt.getTime() > now.getTime() ? 'open' : 'expired';
}
