import { sql } from 'drizzle-orm';
import { doublePrecision, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, softDelete, timestamps } from './columns';
import { goalDirectionEnum, goalStatusEnum, projectHealthEnum, projectStatusEnum } from './enums';

export const goals = pgTable(
  'goals',
  {
    id: id(),
    title: text('title').notNull(),
    description: text('description'),
    metric: text('metric'),
    targetValue: doublePrecision('target_value'),
    currentValue: doublePrecision('current_value'),
    unit: text('unit'),
    direction: goalDirectionEnum('direction').notNull().default('increase'),
    status: goalStatusEnum('status').notNull().default('active'),
    ...timestamps(),
    ...softDelete(),
  },
  (t) => [index('goals_status_idx').on(t.status).where(sql`${t.deletedAt} is null`)],
);

export const projects = pgTable(
  'projects',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    status: projectStatusEnum('status').notNull().default('backlog'),
    health: projectHealthEnum('health').notNull().default('on_track'),
    // The project ↔ goal link lives here only; "a goal's project" is read through this column.
    goalId: text('goal_id').references(() => goals.id),
    ...timestamps(),
    ...softDelete(),
  },
  (t) => [
    // A goal belongs to at most one live project.
    uniqueIndex('projects_goal_id_live_key').on(t.goalId).where(sql`${t.deletedAt} is null`),
    index('projects_goal_id_idx').on(t.goalId),
    index('projects_status_idx').on(t.status).where(sql`${t.deletedAt} is null`),
    index('projects_created_at_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
  ],
);
