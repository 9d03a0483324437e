import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, id, softDelete, timestamps, timestamptz } from './columns';
import { authorTypeEnum, versionStatusEnum } from './enums';
import { issues } from './issues';
import { projects } from './projects';

export const promptTemplates = pgTable(
  'prompt_templates',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    specificity: integer('specificity').notNull().default(10),
    projectId: text('project_id').references(() => projects.id),
    activeVersionId: text('active_version_id').references((): AnyPgColumn => promptVersions.id),
    // The open prompt-improvement issue for this template, if any: the trigger never opens a
    // second one while this one is open.
    improvementIssueId: text('improvement_issue_id').references((): AnyPgColumn => issues.id),
    ...timestamps(),
    ...softDelete(),
  },
  (t) => [
    uniqueIndex('prompt_templates_slug_live_key').on(t.slug).where(sql`${t.deletedAt} is null`),
    check('prompt_templates_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and ${t.slug} <> 'preview'`),
    index('prompt_templates_project_id_idx').on(t.projectId),
    index('prompt_templates_active_version_id_idx').on(t.activeVersionId),
    index('prompt_templates_improvement_issue_id_idx').on(t.improvementIssueId),
  ],
);

export const promptVersions = pgTable(
  'prompt_versions',
  {
    id: id(),
    templateId: text('template_id')
      .notNull()
      .references(() => promptTemplates.id),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    changelog: text('changelog'),
    authorType: authorTypeEnum('author_type').notNull().default('human'),
    authorName: text('author_name'),
    status: versionStatusEnum('status').notNull().default('draft'),
    // When the version last became active: the periodic-refresh trigger counts reviews since then.
    activatedAt: timestamptz('activated_at'),
    reviewScore: doublePrecision('review_score'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('prompt_versions_template_version_key').on(t.templateId, t.version),
    // At most one active version per template, enforced by the database.
    uniqueIndex('prompt_versions_one_active_key').on(t.templateId).where(sql`${t.status} = 'active'`),
    check('prompt_versions_version_positive', sql`${t.version} >= 1`),
  ],
);

export const promptReviews = pgTable(
  'prompt_reviews',
  {
    id: id(),
    versionId: text('version_id')
      .notNull()
      .references(() => promptVersions.id),
    issueId: text('issue_id')
      .notNull()
      .references(() => issues.id),
    clarity: integer('clarity').notNull(),
    completeness: integer('completeness').notNull(),
    relevance: integer('relevance').notNull(),
    feedback: text('feedback'),
    authorType: authorTypeEnum('author_type').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('prompt_reviews_clarity_range', sql`${t.clarity} between 1 and 5`),
    check('prompt_reviews_completeness_range', sql`${t.completeness} between 1 and 5`),
    check('prompt_reviews_relevance_range', sql`${t.relevance} between 1 and 5`),
    index('prompt_reviews_version_id_idx').on(t.versionId, t.createdAt),
    index('prompt_reviews_issue_id_idx').on(t.issueId),
  ],
);
