import type { DB } from '../../db/database';
import { newId } from '../../db/ids';
import type { DispatchContext } from '../prompts/context';
import { loadDispatchContext } from '../prompts/context';
import { type PromptChoice, renderPrompt } from '../prompts/compose';
import { selectTemplate } from '../prompts/selection';
import { iso } from '../time';
import { type Claim, claimTopReady, moveClaimToTemplate } from './claim';
import type { Dispatch, DispatchedIssue, DispatchMeta } from './schemas';

export interface DispatchOptions {
  projectId?: string | undefined;
  now: Date;
  leaseSeconds: number;
  /** Where the agent reaches this API; curl examples in the prompt use it. */
  loopUrl: string;
}

/** A claim that lost a race to the one-open-claim index is retried; the loser then takes the next issue. */
const maxAttempts = 3;

/**
 * `GET /dispatch/next`: claims the top ready issue and returns it with its rendered prompt, or null
 * when nothing is ready. Two statements and no explicit transaction: the claim (`claimTopReady`:
 * pick, move, close the stale claim, choose the template, record the dispatch — one
 * atomic statement), then the context the prompt is rendered from. A failure after the claim leaves
 * a complete claim whose response was lost, as a lost response always could; its lease covers it.
 */
export async function dispatchNext(db: DB, options: DispatchOptions): Promise<Dispatch | null> {
  const claim = await claimWithRetries(db, options);
  if (!claim) return null;

  // The new claim is left out, so `previousSessions` holds only earlier claims (including the one
  // just closed as expired). An issue deleted since the claim is still the one handed out.
  const loaded = await loadDispatchContext(db, claim.issueId, { excludeDispatchId: claim.dispatchId, includeDeleted: true });
  // Templates match the status the issue was picked in (a signal in `triage`), as a preview would
  // see it; the issue itself is now `in_progress`.
  const context: DispatchContext = { ...loaded, selection: { ...loaded.selection, status: claim.previousStatus } };
  const choice = await checkedChoice(db, claim, context);

  const meta = dispatchMeta(choice, claim);
  const prompt = renderPrompt(choice, context, { loopUrl: options.loopUrl, meta });
  return { issue: dispatchedIssue(context), prompt, meta };
}

async function claimWithRetries(db: DB, options: DispatchOptions): Promise<Claim | undefined> {
  const leaseExpiresAt = new Date(options.now.getTime() + options.leaseSeconds * 1000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await claimTopReady(db, { projectId: options.projectId, now: options.now, leaseExpiresAt, dispatchId: newId() });
    } catch (error) {
      if (attempt >= maxAttempts || !isUniqueViolation(error)) throw error;
    }
  }
}

/**
 * The template the claim recorded, checked against `selectTemplate` (the reference) on the loaded
 * context. They agree unless odd data trips the SQL (see `template-choice.ts`), or the issue changed
 * between the two statements; then the claim moves to the reference's choice (one more statement).
 */
async function checkedChoice(db: DB, claim: Claim, context: DispatchContext): Promise<PromptChoice> {
  const reference = selectTemplate(claim.candidates, context.selection);
  if ((reference?.id ?? null) === (claim.template?.id ?? null)) return { template: claim.template, version: claim.version };
  const target = { templateId: reference?.id ?? null, versionId: reference?.activeVersionId ?? null };
  const version = await moveClaimToTemplate(db, claim, target);
  return { template: reference ? { id: reference.id, slug: reference.slug } : null, version };
}

function dispatchMeta(choice: PromptChoice, claim: Claim): DispatchMeta {
  return {
    dispatchId: claim.dispatchId,
    templateSlug: choice.template?.slug ?? null,
    templateId: choice.template?.id ?? null,
    versionId: choice.version?.id ?? null,
    versionNumber: choice.version?.version ?? null,
    claimedAt: iso(claim.claimedAt),
    leaseExpiresAt: iso(claim.leaseExpiresAt),
    review: choice.version
      ? { method: 'POST', path: '/api/v1/prompt-reviews', body: { versionId: choice.version.id, issueId: claim.issueId } }
      : null,
  };
}

function dispatchedIssue(context: DispatchContext): DispatchedIssue {
  return {
    ...context.issue,
    project: context.project,
    goal: context.goal,
    parent: context.parent,
    children: context.children,
    siblings: context.siblings,
    labels: context.labels,
    blockedBy: context.blockedBy,
    blocking: context.blocking,
    previousSessions: context.previousSessions,
  };
}

/** The one-open-claim index refused a second claim (SQLSTATE 23505), wherever the driver put the code. */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
