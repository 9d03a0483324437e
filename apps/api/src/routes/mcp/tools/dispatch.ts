import { z } from '@hono/zod-openapi';
import { dispatchNext } from '../../../domain/dispatch/next';
import { listQueue } from '../../../domain/dispatch/queue';
import { NextQuery, QueueQuery } from '../../../domain/dispatch/schemas';
import { additive, defineTool, readOnly, type ToolOutput } from '../tool';

const claimNextIssue = defineTool({
  name: 'claim_next_issue',
  title: 'Claim the next issue',
  description:
    'Start here. Atomically claims the highest-ranked ready issue, moves it to in_progress and returns it with its ' +
    'rendered prompt (follow it), its dispatchId and leaseExpiresAt. Keep the claim alive with heartbeat before the ' +
    'lease ends, and finish with report_outcome, then review_prompt. An empty queue is a normal answer ' +
    '({claimed: false}), not an error: nothing is ready, try again later.',
  input: z.strictObject({ ...NextQuery.shape }),
  annotations: additive(false),
  async run(ctx, { projectId }) {
    const dispatch = await dispatchNext(ctx.db, {
      projectId,
      now: ctx.clock.now(),
      leaseSeconds: ctx.env.DISPATCH_LEASE_SECONDS,
      loopUrl: ctx.loopUrl,
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

const getQueue = defineTool({
  name: 'get_queue',
  title: 'Show the ready queue',
  description:
    'The ranked ready issues, best first, with each score and its breakdown (priority, goal, age), without claiming ' +
    'anything. Use it to see what claim_next_issue would hand out.',
  input: z.strictObject({ ...QueueQuery.shape }),
  queryInput: true,
  annotations: readOnly,
  async run(ctx, { projectId, limit, offset }): Promise<ToolOutput> {
    const { items, total } = await listQueue(ctx.db, { projectId, now: ctx.clock.now() }, { limit, offset });
    return { data: items, total, limit, offset };
  },
});

export const dispatchTools = [claimNextIssue, getQueue];
