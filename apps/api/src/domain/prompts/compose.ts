import { isNull } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { promptTemplates } from '../../db/schema';
import type { DispatchContext } from './context';
import type { CountedVersionRow, TemplateRow, VersionRow } from './present';
import { type PromptVariables, renderTemplate } from './render';
import { selectTemplate } from './selection';
import { versionMetricExtras } from './usage';
import { logError } from '../../log';

export { presentTemplate, presentVersion, type TemplateRow, type VersionRow } from './present';

export interface TemplateChoice {
  template: TemplateRow | null;
  version: CountedVersionRow | null;
}

/** What rendering needs of a choice; a `TemplateChoice` is one, and so is what a claim recorded. */
export interface PromptChoice {
  template: Pick<TemplateRow, 'id' | 'slug'> | null;
  version: Pick<VersionRow, 'id' | 'version' | 'content'> | null;
}

/** Used when no template applies: a claim never fails for want of a template. */
export const builtinPrompt = `# Issue #{{issue.number}}: {{issue.title}}

No prompt template matched this issue, so this is Loop's built-in minimal prompt.

{{> issue_context}}

{{> parent_context}}
{{> sibling_context}}
{{> children_context}}
{{> blockers_context}}
{{> project_and_goal_context}}
{{> previous_sessions}}

## What to do

Do what the issue asks. Keep the issue up to date as you go: comment on findings, record
\`agentSummary\`, \`commits\` and \`pullRequests\`, create follow-up issues for work you discover, and
finish by moving the issue to \`done\` (or \`canceled\`, with the reason).

{{> api_reference}}

{{> review_instructions}}
`;

const builtinCacheKey = 'builtin';

/**
 * Chooses the template for a dispatch: loads every live template with its active version in one
 * statement and applies `selectTemplate` (which falls back to the issue type's default template).
 * `{ template: null, version: null }` means the built-in minimal prompt.
 */
export async function chooseTemplate(db: DB, context: DispatchContext): Promise<TemplateChoice> {
  const rows = await db.query.promptTemplates.findMany({
    where: isNull(promptTemplates.deletedAt),
    // The preview presents the chosen version, usage included.
    with: { activeVersion: { extras: (version) => versionMetricExtras(version.id) } },
  });
  const candidates = rows.map(({ activeVersion, ...template }) => ({
    ...template,
    // `active_version_id` and the version's status move together; trust only a version that is active.
    activeVersionId: activeVersion?.status === 'active' ? activeVersion.id : null,
    row: template,
    version: activeVersion?.status === 'active' ? activeVersion : null,
  }));
  const chosen = selectTemplate(candidates, context.selection);
  return chosen ? { template: chosen.row, version: chosen.version } : { template: null, version: null };
}

/**
 * The `meta` a prompt is rendered with when nothing is claimed (the preview), in the shape
 * `/dispatch/next` returns: no dispatch, no lease, and how to post the review.
 */
export function previewMeta(choice: PromptChoice, context: DispatchContext): Record<string, unknown> {
  return {
    dispatchId: null,
    templateSlug: choice.template?.slug ?? null,
    templateId: choice.template?.id ?? null,
    versionId: choice.version?.id ?? null,
    versionNumber: choice.version?.version ?? null,
    claimedAt: null,
    leaseExpiresAt: null,
    review: choice.version
      ? { method: 'POST', path: '/api/v1/prompt-reviews', body: { versionId: choice.version.id, issueId: context.issue.id } }
      : null,
  };
}

function variablesFor(choice: PromptChoice, context: DispatchContext, vars: { loopUrl: string; meta: Record<string, unknown> }): PromptVariables {
  return {
    issue: context.issue,
    parent: context.parent,
    siblings: context.siblings,
    children: context.children,
    project: context.project,
    goal: context.goal,
    labels: context.labels,
    blocking: context.blocking,
    blockedBy: context.blockedBy,
    previousSessions: context.previousSessions,
    loopUrl: vars.loopUrl.replace(/\/+$/, ''),
    // The review partial needs the version id even when a caller's meta leaves it out.
    meta: {
      templateSlug: choice.template?.slug ?? null,
      templateId: choice.template?.id ?? null,
      versionId: choice.version?.id ?? null,
      versionNumber: choice.version?.version ?? null,
      ...vars.meta,
    },
  };
}

/**
 * Renders the chosen version (or the built-in prompt when there is none). Synchronous, and it does
 * not throw on a template that fails at run time: content was checked when it was written, and if a
 * run-time surprise still happens the agent gets the built-in prompt rather than no work.
 */
export function renderPrompt(
  choice: PromptChoice,
  context: DispatchContext,
  vars: { loopUrl: string; meta: Record<string, unknown> },
): string {
  const variables = variablesFor(choice, context, vars);
  if (choice.version) {
    try {
      return renderTemplate(choice.version.content, variables, choice.version.id);
    } catch (error) {
      logError(
        `[loop] template version ${choice.version.id} failed to render: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
  }
  return renderTemplate(builtinPrompt, { ...variables, meta: { ...variables.meta, versionId: null } }, builtinCacheKey);
}
