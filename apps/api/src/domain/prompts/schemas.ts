import { z } from '@hono/zod-openapi';
import { authorTypes, dispatchOutcomes, goalStatuses, projectHealths, projectStatuses, versionStatuses } from '../../db/schema';
import { IssueRefSchema, isoTimestamp } from '../common-schemas';
import { CommitSchema, PullRequestSchema } from '../issues/schemas';

// The presenters live beside the row types; re-exported so callers find schemas and presenters together.
export { presentReview, presentTemplate, presentVersion, type ReviewRow, type TemplateRow, type VersionRow } from './present';

export const VersionStatusSchema = z.enum(versionStatuses).openapi('VersionStatus');
export const AuthorTypeSchema = z.enum(authorTypes);

/** Mirrors the database CHECK so a bad slug is a 422 naming the field, never a constraint error. */
export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const reservedSlugs = ['preview'] as const;

export const SlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(slugPattern, 'must be lowercase letters, digits and single hyphens (e.g. "task-execute")')
  .refine((slug) => !(reservedSlugs as readonly string[]).includes(slug), 'is reserved')
  .openapi({ example: 'task-execute' });

export const ConditionsSchema = z.record(z.string(), z.unknown()).openapi({
  description:
    'Every key must match the issue: scalars (`type`, `status`, `priority`, `signalSource`, `projectId`, `hasFailedSessions`, ' +
    '`hypothesisConfidence`) by equality, `labels` when the issue carries all listed label names. An unknown key never matches.',
  example: { type: 'task', labels: ['frontend'] },
});

const SpecificitySchema = z
  .number()
  .int()
  .min(-1_000_000)
  .max(1_000_000)
  .openapi({ description: 'Higher wins among matching templates', example: 10 });

/** Handlebars source; compiled on write (a template that does not compile is a 422). */
const ContentSchema = z.string().min(1).max(200_000);

export const VersionSchema = z
  .object({
    id: z.string(),
    templateId: z.string(),
    version: z.number().int().openapi({ description: '1, 2, 3 … per template', example: 2 }),
    content: z.string(),
    changelog: z.string().nullable(),
    authorType: AuthorTypeSchema,
    authorName: z.string().nullable(),
    status: VersionStatusSchema,
    activatedAt: isoTimestamp.nullable().openapi({ description: 'When the version last became active' }),
    usageCount: z.number().int(),
    completionRate: z.number().nullable().openapi({ description: 'done ÷ finished claims, 0–1' }),
    avgDurationMs: z.number().nullable(),
    reviewScore: z
      .number()
      .nullable()
      .openapi({ description: 'Mean over its reviews of (clarity + completeness + relevance) / 3' }),
    createdAt: isoTimestamp,
  })
  .openapi('PromptVersion');

export const TemplateSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    conditions: z.record(z.string(), z.unknown()),
    specificity: z.number().int(),
    projectId: z.string().nullable(),
    activeVersionId: z.string().nullable(),
    improvementIssueId: z
      .string()
      .nullable()
      .openapi({ description: 'The latest prompt-improvement issue opened for this template' }),
    activeVersion: VersionSchema.nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .openapi('PromptTemplate');

export const CreateTemplateBody = z
  .strictObject({
    slug: SlugSchema,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).nullable().optional(),
    conditions: ConditionsSchema.optional(),
    specificity: SpecificitySchema.optional(),
    projectId: z.string().min(1).nullable().optional(),
    content: ContentSchema.optional().openapi({ description: 'When given, version 1 is created active' }),
  })
  .openapi('CreatePromptTemplate', {
    example: {
      slug: 'frontend-task',
      name: 'Frontend task',
      conditions: { type: 'task', labels: ['frontend'] },
      specificity: 20,
      content: '# {{issue.title}}\n\n{{issue.description}}\n\n{{> review_instructions}}',
    },
  });

export const UpdateTemplateBody = z
  .strictObject({
    slug: SlugSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(10_000).nullable().optional(),
    conditions: ConditionsSchema.optional(),
    specificity: SpecificitySchema.optional(),
    projectId: z.string().min(1).nullable().optional(),
  })
  .openapi('UpdatePromptTemplate', { example: { specificity: 30 } });

