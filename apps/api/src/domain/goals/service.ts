import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { goals, projects } from '../../db/schema';
import type { Page } from '../common-schemas';
import { notFound } from '../errors';
import { iso } from '../time';
import { goalPercent } from './progress';
import type { CreateGoalInput, Goal, GoalListFilters, UpdateGoalInput } from './schemas';

export type GoalRow = typeof goals.$inferSelect;

export function presentGoal(row: GoalRow, projectId: string | null): Goal {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    metric: row.metric,
    targetValue: row.targetValue,
    currentValue: row.currentValue,
    unit: row.unit,
    direction: row.direction,
    percent: goalPercent(row.direction, row.currentValue, row.targetValue),
    status: row.status,
    projectId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/**
 * The link lives only in `projects.goal_id`; a goal's project is the live project pointing at it
 * (the partial unique index `projects_goal_id_live_key` guarantees there is at most one).
 */
const linkingProject = and(eq(projects.goalId, goals.id), isNull(projects.deletedAt));

const liveGoal = (id: string) => and(eq(goals.id, id), isNull(goals.deletedAt));

function goalsWithProject(db: DB) {
  return db.select({ goal: goals, projectId: projects.id }).from(goals).leftJoin(projects, linkingProject);
}

export async function listGoals(db: DB, filters: Omit<GoalListFilters, keyof Page>, page: Page) {
  const conditions: (SQL | undefined)[] = [isNull(goals.deletedAt)];
  if (filters.status) conditions.push(inArray(goals.status, filters.status));
  if (filters.projectId) conditions.push(eq(projects.id, filters.projectId));
  const where = and(...conditions);
  const [rows, [totals]] = await Promise.all([
    goalsWithProject(db)
      .where(where)
      .orderBy(desc(goals.createdAt), desc(goals.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(goals).leftJoin(projects, linkingProject).where(where),
  ]);
  return { items: rows.map((row) => presentGoal(row.goal, row.projectId)), total: totals?.total ?? 0 };
}

/** A goal named in the path: 404 when unknown or soft-deleted. */
export async function getGoal(db: DB, id: string): Promise<Goal> {
  const [row] = await goalsWithProject(db).where(liveGoal(id)).limit(1);
  if (!row) throw notFound('Goal', id);
  return presentGoal(row.goal, row.projectId);
}

/** A new goal belongs to no project yet: a project links it with `PATCH /projects/{id} {goalId}`. */
export async function createGoal(db: DB, input: CreateGoalInput, now: Date): Promise<Goal> {
  const [row] = await db
    .insert(goals)
    .values({ ...input, createdAt: now, updatedAt: now })
    .returning();
  return presentGoal(row!, null);
}

/**
 * Partial update. Progress is reported by sending `currentValue`; `status` moves only when sent
 * (any status may follow any other). Reaching `targetValue` shows as 100 % (`direction` says which
 * side of it is better) but does not mark the goal achieved: that stays a person's call.
 */
export async function updateGoal(db: DB, id: string, input: UpdateGoalInput, now: Date): Promise<Goal> {
  if (Object.keys(input).length === 0) return getGoal(db, id);
  const [row] = await db
    .update(goals)
    .set({ ...input, updatedAt: now })
    .where(liveGoal(id))
    .returning({ id: goals.id });
  if (!row) throw notFound('Goal', id);
  return getGoal(db, row.id);
}

/**
 * Soft-deletes the goal and, in the same transaction, unlinks it from the live project that held it
 * (that project's `goalId` becomes null), so a deleted goal never surfaces through a project.
 */
export async function deleteGoal(db: DB, id: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(goals)
      .set({ deletedAt: now, updatedAt: now })
      .where(liveGoal(id))
      .returning({ id: goals.id });
    if (!row) throw notFound('Goal', id);
    await tx
      .update(projects)
      .set({ goalId: null, updatedAt: now })
      .where(and(eq(projects.goalId, row.id), isNull(projects.deletedAt)));
  });
}
