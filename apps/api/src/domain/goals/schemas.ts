import { z } from '@hono/zod-openapi';
import { goalDirections, goalStatuses } from '../../db/schema';
import { isoTimestamp, paginationQuery } from '../common-schemas';
import { statusListQuery } from '../projects/status-list';

export const GoalStatusSchema = z.enum(goalStatuses).openapi('GoalStatus');
export const GoalDirectionSchema = z.enum(goalDirections).openapi('GoalDirection', {
  description: 'Which way the metric should move to meet the target: `decrease` for "error rate below 0.5 %"',
});

/** The progress field as the goal and the dashboard both return it (`goalPercent`). */
export const goalPercentField = z.number().nullable().openapi({
  description:
    'Progress toward the target in percent (0–100, one decimal), following `direction`: 100 only when the target is met; ' +
    'otherwise the distance still to go measured against the target (a `decrease` goal at twice its target or more is 0). ' +
    'Null when `currentValue` or `targetValue` is missing.',
  example: 0,
});

const title = z.string().trim().min(1).max(500);
const description = z.string().max(50_000).nullable();
const metric = z.string().trim().min(1).max(200).nullable();
// zod 4 refuses NaN and ±Infinity, so only finite numbers reach a double precision column.
const measure = z.number().nullable();
const unit = z.string().trim().min(1).max(50).nullable();

export const goalExample = {
  id: 'k7x2c9v0bq3m8n1p5r6s4t2w',
  title: 'Checkout error rate below 0.5%',
  description: 'Fewer customers should hit an error between cart and confirmation.',
  metric: 'checkout_error_rate',
  targetValue: 0.5,
  currentValue: 1.8,
  unit: '%',
  direction: 'decrease' as const,
  percent: 0,
  status: 'active' as const,
  projectId: 'tz4a98xxat96iws9zmbrgj3a',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-22T15:04:05.000Z',
};

/** A goal as every endpoint returns it; `projectId` is read from the live project that links it. */
export const GoalSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    metric: z.string().nullable().openapi({ description: 'What is measured', example: 'checkout_error_rate' }),
    targetValue: z.number().nullable().openapi({ description: 'The value that means the goal is met', example: 0.5 }),
    currentValue: z.number().nullable().openapi({ description: 'The latest measured value', example: 1.8 }),
    unit: z.string().nullable().openapi({ example: '%' }),
    direction: GoalDirectionSchema,
    percent: goalPercentField,
    status: GoalStatusSchema,
    projectId: z.string().nullable().openapi({
      description: 'The live project whose `goalId` names this goal, or null. Change it with PATCH /projects/{id}.',
    }),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .openapi('Goal', { example: goalExample });

export const CreateGoalBody = z
  .strictObject({
    title,
    description: description.optional(),
    metric: metric.optional(),
    targetValue: measure.optional(),
    currentValue: measure.optional(),
    unit: unit.optional(),
    direction: GoalDirectionSchema.optional().openapi({ description: 'Defaults to `increase`' }),
    status: GoalStatusSchema.optional(),
  })
  .openapi('CreateGoal', {
    example: {
      title: 'Checkout error rate below 0.5%',
      metric: 'checkout_error_rate',
      targetValue: 0.5,
      currentValue: 1.8,
      unit: '%',
      direction: 'decrease',
    },
  });

/** Every field optional; `null` clears a nullable one. This is how `currentValue` and `status` move. */
export const UpdateGoalBody = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    metric: metric.optional(),
    targetValue: measure.optional(),
    currentValue: measure.optional(),
    unit: unit.optional(),
    direction: GoalDirectionSchema.optional(),
    status: GoalStatusSchema.optional(),
  })
  .openapi('UpdateGoal', { example: { currentValue: 0.4, status: 'achieved' } });

export const GoalListQuery = z.object({
  status: statusListQuery(goalStatuses),
  projectId: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'Only the goal linked by this project (an unknown project matches nothing)' }),
  ...paginationQuery,
});

export type Goal = z.infer<typeof GoalSchema>;
export type CreateGoalInput = z.infer<typeof CreateGoalBody>;
export type UpdateGoalInput = z.infer<typeof UpdateGoalBody>;
export type GoalListFilters = z.infer<typeof GoalListQuery>;
