import { z } from '@hono/zod-openapi';
import { renewLease } from '../../../domain/dispatch/heartbeat';
import { dispatchNext } from '../../../domain/dispatch/next';
import { listQueue } from '../../../domain/dispatch/queue';
import { getDispatch } from '../../../domain/dispatch/read';
import { DispatchIdParams, NextQuery, QueueQuery } from '../../../domain/dispatch/schemas';
import { IssueStatusSchema, UpdateIssueBody } from '../../../domain/issues/schemas';
import { updateIssue } from '../../../domain/issues/write';
import { ClaimHeaders } from '../../../http/claim-headers';
import { additive, defineTool, overwriting, readOnly, type ToolOutput } from '../tool';

const { dispatchId } = DispatchIdParams.shape;

const claimNextIssue = defineTool({
  name: 'claim_next_issue',
  title: 'Claim the next issue',
  description:
    'Start here. Atomically claims the highest-ranked ready issue, moves it to in_progress and returns it with its ' +
    'rendered prompt (follow it), its dispatchId and leaseExpiresAt. Keep the claim alive with heartbeat before the ' +
    'lease ends, and finish with report_outcome, then review_prompt. Send an idempotencyKey of your choosing and, if ' +
    'an answer is lost, retry with the same key: you get the same claim back instead of a second one. An empty queue ' +
    'is a normal answer ({claimed: false}), not an error: nothing is ready, try again later.',
  input: z.strictObject({ ...NextQuery.shape, idempotencyKey: ClaimHeaders.shape['idempotency-key'] }),
  annotations: additive(false),
  async run(ctx, { projectId, idempotencyKey }) {
    const dispatch = await dispatchNext(ctx.db, {
      projectId,
      now: ctx.clock.now(),
      leaseSeconds: ctx.env.DISPATCH_LEASE_SECONDS,
      loopUrl: ctx.loopUrl,
      idempotencyKey,
      apiKeyId: ctx.apiKeyId,
    });
    if (!dispatch) return { claimed: false, message: 'Nothing is ready: the queue is empty.' };
    const { issue, prompt, meta } = dispatch;
    return { claimed: true, dispatchId: meta.dispatchId, leaseExpiresAt: meta.leaseExpiresAt, issue, prompt, meta };
  },
  present: (output) => {
    if (!output.claimed) return [JSON.stringify(output)];
    const { prompt, ...claim } = output;
    return [JSON.stringify(claim), String(prompt)];
  },
});

const heartbeat = defineTool({
  name: 'heartbeat',
  title: 'Keep your claim alive',
  description:
    "Extends your claim's lease to now + the lease length (30 minutes by default) and answers the new leaseExpiresAt. " +
    'Call it while long work runs, well before leaseExpiresAt (e.g. every third of the lease). A lease_lost error ' +
    'means the claim expired or was closed: stop working on the issue, it may be someone else\'s now.',
  input: z.strictObject({ dispatchId }),
  annotations: additive(true),
  async run(ctx, input) {
    const lease = await renewLease(ctx.db, {
      dispatchId: input.dispatchId,
      now: ctx.clock.now(),
      leaseSeconds: ctx.env.DISPATCH_LEASE_SECONDS,
    });
    return { data: lease };
  },
});

const { agentSummary, commits, pullRequests } = UpdateIssueBody.shape;

const reportOutcome = defineTool({
  name: 'report_outcome',
  title: 'Report the outcome of your claim',
  description:
    'Finishes your claim: status done (the work is complete and verified), canceled (it should not be done), or ' +
    'todo (you are giving it back unfinished), with a summary of what you did and found, and the commits and pull ' +
    'requests you made. Closes the claim with your summary. Fenced: once the claim has expired or was closed it ' +
    'answers lease_lost and changes nothing. Then call review_prompt.',
  input: z.strictObject({
    dispatchId,
    status: IssueStatusSchema.extract(['done', 'canceled', 'todo']).openapi({
      description: 'done: finished and verified · canceled: should not be done · todo: given back unfinished',
    }),
    summary: agentSummary.unwrap().unwrap().min(1).openapi({ description: 'What you did and found (markdown); kept on the claim' }),
    commits,
    pullRequests,
  }),
  annotations: overwriting,
  async run(ctx, { dispatchId: id, status, summary, ...work }) {
    const now = ctx.clock.now();
    const claim = await getDispatch(ctx.db, id, now);
    const issue = await updateIssue(ctx.db, claim.issue.id, { status, agentSummary: summary, ...work }, now, { dispatchId: id });
    return { data: { issue, dispatch: await getDispatch(ctx.db, id, now) } };
  },
});

const getQueue = defineTool({
  name: 'get_queue',
  title: 'Show the ready queue',
  description:
    'The ranked ready issues, best first, with each score and its breakdown (priority, goal, age), without claiming ' +
    'anything. Use it to see what claim_next_issue would hand out.',
  input: z.strictObject({ ...QueueQuery.shape }),
  queryInput: true,
  annotations: readOnly,
  async run(ctx, { projectId, limit, offset, cursor }): Promise<ToolOutput> {
    const { items, total, nextCursor } = await listQueue(ctx.db, { projectId, now: ctx.clock.now() }, { limit, offset, cursor });
    return { data: items, total, limit, offset, nextCursor };
  },
});

export const dispatchTools = [claimNextIssue, heartbeat, reportOutcome, getQueue];
