import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { IssueType } from '../../db/schema';
import { closedStatusesSql } from '../issues/status';

/**
 * The ready set and the ranking as SQL fragments over the unaliased `issues` table, so the queue, its
 * count, the dashboard's queue depth and the claim all share one definition (docs/dispatch.md, "The
 * score"). The tests check it against a TypeScript oracle (`test/support/scoring-oracle.ts`).
 */

/** Weight per priority value (0 none, 1 urgent, 2 high, 3 medium, 4 low). */
const priorityWeights: Readonly<Record<number, number>> = { 1: 100, 2: 75, 3: 50, 4: 25, 0: 10 };
const noPriorityWeight = 10;

/** Added when the issue's project (live) links a live goal whose status is `active`. */
const activeGoalBonus = 20;

/** One point per full day since the issue's status last changed, so nothing starves. */
export const msPerAgePoint = 24 * 60 * 60 * 1000;

/** The tie-breaker after the score: earlier stages of the loop first. */
const loopOrder: readonly IssueType[] = ['signal', 'hypothesis', 'plan', 'task', 'monitor'];

/**
 * An instant as the SQL sees it: a value, or the placeholder of a prepared statement (the claim).
 * `now` travels as a parameter (the injected clock), never the database's `now()`.
 */
export type Instant = Date | Placeholder;

export const timestampParam = (at: Instant) => sql`${at instanceof Date ? at.toISOString() : at}::timestamptz`;

/**
 * Ready: live; `todo`, or a `signal` still in `triage`, or `in_progress` with an open claim whose lease
 * has run out; and no live blocker that is unfinished. Relations are stored canonically, so every
 * blocker is a `blocks` row pointing at the issue, however the relation was written.
 */
export function readyCondition(now: Instant): SQL {
  return sql`issues.deleted_at is null
    and (
      ${waitingStatusSql('issues')}
      or (issues.status = 'in_progress' and issues.id in (${expiredClaimsSql(now)}))
    )
    and not exists (${unfinishedBlockersSql})`;
}

/**
 * Waiting to be picked up, by status alone: `todo`, or a signal still in `triage`. Over any table with
 * the issue's `status` and `type`: the issues, and their maintained counts (`readyCountSql`).
 */
const waitingStatusSql = (table: 'issues' | 'issue_counts'): SQL =>
  sql.raw(`(${table}.status = 'todo' or (${table}.status = 'triage' and ${table}.type = 'signal'))`);

/** The issues whose open claim's lease has run out (read through `dispatches_open_lease_idx`). */
export const expiredClaimsSql = (now: Instant): SQL => sql`select open_claim.issue_id from dispatches open_claim
  where open_claim.outcome = 'claimed' and open_claim.lease_expires_at <= ${timestampParam(now)}`;

/** The `blocks` relations whose blocker is live and unfinished: each holds back its `related_issue_id`. */
const unfinishedBlockingSql = sql`from issue_relations blocking
  join issues blocker on blocker.id = blocking.issue_id
  where blocking.type = 'blocks'
    and blocker.deleted_at is null
    and blocker.status not in ${closedStatusesSql}`;

/** The unfinished blockers of the issue in hand (`issues`): ready only when there is none. */
export const unfinishedBlockersSql = sql`select 1 ${unfinishedBlockingSql} and blocking.related_issue_id = issues.id`;

/** The ready statuses exactly as `issues_queue_idx`'s predicate states them, so the index applies. */
export const readyStatusSql = sql`issues.deleted_at is null and ${waitingStatusSql('issues')}`;

/**
 * How many issues are ready, without visiting them: the live `todo` issues and triage signals come
 * from the maintained `issue_counts` (ADR 0037); the ready-status issues that an unfinished blocker
 * holds back are found from the blocking relations, and the claims whose lease ran out from
 * `dispatches_open_lease_idx`. The cost follows the number of relations and open claims, not the
 * backlog's size. Exactly `count(*) where readyCondition(now)` (the tests hold it to that).
 */
export function readyCountSql(now: Instant, projectId: string | Placeholder | undefined): SQL {
  const counted =
    projectId === undefined
      ? sql`true`
      : sql`issue_counts.project_key = ${projectId}
          and exists (select 1 from projects filter_project where filter_project.id = ${projectId} and filter_project.deleted_at is null)`;
  return sql`(
    (select coalesce(sum(issue_counts.count), 0) from issue_counts where ${waitingStatusSql('issue_counts')} and ${counted})
    - (select count(*) from issues
      where issues.id = any(array(select blocking.related_issue_id ${unfinishedBlockingSql}))
        and ${readyStatusSql} and ${projectCondition(projectId)})
    + (select count(*) from issues
      where issues.id = any(array(${expiredClaimsSql(now)})) and issues.status = 'in_progress'
        and ${readyCondition(now)} and ${projectCondition(projectId)})
  )::int`;
}

/** A deleted project, like an unknown one, matches nothing (its issues stay in the unfiltered queue). */
export const projectCondition = (projectId: string | Placeholder | undefined): SQL =>
  projectId === undefined
    ? sql`true`
    : sql`issues.project_id = ${projectId}
        and exists (select 1 from projects filter_project where filter_project.id = ${projectId} and filter_project.deleted_at is null)`;

export const priorityScoreSql = (): SQL => {
  const cases = Object.entries(priorityWeights).map(
    ([priority, weight]) => sql`when ${sql.raw(String(Number(priority)))} then ${sql.raw(String(weight))}`,
  );
  return sql`(case issues.priority ${sql.join(cases, sql` `)} else ${sql.raw(String(noPriorityWeight))} end)`;
};

/** Both the project and its goal must be live; only a goal in status `active` earns the bonus. */
export const goalScoreSql = (): SQL => sql`(case when exists (
    select 1 from projects goal_project
    join goals active_goal on active_goal.id = goal_project.goal_id
    where goal_project.id = issues.project_id
      and goal_project.deleted_at is null
      and active_goal.deleted_at is null
      and active_goal.status = 'active'
  ) then ${sql.raw(String(activeGoalBonus))} else 0 end)`;

export const ageScoreSql = (now: Instant): SQL =>
  sql`(greatest(0, floor(extract(epoch from (${timestampParam(now)} - issues.status_changed_at)) * 1000 / ${sql.raw(
    String(msPerAgePoint),
  )}))::integer)`;

export const loopRankSql = (): SQL => {
  const cases = loopOrder.map((type, index) => sql`when ${sql.raw(`'${type}'`)} then ${sql.raw(String(index))}`);
  return sql`(case issues.type ${sql.join(cases, sql` `)} end)`;
};

export const totalScoreSql = (now: Instant): SQL => sql`(${priorityScoreSql()} + ${goalScoreSql()} + ${ageScoreSql(now)})`;

/** The queue's total order: score, loop stage, longest waiting, lowest number. */
export const queueOrderSql = (now: Instant): SQL =>
  sql`${totalScoreSql(now)} desc, ${loopRankSql()} asc, issues.status_changed_at asc, issues.number asc`;
