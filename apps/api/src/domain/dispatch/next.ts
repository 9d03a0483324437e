import type { DB } from '../../db/database';
import { statisticsKeeper } from '../../db/fresh-statistics';
import { newId } from '../../db/ids';
import { isUniqueViolation } from '../../db/driver-errors';
import { type DispatchContext, loadClaimedContexts, loadDispatchContext } from '../prompts/context';
import type { PromptChoice } from '../prompts/compose';
import { selectTemplate } from '../prompts/selection';
import { iso } from '../time';
import { type Claim, claimTopReady, recordChoices } from './claim';
import { claimGate } from './claim-gate';
import { claimWithKey, type RecordedClaim } from './idempotent';
import type { Dispatch, DispatchedIssue, DispatchMeta } from './schemas';
import { onFirstUse } from '../../on-first-use';

export interface DispatchOptions {
  projectId?: string | undefined;
  now: Date;
  leaseSeconds: number;
  /** Where the agent reaches this API; curl examples in the prompt use it. */
  loopUrl: string;
  /** A repeat with the same key (and API key) while its claim is open answers that claim again (ADR 0020). */
  idempotencyKey?: string | undefined;
  /** Who claims: recorded on the dispatch; the scope of `idempotencyKey`. */
  apiKeyId?: string | undefined;
}

/** A claim that lost a race to a unique index is retried; the loser then takes the next issue (or the winner's claim). */
const maxAttempts = 3;

/**
 * `POST /dispatch/next`: claims the top ready issue and returns it with its rendered prompt, or null
 * when nothing is ready. Two statements and no explicit transaction: the claim (`claimTopReady`:
 * pick, move, close the stale claim, record the dispatch — one atomic statement), then the context
 * the prompt is rendered from, which also records the template `selectTemplate` chose. A failure
 * after the claim leaves a claim whose response was lost (without its template when the second
 * statement failed), as a lost response always could; its lease covers it. With an Idempotency-Key
 * both statements run in the key's transaction, so a repeat finds the claim with its template and
 * gets it back (`claimWithKey`). The statements run through the claim gate (`claimGate`): claims that
 * wait their turn together are made by one claim statement (a batch, ADR 0053), and their contexts
 * loaded by one more; a keyed claim runs alone. The prompts are rendered outside the gate.
 */
export async function dispatchNext(db: DB, options: DispatchOptions): Promise<Dispatch | null> {
  if (options.idempotencyKey !== undefined) {
    if (options.apiKeyId === undefined) throw new Error('An Idempotency-Key is scoped to an API key: pass apiKeyId');
    const scoped = { ...options, apiKeyId: options.apiKeyId, idempotencyKey: options.idempotencyKey };
    // The key's transaction holds its own claim: it runs alone, never in a batch.
    const keyed = await claimGate(db).alone(() =>
      claimWithKey(db, scoped, async (tx, keyOptions) => {
        const [claim] = await claimOnce(tx, [keyOptions]);
        return claim ? (await chooseAndLoad(tx, [claim]))[0] : undefined;
      }),
    );
    if (!keyed) return null;
    return 'recorded' in keyed ? replay(db, keyed.recorded, options) : render(keyed.claim, options);
  }
  const scope = options.projectId === undefined ? 'any' : `project:${options.projectId}`;
  const loaded = await claimGate(db).together(scope, options, (batch) => claimBatch(db, batch));
  return loaded ? render(loaded, options) : null;
}

/**
 * The claims of a batch (requests of one scope that waited for the gate together), each with its
 * template choice and the context its prompt is rendered from; none for a request the queue ran out
 * before.
 */
async function claimBatch(db: DB, batch: DispatchOptions[]): Promise<(LoadedClaim | undefined)[]> {
  const claims = await claimWithRetries(db, batch);
  const made = claims.filter((claim) => claim !== undefined);
  statisticsKeeper(db)?.wrote('dispatches', made.length);
  const loaded = new Map((await chooseAndLoad(db, made)).map((entry) => [entry.claim.dispatchId, entry]));
  return claims.map((claim) => (claim ? loaded.get(claim.dispatchId) : undefined));
}

