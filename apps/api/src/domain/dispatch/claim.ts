import { sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import type { IssueStatus } from '../../db/schema';
import { idList, versionOutcomeMetricsSql } from './metrics';
import { projectCondition, queueOrderSql, readyCondition, timestampParam } from './ready';

export interface ClaimedIssue {
  issueId: string;
  /** The status it was picked in (`todo`, `triage` for a signal, `in_progress` after an expired lease). */
  previousStatus: IssueStatus;
  /** Versions whose stale claim on this issue was just closed (expired or released): their metrics move. */
  closedVersionIds: string[];
}

/**
 * Takes the top ready issue in one statement: picks it with `FOR UPDATE SKIP LOCKED` (a concurrent
 * claimer skips the locked row and takes the next one instead of waiting for it), closes its stale
 * open claim (`expired` once the lease has run out), and moves it to `in_progress`. Must run inside
 * the caller's transaction, which holds the row lock until the new dispatch is recorded.
 */
export async function claimTopReady(
  db: DB,
  options: { projectId?: string | undefined; now: Date },
): Promise<ClaimedIssue | undefined> {
  const at = timestampParam(options.now);
  const [row] = await rawRows<{ id: string; previous_status: IssueStatus; closed_version_ids: string[] | null }>(
    db,
    sql`with candidate as (
        select issues.id, issues.status from issues
        where ${readyCondition(options.now)} and ${projectCondition(options.projectId)}
        order by ${queueOrderSql(options.now)}
        limit 1
        for update of issues skip locked
      ),
      closed as (
        update dispatches
        set outcome = (case when lease_expires_at <= ${at} then 'expired' else 'released' end)::dispatch_outcome,
          finished_at = ${at}
        where issue_id in (select id from candidate) and outcome = 'claimed'
        returning version_id
      ),
      claimed as (
        update issues
        set status = 'in_progress',
          -- a re-claim after an expired lease is no status change: the waiting time keeps counting
          status_changed_at = case when issues.status = 'in_progress' then issues.status_changed_at else ${at} end,
          updated_at = ${at}
        where issues.id in (select id from candidate)
        returning issues.id
      )
      select claimed.id, candidate.status as previous_status,
        (select array_agg(closed.version_id) from closed where closed.version_id is not null) as closed_version_ids
      from claimed join candidate on candidate.id = claimed.id`,
  );
  if (!row) return undefined;
  return { issueId: row.id, previousStatus: row.previous_status, closedVersionIds: row.closed_version_ids ?? [] };
}

export interface DispatchRecord {
  id: string;
  issueId: string;
  templateId: string | null;
  versionId: string | null;
  claimedAt: Date;
  leaseExpiresAt: Date;
}

/**
 * Records the claim and counts it in the chosen version's `usage_count`, in one statement; versions
 * whose stale claim was closed by the claim get their completion metrics recomputed in the same UPDATE
 * (the closing statement ran before this one, so its result is visible here).
 */
export async function recordDispatch(db: DB, record: DispatchRecord, closedVersionIds: readonly string[]): Promise<void> {
  const insert = sql`insert into dispatches (id, issue_id, template_id, version_id, claimed_at, lease_expires_at, outcome)
    values (${record.id}, ${record.issueId}, ${record.templateId}, ${record.versionId},
      ${timestampParam(record.claimedAt)}, ${timestampParam(record.leaseExpiresAt)}, 'claimed')`;
  const versionIds = [...new Set([...(record.versionId ? [record.versionId] : []), ...closedVersionIds])];
  if (versionIds.length === 0) {
    await db.execute(insert);
    return;
  }
  await db.execute(sql`with recorded as (${insert} returning id)
    update prompt_versions
    set usage_count = usage_count + (case when id = ${record.versionId} then 1 else 0 end),
      ${versionOutcomeMetricsSql()}
    where id in (${idList(versionIds)})`);
}
