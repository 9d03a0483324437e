import { sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import { type GoalDirection, type GoalStatus, type IssueStatus, type IssueType, issueStatuses, issueTypes } from '../../db/schema';
import { countReady } from '../dispatch/queue';
import { countsByStatusAndType } from '../issues/counts';
import { goalPercent } from '../goals/progress';
import { timestampParam } from '../dispatch/ready';
import { iso } from '../time';
import type { DashboardStats, GoalProgress } from './schemas';

const dayMs = 24 * 60 * 60 * 1000;
const periodDays = 7;

/** Today (UTC, from the injected clock) and the six days before it: [since, until). */
export function sevenDayPeriod(now: Date) {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(startOfToday - (periodDays - 1) * dayMs);
  return { since, until: new Date(startOfToday + dayMs) };
}

/**
 * The dashboard's headline numbers, in four statements run side by side: issue counts by type and
 * status, live goals with their projects, the ready count, and claims/completions per day.
 */
export async function dashboardStats(db: DB, now: Date): Promise<DashboardStats> {
  const { since, until } = sevenDayPeriod(now);
  const [counts, goalRows, ready, daily] = await Promise.all([
    rawRows<{ type: IssueType; status: IssueStatus; count: string | number }>(
      db,
      countsByStatusAndType(),
    ),
    rawRows<GoalRow>(
      db,
      sql`select goals.id, goals.title, goals.status, goals.metric, goals.unit, goals.direction, goals.current_value, goals.target_value,
          projects.id as project_id, projects.name as project_name
        from goals
        left join projects on projects.goal_id = goals.id and projects.deleted_at is null
        where goals.deleted_at is null
        order by goals.created_at desc, goals.id desc`,
    ),
    countReady(db, { now }),
    // Day buckets are computed from epoch offsets, so the session's time zone cannot shift them. The
    // claims of deleted issues are left out against the short hashed list of deleted issues (no probe
    // of each claim's issue), and completions are counted from `issues_done_at_idx` alone.
    rawRows<{ kind: 'claims' | 'completions'; day: number; count: string | number }>(
      db,
      sql`select 'claims' as kind, floor(extract(epoch from (dispatches.claimed_at - ${timestampParam(since)})) / 86400)::int as day,
            count(*) as count
          from dispatches
          where dispatches.claimed_at >= ${timestampParam(since)} and dispatches.claimed_at < ${timestampParam(until)}
            and dispatches.issue_id not in (select deleted.id from issues deleted where deleted.deleted_at is not null)
          group by 2
        union all
        select 'completions', floor(extract(epoch from (completed_at - ${timestampParam(since)})) / 86400)::int, count(*)
          from issues
          where deleted_at is null and status = 'done'
            and completed_at >= ${timestampParam(since)} and completed_at < ${timestampParam(until)}
          group by 2`,
    ),
  ]);

  const byStatus = Object.fromEntries(issueStatuses.map((status) => [status, 0])) as Record<IssueStatus, number>;
  const byType = Object.fromEntries(issueTypes.map((type) => [type, 0])) as Record<IssueType, number>;
  let total = 0;
  for (const row of counts) {
    const n = Number(row.count);
    byStatus[row.status] += n;
    byType[row.type] += n;
    total += n;
  }

  const days = Array.from({ length: periodDays }, (_, index) => ({
    date: iso(new Date(since.getTime() + index * dayMs)).slice(0, 10),
    claims: 0,
    completions: 0,
  }));
  for (const row of daily) {
    const day = days[Number(row.day)];
    if (day) day[row.kind] += Number(row.count);
  }

  return {
    issues: { total, byStatus, byType },
    goals: goalRows.map(presentGoal),
    queue: { ready, inProgress: byStatus.in_progress },
    lastSevenDays: {
      since: iso(since),
      claims: days.reduce((sum, day) => sum + day.claims, 0),
      completions: days.reduce((sum, day) => sum + day.completions, 0),
      daily: days,
    },
  };
}

interface GoalRow extends Record<string, unknown> {
  id: string;
  title: string;
  status: GoalStatus;
  metric: string | null;
  unit: string | null;
  direction: GoalDirection;
  current_value: number | null;
  target_value: number | null;
  project_id: string | null;
  project_name: string | null;
}

function presentGoal(row: GoalRow): GoalProgress {
  const currentValue = row.current_value === null ? null : Number(row.current_value);
  const targetValue = row.target_value === null ? null : Number(row.target_value);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    metric: row.metric,
    unit: row.unit,
    direction: row.direction,
    currentValue,
    targetValue,
    percent: goalPercent(row.direction, currentValue, targetValue),
    project: row.project_id ? { id: row.project_id, name: row.project_name ?? '' } : null,
  };
}
