import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import {
  ageScoreSql,
  expiredClaimsSql,
  goalScoreSql,
  type Instant,
  loopRankSql,
  msPerAgePoint,
  priorityScoreSql,
  projectCondition,
  queueOrderSql,
  readyCondition,
  readyStatusSql,
  timestampParam,
  totalScoreSql,
  unfinishedBlockersSql,
} from './ready';

/**
 * The walk of `issues_queue_idx` that finds the queue's top issues without sorting the backlog: the
 * claim's shortlist and the queue page both read it. What is ready and how it is scored is `ready.ts`.
 */

/**
 * How many of the queue's top issues the claim shortlists: more than one server's pool (10
 * connections) can have claims in flight, each holding one of the top rows locked until its statement
 * ends. More concurrent claimers only make the claim fall back to ranking the whole queue; a smaller
 * list makes every claim cheaper (docs/benchmarks.md).
 */
export const shortlistSize = 16;

/**
 * Not blocked, checked row by row. `offset 0` keeps the check a per-row subplan (one index probe of
 * the relations): unnested into an anti join, the planner may read every blocker relation
 * up front for an index walk that visits a handful of issues.
 */
const unblockedProbeSql = sql`not exists (${unfinishedBlockersSql} offset 0)`;

/** What `queueOrderSql` reads of an issue. */
const rankedColumns = sql.raw('issues.id, issues.project_id, issues.priority, issues.type, issues.status_changed_at, issues.number');

/** The order of `issues_queue_idx`: list by list, each list oldest first, then lowest number. */
const queueIndexOrderSql = sql.raw(
  "coalesce(issues.project_id, ''), issues.priority, issues.type, issues.status_changed_at, issues.number",
);

/**
 * The ids of the queue's top `shortlistSize` ready issues (the claim's shortlist): `topReadySql` at the
 * claim's size.
 */
export function shortlistSql(now: Instant, projectId: string | Placeholder | undefined): SQL {
  return topReadySql(now, projectId, sql.raw(String(shortlistSize)));
}

/**
 * The ids of the queue's top `size` ready issues (among those `after` admits), best first, without
 * sorting the backlog: the score is priority + goal bonus (the same for every issue of one project and
 * priority) + full days waited, so within one (project, priority, type) list the queue's order is
 * exactly oldest `status_changed_at`, then lowest number — the order of `issues_queue_idx`. The top of
 * the whole queue is therefore among the first `size` of each list, plus the claims whose lease ran
 * out; those candidates are ranked by their place in the queue's order (`queueOrderSql` as the columns
 * of an order key, which a list's issue takes from its list without scoring it again). A condition `after`
 * (the queue page's cursor) that admits a suffix of every list keeps that argument true.
 *
 * The lists are found by walking `issues_queue_idx` from one list's head to the next (a recursive
 * query, one index probe per non-empty list; each probe reads past the list's blocked issues), so
 * the cost follows the number of lists, of blocked issues at their heads and `size`, not the
 * backlog's size. Bounds keep each list's read short:
 * - a list whose head is at place p has p - 1 heads of other lists ahead of all its issues, so at
 *   most size + 1 - p of them can make the top `size` (a list placed past `size` is not read);
 * - any `size` candidates make a floor: nothing behind the `size`-th of them can make the top. The
 *   best list's first `size` give one, which drops every list whose head is behind it; a sample of
 *   the remaining k lists (the first size / k of each) gives another, and the better floor bounds
 *   how far back each list is read (`floorBound`). Lists alike in priority would otherwise each be
 *   read `size` deep for the few issues each gives the top;
 * - no issue is read twice: a list's sampled issues within its bound are kept, and the list is read
 *   on after its sample only when the sample stopped at its limit.
 * LIMITs keep every step an index probe, and expired claims are looked up as `= any(array(…))`,
 * whatever the planner estimates.
 */
