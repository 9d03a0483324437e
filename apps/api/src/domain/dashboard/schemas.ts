import { z } from '@hono/zod-openapi';
import { dispatchOutcomes, goalStatuses, issueStatuses, issueTypes, severities } from '../../db/schema';
import { cursorPaginationQuery, isoTimestamp, paginationQuery } from '../common-schemas';
import { GoalDirectionSchema, goalPercentField } from '../goals/schemas';
import { IssueSummarySchema } from '../issues/schemas';

const countsOf = <const K extends readonly string[]>(keys: K) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<K[number], z.ZodNumber>);

export const GoalProgressSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(goalStatuses),
    metric: z.string().nullable(),
    unit: z.string().nullable(),
    currentValue: z.number().nullable(),
    targetValue: z.number().nullable(),
    direction: GoalDirectionSchema,
    percent: goalPercentField,
    project: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: 'The live project linking the goal' }),
  })
  .openapi('GoalProgress');

export const DailyActivitySchema = z.object({
  date: z.string().openapi({ example: '2026-11-22', description: 'A UTC calendar day' }),
  claims: z.number().int(),
  completions: z.number().int(),
});

export const DashboardStatsSchema = z
  .object({
    issues: z.object({
      total: z.number().int(),
      byStatus: countsOf(issueStatuses).openapi({ description: 'Every status present, zero included' }),
      byType: countsOf(issueTypes).openapi({ description: 'Every type present, zero included' }),
    }),
    goals: z.array(GoalProgressSchema).openapi({ description: 'Every live goal, newest first' }),
    queue: z.object({
      ready: z.number().int().openapi({ description: 'Issues GET /dispatch/next could hand out now (the queue depth)' }),
      inProgress: z.number().int(),
    }),
    lastSevenDays: z
      .object({
        since: isoTimestamp.openapi({ description: 'Start of the first day (00:00 UTC six days before today)' }),
        claims: z.number().int().openapi({ description: 'Dispatch claims in the period' }),
        completions: z.number().int().openapi({ description: 'Issues that reached `done` in the period (and are still done)' }),
        daily: z.array(DailyActivitySchema).openapi({ description: 'Seven UTC days, oldest first; today is the last' }),
      })
      .openapi({ description: 'Today (UTC) and the six days before it' }),
  })
  .openapi('DashboardStats');

const activityBase = { at: isoTimestamp, issue: IssueSummarySchema };

export const activityTypes = [
  'signal_received',
  'issue_created',
  'issue_completed',
  'issue_canceled',
  'issue_claimed',
  'prompt_reviewed',
] as const;
export type ActivityType = (typeof activityTypes)[number];

export const ActivitySchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('signal_received'),
      ...activityBase,
      signal: z.object({ id: z.string(), source: z.string(), type: z.string(), severity: z.enum(severities) }),
    }),
    z.object({ type: z.literal('issue_created'), ...activityBase }),
    z.object({ type: z.literal('issue_completed'), ...activityBase }),
    z.object({ type: z.literal('issue_canceled'), ...activityBase }),
    z.object({
      type: z.literal('issue_claimed'),
      ...activityBase,
      dispatch: z.object({
        id: z.string(),
        outcome: z.enum(dispatchOutcomes),
        templateId: z.string().nullable(),
        versionId: z.string().nullable(),
        leaseExpiresAt: isoTimestamp,
        finishedAt: isoTimestamp.nullable(),
      }),
    }),
    z.object({
      type: z.literal('prompt_reviewed'),
      ...activityBase,
      review: z.object({
        id: z.string(),
        versionId: z.string(),
        templateSlug: z.string(),
        clarity: z.number().int(),
        completeness: z.number().int(),
        relevance: z.number().int(),
      }),
    }),
  ])
  .openapi('ActivityEvent', {
    description:
      'One loop event. `issue_created` covers issues not created by a signal (those arrive as `signal_received`); ' +
      '`issue_completed`/`issue_canceled` are stamped with `completedAt`; `issue_claimed` is one dispatch.',
  });

export const ActivityQuery = z.object(cursorPaginationQuery);

const average = z.number().nullable().openapi({ description: 'Rounded to 2 decimals; null without reviews' });

export const PromptHealthSchema = z
  .object({
    template: z.object({ id: z.string(), slug: z.string(), name: z.string(), projectId: z.string().nullable() }),
    activeVersion: z
      .object({
        id: z.string(),
        version: z.number().int(),
        activatedAt: isoTimestamp.nullable(),
        usageCount: z.number().int(),
        completionRate: z.number().nullable(),
        avgDurationMs: z.number().nullable(),
        reviewScore: z.number().nullable(),
      })
      .nullable()
      .openapi({ description: 'null when the template has no active version (selection skips it)' }),
    usageCount: z.number().int().openapi({ description: 'Claims over all versions of the template' }),
    completionRate: z.number().nullable().openapi({ description: 'done ÷ finished claims over all versions, 0–1' }),
    reviews: z
      .object({
        count: z.number().int(),
        clarity: average,
        completeness: average,
        relevance: average,
        overall: average,
      })
      .openapi({ description: "The active version's reviews" }),
    needsAttention: z.boolean().openapi({
      description:
        'The active version averages below PROMPT_REVIEW_THRESHOLD (default 3.5) over at least PROMPT_REVIEW_MIN_COUNT (default 5) ' +
        'reviews: the same rule that opens a prompt-improvement issue',
    }),
    improvementIssue: IssueSummarySchema.nullable().openapi({
      description: 'The open prompt-improvement issue for this template, if any',
    }),
  })
  .openapi('PromptHealth');

export const PromptHealthQuery = z.object(paginationQuery);

export type DashboardStats = z.infer<typeof DashboardStatsSchema>;
export type GoalProgress = z.infer<typeof GoalProgressSchema>;
export type Activity = z.infer<typeof ActivitySchema>;
export type PromptHealth = z.infer<typeof PromptHealthSchema>;
