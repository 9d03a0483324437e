import { z } from '@hono/zod-openapi';
import { dispatchOutcomes, issueStatuses, issueTypes, relationTypes } from '../../db/schema';
import { cursorPaginationQuery, IssueRefSchema, isoTimestamp } from '../common-schemas';
import { LabelSummarySchema } from '../labels/schemas';
import { ProjectStatusSchema } from '../projects/schemas';

/** Bodies name issues by id or number; re-exported so every domain finds it beside the issue schemas. */
export { IssueRefSchema };

/**
 * `X | null` for a named component: `.nullable()` would make the generator mark the shared component
 * itself as nullable wherever it is referenced.
 */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

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

/**
 * An issue as every endpoint returns it: its table's columns in camelCase, minus `deletedAt`. The one
 * list of the issue's fields: the presenter and the list's select derive from it (present.ts).
 */
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
    hypothesis: orNull(HypothesisSchema),
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

export const RelationTypeSchema = z.enum(relationTypes).openapi('RelationType', {
  description: 'Seen from the issue being read: `blocks` / `blocked_by` are each other\'s inverse',
});

/** A relation as one issue sees it: the type from its side, and the other issue. */
export const IssueRelationSchema = z
  .object({ id: z.string(), type: RelationTypeSchema, issue: IssueSummarySchema })
  .openapi('IssueRelation');

/** How every resource embeds a project (api.md "Summaries"). */
export const ProjectSummarySchema = z
  .object({ id: z.string(), name: z.string(), status: ProjectStatusSchema })
  .openapi('ProjectSummary');

/** One claim of the issue by an agent, as the issue's page lists them. */
export const IssueSessionSchema = z
  .object({
    dispatchId: z.string(),
    outcome: z.enum(dispatchOutcomes).openapi({ description: '`claimed` while the claim is open' }),
    claimedAt: isoTimestamp,
    leaseExpiresAt: isoTimestamp,
    finishedAt: isoTimestamp.nullable(),
    agentSessionId: z.string().nullable(),
    summary: z.string().nullable(),
    commits: z.array(CommitSchema).nullable().openapi({ description: 'What the agent reported during this claim' }),
    pullRequests: z.array(PullRequestSchema).nullable(),
    templateSlug: z.string().nullable().openapi({ description: 'Null when the built-in minimal prompt was used' }),
    versionId: z.string().nullable(),
    versionNumber: z.number().int().nullable(),
  })
  .openapi('IssueSession');

export const IssueDetailSchema = IssueSchema.extend({
  parent: orNull(IssueSummarySchema),
  children: z.array(IssueSummarySchema),
  project: ProjectSummarySchema.nullable(),
  labels: z.array(LabelSummarySchema),
  relations: z.array(IssueRelationSchema),
  sessions: z.array(IssueSessionSchema).openapi({ description: 'Every claim of the issue by an agent, newest first' }),
}).openapi('IssueDetail');

export type IssueSummary = z.infer<typeof IssueSummarySchema>;
export type Issue = z.infer<typeof IssueSchema>;
export type IssueRelation = z.infer<typeof IssueRelationSchema>;
export type IssueDetail = z.infer<typeof IssueDetailSchema>;

// ---- request bodies -------------------------------------------------------------------------

const Title = z.string().trim().min(1).max(500).openapi({ example: 'Checkout error rate above 2%' });
const Description = z.string().max(100_000).openapi({ description: 'Markdown' });
const LabelIds = z
  .array(z.string().min(1))
  .max(50)
  .openapi({ description: 'The complete set of label ids (duplicates are ignored)' });
const ShortText = z.string().min(1).max(500);
const SignalPayload = z.record(z.string(), z.unknown());

export const CreateIssueBody = z
  .strictObject({
    title: Title,
    type: IssueTypeSchema,
    description: Description.nullable().optional(),
    status: IssueStatusSchema.optional().openapi({ description: 'Defaults to `triage`' }),
    priority: PrioritySchema.optional(),
    parentId: IssueRefSchema.nullable().optional(),
    projectId: z.string().min(1).nullable().optional(),
    labelIds: LabelIds.optional(),
    signalSource: ShortText.nullable().optional(),
    signalPayload: SignalPayload.nullable().optional(),
    hypothesis: orNull(HypothesisSchema).optional(),
  })
  .openapi('CreateIssue', {
    example: { title: 'Checkout error rate above 2%', type: 'task', priority: 2, parentId: 12, labelIds: [] },
  });