export function topReadySql(now: Instant, projectId: string | Placeholder | undefined, size: SQL, after: SQL = sql`true`): SQL {
  const inScope =
    projectId === undefined ? sql`true` : sql`coalesce(issues.project_id, '') = ${projectId} and ${projectCondition(projectId)}`;
  const ready = sql`${readyStatusSql} and ${inScope} and ${after} and ${unblockedProbeSql}`;
  const headColumns = sql`${rankedColumns}, coalesce(issues.project_id, '') as list_key`;
  const inList = (list: string) => sql`${readyStatusSql} and ${after} and ${unblockedProbeSql}
    and coalesce(issues.project_id, '') = ${sql.raw(list)}.list_key
    and issues.priority = ${sql.raw(list)}.list_priority
    and issues.type = ${sql.raw(list)}.list_type`;
  const listOrder = sql`order by issues.status_changed_at, issues.number`;
  // A candidate's place in the queue's order, as columns compared as one row: (−score, loop rank, changed, number).
  const orderKey = sql`-${totalScoreSql(now)} as key_score, ${loopRankSql()} as key_rank,
    issues.status_changed_at as key_changed, issues.number as key_number`;
  // The same for an issue read from a list, whose base score and loop rank are the list's.
  const listedKey = (list: string) => sql`-(${sql.raw(list)}.list_base + ${ageScoreSql(now)}) as key_score,
    ${sql.raw(list)}.list_rank as key_rank, issues.status_changed_at as key_changed, issues.number as key_number`;
  const key = (of: string) => sql.raw(`(${of}.key_score, ${of}.key_rank, ${of}.key_changed, ${of}.key_number)`);
  const keyColumns = (of: string) => sql.raw(['key_score', 'key_rank', 'key_changed', 'key_number'].map((column) => `${of}.${column}`).join(', '));
  // How many of a near list the floor's sample reads: its share of `size`, and no more than can make the top.
  const sampleLimit = (list: string) =>
    sql`least((${size} + ${sql.raw(list)}.lists - 1) / ${sql.raw(list)}.lists, ${size} + 1 - ${sql.raw(list)}.place)`;
  const keyOrder = (of: string, direction: 'asc' | 'desc' = 'asc') =>
    sql.raw(['key_score', 'key_rank', 'key_changed', 'key_number'].map((column) => `${of}.${column} ${direction}`).join(', '));
  return sql`select candidate.id from (
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
      ),
      ranked_list as materialized (
        select issues.list_key, issues.priority as list_priority, issues.type as list_type,
          ${priorityScoreSql()} + ${goalScoreSql()} as list_base, ${loopRankSql()} as list_rank,
          ${orderKey},
          row_number() over (order by ${queueOrderSql(now)}) as place
        from list_head as issues
      ),
      best_list as materialized (
        select ${rankedColumns}, ${listedKey('ranked_list')} from ranked_list cross join lateral (
          select ${rankedColumns} from issues where ${inList('ranked_list')} ${listOrder} limit ${size}
        ) as issues
        where ranked_list.place = 1
      ),
      best_floor as materialized (
        select ${keyColumns('best_list')} from best_list
        where (select count(*) from best_list) >= ${size}
        order by ${keyOrder('best_list', 'desc')} limit 1
      ),
      near_list as materialized (
        select ranked_list.*, count(*) over () as lists from ranked_list
        where ranked_list.place <= ${size}
          and not exists (select 1 from best_floor where ${key('ranked_list')} > ${key('best_floor')})
      ),
      -- The first ⌈size / k⌉ of every near list but the best (read once: the final read continues after them).
      sampled_list as materialized (
        select near_list.place, issues.id, ${listedKey('near_list')} from near_list cross join lateral (
          select ${rankedColumns} from issues where ${inList('near_list')} ${listOrder}
          limit ${sampleLimit('near_list')}
        ) as issues
        where near_list.place > 1
      ),
      sampled as (
        (select ${keyColumns('best_list')} from best_list
          order by ${keyOrder('best_list')}
          limit (select (${size} + near_list.lists - 1) / near_list.lists from near_list limit 1))
        union all
        select ${keyColumns('sampled_list')} from sampled_list
      ),
      score_floor as materialized (
        select candidate_floor.* from (
          select * from best_floor
          union all
          (select * from sampled order by ${keyOrder('sampled')} offset ${size} - 1 limit 1)
        ) as candidate_floor
        order by ${keyOrder('candidate_floor')} limit 1
      ),
      -- How far back each near list can still be ahead of the floor, and where its sample ended.
      bounded_list as (
        select near_list.*, ${floorBound(now)} as bound from near_list left join score_floor on true
        where near_list.place > 1
      ),
      sample_end as (
        select distinct on (sampled_list.place) sampled_list.place, sampled_list.key_changed, sampled_list.key_number,
          count(*) over (partition by sampled_list.place) as taken
        from sampled_list
        order by sampled_list.place, sampled_list.key_changed desc, sampled_list.key_number desc
      )
      select best_list.id, ${keyColumns('best_list')} from best_list
      union all
      select sampled_list.id, ${keyColumns('sampled_list')} from sampled_list
      join bounded_list on bounded_list.place = sampled_list.place
      where sampled_list.key_changed <= bounded_list.bound
      union all
      -- The rest of a list within its bound, after its sample, when the sample stopped at its limit.
      select listed.* from bounded_list
      join sample_end on sample_end.place = bounded_list.place
      cross join lateral (
        select issues.id, ${listedKey('bounded_list')} from issues
        where ${inList('bounded_list')} and issues.status_changed_at <= bounded_list.bound
          and (issues.status_changed_at, issues.number) > (sample_end.key_changed, sample_end.key_number)
        ${listOrder}
        limit ${size} + 1 - bounded_list.place - sample_end.taken
      ) as listed
      where sample_end.taken = ${sampleLimit('bounded_list')} and sample_end.key_changed <= bounded_list.bound
      union all
      select issues.id, ${orderKey} from issues
      where issues.id = any(array(${expiredClaimsSql(now)}))
        and ${readyCondition(now)} and ${projectCondition(projectId)} and ${after}
    ) as candidate
    order by ${keyOrder('candidate')}
    limit ${size}`;
}

