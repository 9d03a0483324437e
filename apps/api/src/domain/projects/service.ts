import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { goals, issues, issueStatuses, projects } from '../../db/schema';
import type { Page } from '../common-schemas';
import { conflict, invalidReference, notFound } from '../errors';
import { presentGoal } from '../goals/service';
import { iso } from '../time';
import type {
  CreateProjectInput,
  IssueCounts,
  Project,
  ProjectDetail,
  ProjectListFilters,
  UpdateProjectInput,
} from './schemas';

export type ProjectRow = typeof projects.$inferSelect;

export function presentProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    health: row.health,
    goalId: row.goalId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const liveProject = (id: string) => and(eq(projects.id, id), isNull(projects.deletedAt));

export async function listProjects(db: DB, filters: Omit<ProjectListFilters, keyof Page>, page: Page) {
  const where = and(isNull(projects.deletedAt), filters.status ? inArray(projects.status, filters.status) : undefined);
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(projects)
      .where(where)
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(projects).where(where),
  ]);
  return { items: rows.map(presentProject), total: totals?.total ?? 0 };
}

/**
 * One project with its goal and issue counts, in two statements: the project joined to its live goal,
 * then one grouped count of its live issues (statuses without issues are filled in as 0).
 */
export async function getProject(db: DB, id: string): Promise<ProjectDetail> {
  const [row] = await db
    .select({ project: projects, goal: goals })
    .from(projects)
    .leftJoin(goals, and(eq(goals.id, projects.goalId), isNull(goals.deletedAt)))
    .where(liveProject(id))
    .limit(1);
  if (!row) throw notFound('Project', id);

  const grouped = await db
    .select({ status: issues.status, total: count() })
    .from(issues)
    .where(and(eq(issues.projectId, row.project.id), isNull(issues.deletedAt)))
    .groupBy(issues.status);
  const issueCounts = Object.fromEntries(issueStatuses.map((status) => [status, 0])) as IssueCounts;
  for (const { status, total } of grouped) issueCounts[status] = total;

  return {
    ...presentProject(row.project),
    goal: row.goal ? presentGoal(row.goal, row.project.id) : null,
    issueCounts,
  };
}

/**
 * A goal a project may link: it must exist and be live (else 422 naming `goalId`), and no other live
 * project may hold it (else 409). One statement; the partial unique index
 * `projects_goal_id_live_key` still settles a race between two writers (the loser gets a 409 too).
 */
async function requireLinkableGoal(db: DB, goalId: string, projectId?: string): Promise<void> {
  const [row] = await db
    .select({ goalId: goals.id, holderId: projects.id })
    .from(goals)
    .leftJoin(projects, and(eq(projects.goalId, goals.id), isNull(projects.deletedAt)))
    .where(and(eq(goals.id, goalId), isNull(goals.deletedAt)))
    .limit(1);
  if (!row) throw invalidReference('goalId', 'goal', goalId);
  if (row.holderId && row.holderId !== projectId) {
    throw conflict(`Goal "${goalId}" is already linked to project "${row.holderId}"; unlink it there first`);
  }
}

export async function createProject(db: DB, input: CreateProjectInput, now: Date): Promise<ProjectDetail> {
  if (input.goalId) await requireLinkableGoal(db, input.goalId);
  const [row] = await db
    .insert(projects)
    .values({ ...input, createdAt: now, updatedAt: now })
    .returning({ id: projects.id });
  return getProject(db, row!.id);
}

/** Partial update; `goalId` links a goal (see `requireLinkableGoal`) or, with null, unlinks it. */
export async function updateProject(db: DB, id: string, input: UpdateProjectInput, now: Date): Promise<ProjectDetail> {
  if (input.goalId) {
    // A missing project is a 404 even when the body also names a missing goal: the path comes first.
    await requireLiveProject(db, id);
    await requireLinkableGoal(db, input.goalId, id);
  }
  if (Object.keys(input).length > 0) {
    const [row] = await db
      .update(projects)
      .set({ ...input, updatedAt: now })
      .where(liveProject(id))
      .returning({ id: projects.id });
    if (!row) throw notFound('Project', id);
  }
  return getProject(db, id);
}

/**
 * Soft delete. The project's issues stay as they are (still carrying its id) and its goal is freed:
 * the goal's `projectId` reads null and another project may link it.
 */
export async function deleteProject(db: DB, id: string, now: Date): Promise<void> {
  const [row] = await db
    .update(projects)
    .set({ deletedAt: now, updatedAt: now })
    .where(liveProject(id))
    .returning({ id: projects.id });
  if (!row) throw notFound('Project', id);
}

async function requireLiveProject(db: DB, id: string): Promise<void> {
  const [row] = await db.select({ id: projects.id }).from(projects).where(liveProject(id)).limit(1);
  if (!row) throw notFound('Project', id);
}
