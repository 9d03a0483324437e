import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, exists, gt, inArray, isNull, lt, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { prepareFlatSelect } from '../../db/flat-rows';
import { prepared } from '../../db/prepared';
import { issueLabels, issues, labels, projects } from '../../db/schema';
import type { Page } from '../common-schemas';
import { issueSelection } from './present';
import { issueRefKey } from './reference';
import type { Issue, IssueSort, ListIssuesFilters } from './schemas';

/** The live parent and live project of each listed issue (a deleted one reads as none). */
const liveParent = alias(issues, 'live_parent');

/** The listed issues show their live parent and project in place of the stored ones. */
const listedFields = { ...issueSelection, parentId: liveParent.id, projectId: projects.id };

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
 * The values of one list request as named placeholders, and the shape of its SQL: which filters it
 * uses and how many values each holds. Requests of one shape share one prepared query.
 */
export class ListValues {
  readonly values: Record<string, unknown> = {};
  readonly #shape: string[] = [];

  add(name: string, value: unknown): Placeholder {
    this.values[name] = value;
    this.#shape.push(name);
    return sql.placeholder(name);
  }

  /** Something that changes the SQL without a value of its own. */
  mark(token: string): void {
    this.#shape.push(token);
  }

  get shape(): string {
    return this.#shape.join(',');
  }
}

/**
 * The text-search condition. The document expression is exactly the one `issues_search_idx` indexes
 * (and the query keeps `deleted_at is null`, the index's predicate), so Postgres can use that index.
 */
export function issueSearchCondition(text: string, values?: ListValues): SQL {
  const query = prefixSearchQuery(text);
  if (query === null) {
    values?.mark('q:none');
    return sql`false`;
  }
  const words = values ? values.add('q', query) : query;
  return sql`to_tsvector('simple', ${issues.title} || ' ' || coalesce(${issues.description}, '')) @@ to_tsquery('simple', ${words})`;
}

function filterConditions(db: DB, filters: ListIssuesFilters, values: ListValues): SQL[] {
  // The filter itself is part of the shape, so an empty list (which matches nothing) is a shape of its own.
  const list = (name: string, items: readonly unknown[]) => {
    values.mark(`${name}[]`);
    return items.map((item, i) => values.add(`${name}${i}`, item));
  };
  const conditions: SQL[] = [isNull(issues.deletedAt)];
  if (filters.status) conditions.push(inArray(issues.status, list('status', filters.status)));
  if (filters.type) conditions.push(inArray(issues.type, list('type', filters.type)));
  if (filters.priority) conditions.push(inArray(issues.priority, list('priority', filters.priority.map(Number))));
  // Filters naming a row match through the live joins, so a missing or deleted row yields an empty page.
  if (filters.projectId) conditions.push(eq(projects.id, values.add('projectId', filters.projectId)));
  if (filters.parentId) {
    const key = issueRefKey(filters.parentId);
    const named = eq(liveParent[key.column], values.add(`parent_${key.column}`, key.value));
    conditions.push(and(named, isNull(liveParent.deletedAt))!);
  }
  if (filters.labelId) {
    const liveLabelLinks = db
      .select({ one: sql`1` })
      .from(issueLabels)
      .innerJoin(labels, and(eq(labels.id, issueLabels.labelId), isNull(labels.deletedAt)))
      .where(and(eq(issueLabels.issueId, issues.id), eq(issueLabels.labelId, values.add('labelId', filters.labelId))));
    conditions.push(exists(liveLabelLinks));
  }
  // Instants travel as ISO text: placeholders skip the column's own encoding on every driver.
  if (filters.createdAfter) conditions.push(gt(issues.createdAt, values.add('createdAfter', filters.createdAfter.toISOString())));
  if (filters.createdBefore) conditions.push(lt(issues.createdAt, values.add('createdBefore', filters.createdBefore.toISOString())));
  if (filters.q) conditions.push(issueSearchCondition(filters.q, values));
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
 * count-only statement runs only when the page is empty. Both are prepared once per shape of filters.
 */
export async function listIssues(db: DB, filters: ListIssuesFilters & Page): Promise<{ items: Issue[]; total: number }> {
  const values = new ListValues();
  const where = and(...filterConditions(db, filters, values));
  const limit = values.add('limit', filters.limit);
  const offset = values.add('offset', filters.offset);
  const shape = `issue_list_${createHash('sha1').update(`${filters.sort};${values.shape}`).digest('base64url')}`;

  const matching = () =>
    db
      .select({ total: count() })
      .from(issues)
      .leftJoin(liveParent, and(eq(liveParent.id, issues.parentId), isNull(liveParent.deletedAt)))
      .leftJoin(projects, and(eq(projects.id, issues.projectId), isNull(projects.deletedAt)))
      .where(where);
  const fields = { issue: listedFields, total: sql<number>`(${matching()})`.mapWith(Number) };
  const page = prepared(db, shape, (name) =>
    prepareFlatSelect(db, name, fields, (select) =>
      select
        .from(issues)
        .leftJoin(liveParent, and(eq(liveParent.id, issues.parentId), isNull(liveParent.deletedAt)))
        .leftJoin(projects, and(eq(projects.id, issues.projectId), isNull(projects.deletedAt)))
        .where(where)
        .orderBy(...ordering(filters.sort))
        .limit(limit)
        .offset(offset),
    ),
  );
  const rows = await page.execute(values.values);

  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && filters.offset > 0) {
    const [counted] = await prepared(db, `${shape}_count`, (name) => matching().prepare(name)).execute(values.values);
    total = counted?.total ?? 0;
  }
  return { items: rows.map((row) => row.issue), total };
}