/**
 * One claim attempt for a batch of requests, at the latest of their times (the statement runs after
 * each of them arrived). The dispatch ids are fresh each time, so a retried statement records new rows.
 */
function claimOnce(db: DB, batch: readonly DispatchOptions[]): Promise<(Claim | undefined)[]> {
  const now = new Date(Math.max(...batch.map((options) => options.now.getTime())));
  return claimTopReady(db, {
    projectId: batch[0]!.projectId,
    now,
    claims: batch.map((options) => ({
      dispatchId: newId(),
      leaseExpiresAt: new Date(now.getTime() + options.leaseSeconds * 1000),
      apiKeyId: options.apiKeyId,
      idempotencyKey: options.idempotencyKey,
    })),
  });
}

async function claimWithRetries(db: DB, batch: readonly DispatchOptions[]): Promise<(Claim | undefined)[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await claimOnce(db, batch);
    } catch (error) {
      if (attempt >= maxAttempts || !isUniqueViolation(error)) throw error;
    }
  }
}

/** A new claim with its template choice (recorded on the claim) and the context its prompt is rendered from. */
interface LoadedClaim {
  claim: Claim;
  choice: PromptChoice;
  context: DispatchContext;
}

/**
 * The template chosen for each claim by `selectTemplate` (the rule the preview uses) on the facts the
 * claim statement returned, recorded on the claims by the one statement that loads their contexts.
 */
async function chooseAndLoad(db: DB, claims: readonly Claim[]): Promise<LoadedClaim[]> {
  if (claims.length === 0) return [];
  const choices = claims.map((claim) => ({ claim, choice: chosenPrompt(claim) }));
  // Each new claim is left out of its own context, so `previousSessions` holds only earlier claims
  // (including one just closed as expired). An issue deleted since the claim is still the one handed out.
  const contexts = await loadClaimedContexts(
    db,
    claims.map((claim) => ({ issueId: claim.issueId, excludeDispatchId: claim.dispatchId })),
    recordChoices(choices),
  );
  return choices.map(({ claim, choice }, index) => ({ claim, choice, context: contexts[index]! }));
}

function chosenPrompt(claim: Claim): PromptChoice {
  const chosen = selectTemplate(claim.candidates, claim.selection);
  return chosen
    ? { template: { id: chosen.id, slug: chosen.slug }, version: { id: chosen.activeVersionId, version: chosen.version, content: chosen.content } }
    : { template: null, version: null };
}

/**
 * An open claim answered again (a repeat of its Idempotency-Key): the same dispatch, rendered from the
 * version it recorded and the issue's context as it is now — the same prompt unless the issue changed.
 */
async function replay(db: DB, recorded: RecordedClaim, options: DispatchOptions): Promise<Dispatch> {
  const context = await loadDispatchContext(db, recorded.issueId, { excludeDispatchId: recorded.dispatchId, includeDeleted: true });
  return render({ claim: recorded, choice: recorded.choice, context }, options);
}

/** Handlebars is imported with the first prompt rendered: only the claim and the preview need it (ADR 0038). */
const loadCompose = onFirstUse(() => import('../prompts/compose'));

async function render(
  { claim, choice, context }: { claim: Pick<Claim, 'dispatchId' | 'issueId' | 'claimedAt' | 'leaseExpiresAt'>; choice: PromptChoice; context: DispatchContext },
  options: DispatchOptions,
): Promise<Dispatch> {
  const { renderPrompt } = await loadCompose();
  const meta = dispatchMeta(choice, claim);
  const prompt = renderPrompt(choice, context, { loopUrl: options.loopUrl, meta });
  return { issue: dispatchedIssue(context), prompt, meta };
}

function dispatchMeta(choice: PromptChoice, claim: Pick<Claim, 'dispatchId' | 'issueId' | 'claimedAt' | 'leaseExpiresAt'>): DispatchMeta {
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

/** The claimed issue in context. Embedded resources are summaries (api.md), the project too. */
function dispatchedIssue(context: DispatchContext): DispatchedIssue {
  const { project } = context;
  return {
    ...context.issue,
    project: project ? { id: project.id, name: project.name, status: project.status } : null,
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
