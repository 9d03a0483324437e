import { createId } from '@paralleldrive/cuid2';
import type { DB } from '../../db/database';
import type { DispatchContext } from '../prompts/context';
import { loadDispatchContext } from '../prompts/context';
import { chooseTemplate, renderPrompt, type TemplateChoice } from '../prompts/compose';
import { iso } from '../time';
import { claimTopReady, type DispatchRecord, recordDispatch } from './claim';
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
 * when nothing is ready. Everything happens in one transaction (claim, context, template choice,
 * the dispatch row and the version's usage count): a failure anywhere leaves no half-made claim.
 * The claim itself is two statements (`claimTopReady`, `recordDispatch`) between BEGIN and COMMIT.
 */
export async function dispatchNext(db: DB, options: DispatchOptions): Promise<Dispatch | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => claimAndCompose(tx, options));
    } catch (error) {
      if (attempt >= maxAttempts || !isUniqueViolation(error)) throw error;
    }
  }
}

async function claimAndCompose(tx: DB, options: DispatchOptions): Promise<Dispatch | null> {
  const claimed = await claimTopReady(tx, options);
  if (!claimed) return null;

  // Loaded before the new claim is recorded, so `previousSessions` holds only earlier claims
  // (including the one just closed as expired).
  const loaded = await loadDispatchContext(tx, claimed.issueId);
  // Templates match the status the issue was picked in (a signal in `triage`), as a preview would
  // see it; the issue itself is now `in_progress`.
  const context: DispatchContext = { ...loaded, selection: { ...loaded.selection, status: claimed.previousStatus } };
  const choice = await chooseTemplate(tx, context);

  const record: DispatchRecord = {
    id: createId(),
    issueId: claimed.issueId,
    templateId: choice.template?.id ?? null,
    versionId: choice.version?.id ?? null,
    claimedAt: options.now,
    leaseExpiresAt: new Date(options.now.getTime() + options.leaseSeconds * 1000),
  };
  await recordDispatch(tx, record, claimed.closedVersionIds);

  const meta = dispatchMeta(choice, record);
  const prompt = renderPrompt(choice, context, { loopUrl: options.loopUrl, meta });
  return { issue: dispatchedIssue(context), prompt, meta };
}

function dispatchMeta(choice: TemplateChoice, record: DispatchRecord): DispatchMeta {
  return {
    dispatchId: record.id,
    templateSlug: choice.template?.slug ?? null,
    templateId: record.templateId,
    versionId: record.versionId,
    versionNumber: choice.version?.version ?? null,
    claimedAt: iso(record.claimedAt),
    leaseExpiresAt: iso(record.leaseExpiresAt),
    review: record.versionId
      ? { method: 'POST', path: '/api/v1/prompt-reviews', body: { versionId: record.versionId, issueId: record.issueId } }
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
