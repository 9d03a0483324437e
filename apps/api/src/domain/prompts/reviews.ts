import { type AnyColumn, and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { issues, labels, projects, promptReviews, promptTemplates, promptVersions } from '../../db/schema';
import { invalidReference } from '../errors';
import { createIssue } from '../issues/write';
import { findIssueId } from '../issues/reference';
import { isClosedStatus } from '../issues/status';
import { PROMPT_IMPROVEMENT_LABEL } from './defaults';
import { presentReview, type TemplateRow, type VersionRow } from './present';
import { requireTemplate } from './reference';
import type { CreateReviewInput, Review, ReviewAverages } from './schemas';

/** The low-score rule's bounds (PROMPT_REVIEW_THRESHOLD, PROMPT_REVIEW_MIN_COUNT). */
export interface LowScoreThresholds {
  /** A version averaging below this … */
  threshold: number;
  /** … over at least this many reviews needs improving. */
  minCount: number;
}

/**
 * The low-score rule: a version whose reviews average below `threshold` over at least `minCount`
 * reviews needs improving. It takes the exact mean, never the rounded one shown. The improvement
 * trigger opens an issue on it; the dashboard flags the template with it (`needsAttention`).
 */
export function hasLowScore(reviews: { count: number; average: number | null }, thresholds: LowScoreThresholds): boolean {
  return reviews.count >= thresholds.minCount && reviews.average !== null && reviews.average < thresholds.threshold;
}

/** When the improvement trigger fires (from the environment: PROMPT_REVIEW_* and PROMPT_REFRESH_REVIEW_COUNT). */
export interface ImprovementThresholds extends LowScoreThresholds {
  /** A version with this many reviews since it became active is due for a refresh, whatever the scores. */
  refreshCount: number;
}

const improvementLabelColor = '#8b5cf6';

/** One review's score: the mean of its three ratings (`review` is `prompt_reviews` or an alias of it). */
export const reviewScoreOf = (review: Record<'clarity' | 'completeness' | 'relevance', AnyColumn>) =>
  sql<number>`(${review.clarity} + ${review.completeness} + ${review.relevance}) / 3.0`;
const reviewScore = reviewScoreOf(promptReviews);
const rounded = (expression: ReturnType<typeof sql>) => sql<number | null>`round((${expression})::numeric, 2)::float8`;

/**
 * Stores a review, refreshes the version's `review_score`, then runs the improvement trigger, all in
 * one transaction that holds the template row lock, so two concurrent reviews cannot both open an
 * improvement issue.
 */
export async function createReview(
  db: DB,
  input: CreateReviewInput,
  thresholds: ImprovementThresholds,
  now: Date,
): Promise<Review> {
  return db.transaction(async (tx) => {
    // A version of a deleted template is as gone as the template.
    const [target] = await tx
      .select({ versionId: promptVersions.id, templateId: promptTemplates.id })
      .from(promptVersions)
      .innerJoin(promptTemplates, eq(promptTemplates.id, promptVersions.templateId))
      .where(and(eq(promptVersions.id, input.versionId), isNull(promptTemplates.deletedAt)));
    if (!target) throw invalidReference('versionId', 'version', input.versionId);
    const issueId = await findIssueId(tx, input.issueId);
    if (!issueId) throw invalidReference('issueId', 'issue', input.issueId);

    const template = await requireTemplate(tx, target.templateId, { lock: true });
    const [review] = await tx
      .insert(promptReviews)
      .values({
        versionId: target.versionId,
        issueId,
        clarity: input.clarity,
        completeness: input.completeness,
        relevance: input.relevance,
        feedback: input.feedback ?? null,
        authorType: input.authorType,
        createdAt: now,
      })
      .returning();
    await tx
      .update(promptVersions)
      .set({
        reviewScore: sql`(select avg(${reviewScore}) from ${promptReviews} where ${promptReviews.versionId} = ${target.versionId})`,
      })
      .where(eq(promptVersions.id, target.versionId));
    await openImprovementIssueIfDue(tx, template, thresholds, now);
    return presentReview(review!);
  });
}

interface VersionStats {
  count: number;
  average: number | null;
  sinceActivation: number;
  clarity: number | null;
  completeness: number | null;
  relevance: number | null;
}

async function statsOf(db: DB, version: VersionRow): Promise<VersionStats> {
  const activatedAt = version.activatedAt ?? version.createdAt;
  const [stats] = await db
    .select({
      count: count(),
      average: sql<number | null>`avg(${reviewScore})::float8`,
      sinceActivation: sql<number>`(count(*) filter (where ${promptReviews.createdAt} >= ${activatedAt.toISOString()}::timestamptz))::int`,
      clarity: rounded(sql`avg(${promptReviews.clarity})`),
      completeness: rounded(sql`avg(${promptReviews.completeness})`),
      relevance: rounded(sql`avg(${promptReviews.relevance})`),
    })
    .from(promptReviews)
    .where(eq(promptReviews.versionId, version.id));
  return stats!;
}

/**
 * The improvement loop. Looks at the template's active version: below `threshold` on average over at
 * least `minCount` reviews, or `refreshCount` reviews since it became active, means it is due. Then
 * opens one prompt-improvement task, unless the template's previous one is still open (not done,
 * canceled or deleted). Evaluated after every review, so a closed issue is followed by a new one as
 * soon as a review still meets a threshold. Returns the issue it opened, if any.
 */
export async function openImprovementIssueIfDue(
  tx: DB,
  template: TemplateRow,
  thresholds: ImprovementThresholds,
  now: Date,
): Promise<{ id: string; number: number } | null> {
  if (!template.activeVersionId) return null;
  const [active] = await tx.select().from(promptVersions).where(eq(promptVersions.id, template.activeVersionId));
  if (!active || active.status !== 'active') return null;

  const stats = await statsOf(tx, active);
  const lowScore = hasLowScore(stats, thresholds);
  const refresh = stats.sinceActivation >= thresholds.refreshCount;
  if (!lowScore && !refresh) return null;

  if (template.improvementIssueId) {
    const [previous] = await tx
      .select({ status: issues.status, deletedAt: issues.deletedAt })
      .from(issues)
      .where(eq(issues.id, template.improvementIssueId));
    const stillOpen = previous && !previous.deletedAt && !isClosedStatus(previous.status);
    if (stillOpen) return null;
  }

  const labelId = await findOrCreateImprovementLabel(tx, now);
  const [liveProject] = template.projectId
    ? await tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.id, template.projectId), isNull(projects.deletedAt)))
    : [];
  const feedback = await tx
    .select({
      feedback: promptReviews.feedback,
      clarity: promptReviews.clarity,
      completeness: promptReviews.completeness,
      relevance: promptReviews.relevance,
    })
    .from(promptReviews)
    .where(and(eq(promptReviews.versionId, active.id), sql`coalesce(trim(${promptReviews.feedback}), '') <> ''`))
    .orderBy(desc(promptReviews.createdAt), desc(promptReviews.id))
    .limit(20);

  const issue = await createIssue(
    tx,
    {
      title: `Improve prompt template "${template.slug}" (version ${active.version})`,
      type: 'task',
      status: 'todo',
      priority: 3,
      description: improvementDescription(template, active, stats, thresholds, { lowScore, refresh }, feedback),
      projectId: liveProject?.id,
      labelIds: [labelId],
    },
    now,
  );
  await tx.update(promptTemplates).set({ improvementIssueId: issue.id }).where(eq(promptTemplates.id, template.id));
  return { id: issue.id, number: issue.number };
}

