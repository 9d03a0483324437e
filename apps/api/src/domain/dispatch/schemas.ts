import { z } from '@hono/zod-openapi';
import { isoTimestamp, paginationQuery } from '../../http/schemas';
import { IssueSchema, IssueSummarySchema } from '../issues/schemas';
import {
  ContextGoalSchema,
  ContextLabelSchema,
  ContextProjectSchema,
  PreviousSessionSchema,
} from '../prompts/schemas';

const projectIdFilter = z.string().min(1).optional().openapi({
  description: 'Only issues of this project (an unknown project matches nothing)',
  example: 'tz4a98xxat96iws9zmbrgj3a',
});

export const QueueQuery = z.object({ projectId: projectIdFilter, ...paginationQuery });
export const NextQuery = z.object({ projectId: projectIdFilter });

export const ScoreBreakdownSchema = z
  .object({
    priority: z.number().int().openapi({ description: 'urgent 100, high 75, medium 50, low 25, none 10' }),
    goal: z.number().int().openapi({ description: "20 when the issue's project has an active goal, else 0" }),
    age: z.number().int().openapi({ description: 'One per full day since the status last changed' }),
    total: z.number().int(),
  })
  .openapi('ScoreBreakdown', { example: { priority: 75, goal: 20, age: 3, total: 98 } });

export const QueueEntrySchema = z
  .object({
    issue: IssueSummarySchema,
    score: z.number().int(),
    breakdown: ScoreBreakdownSchema,
  })
  .openapi('QueueEntry', {
    example: {
      issue: { id: 'c0a1b2c3d4e5f6g7h8i9j0k1', number: 42, title: 'Checkout 500s', type: 'signal', status: 'triage', priority: 2 },
      score: 98,
      breakdown: { priority: 75, goal: 20, age: 3, total: 98 },
    },
  });

export const ReviewInstructionsSchema = z
  .object({
    method: z.literal('POST'),
    path: z.literal('/api/v1/prompt-reviews'),
    body: z.object({ versionId: z.string(), issueId: z.string() }),
  })
  .openapi('ReviewInstructions', {
    description: 'How to rate the prompt: send these fields plus clarity, completeness, relevance (1–5) and authorType',
  });

export const DispatchMetaSchema = z
  .object({
    dispatchId: z.string(),
    templateSlug: z.string().nullable().openapi({ description: 'null when the built-in minimal prompt was used' }),
    templateId: z.string().nullable(),
    versionId: z.string().nullable(),
    versionNumber: z.number().int().nullable(),
    claimedAt: isoTimestamp,
    leaseExpiresAt: isoTimestamp.openapi({
      description: 'Report back (PATCH the issue) before this; afterwards the issue is handed out again',
    }),
    review: ReviewInstructionsSchema.nullable().openapi({
      description: 'null when no template version was used (nothing to review)',
    }),
  })
  .openapi('DispatchMeta');

/** The claimed issue with the same context its prompt was rendered from. */
export const DispatchedIssueSchema = IssueSchema.extend({
  project: ContextProjectSchema.nullable(),
  goal: ContextGoalSchema.nullable().openapi({ description: "The project's goal" }),
  parent: IssueSchema.nullable(),
  children: z.array(IssueSummarySchema).openapi({ description: 'When the issue is a root' }),
  siblings: z.array(IssueSummarySchema).openapi({ description: "When the issue is a child: its parent's other children" }),
  labels: z.array(ContextLabelSchema),
  blockedBy: z.array(IssueSummarySchema),
  blocking: z.array(IssueSummarySchema),
  previousSessions: z.array(PreviousSessionSchema).openapi({
    description: 'Earlier claims of this issue, oldest first (e.g. an attempt whose lease expired)',
  }),
}).openapi('DispatchedIssue');

export const DispatchSchema = z
  .object({
    issue: DispatchedIssueSchema,
    prompt: z.string().openapi({ description: 'The rendered markdown prompt to follow' }),
    meta: DispatchMetaSchema,
  })
  .openapi('Dispatch');

export type DispatchedIssue = z.infer<typeof DispatchedIssueSchema>;
export type Dispatch = z.infer<typeof DispatchSchema>;
export type ScoreBreakdownBody = z.infer<typeof ScoreBreakdownSchema>;
export type QueueEntry = z.infer<typeof QueueEntrySchema>;
export type DispatchMeta = z.infer<typeof DispatchMetaSchema>;
