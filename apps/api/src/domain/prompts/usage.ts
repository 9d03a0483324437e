import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { promptVersions } from '../../db/schema';

/**
 * A version's metrics, counted from its `dispatches` whenever the version is read — the record the
 * data model names as their source (ADR 0019 for `usageCount`, ADR 0029 for the other two). None is
 * stored on `prompt_versions`: a claim, a status change or a deletion writes only its dispatch row,
 * and a metric can never drift from the claims it summarises. Read through `dispatches_version_id_idx`.
 * `versionId` must render qualified (an aliased column, or SQL naming its table): see below.
 */

/** `usageCount`: claims made with the version. */
export const versionUsageSql = (versionId: AnyColumn | SQL): SQL<number> =>
  sql<number>`(select count(*)::int from dispatches used where used.version_id = ${versionId})`.mapWith(Number);

/** `completionRate`: claims that ended `done` ÷ claims that ended at all (any outcome but `claimed`); null until one ends. */
export const versionCompletionRateSql = (versionId: AnyColumn | SQL): SQL<number | null> =>
  sql<number | null>`(select (count(*) filter (where finished.outcome = 'done'))::float8
      / nullif(count(*) filter (where finished.outcome <> 'claimed'), 0)
    from dispatches finished where finished.version_id = ${versionId})`.mapWith(Number);

/** `avgDurationMs`: the mean time from claim to `done`; null until one is done. */
export const versionAvgDurationSql = (versionId: AnyColumn | SQL): SQL<number | null> =>
  sql<number | null>`(select (avg(extract(epoch from (done.finished_at - done.claimed_at)) * 1000))::float8
    from dispatches done where done.version_id = ${versionId} and done.outcome = 'done')`.mapWith(Number);

/**
 * A version's columns plus its metrics: what `presentVersion` needs, in one select or RETURNING of the
 * unaliased table. The id is spelled out qualified: Drizzle writes a column of a one-table select
 * bare, and a bare `id` inside the subqueries would be the dispatch's own.
 */
const qualifiedId = sql.raw('prompt_versions.id');
export const countedVersionColumns = {
  ...getTableColumns(promptVersions),
  usageCount: versionUsageSql(qualifiedId),
  completionRate: versionCompletionRateSql(qualifiedId),
  avgDurationMs: versionAvgDurationSql(qualifiedId),
};

/** The same metrics as `extras` of a relational query's version (`with: { activeVersion: { extras } }`). */
export const versionMetricExtras = (versionId: AnyColumn) => ({
  usageCount: versionUsageSql(versionId).as('usage_count'),
  completionRate: versionCompletionRateSql(versionId).as('completion_rate'),
  avgDurationMs: versionAvgDurationSql(versionId).as('avg_duration_ms'),
});