/** The live `prompt-improvement` label (any case), created on first use; race-safe via the unique name index. */
async function findOrCreateImprovementLabel(tx: DB, now: Date): Promise<string> {
  await tx.insert(labels).values({ name: PROMPT_IMPROVEMENT_LABEL, color: improvementLabelColor, createdAt: now }).onConflictDoNothing();
  const [label] = await tx
    .select({ id: labels.id })
    .from(labels)
    .where(and(sql`lower(${labels.name}) = ${PROMPT_IMPROVEMENT_LABEL}`, isNull(labels.deletedAt)));
  return label!.id;
}

const fixed = (value: number | null) => (value === null ? '–' : value.toFixed(2));

function improvementDescription(
  template: TemplateRow,
  version: VersionRow,
  stats: VersionStats,
  thresholds: ImprovementThresholds,
  reasons: { lowScore: boolean; refresh: boolean },
  feedback: { feedback: string | null; clarity: number; completeness: number; relevance: number }[],
): string {
  const why: string[] = [];
  if (reasons.lowScore) {
    why.push(
      `its average score is ${fixed(stats.average)}, below the threshold of ${thresholds.threshold} over ${stats.count} reviews (at least ${thresholds.minCount} needed)`,
    );
  }
  if (reasons.refresh) {
    why.push(
      `it has gathered ${stats.sinceActivation} reviews since it became active (a refresh is due every ${thresholds.refreshCount})`,
    );
  }
  const quotes =
    feedback.length === 0
      ? ['(no written feedback)']
      : feedback.map(
          (review) =>
            `> ${(review.feedback ?? '').trim().replace(/\n/g, '\n> ')}\n> — clarity ${review.clarity}, completeness ${review.completeness}, relevance ${review.relevance}`,
        );
  return [
    `The prompt template **${template.name}** (slug \`${template.slug}\`, id \`${template.id}\`) needs a new version:`,
    `its active version ${version.version} (id \`${version.id}\`) is due because ${why.join(', and ')}.`,
    '',
    '## Scores of the active version',
    '',
    '| reviews | since active | overall | clarity | completeness | relevance |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${stats.count} | ${stats.sinceActivation} | ${fixed(stats.average)} | ${fixed(stats.clarity)} | ${fixed(stats.completeness)} | ${fixed(stats.relevance)} |`,
    '',
    '## Feedback (newest first)',
    '',
    quotes.join('\n\n'),
    '',
    '## What to do',
    '',
    `Propose a new **draft** version of \`${template.slug}\` that answers this feedback:`,
    `\`POST /api/v1/templates/${template.slug}/versions\`. A human reviews and promotes it.`,
  ].join('\n');
}

