import type { DB } from '../../db/database';
import type { IssueRef } from '../issues/reference';
import { requireIssueId } from '../issues/reference';
import { loadDispatchContext } from './context';
import { presentTemplate, presentVersion } from './present';
import type { Template, Version } from './schemas';
import { onFirstUse } from '../../on-first-use';

export interface PromptPreview {
  template: Template | null;
  version: Version | null;
  prompt: string;
}

/** With Handlebars, which only the preview and the claim need (ADR 0038). */
const loadCompose = onFirstUse(() => import('./compose'));

/**
 * What `/dispatch/next` would hand out for this issue, without claiming it: no dispatch row, no
 * status change. `template` and `version` are null when the built-in minimal prompt would be used.
 */
export async function previewPrompt(db: DB, ref: IssueRef, options: { loopUrl: string }): Promise<PromptPreview> {
  const { chooseTemplate, previewMeta, renderPrompt } = await loadCompose();
  const issueId = await requireIssueId(db, ref);
  const context = await loadDispatchContext(db, issueId);
  const choice = await chooseTemplate(db, context);
  return {
    template: choice.template ? presentTemplate(choice.template, choice.version) : null,
    version: choice.version ? presentVersion(choice.version) : null,
    prompt: renderPrompt(choice, context, { loopUrl: options.loopUrl, meta: previewMeta(choice, context) }),
  };
}
