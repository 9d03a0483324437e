import { type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { preparedSql } from '../../db/prepared';
import type { IssueStatus, IssueType } from '../../db/schema';
import { type CursorInput, cursorTimeSql, decodeCursor, pageRows } from '../cursor';
import type { QueueEntry } from './schemas';
import {
  ageScoreSql,
  goalScoreSql,
  type Instant,
  loopRankSql,
  priorityScoreSql,
  readyCountSql,
  totalScoreSql,
} from './ready';
import { topReadySql } from './walk';

interface QueueRow extends Record<string, unknown> {
  id: string;
  number: number;
  title: string;
  type: IssueType;
  status: IssueStatus;
  priority: number;
  priority_score: number;
  goal_score: number;
  age_score: number;
  loop_rank: number;
  cursor_at: string;
  total: string | number;
}

export interface Page extends CursorInput {
  limit: number;
}

export interface QueueFilter {
  projectId?: string | undefined;
  now: Date;
}

const cursorList = 'queue';

/**
 * The rows after a cursor in `queueOrderSql`'s order: (score desc, loop rank, status_changed_at,
 * number), the number being unique. The score is read at this request's `now`, so a page crossing a
 * day boundary may reorder; inserts never shift a page.
 */
function afterCursor(now: Instant): SQL {
  const place = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}`;
  return sql`(-${totalScoreSql(now)}, ${loopRankSql()}, issues.status_changed_at, issues.number)
    > (${place('negatedScore', 'integer')}, ${place('loopRank', 'integer')}, ${place('changedAt', 'timestamptz')}, ${place('number', 'integer')})`;
}

/**
 * The queue page's statement; its text depends only on whether it is narrowed to a project and
 * continues a cursor. The page is cut first and only its rows get their cursor text.
 */
function queuePageSql(scoped: boolean, continued: boolean): SQL {
  const now = sql.placeholder('now');
  const projectId = scoped ? sql.placeholder('projectId') : undefined;
  const depth = sql`${sql.placeholder('depth')}::int`;
  // Only what the answer shows leaves the database: a timestamp column would be parsed into a Date per row.
  return sql`select page.id, page.number, page.title, page.type, page.status, page.priority, page.priority_score,
        page.goal_score, page.age_score, page.loop_rank, page.total, ${cursorTimeSql(sql`page.status_changed_at`)} as cursor_at
      from (
        select top.place, issues.id, issues.number, issues.title, issues.type, issues.status, issues.priority,
          issues.status_changed_at,
          ${priorityScoreSql()} as priority_score,
          ${goalScoreSql()} as goal_score,
          ${ageScoreSql(now)} as age_score,
          ${loopRankSql()} as loop_rank,
          ${readyCountSql(now, projectId)} as total
        from unnest(array(${topReadySql(now, projectId, depth, continued ? afterCursor(now) : undefined)})) with ordinality as top(id, place)
        join issues on issues.id = top.id
        order by top.place
        limit ${sql.placeholder('pageSize')}::int offset ${sql.placeholder('offset')}::int
      ) as page
      order by page.place`;
}

/**
 * One page of the ranked ready set, read from the same walk of `issues_queue_idx` as the claim's
 * shortlist (`topReadySql`): the top `offset + limit + 1` ready issues after the cursor, in the order
 * the walk ranked them (kept by `with ordinality`, not sorted again), then cut to the page. So page 2
 * continues exactly where page 1 stopped, and a page costs the lists' heads and its depth, not the
 * backlog. The total rides along from the maintained counts (`readyCountSql`); an empty page counts
 * in a statement of its own.
 */
export async function listQueue(
  db: DB,
  filter: QueueFilter,
  page: Page,
): Promise<{ items: QueueEntry[]; total: number; nextCursor: string | null }> {
  const cursor = decodeCursor(page, cursorList, ['int', 'int', 'time', 'int']);
  const scoped = filter.projectId !== undefined;
  // Built once per shape: the statement is long, and writing its text was most of a page's CPU.
  const statement = preparedSql<QueueRow>(db, `queue_page${scoped ? '_in_project' : ''}${cursor ? '_after' : ''}`, () =>
    queuePageSql(scoped, cursor !== null),
  );
  const rows = await statement.rows({
    now: filter.now.toISOString(),
    projectId: filter.projectId,
    depth: page.offset + page.limit + 1,
    pageSize: page.limit + 1,
    offset: page.offset,
    ...(cursor && { negatedScore: -Number(cursor[0]), loopRank: cursor[1], changedAt: cursor[2], number: cursor[3] }),
  });
  const total = rows.length > 0 ? Number(rows[0]!.total) : await countReady(db, filter);
  const { items, nextCursor } = pageRows(
    rows,
    page.limit,
    (row) => [
      Number(row.priority_score) + Number(row.goal_score) + Number(row.age_score),
      Number(row.loop_rank),
      row.cursor_at,
      Number(row.number),
    ],
    cursorList,
  );
  return { items: items.map(presentQueueRow), total, nextCursor };
}

/** How many issues are ready now (the dashboard's queue depth; an empty page's total). */
export async function countReady(db: DB, filter: QueueFilter): Promise<number> {
  const scoped = filter.projectId !== undefined;
  const statement = preparedSql<{ ready: string | number }>(db, `ready_count${scoped ? '_in_project' : ''}`, () =>
    sql`select ${readyCountSql(sql.placeholder('now'), scoped ? sql.placeholder('projectId') : undefined)} as ready`,
  );
  const [row] = await statement.rows({ now: filter.now.toISOString(), projectId: filter.projectId });
  return Number(row?.ready ?? 0);
}

function presentQueueRow(row: QueueRow): QueueEntry {
  const priority = Number(row.priority_score);
  const goal = Number(row.goal_score);
  const age = Number(row.age_score);
  return {
    issue: {
      id: row.id,
      number: Number(row.number),
      title: row.title,
      type: row.type,
      status: row.status,
      priority: Number(row.priority),
    },
    score: priority + goal + age,
    breakdown: { priority, goal, age, total: priority + goal + age },
  };
}
