import { and, eq, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { dispatches, promptTemplates, promptVersions } from '../../db/schema';
import { isUniqueViolation } from '../../db/driver-errors';
import { LoopError } from '../errors';
import type { PromptChoice } from '../prompts/compose';
import { dispatchStatus } from './status';

/** A claim already recorded under an Idempotency-Key, with the template version it rendered. */
export interface RecordedClaim {
  dispatchId: string;
  issueId: string;
  claimedAt: Date;
  leaseExpiresAt: Date;
  choice: PromptChoice;
}

interface KeyScope {
  apiKeyId: string;
  idempotencyKey: string;
  now: Date;
}

/**
 * Advisory locks of the claim protocol live under this first key (the two-integer form), apart from
 * any single-bigint lock elsewhere; the second key is a hash of the API key and Idempotency-Key.
 */
const claimKeyLockSpace = 0x10095;
const maxAttempts = 3;

/**
 * A claim made with an Idempotency-Key: the first request claims, every repeat (same API key, same
 * Idempotency-Key) answers that claim while it is open, and `lease_lost` once it is not. Repeats are
 * serialised by a transaction-scoped advisory lock on the key, taken before the key is looked up:
 * a repeat racing the first request waits for it to commit, then finds its row — it neither claims a
 * second issue nor reports an empty queue because the first request held the only ready issue. The
 * unique index `dispatches_idempotency_key` stays the backstop: a row it refuses undoes the claim
 * statement, and the retry finds the winner's row.
 */
export async function claimWithKey<O extends KeyScope, C>(
  db: DB,
  options: O,
  claimOnce: (db: DB, options: O) => Promise<C | undefined>,
): Promise<{ claim: C } | { recorded: RecordedClaim } | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(${claimKeyLockSpace}::int, hashtext(${options.apiKeyId}::text || ':' || ${options.idempotencyKey}::text))`,
        );
        const recorded = await findRecordedClaim(tx, options);
        if (recorded) return { recorded };
        const claim = await claimOnce(tx, options);
        return claim ? { claim } : undefined;
      });
    } catch (error) {
      if (attempt >= maxAttempts || !isUniqueViolation(error)) throw error;
    }
  }
}

/** The claim recorded under the key, if any; `lease_lost` once it is no longer open (the key is spent). */
async function findRecordedClaim(db: DB, scope: KeyScope): Promise<RecordedClaim | undefined> {
  const [row] = await db
    .select({
      dispatchId: dispatches.id,
      issueId: dispatches.issueId,
      outcome: dispatches.outcome,
      claimedAt: dispatches.claimedAt,
      leaseExpiresAt: dispatches.leaseExpiresAt,
      templateId: promptTemplates.id,
      templateSlug: promptTemplates.slug,
      versionId: promptVersions.id,
      versionNumber: promptVersions.version,
      content: promptVersions.content,
    })
    .from(dispatches)
    .leftJoin(promptTemplates, eq(promptTemplates.id, dispatches.templateId))
    .leftJoin(promptVersions, eq(promptVersions.id, dispatches.versionId))
    .where(and(eq(dispatches.apiKeyId, scope.apiKeyId), eq(dispatches.idempotencyKey, scope.idempotencyKey)))
    .limit(1);
  if (!row) return undefined;
  const status = dispatchStatus(row, scope.now);
  if (status !== 'open') {
    throw new LoopError(
      'lease_lost',
      `This Idempotency-Key already claimed dispatch ${JSON.stringify(row.dispatchId)}, which is ${status === 'expired' ? 'expired' : `closed (${status})`}: ` +
        'send a new key to claim again',
    );
  }
  return {
    dispatchId: row.dispatchId,
    issueId: row.issueId,
    claimedAt: row.claimedAt,
    leaseExpiresAt: row.leaseExpiresAt,
    choice: {
      template: row.templateId ? { id: row.templateId, slug: row.templateSlug! } : null,
      version: row.versionId ? { id: row.versionId, version: row.versionNumber!, content: row.content! } : null,
    },
  };
}
