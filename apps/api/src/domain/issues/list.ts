import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, exists, gt, inArray, isNull, lt, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { prepareFlatSelect } from '../../db/flat-rows';
import { prepared } from '../../db/prepared';
import { issueLabels, issues, labels, projects } from '../../db/schema';
import { type CursorKey, cursorTimeSql, decodeCursor, pageRows } from '../cursor';
import { maintainedTotal } from './counts';
import { issueSelection } from './present';
import { issueRefKey } from './reference';
import type { Issue, IssueSort, ListIssuesFilters } from './schemas';

/** The parent and project of each listed issue, joined by primary key; a deleted one reads as none. */
const liveParent = alias(issues, 'live_parent');

/**
 * The listed issues show their live parent and project in place of the stored ones. The joins match on
 * the primary key alone and `deleted_at` is judged here: with `deleted_at is null` in the join, a plan
 * made before the first ANALYZE (a fresh deployment) may read the parent through a partial index that
 * merely shares that predicate — every live issue, for every listed one (docs/benchmarks.md).
 */
const listedFields = {
  ...issueSelection,
  parentId: sql<string | null>`case when ${liveParent.deletedAt} is null then ${liveParent.id} end`,
  projectId: sql<string | null>`case when ${projects.deletedAt} is null then ${projects.id} end`,
};

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
 * uses and how many values each holds. Requests of one shape share one prepared query. A search is
 * planned per call instead (`planPerCall`, see `listIssues`): its words, limit and offset are written
 * into the SQL, every other value stays a placeholder.
 */
export class ListValues {
  readonly values: Record<string, unknown> = {};
  readonly #shape: string[] = [];

  constructor(readonly planPerCall = false) {}

  add(name: string, value: unknown): Placeholder {
    this.values[name] = value;
    this.#shape.push(name);
    return sql.placeholder(name);
  }

  /** A LIMIT or OFFSET: written in when planned per call (an integer the planner should see). */
  count(name: string, value: number): number | Placeholder {
    return this.planPerCall ? value : this.add(name, value);
  }

  /**
   * The tsquery text of `prefixSearchQuery`: written in as a literal when planned per call, so the
   * planner sees how common the words are. Only letters, digits and the `:* &` it adds can occur, so
   * the literal needs no escaping; anything else is refused rather than written.
   */
  words(query: string): Placeholder | SQL {
    if (!this.planPerCall) return this.add('q', query);
    if (!/^[\p{L}\p{N}:*& ]+$/u.test(query)) throw new Error('A search query held more than words');
    return sql.raw(`'${query}'`);
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
  const words = values ? values.words(query) : query;
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
  if (filters.projectId) conditions.push(and(eq(projects.id, values.add('projectId', filters.projectId)), isNull(projects.deletedAt))!);
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

function sortKey(sort: IssueSort) {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as keyof typeof sortColumns;
  return { key, descending, column: sortColumns[key], timed: key === 'createdAt' || key === 'updatedAt' };
}

function ordering(sort: IssueSort): SQL[] {
  const { column, descending } = sortKey(sort);
  const direction = descending ? desc : asc;
  return [direction(column), direction(issues.id)];
}

/**
 * The rows after a cursor in the list's order: a row comparison on (sort column, id), which the
 * sort's index (`issues_created_at_idx`, `issues_updated_at_idx`, …) serves as one seek.
 */
function afterCursor(sort: IssueSort, key: CursorKey, values: ListValues): SQL {
  const { column, descending, timed } = sortKey(sort);
  const value = values.add('cursorKey', key[0]);
  const id = values.add('cursorId', key[1]);
  const bound = timed ? sql`(${value}::timestamptz, ${id}::text)` : sql`(${value}::integer, ${id}::text)`;
  return descending ? sql`(${column}, ${issues.id}) < ${bound}` : sql`(${column}, ${issues.id}) > ${bound}`;
}

/**
 * One page of issues and the size of the whole filtered set, in one statement: the count rides along
 * as an uncorrelated subquery: a sum over `issue_counts` when the filters allow (ADR 0037), else a
 * count, so the page is read in index order up to its limit while the count is an index-only scan (a `count(*) over ()` would join and sort every matching row first). A second,
 * count-only statement runs only when the page is empty. Both are prepared once per shape of filters.
 * The page reads one row past its limit: that row's existence is what makes a `nextCursor`.
 */
export async function listIssues(
  db: DB,
  filters: ListIssuesFilters,
): Promise<{ items: Issue[]; total: number; nextCursor: string | null }> {
  const { timed, column } = sortKey(filters.sort);
  const cursorList = `issues:${filters.sort}`;
  const cursor = decodeCursor(filters, cursorList, [timed ? 'time' : 'int', 'text']);
  // A search is planned on every call for its words and page: how many issues the words match decides
  // whether reading the newest issues until the page is full (a common word) or collecting the matches
  // from the search index and sorting them (a rare one) is right, and one plan made for every word is
  // wrong for one kind or the other. Any other list is one prepared query per shape, whatever its values.
  const values = new ListValues(filters.q !== undefined);
  const where = and(...filterConditions(db, filters, values));
  const maintained = maintainedTotal(db, filters, values);
  const pageWhere = cursor === null ? where : and(where, afterCursor(filters.sort, cursor, values));
  const limit = values.count('limit', filters.limit + 1);
  const offset = values.count('offset', filters.offset);
  const shape = `issue_list_${createHash('sha1').update(`${filters.sort};${values.shape}`).digest('base64url')}`;

  const matching = () =>
    db
      .select({ total: count() })
      .from(issues)
      .leftJoin(liveParent, eq(liveParent.id, issues.parentId))
      .leftJoin(projects, eq(projects.id, issues.projectId))
      .where(where);
  const fields = {
    issue: listedFields,
    total: (maintained ?? sql<number>`(${matching()})`).mapWith(Number),
    cursorAt: timed ? cursorTimeSql(sql`${column}`) : sql<string>`null`,
  };
  const page = (name: string) =>
    prepareFlatSelect(
      db,
      name,
      fields,
      (select) =>
        select
          .from(issues)
          .leftJoin(liveParent, eq(liveParent.id, issues.parentId))
          .leftJoin(projects, eq(projects.id, issues.projectId))
          .where(pageWhere)
          .orderBy(...ordering(filters.sort))
          .limit(limit)
          .offset(offset),
      { inline: values.planPerCall },
    );
  // Planned per call, the statement is unnamed ('' rather than a name): a named one would be kept on
  // every connection for each search ever made.
  const rows = await (values.planPerCall ? page('') : prepared(db, shape, page)).execute(values.values);

  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && (filters.offset > 0 || cursor !== null)) {
    // Counted even where `issue_counts` could answer: an empty page is rare, and this keeps one fallback.
    const counting = values.planPerCall ? matching().prepare('') : prepared(db, `${shape}_count`, (name) => matching().prepare(name));
    const [counted] = await counting.execute(values.values);
    total = counted?.total ?? 0;
  }
  const { key } = sortKey(filters.sort);
  const { items, nextCursor } = pageRows(
    rows,
    filters.limit,
    (row) => [timed ? row.cursorAt : key === 'priority' ? row.issue.priority : row.issue.number, row.issue.id],
    cursorList,
  );
  return { items: items.map((row) => row.issue), total, nextCursor };
}
