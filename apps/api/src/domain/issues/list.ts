import { and, asc, count, desc, eq, exists, gt, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { issueLabels, issues, labels, projects } from '../../db/schema';
import type { Page } from '../../http/schemas';
import { presentIssue } from './present';
import { issueRefConditionOn } from './reference';
import type { Issue, IssueSort, ListIssuesFilters } from './schemas';

/** The live parent and live project of each listed issue (a deleted one reads as none). */
const liveParent = alias(issues, 'live_parent');

/**
 * Turns free text into a prefix query for `to_tsquery('simple', …)`: every word must start some word
 * of the title or description. Only letters and digits survive, so user input never reaches the
 * tsquery syntax; null when nothing searchable is left.
 */
export function prefixSearchQuery(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 16);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/**
 * The text-search condition. The document expression is exactly the one `issues_search_idx` indexes
 * (and the query keeps `deleted_at is null`, the index's predicate), so Postgres can use that index.
 */
export function issueSearchCondition(text: string): SQL {
  const query = prefixSearchQuery(text);
  if (query === null) return sql`false`;
  return sql`to_tsvector('simple', ${issues.title} || ' ' || coalesce(${issues.description}, '')) @@ to_tsquery('simple', ${query})`;
}

function filterConditions(db: DB, filters: ListIssuesFilters): SQL[] {
  const conditions: SQL[] = [isNull(issues.deletedAt)];
  if (filters.status) conditions.push(inArray(issues.status, filters.status));
  if (filters.type) conditions.push(inArray(issues.type, filters.type));
  if (filters.priority) conditions.push(inArray(issues.priority, filters.priority.map(Number)));
  // Filters naming a row match through the live joins, so a missing or deleted row yields an empty page.
  if (filters.projectId) conditions.push(eq(projects.id, filters.projectId));
  if (filters.parentId) conditions.push(issueRefConditionOn(liveParent, filters.parentId));
  if (filters.labelId) {
    const liveLabelLinks = db
      .select({ one: sql`1` })
      .from(issueLabels)
      .innerJoin(labels, and(eq(labels.id, issueLabels.labelId), isNull(labels.deletedAt)))
      .where(and(eq(issueLabels.issueId, issues.id), eq(issueLabels.labelId, filters.labelId)));
    conditions.push(exists(liveLabelLinks));
  }
  if (filters.createdAfter) conditions.push(gt(issues.createdAt, filters.createdAfter));
  if (filters.createdBefore) conditions.push(lt(issues.createdAt, filters.createdBefore));
  if (filters.q) conditions.push(issueSearchCondition(filters.q));
  return conditions;
}

const sortColumns = {
  createdAt: issues.createdAt,
  updatedAt: issues.updatedAt,
  priority: issues.priority,
  number: issues.number,
} as const;

function ordering(sort: IssueSort): SQL[] {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as keyof typeof sortColumns;
  const direction = descending ? desc : asc;
  return [direction(sortColumns[key]), direction(issues.id)];
}

/**
 * One page of issues and the size of the whole filtered set, in one statement: the count rides along
 * as an uncorrelated subquery, so the page is read in index order up to its limit while the count is
 * an index-only scan (a `count(*) over ()` would join and sort every matching row first). A second,
 * count-only statement runs only when the page is empty.
 */
export async function listIssues(db: DB, filters: ListIssuesFilters & Page): Promise<{ items: Issue[]; total: number }> {
  const where = and(...filterConditions(db, filters));
  const matching = db
    .select({ total: count() })
    .from(issues)
    .leftJoin(liveParent, and(eq(liveParent.id, issues.parentId), isNull(liveParent.deletedAt)))
    .leftJoin(projects, and(eq(projects.id, issues.projectId), isNull(projects.deletedAt)))
    .where(where);

  const rows = await db
    .select({
      issue: issues,
      liveParentId: liveParent.id,
      liveProjectId: projects.id,
      total: sql<number>`(${matching})`.mapWith(Number),
    })
    .from(issues)
    .leftJoin(liveParent, and(eq(liveParent.id, issues.parentId), isNull(liveParent.deletedAt)))
    .leftJoin(projects, and(eq(projects.id, issues.projectId), isNull(projects.deletedAt)))
    .where(where)
    .orderBy(...ordering(filters.sort))
    .limit(filters.limit)
    .offset(filters.offset);

  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && filters.offset > 0) {
    const [counted] = await matching;
    total = counted?.total ?? 0;
  }
  const items = rows.map(({ issue, liveParentId, liveProjectId }) =>
    presentIssue({ ...issue, parentId: liveParentId, projectId: liveProjectId }),
  );
  return { items, total };
}
