import type { DB } from '../../db/database';
import type { IssueStatus } from '../../db/schema';

/**
 * Called by the issues domain, inside the transaction that changes an issue's status, so that dispatch
 * bookkeeping (closing the open claim with outcome `done`/`canceled`, usage metrics) moves with it.
 * Seam for the dispatch issue (#5), which implements it.
 */
export async function onIssueStatusChange(
  _db: DB,
  _change: { issueId: string; from: IssueStatus; to: IssueStatus; now: Date },
): Promise<void> {}
