import { z } from '@hono/zod-openapi';
import { issueStatuses, issueTypes } from '../../db/schema';
import { isoTimestamp } from '../../http/schemas';

export const IssueTypeSchema = z.enum(issueTypes).openapi('IssueType');
export const IssueStatusSchema = z.enum(issueStatuses).openapi('IssueStatus');
export const PrioritySchema = z
  .number()
  .int()
  .min(0)
  .max(4)
  .openapi({ description: '0 none, 1 urgent, 2 high, 3 medium, 4 low', example: 2 });

export const HypothesisSchema = z
  .strictObject({
    statement: z.string().min(1),
    confidence: z.number().min(0).max(1),
    evidence: z.array(z.string()),
    validationCriteria: z.string(),
    prediction: z.string().optional(),
  })
  .openapi('Hypothesis');

export const CommitSchema = z.strictObject({ sha: z.string().min(1), message: z.string(), url: z.url().optional() });
export const PullRequestSchema = z.strictObject({
  number: z.number().int().positive(),
  url: z.url(),
  status: z.string(),
  merged: z.boolean(),
});

export const IssueSummarySchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    title: z.string(),
    type: IssueTypeSchema,
    status: IssueStatusSchema,
    priority: z.number().int(),
  })
  .openapi('IssueSummary');

/** An issue as every endpoint returns it: its table's columns in camelCase, minus `deletedAt`. */
export const IssueSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    title: z.string(),
    description: z.string().nullable(),
    type: IssueTypeSchema,
    status: IssueStatusSchema,
    priority: z.number().int(),
    parentId: z.string().nullable(),
    projectId: z.string().nullable(),
    signalSource: z.string().nullable(),
    signalPayload: z.record(z.string(), z.unknown()).nullable(),
    hypothesis: HypothesisSchema.nullable(),
    agentSessionId: z.string().nullable(),
    agentSummary: z.string().nullable(),
    commits: z.array(CommitSchema).nullable(),
    pullRequests: z.array(PullRequestSchema).nullable(),
    completedAt: isoTimestamp.nullable(),
    statusChangedAt: isoTimestamp,
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .openapi('Issue');

export type IssueSummary = z.infer<typeof IssueSummarySchema>;
export type Issue = z.infer<typeof IssueSchema>;
