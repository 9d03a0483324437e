import { and, eq, exists, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { issueCounts, projects } from '../../db/schema';
import type { ListValues } from './list';
import type { ListIssuesFilters } from './schemas';

/**
 * The size of the filtered set read from `issue_counts` (ADR 0037) when every filter is one of the
 * table's keys — status, type, priority, project — or null when a filter needs the rows themselves
 * (search, label, parent, dates), which are counted. A project filter matches only a live project, as
 * the list's join does.
 */
export function maintainedTotal(db: DB, filters: ListIssuesFilters, values: ListValues): SQL<number> | null {
  if (filters.q || filters.labelId || filters.parentId || filters.createdAfter || filters.createdBefore) return null;
  const list = (name: string, items: readonly unknown[]) => items.map((item, i) => values.add(`counted_${name}${i}`, item));
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(inArray(issueCounts.status, list('status', filters.status)));
  if (filters.type) conditions.push(inArray(issueCounts.type, list('type', filters.type)));
  if (filters.priority) conditions.push(inArray(issueCounts.priority, list('priority', filters.priority.map(Number))));
  if (filters.projectId) {
    const projectId = values.add('counted_projectId', filters.projectId);
    const liveProject = db
      .select({ one: sql`1` })
      .from(projects)
      .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)));
    conditions.push(eq(issueCounts.projectKey, projectId), exists(liveProject));
  }
  return sql<number>`(select coalesce(sum(${issueCounts.count}), 0)::int from ${issueCounts} where ${conditions.length > 0 ? and(...conditions) : sql`true`})`;
}

/** Live issues by status and type, from `issue_counts`: the dashboard's counts without a scan. */
export function countsByStatusAndType(): SQL {
  return sql`select type, status, sum(count) as count from issue_counts group by type, status having sum(count) <> 0`;
}
