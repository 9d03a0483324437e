import { sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import type { IssueStatus, IssueType } from '../../db/schema';
import type { QueueEntry } from './schemas';
import {
  ageScoreSql,
  goalScoreSql,
  priorityScoreSql,
  projectCondition,
  queueOrderSql,
  readyCondition,
} from './ready';

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
  total: string | number;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface QueueFilter {
  projectId?: string | undefined;
  now: Date;
}

/**
 * One page of the ranked ready set. The ranking runs in SQL over the whole set, so page 2 continues
 * exactly where page 1 stopped; the window count gives the total in the same statement.
 */
export async function listQueue(db: DB, filter: QueueFilter, page: Page): Promise<{ items: QueueEntry[]; total: number }> {
  const { now } = filter;
  const rows = await rawRows<QueueRow>(
    db,
    sql`select issues.id, issues.number, issues.title, issues.type, issues.status, issues.priority,
        ${priorityScoreSql()} as priority_score,
        ${goalScoreSql()} as goal_score,
        ${ageScoreSql(now)} as age_score,
        count(*) over () as total
      from issues
      where ${readyCondition(now)} and ${projectCondition(filter.projectId)}
      order by ${queueOrderSql(now)}
      limit ${page.limit} offset ${page.offset}`,
  );
  const total = rows.length > 0 ? Number(rows[0]!.total) : page.offset === 0 ? 0 : await countReady(db, filter);
  return { items: rows.map(presentQueueRow), total };
}

/** How many issues are ready now (the dashboard's queue depth; an out-of-range page's total). */
export async function countReady(db: DB, filter: QueueFilter): Promise<number> {
  const [row] = await rawRows<{ ready: string | number }>(
    db,
    sql`select count(*) as ready from issues where ${readyCondition(filter.now)} and ${projectCondition(filter.projectId)}`,
  );
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