/** A page of the template's reviews (all versions, newest first), with averages over all of them. */
export async function listTemplateReviews(db: DB, ref: string, page: { limit: number; offset: number }) {
  const template = await requireTemplate(db, ref);
  const ofTemplate = eq(promptVersions.templateId, template.id);
  const [rows, [aggregate]] = await Promise.all([
    db
      .select({ review: promptReviews })
      .from(promptReviews)
      .innerJoin(promptVersions, eq(promptVersions.id, promptReviews.versionId))
      .where(ofTemplate)
      .orderBy(desc(promptReviews.createdAt), desc(promptReviews.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({
        count: count(),
        clarity: rounded(sql`avg(${promptReviews.clarity})`),
        completeness: rounded(sql`avg(${promptReviews.completeness})`),
        relevance: rounded(sql`avg(${promptReviews.relevance})`),
        overall: rounded(sql`avg(${reviewScore})`),
      })
      .from(promptReviews)
      .innerJoin(promptVersions, eq(promptVersions.id, promptReviews.versionId))
      .where(ofTemplate),
  ]);
  const averages: ReviewAverages = {
    clarity: aggregate!.clarity,
    completeness: aggregate!.completeness,
    relevance: aggregate!.relevance,
    overall: aggregate!.overall,
  };
  return { items: rows.map(({ review }) => presentReview(review)), total: aggregate!.count, count: aggregate!.count, averages };
}