export const UpdateIssueBody = z
  .strictObject({
    title: Title.optional(),
    type: IssueTypeSchema.optional(),
    description: Description.nullable().optional(),
    status: IssueStatusSchema.optional(),
    priority: PrioritySchema.optional(),
    parentId: IssueRefSchema.nullable().optional(),
    projectId: z.string().min(1).nullable().optional(),
    labelIds: LabelIds.optional(),
    signalSource: ShortText.nullable().optional(),
    signalPayload: SignalPayload.nullable().optional(),
    hypothesis: orNull(HypothesisSchema).optional(),
    agentSessionId: ShortText.nullable().optional(),
    agentSummary: z.string().max(100_000).nullable().optional(),
    commits: z.array(CommitSchema).max(500).nullable().optional(),
    pullRequests: z.array(PullRequestSchema).max(100).nullable().optional(),
  })
  .openapi('UpdateIssue', {
    description: 'Only the fields sent change; `null` clears a nullable field; `labelIds` replaces the whole set',
    example: { status: 'done', agentSummary: 'Fixed the null check in checkout', labelIds: [] },
  });

export type CreateIssueInput = z.infer<typeof CreateIssueBody>;
export type UpdateIssueInput = z.infer<typeof UpdateIssueBody>;

// ---- list query -----------------------------------------------------------------------------

/** A query value that may be repeated (`?status=a&status=b`) or comma-separated (`?status=a,b`). */
function listQuery<const T extends string>(allowed: readonly T[], description: string, example: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((raw, ctx): T[] | undefined => {
      if (raw === undefined) return undefined;
      const values = (Array.isArray(raw) ? raw : [raw]).flatMap((part) => part.split(',')).map((part) => part.trim());
      const unknown = values.filter((value) => !(allowed as readonly string[]).includes(value));
      if (unknown.length > 0) {
        const names = unknown.map((value) => JSON.stringify(value)).join(', ');
        ctx.addIssue({ code: 'custom', message: `unknown value ${names}; expected one of ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(values as T[])];
    })
    .openapi({ type: 'string', description, example });
}

const priorities = ['0', '1', '2', '3', '4'] as const;

/** An instant in a query: an ISO 8601 timestamp (with `Z` or an offset) or a date (midnight UTC). */
const instantQuery = (description: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): Date | undefined => {
      if (raw === undefined) return undefined;
      const valid = z.iso.datetime({ offset: true }).or(z.iso.date()).safeParse(raw);
      const date = new Date(raw);
      if (!valid.success || Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 timestamp such as 2026-11-22T15:04:05Z' });
        return z.NEVER;
      }
      return date;
    })
    .openapi({ type: 'string', format: 'date-time', description });

const sortValues = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'priority', '-priority', 'number', '-number'] as const;
export type IssueSort = (typeof sortValues)[number];

export const ListIssuesQuery = z.object({
  ...cursorPaginationQuery,
  status: listQuery(issueStatuses, 'Only these statuses (comma-separated)', 'todo,in_progress'),
  type: listQuery(issueTypes, 'Only these types (comma-separated)', 'task,plan'),
  priority: listQuery(priorities, 'Only these priorities 0–4 (comma-separated)', '1,2'),
  projectId: z.string().min(1).optional().openapi({ description: 'Only issues of this project' }),
  labelId: z.string().min(1).optional().openapi({ description: 'Only issues carrying this label' }),
  parentId: z.string().min(1).optional().openapi({ description: 'Only children of this issue (id or number)', example: '12' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Words that must all start a word of the title or description (prefix match)', example: 'checkout err' }),
  createdAfter: instantQuery('Only issues created strictly after this instant'),
  createdBefore: instantQuery('Only issues created strictly before this instant'),
  sort: z
    .enum(sortValues)
    .default('-createdAt')
    .openapi({ description: 'Sort key; a leading `-` sorts descending. Ties are broken by id.' }),
});

export type ListIssuesFilters = z.infer<typeof ListIssuesQuery>;
