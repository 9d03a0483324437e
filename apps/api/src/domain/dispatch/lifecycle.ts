import { type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import type { DispatchOutcome, IssueStatus } from '../../db/schema';
import { isClosedStatus } from '../issues/status';
import { timestampParam } from './ready';

/**
 * The agent's report lives on the issue (`agentSessionId`, `agentSummary`); the closing claim keeps a
 * copy for later prompts' "previous sessions". A value the previous closed claim already carries is
 * left over from that earlier session, not this one's report, so it is not copied again.
 */
const freshReport = (issueColumn: SQL, dispatchColumn: SQL): SQL => sql`(
  case when issues.${issueColumn} is distinct from (
    select earlier.${dispatchColumn} from dispatches earlier
    where earlier.issue_id = issues.id and earlier.outcome <> 'claimed'
    order by earlier.finished_at desc nulls last, earlier.claimed_at desc
    limit 1
  ) then issues.${issueColumn} end)`;

/** What becomes of an open claim when its issue moves to `to`; undefined leaves it open. */
export function outcomeForStatus(to: IssueStatus): DispatchOutcome | undefined {
  if (isClosedStatus(to)) return to;
  if (to === 'in_progress') return undefined;
  // Back to triage, backlog or todo: the agent (or a human) gave the work back.
  return 'released';
}

/**
 * The UPDATE that closes the open claim of the issues `issueIds` (a subquery or a list) with `outcome`
 * at `now`, keeping the agent's report. It reads `issues` as the statement's snapshot sees them, so
 * it can run as a CTE of the statement that changes them.
 */
export function closeOpenClaimsSql(issueIds: SQL, outcome: DispatchOutcome, now: Date): SQL {
  return sql`update dispatches
      set outcome = ${outcome},
        finished_at = ${timestampParam(now)},
        agent_session_id = coalesce(dispatches.agent_session_id, ${freshReport(sql`agent_session_id`, sql`agent_session_id`)}),
        summary = coalesce(dispatches.summary, ${freshReport(sql`agent_summary`, sql`summary`)})
      from issues
      where issues.id = dispatches.issue_id and dispatches.issue_id in (${issueIds}) and dispatches.outcome = 'claimed'`;
}

/**
 * Called by the issues domain, inside the transaction that changes an issue's status, so that dispatch
 * bookkeeping moves with it: moving to `done`/`canceled` closes the open claim with that outcome,
 * moving back to triage/backlog/todo releases it. One statement; the version's metrics are counted
 * from the dispatch rows when it is read (`prompts/usage.ts`), so nothing else is written.
 * (Deleting an issue closes its claim as `canceled` inside the deleting statement: `deleteIssue`.)
 */
export async function onIssueStatusChange(
  db: DB,
  change: { issueId: string; from: IssueStatus; to: IssueStatus; now: Date },
): Promise<void> {
  if (change.from === change.to) return;
  const outcome = outcomeForStatus(change.to);
  if (!outcome) return;
  await db.execute(closeOpenClaimsSql(sql`${change.issueId}`, outcome, change.now));
}