export const CreateVersionBody = z
  .strictObject({
    content: ContentSchema,
    changelog: z.string().max(10_000).nullable().optional(),
    authorName: z.string().trim().min(1).max(200),
    authorType: AuthorTypeSchema,
    status: z
      .enum(['draft', 'active'])
      .optional()
      .openapi({ description: '`draft` (default), or `active` to promote it at once' }),
  })
  .openapi('CreatePromptVersion', {
    example: {
      content: '# {{issue.title}}\n\n{{> api_reference}}\n\n{{> review_instructions}}',
      changelog: 'Shorter instructions',
      authorName: 'claude',
      authorType: 'agent',
    },
  });

export const UpdateVersionBody = z
  .strictObject({
    status: z.enum(['active', 'retired']).openapi({
      description: '`active` promotes the version (the previous active one retires); `retired` retires it',
    }),
  })
  .openapi('UpdatePromptVersion', { example: { status: 'active' } });

const ScoreSchema = z.number().int().min(1).max(5).openapi({ example: 4 });

export const ReviewSchema = z
  .object({
    id: z.string(),
    versionId: z.string(),
    issueId: z.string(),
    clarity: z.number().int(),
    completeness: z.number().int(),
    relevance: z.number().int(),
    feedback: z.string().nullable(),
    authorType: AuthorTypeSchema,
    createdAt: isoTimestamp,
  })
  .openapi('PromptReview');

export const CreateReviewBody = z
  .strictObject({
    versionId: z.string().min(1),
    issueId: IssueRefSchema,
    clarity: ScoreSchema,
    completeness: ScoreSchema,
    relevance: ScoreSchema,
    feedback: z.string().max(20_000).nullable().optional(),
    authorType: AuthorTypeSchema,
  })
  .openapi('CreatePromptReview', {
    example: {
      versionId: 'k3v9q2w8x7c6b5n4m3l2j1h0',
      issueId: 42,
      clarity: 4,
      completeness: 3,
      relevance: 5,
      feedback: 'Say where the test fixtures live.',
      authorType: 'agent',
    },
  });

const average = z.number().nullable().openapi({ description: 'Rounded to 2 decimals; null without reviews' });
export const ReviewAveragesSchema = z
  .object({ clarity: average, completeness: average, relevance: average, overall: average })
  .openapi('PromptReviewAverages');

// ---- The dispatch context: what a prompt is rendered from (also embedded by /dispatch/next). ----

export const ContextLabelSchema = z.object({ id: z.string(), name: z.string(), color: z.string() }).openapi('DispatchLabel');

export const ContextGoalSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    metric: z.string().nullable(),
    targetValue: z.number().nullable(),
    currentValue: z.number().nullable(),
    unit: z.string().nullable(),
    status: z.enum(goalStatuses),
  })
  .openapi('DispatchGoal');

export const ContextProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(projectStatuses),
    health: z.enum(projectHealths),
  })
  .openapi('DispatchProject');

export const PreviousSessionSchema = z
  .object({
    dispatchId: z.string(),
    outcome: z.enum(dispatchOutcomes),
    claimedAt: isoTimestamp,
    leaseExpiresAt: isoTimestamp,
    finishedAt: isoTimestamp.nullable(),
    agentSessionId: z.string().nullable(),
    summary: z.string().nullable(),
    commits: z.array(CommitSchema).nullable(),
    pullRequests: z.array(PullRequestSchema).nullable(),
    versionId: z.string().nullable(),
  })
  .openapi('PreviousSession', {
    description: 'An earlier claim of the issue, with what its agent reported during it (kept when the lease expired too)',
  });

export const PreviewSchema = z
  .object({
    template: TemplateSchema.nullable().openapi({ description: 'null when the built-in minimal prompt would be used' }),
    version: VersionSchema.nullable(),
    prompt: z.string(),
  })
  .openapi('PromptPreview');

export type Template = z.infer<typeof TemplateSchema>;
export type Version = z.infer<typeof VersionSchema>;
export type Review = z.infer<typeof ReviewSchema>;
export type ReviewAverages = z.infer<typeof ReviewAveragesSchema>;
export type CreateTemplateInput = z.infer<typeof CreateTemplateBody>;
export type UpdateTemplateInput = z.infer<typeof UpdateTemplateBody>;
export type CreateVersionInput = z.infer<typeof CreateVersionBody>;
export type UpdateVersionInput = z.infer<typeof UpdateVersionBody>;
export type CreateReviewInput = z.infer<typeof CreateReviewBody>;
export type ContextLabel = z.infer<typeof ContextLabelSchema>;
export type ContextGoal = z.infer<typeof ContextGoalSchema>;
export type ContextProject = z.infer<typeof ContextProjectSchema>;
export type PreviousSession = z.infer<typeof PreviousSessionSchema>;
