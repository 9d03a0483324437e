import type { promptReviews, promptTemplates, promptVersions } from '../../db/schema';
import { iso, isoOrNull } from '../time';
import type { Review, Template, Version } from './schemas';

export type TemplateRow = typeof promptTemplates.$inferSelect;
export type VersionRow = typeof promptVersions.$inferSelect;
/** A version with its metrics, counted from its claims (`usage.ts`): what the API presents. */
export type CountedVersionRow = VersionRow & { usageCount: number; completionRate: number | null; avgDurationMs: number | null };
export type ReviewRow = typeof promptReviews.$inferSelect;

export function presentVersion(row: CountedVersionRow): Version {
  return {
    id: row.id,
    templateId: row.templateId,
    version: row.version,
    content: row.content,
    changelog: row.changelog,
    authorType: row.authorType,
    authorName: row.authorName,
    status: row.status,
    activatedAt: isoOrNull(row.activatedAt),
    usageCount: row.usageCount,
    completionRate: row.completionRate,
    avgDurationMs: row.avgDurationMs,
    reviewScore: row.reviewScore,
    createdAt: iso(row.createdAt),
  };
}

/** `activeVersion` is passed in (not looked up) so a list presents its page from one query. */
export function presentTemplate(row: TemplateRow, activeVersion: CountedVersionRow | null): Template {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    conditions: row.conditions,
    specificity: row.specificity,
    projectId: row.projectId,
    activeVersionId: row.activeVersionId,
    improvementIssueId: row.improvementIssueId,
    activeVersion: activeVersion ? presentVersion(activeVersion) : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentReview(row: ReviewRow): Review {
  return {
    id: row.id,
    versionId: row.versionId,
    issueId: row.issueId,
    clarity: row.clarity,
    completeness: row.completeness,
    relevance: row.relevance,
    feedback: row.feedback,
    authorType: row.authorType,
    createdAt: iso(row.createdAt),
  };
}
