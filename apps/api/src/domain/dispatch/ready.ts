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
const msPerAgePoint = 24 * 60 * 60 * 1000;

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
      issues.status = 'todo'
      or (issues.status = 'triage' and issues.type = 'signal')
      or (issues.status = 'in_progress' and issues.id in (${expiredClaimsSql(now)}))
    )
    and not exists (${unfinishedBlockersSql})`;
}

/** The issues whose open claim's lease has run out (read through `dispatches_open_lease_idx`). */
const expiredClaimsSql = (now: Instant): SQL => sql`select open_claim.issue_id from dispatches open_claim
  where open_claim.outcome = 'claimed' and open_claim.lease_expires_at <= ${timestampParam(now)}`;

const unfinishedBlockersSql = sql`select 1 from issue_relations blocking
  join issues blocker on blocker.id = blocking.issue_id
  where blocking.type = 'blocks'
    and blocking.related_issue_id = issues.id
    and blocker.deleted_at is null
    and blocker.status not in ${closedStatusesSql}`;

/** The ready statuses exactly as `issues_queue_idx`'s predicate states them, so the index applies. */
const readyStatusSql = sql`issues.deleted_at is null and (issues.status = 'todo' or (issues.status = 'triage' and issues.type = 'signal'))`;

/**
 * How many of the queue's top issues the claim shortlists: more than one server's pool (10
 * connections) can have claims in flight, each holding one of the top rows locked until its statement
 * ends. More concurrent claimers only make the claim fall back to ranking the whole queue; a smaller
 * list makes every claim cheaper (docs/benchmarks.md).
 */
export const shortlistSize = 16;

/**
 * Not blocked, checked row by row. `offset 0` keeps the check a per-row subplan (one index probe of
 * the issue's relations): unnested into an anti join, the planner may read every blocker relation
 * up front for an index walk that visits a handful of issues.
 */
const unblockedProbeSql = sql`not exists (${unfinishedBlockersSql} offset 0)`;

/** The order of `issues_queue_idx`: list by list, each list oldest first, then lowest number. */
const queueIndexOrderSql = sql.raw(
  "coalesce(issues.project_id, ''), issues.priority, issues.type, issues.status_changed_at, issues.number",
);

/**
 * The ids of the queue's top `shortlistSize` ready issues, without sorting the backlog: the score is
 * priority + goal bonus (the same for every issue of one project and priority) + full days waited,
 * so within one (project, priority, type) list the queue's order is exactly oldest
 * `status_changed_at`, then lowest number — the order of `issues_queue_idx`. The top of the whole
 * queue is therefore among the first `shortlistSize` of each list, plus the claims whose lease ran
 * out; those candidates are ranked with the queue's own order (`queueOrderSql`).
 *
 * The lists are found by walking `issues_queue_idx` from one list's head to the next (a recursive
 * query, one index probe per non-empty list; each probe reads past the list's blocked issues), so
 * the cost follows the number of lists and of blocked issues at their heads, not the backlog's size.
 */
export function shortlistSql(now: Instant, projectId: string | Placeholder | undefined): SQL {
  const size = sql.raw(String(shortlistSize));
  const inScope =
    projectId === undefined ? sql`true` : sql`coalesce(issues.project_id, '') = ${projectId} and ${projectCondition(projectId)}`;
  const ready = sql`${readyStatusSql} and ${inScope} and ${unblockedProbeSql}`;
  const headColumns = sql`${rankedColumns}, coalesce(issues.project_id, '') as list_key`;
  // First every list's head, ranked. A list whose head is at place p has p - 1 heads of other lists
  // ahead of all its issues, so at most size + 1 - p of them can make the top `size`: only that many
  // are read (a list placed past `size` is not read at all). LIMITs keep every step an index probe,
  // and expired claims are looked up as `= any(array(…))`, whatever the planner estimates.
  return sql`select issues.id from (
      select listed.*
      from (
        with recursive list_head as (
          (select ${headColumns} from issues where ${ready} order by ${queueIndexOrderSql} limit 1)
          union all
          select next_head.* from list_head cross join lateral (
            select ${headColumns} from issues
            where ${ready}
              and (coalesce(issues.project_id, ''), issues.priority, issues.type) > (list_head.list_key, list_head.priority, list_head.type)
            order by ${queueIndexOrderSql}
            limit 1
          ) as next_head
        )
        select issues.list_key, issues.priority as list_priority, issues.type as list_type,
          row_number() over (order by ${queueOrderSql(now)}) as place
        from list_head as issues
      ) as ranked_list
      cross join lateral (
        select ${rankedColumns} from issues
        where ${readyStatusSql} and ${unblockedProbeSql}
          and coalesce(issues.project_id, '') = ranked_list.list_key
          and issues.priority = ranked_list.list_priority
          and issues.type = ranked_list.list_type
        order by issues.status_changed_at, issues.number
        limit ${size} + 1 - ranked_list.place
      ) as listed
      where ranked_list.place <= ${size}
      union all
      select ${rankedColumns} from issues
      where issues.id = any(array(${expiredClaimsSql(now)}))
        and ${readyCondition(now)} and ${projectCondition(projectId)}
    ) as issues
    order by ${queueOrderSql(now)}
    limit ${size}`;
}

/** What `queueOrderSql` reads of an issue. */
const rankedColumns = sql.raw('issues.id, issues.project_id, issues.priority, issues.type, issues.status_changed_at, issues.number');

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
