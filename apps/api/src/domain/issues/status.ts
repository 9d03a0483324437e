import { type SQL, sql } from 'drizzle-orm';
import type { IssueStatus } from '../../db/schema';

/**
 * The statuses that end an issue's work. Everything that asks "is this issue finished?" reads them
 * here: `completedAt` is set on entering one, a closed blocker no longer blocks, the open claim closes
 * with the same outcome, a closed improvement issue lets the next one open.
 */
export const closedStatuses = ['done', 'canceled'] as const satisfies readonly IssueStatus[];
export type ClosedStatus = (typeof closedStatuses)[number];

export const isClosedStatus = (status: IssueStatus): status is ClosedStatus =>
  (closedStatuses as readonly IssueStatus[]).includes(status);

/**
 * `closedStatuses` as the SQL list `('done', 'canceled')`, written as literals rather than
 * parameters so the planner sees constants, as it did when the list was spelled out in each statement.
 */
export const closedStatusesSql: SQL = sql.raw(`(${closedStatuses.map((status) => `'${status}'`).join(', ')})`);
