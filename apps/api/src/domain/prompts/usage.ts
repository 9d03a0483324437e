import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { promptVersions } from '../../db/schema';

/**
 * A version's `usageCount`: its claims, counted from `dispatches` — the record the data model names
 * as the source of usage counts (ADR 0019). Kept off `prompt_versions`, whose one row per active
 * version every claim would otherwise rewrite. Read through `dispatches_version_id_idx`.
 * `versionId` must render qualified (an aliased column, or SQL naming its table): see below.
 */
export const versionUsageSql = (versionId: AnyColumn | SQL): SQL<number> =>
  sql<number>`(select count(*)::int from dispatches used where used.version_id = ${versionId})`.mapWith(Number);

/**
 * A version's columns plus its usage: what `presentVersion` needs, in one select or RETURNING of the
 * unaliased table. The id is spelled out qualified: Drizzle writes a column of a one-table select
 * bare, and a bare `id` inside the subquery would be the dispatch's own.
 */
export const countedVersionColumns = {
  ...getTableColumns(promptVersions),
  usageCount: versionUsageSql(sql.raw('prompt_versions.id')),
};
