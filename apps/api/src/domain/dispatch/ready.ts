import { type SQL, sql } from 'drizzle-orm';
import { activeGoalBonus, loopOrder, msPerAgePoint, noPriorityWeight, priorityWeights } from './scoring';

/**
 * The ready set and the ranking as SQL fragments over the unaliased `issues` table, so the queue, its
 * count, the dashboard's queue depth and the claim all share one definition. The weights come from
 * `scoring.ts`; `scoreIssue` there is the same formula in TypeScript.
 */

/** `now` travels as a parameter (the injected clock), never the database's `now()`. */
export const timestampParam = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/**
 * Ready: live; `todo`, or a `signal` still in `triage`, or `in_progress` with an open claim whose lease
 * has run out; and no live blocker that is unfinished. Relations are stored canonically, so every
 * blocker is a `blocks` row pointing at the issue, however the relation was written.
 */
export function readyCondition(now: Date): SQL {
  return sql`issues.deleted_at is null
    and (
      issues.status = 'todo'
      or (issues.status = 'triage' and issues.type = 'signal')
      or (issues.status = 'in_progress' and exists (
        select 1 from dispatches open_claim
        where open_claim.issue_id = issues.id
          and open_claim.outcome = 'claimed'
          and open_claim.lease_expires_at <= ${timestampParam(now)}
      ))
    )
    and not exists (
      select 1 from issue_relations blocking
      join issues blocker on blocker.id = blocking.issue_id
      where blocking.type = 'blocks'
        and blocking.related_issue_id = issues.id
        and blocker.deleted_at is null
        and blocker.status not in ('done', 'canceled')
    )`;
}

/** A deleted project, like an unknown one, matches nothing (its issues stay in the unfiltered queue). */
export const projectCondition = (projectId: string | undefined): SQL =>
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

export const ageScoreSql = (now: Date): SQL =>
  sql`(greatest(0, floor(extract(epoch from (${timestampParam(now)} - issues.status_changed_at)) * 1000 / ${sql.raw(
    String(msPerAgePoint),
  )}))::integer)`;

export const loopRankSql = (): SQL => {
  const cases = loopOrder.map((type, index) => sql`when ${sql.raw(`'${type}'`)} then ${sql.raw(String(index))}`);
  return sql`(case issues.type ${sql.join(cases, sql` `)} end)`;
};

export const totalScoreSql = (now: Date): SQL => sql`(${priorityScoreSql()} + ${goalScoreSql()} + ${ageScoreSql(now)})`;

/** The queue's total order: score, loop stage, longest waiting, lowest number. */
export const queueOrderSql = (now: Date): SQL =>
  sql`${totalScoreSql(now)} desc, ${loopRankSql()} asc, issues.status_changed_at asc, issues.number asc`;
