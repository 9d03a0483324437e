import { z } from '@hono/zod-openapi';
import { cursorPaginationQuery, isoTimestamp } from '../common-schemas';
import { CommitSchema, IssueSchema, IssueSummarySchema, ProjectSummarySchema, PullRequestSchema } from '../issues/schemas';
import { ContextGoalSchema, ContextLabelSchema, PreviousSessionSchema } from '../prompts/schemas';
import { dispatchStatuses } from './status';

const projectIdFilter = z.string().min(1).optional().openapi({
  description: 'Only issues of this project (an unknown project matches nothing)',
  example: 'tz4a98xxat96iws9zmbrgj3a',
});

export const QueueQuery = z.object({ projectId: projectIdFilter, ...cursorPaginationQuery });
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
      description:
        'Report back (PATCH the issue) before this, or extend it with `POST /dispatches/{dispatchId}/heartbeat`; ' +
        'afterwards the issue is handed out again',
    }),
    review: ReviewInstructionsSchema.nullable().openapi({
      description: 'null when no template version was used (nothing to review)',
    }),
  })
  .openapi('DispatchMeta', {
    description: 'Send `dispatchId` as the `Loop-Dispatch-Id` header on every report about this claim',
  });

/** The claimed issue with the same context its prompt was rendered from. */
export const DispatchedIssueSchema = IssueSchema.extend({
  project: ProjectSummarySchema.nullable(),
  goal: ContextGoalSchema.nullable().openapi({ description: "The project's goal, with its metric and progress: what the work is for" }),
  parent: IssueSchema.nullable().openapi({ description: 'The whole parent issue: its description and hypothesis frame the work' }),
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

export const DispatchIdParams = z.object({
  dispatchId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'dispatchId', in: 'path' }, description: "The claim's `meta.dispatchId`", example: 'k3v9q2w8x7c6b5n4m3l2j1h0' }),
});

export const LeaseSchema = z
  .object({
    dispatchId: z.string(),
    leaseExpiresAt: isoTimestamp.openapi({ description: 'now + DISPATCH_LEASE_SECONDS' }),
  })
  .openapi('DispatchLease');

export const DispatchStatusSchema = z.enum(dispatchStatuses).openapi('DispatchStatus', {
  description:
    '`open` while the lease runs; `expired` once it has run out (even before another claim closes it); ' +
    'else how the claim closed: `done`, `canceled`, or `released` (the issue was given back)',
});

/** A claim as `GET /dispatches/{dispatchId}` reads it: whose, which prompt, how it stands, what was reported. */
export const DispatchRecordSchema = z
  .object({
    dispatchId: z.string(),
    issue: IssueSummarySchema,
    status: DispatchStatusSchema,
    templateId: z.string().nullable(),
    templateSlug: z.string().nullable(),
    versionId: z.string().nullable(),
    versionNumber: z.number().int().nullable(),
    claimedAt: isoTimestamp,
    leaseExpiresAt: isoTimestamp,
    finishedAt: isoTimestamp.nullable(),
    summary: z.string().nullable().openapi({ description: "The agent's `agentSummary` reported during this claim" }),
    agentSessionId: z.string().nullable(),
    commits: z.array(CommitSchema).nullable(),
    pullRequests: z.array(PullRequestSchema).nullable(),
  })
  .openapi('DispatchRecord');

export type DispatchedIssue = z.infer<typeof DispatchedIssueSchema>;
export type DispatchRecord = z.infer<typeof DispatchRecordSchema>;
export type Lease = z.infer<typeof LeaseSchema>;
export type Dispatch = z.infer<typeof DispatchSchema>;
export type ScoreBreakdownBody = z.infer<typeof ScoreBreakdownSchema>;
export type QueueEntry = z.infer<typeof QueueEntrySchema>;
export type DispatchMeta = z.infer<typeof DispatchMetaSchema>;
