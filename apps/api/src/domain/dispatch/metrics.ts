import { type SQL, sql } from 'drizzle-orm';

/**
 * SET clauses that recompute a version's outcome metrics from its dispatches, for an UPDATE of
 * `prompt_versions`: `completion_rate` = done ÷ finished claims (every outcome but `claimed`; null
 * until one finishes), `avg_duration_ms` = mean time from claim to done (null until one is done).
 * Recomputed rather than nudged, so a metric can never drift from the rows it summarises.
 *
 * The subqueries read the statement's snapshot, so they miss claims the same statement closes. The
 * claim closes a stale claim and updates the versions in one statement, and so does the deletion of
 * an issue: they pass `closedUnseen`, the number of this version's claims they closed as
 * `expired`/`released`/`canceled` (finished, never done). Anyone else runs this after the statement
 * that closed the claim.
 */
export const versionOutcomeMetricsSql = (closedUnseen: SQL = sql`0`, onlyWhen: SQL = sql`true`): SQL => sql`
  completion_rate = case when ${onlyWhen} then (
    select (count(*) filter (where finished.outcome = 'done'))::float8
      / nullif(count(*) filter (where finished.outcome <> 'claimed') + ${closedUnseen}, 0)
    from dispatches finished where finished.version_id = prompt_versions.id
  ) else completion_rate end,
  avg_duration_ms = case when ${onlyWhen} then (
    select (avg(extract(epoch from (done.finished_at - done.claimed_at)) * 1000))::float8
    from dispatches done where done.version_id = prompt_versions.id and done.outcome = 'done'
  ) else avg_duration_ms end`;

export const idList = (ids: readonly string[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
