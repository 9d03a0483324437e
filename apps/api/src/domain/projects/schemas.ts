import { z } from '@hono/zod-openapi';
import { issueStatuses, projectHealths, projectStatuses } from '../../db/schema';
import { isoTimestamp, paginationQuery } from '../common-schemas';
import { goalExample, GoalSchema } from '../goals/schemas';
import { statusListQuery } from './status-list';

export const ProjectStatusSchema = z.enum(projectStatuses).openapi('ProjectStatus');
export const ProjectHealthSchema = z.enum(projectHealths).openapi('ProjectHealth');

const name = z.string().trim().min(1).max(200);
const description = z.string().max(50_000).nullable();
const goalId = z
  .string()
  .min(1)
  .nullable()
  .openapi({ description: 'The goal this project pursues; null unlinks it. A goal belongs to at most one live project.' });

const projectExample = {
  id: 'tz4a98xxat96iws9zmbrgj3a',
  name: 'Checkout reliability',
  description: 'Make the checkout flow boringly reliable.',
  status: 'active' as const,
  health: 'at_risk' as const,
  goalId: 'k7x2c9v0bq3m8n1p5r6s4t2w',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-22T15:04:05.000Z',
};

/** A project as lists return it: its table's columns in camelCase, minus `deletedAt`. */
export const ProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: ProjectStatusSchema,
    health: ProjectHealthSchema,
    goalId: z.string().nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .openapi('Project', { example: projectExample });

export const IssueCountsSchema = z
  .object(Object.fromEntries(issueStatuses.map((status) => [status, z.number().int()])) as Record<
    (typeof issueStatuses)[number],
    z.ZodNumber
  >)
  .openapi('IssueCounts', {
    description: "Live issues of the project by status; every status is present, zero included",
    example: { triage: 1, backlog: 3, todo: 2, in_progress: 1, done: 5, canceled: 0 },
  });

/** One project with its goal (or null) and its issue counts: what GET, POST and PATCH return. */
export const ProjectDetailSchema = ProjectSchema.extend({
  // A union rather than `.nullable()`: the generator would otherwise mark the shared Goal component
  // itself as nullable everywhere it is referenced.
  goal: z.union([GoalSchema, z.null()]).openapi({ description: 'The linked goal, or null' }),
  issueCounts: IssueCountsSchema,
}).openapi('ProjectDetail', {
  example: {
    ...projectExample,
    goal: { ...goalExample, projectId: projectExample.id },
    issueCounts: { triage: 1, backlog: 3, todo: 2, in_progress: 1, done: 5, canceled: 0 },
  },
});

export const CreateProjectBody = z
  .strictObject({
    name,
    description: description.optional(),
    status: ProjectStatusSchema.optional(),
    health: ProjectHealthSchema.optional(),
    goalId: goalId.optional(),
  })
  .openapi('CreateProject', {
    example: { name: 'Checkout reliability', description: 'Make the checkout flow boringly reliable.', status: 'active' },
  });

/** Every field optional; `null` clears `description` or unlinks the goal. */
export const UpdateProjectBody = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    status: ProjectStatusSchema.optional(),
    health: ProjectHealthSchema.optional(),
    goalId: goalId.optional(),
  })
  .openapi('UpdateProject', { example: { health: 'at_risk', goalId: 'k7x2c9v0bq3m8n1p5r6s4t2w' } });

export const ProjectListQuery = z.object({
  status: statusListQuery(projectStatuses),
  ...paginationQuery,
});

export type Project = z.infer<typeof ProjectSchema>;
export type ProjectDetail = z.infer<typeof ProjectDetailSchema>;
export type IssueCounts = z.infer<typeof IssueCountsSchema>;
export type CreateProjectInput = z.infer<typeof CreateProjectBody>;
export type UpdateProjectInput = z.infer<typeof UpdateProjectBody>;
export type ProjectListFilters = z.infer<typeof ProjectListQuery>;
