import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import { type IssueStatus, type IssueType, promptReviews } from '../../db/schema';
import { closedStatusesSql } from '../issues/status';
import { isoOrNull } from '../time';
import { hasLowScore, type LowScoreThresholds, reviewScoreOf } from '../prompts/reviews';
import { versionAvgDurationSql, versionCompletionRateSql, versionUsageSql } from '../prompts/usage';
import type { PromptHealth } from './schemas';

interface PromptHealthRow extends Record<string, unknown> {
  id: string;
  slug: string;
  name: string;
  project_id: string | null;
  version_id: string | null;
  version: number | null;
  activated_at: Date | string | null;
  usage_count: string | number | null;
  completion_rate: number | null;
  avg_duration_ms: number | null;
  review_score: number | null;
  total_usage: string | number;
  total_completion_rate: number | null;
  review_count: string | number;
  clarity: number | null;
  completeness: number | null;
  relevance: number | null;
  overall: number | null;
  overall_exact: number | null;
  improvement_id: string | null;
  improvement_number: number | null;
  improvement_title: string | null;
  improvement_type: IssueType | null;
  improvement_status: IssueStatus | null;
  improvement_priority: number | null;
  total: string | number;
}

/** The lateral subquery's `review`: the rows the review score is averaged over. */
const review = alias(promptReviews, 'review');

const round2 = (expression: ReturnType<typeof sql>) => sql`round((${expression})::numeric, 2)::float8`;

/**
 * Prompt health per live template, by slug, in one statement: the active version and its metrics,
 * usage and completion over all versions, the active version's review averages, the attention flag
 * and the open improvement issue.
 */
export async function listPromptHealth(
  db: DB,
  thresholds: LowScoreThresholds,
  page: { limit: number; offset: number },
): Promise<{ items: PromptHealth[]; total: number }> {
  const rows = await rawRows<PromptHealthRow>(
    db,
    sql`select prompt_templates.id, prompt_templates.slug, prompt_templates.name, prompt_templates.project_id,
        active.id as version_id, active.version, active.activated_at, ${versionUsageSql(sql`active.id`)} as usage_count,
        ${versionCompletionRateSql(sql`active.id`)} as completion_rate,
        ${versionAvgDurationSql(sql`active.id`)} as avg_duration_ms, active.review_score,
        (select count(*) from dispatches used join prompt_versions every_version on every_version.id = used.version_id
          where every_version.template_id = prompt_templates.id) as total_usage,
        (select (count(*) filter (where claim.outcome = 'done'))::float8 / nullif(count(*) filter (where claim.outcome <> 'claimed'), 0)
          from dispatches claim where claim.template_id = prompt_templates.id) as total_completion_rate,
        reviews.review_count, reviews.clarity, reviews.completeness, reviews.relevance, reviews.overall, reviews.overall_exact,
        improvement.id as improvement_id, improvement.number as improvement_number, improvement.title as improvement_title,
        improvement.type as improvement_type, improvement.status as improvement_status, improvement.priority as improvement_priority,
        count(*) over () as total
      from prompt_templates
      left join prompt_versions active on active.id = prompt_templates.active_version_id and active.status = 'active'
      left join lateral (
        select count(*) as review_count,
          ${round2(sql`avg(review.clarity)`)} as clarity,
          ${round2(sql`avg(review.completeness)`)} as completeness,
          ${round2(sql`avg(review.relevance)`)} as relevance,
          ${round2(sql`avg(${reviewScoreOf(review)})`)} as overall,
          avg(${reviewScoreOf(review)})::float8 as overall_exact
        from prompt_reviews review where review.version_id = active.id
      ) reviews on true
      left join issues improvement on improvement.id = prompt_templates.improvement_issue_id
        and improvement.deleted_at is null and improvement.status not in ${closedStatusesSql}
      where prompt_templates.deleted_at is null
      order by prompt_templates.slug asc, prompt_templates.id asc
      limit ${page.limit} offset ${page.offset}`,
  );
  const total =
    rows.length > 0
      ? Number(rows[0]!.total)
      : page.offset === 0
        ? 0
        : await countLiveTemplates(db);
  return { items: rows.map((row) => presentPromptHealth(row, thresholds)), total };
}

async function countLiveTemplates(db: DB): Promise<number> {
  const [row] = await rawRows<{ total: string | number }>(
    db,
    sql`select count(*) as total from prompt_templates where deleted_at is null`,
  );
  return Number(row?.total ?? 0);
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function presentPromptHealth(row: PromptHealthRow, thresholds: LowScoreThresholds): PromptHealth {
  const reviewCount = Number(row.review_count);
  return {
    template: { id: row.id, slug: row.slug, name: row.name, projectId: row.project_id },
    activeVersion: row.version_id
      ? {
          id: row.version_id,
          version: Number(row.version),
          activatedAt: isoOrNull(row.activated_at === null ? null : new Date(row.activated_at)),
          usageCount: Number(row.usage_count),
          completionRate: numberOrNull(row.completion_rate),
          avgDurationMs: numberOrNull(row.avg_duration_ms),
          reviewScore: numberOrNull(row.review_score),
        }
      : null,
    usageCount: Number(row.total_usage),
    completionRate: numberOrNull(row.total_completion_rate),
    reviews: {
      count: reviewCount,
      clarity: numberOrNull(row.clarity),
      completeness: numberOrNull(row.completeness),
      relevance: numberOrNull(row.relevance),
      overall: numberOrNull(row.overall),
    },
    needsAttention: hasLowScore({ count: reviewCount, average: numberOrNull(row.overall_exact) }, thresholds),
    improvementIssue:
      row.improvement_id && row.improvement_type && row.improvement_status
        ? {
            id: row.improvement_id,
            number: Number(row.improvement_number),
            title: row.improvement_title ?? '',
            type: row.improvement_type,
            status: row.improvement_status,
            priority: Number(row.improvement_priority),
          }
        : null,
  };
}