/**
 * The latest `status_changed_at` at which an issue of `near_list` can still be ahead of the floor
 * `score_floor.key` = (−S, R, T, N) in the queue's order; 'infinity' without a floor. A list's score
 * is its base b plus full days waited, and waiting d ≥ 1 days means changed ≤ now − d days:
 * - a list ranked before R (loop stage) needs score ≥ S, one ranked after it score ≥ S + 1;
 * - a list of rank R needs score > S, or score S and (changed, number) ≤ (T, N): changed ≤ the later
 *   of "score S + 1" and "T, within score S".
 * Within a bound the list's own order decides; the bound only stops its read early.
 */
function floorBound(now: Instant): SQL {
  const waitedAtLeast = (score: SQL) => sql`(case when ${score} - near_list.list_base <= 0 then 'infinity'::timestamptz
    else ${timestampParam(now)} - make_interval(secs => (${score} - near_list.list_base) * ${sql.raw(String(msPerAgePoint / 1000))}) end)`;
  const floorScore = sql`(-score_floor.key_score)`;
  const atScore = waitedAtLeast(floorScore);
  const aboveScore = waitedAtLeast(sql`(${floorScore} + 1)`);
  return sql`(case when score_floor.key_score is null then 'infinity'::timestamptz
    when near_list.list_rank < score_floor.key_rank then ${atScore}
    when near_list.list_rank > score_floor.key_rank then ${aboveScore}
    else greatest(${aboveScore}, least(score_floor.key_changed, ${atScore})) end)`;
}
