import { eq, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { promptTemplates, promptVersions } from '../../db/schema';
import { hypothesisPlan, monitorCheck, planDecompose, promptImprovement, signalTriage, taskExecute } from './default-content';
import { defaultTemplateSlugs } from './selection';

export interface DefaultTemplate {
  slug: string;
  name: string;
  description: string;
  conditions: Record<string, unknown>;
  specificity: number;
  content: string;
}

export const PROMPT_IMPROVEMENT_SLUG = 'prompt-improvement';
export const PROMPT_IMPROVEMENT_LABEL = 'prompt-improvement';

/** The templates every fresh database gets (ADR 0015). */
export const defaultTemplates: readonly DefaultTemplate[] = [
  {
    slug: defaultTemplateSlugs.signal,
    name: 'Signal triage',
    description: 'Decide whether a signal is noise, a duplicate or actionable, and open hypotheses for it.',
    conditions: { type: 'signal' },
    specificity: 10,
    content: signalTriage,
  },
  {
    slug: defaultTemplateSlugs.hypothesis,
    name: 'Hypothesis to plan',
    description: 'Test a hypothesis against the evidence and, if it holds, write a plan with success criteria.',
    conditions: { type: 'hypothesis' },
    specificity: 10,
    content: hypothesisPlan,
  },
  {
    slug: defaultTemplateSlugs.plan,
    name: 'Plan decomposition',
    description: 'Break a plan into ordered tasks and a monitor that checks the outcome.',
    conditions: { type: 'plan' },
    specificity: 10,
    content: planDecompose,
  },
  {
    slug: defaultTemplateSlugs.task,
    name: 'Task execution',
    description: 'Do a task, verify it, record commits and pull requests, and report back.',
    conditions: { type: 'task' },
    specificity: 10,
    content: taskExecute,
  },
  {
    slug: defaultTemplateSlugs.monitor,
    name: 'Monitor check',
    description: "Measure whether shipped work met its criteria, update the goal, and re-open the loop if not.",
    conditions: { type: 'monitor' },
    specificity: 10,
    content: monitorCheck,
  },
  {
    slug: PROMPT_IMPROVEMENT_SLUG,
    name: 'Prompt improvement',
    description: 'Propose a new draft version of a template from its reviews.',
    conditions: { labels: [PROMPT_IMPROVEMENT_LABEL] },
    // Above the type defaults: an improvement issue is a `task`, but it needs this prompt.
    specificity: 100,
    content: promptImprovement,
  },
];

/**
 * Installs each default template, with an active version 1, unless a live template already has its
 * slug. Idempotent and safe under concurrent start-ups: the insert skips slugs the live-slug unique
 * index already holds, and only templates this call inserted get a version. A template users have
 * edited, re-versioned or retired is never touched. Returns the slugs it installed.
 */
export async function installDefaultTemplates(db: DB): Promise<string[]> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(promptTemplates)
      .values(
        defaultTemplates.map(({ slug, name, description, conditions, specificity }) => ({
          slug,
          name,
          description,
          conditions,
          specificity,
        })),
      )
      .onConflictDoNothing({ target: promptTemplates.slug, where: sql`${promptTemplates.deletedAt} is null` })
      .returning({ id: promptTemplates.id, slug: promptTemplates.slug });
    if (inserted.length === 0) return [];

    const contentBySlug = new Map(defaultTemplates.map((template) => [template.slug, template.content]));
    const versions = await tx
      .insert(promptVersions)
      .values(
        inserted.map((template) => ({
          templateId: template.id,
          version: 1,
          content: contentBySlug.get(template.slug)!,
          changelog: 'Default template shipped with Loop',
          authorType: 'human' as const,
          authorName: 'Loop',
          status: 'active' as const,
          activatedAt: sql`now()`,
        })),
      )
      .returning({ id: promptVersions.id, templateId: promptVersions.templateId });
    for (const version of versions) {
      await tx
        .update(promptTemplates)
        .set({ activeVersionId: version.id })
        .where(eq(promptTemplates.id, version.templateId));
    }
    return inserted.map((template) => template.slug);
  });
}
