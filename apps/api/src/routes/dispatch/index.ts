import { createRoute } from '@hono/zod-openapi';
import { dispatchNext } from '../../domain/dispatch/next';
import { listQueue } from '../../domain/dispatch/queue';
import { DispatchSchema, NextQuery, QueueEntrySchema, QueueQuery } from '../../domain/dispatch/schemas';
import { createRouter } from '../../http/router';
import { commonErrors, errorResponses, itemEnvelope, jsonContent, listEnvelope } from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.dispatch];

// The queue moves with every claim and every status change: nothing here may be served from a cache.
const noStore = { 'Cache-Control': 'no-store' };

const queue = createRoute({
  method: 'get',
  path: '/dispatch/queue',
  operationId: 'getQueue',
  tags,
  summary: 'The ranked ready issues, without claiming any',
  description:
    'Ready: live, `todo` (or a `signal` still in `triage`, or `in_progress` with an expired lease), and no unfinished blocker. ' +
    'Score = priority weight (urgent 100, high 75, medium 50, low 25, none 10) + 20 when the project has an active goal + ' +
    "1 per full day since the status last changed. Ties: loop order (signal, hypothesis, plan, task, monitor), then the " +
    'longest-waiting, then the lowest number. The ranking is global; pages slice it.',
  request: { query: QueueQuery },
  responses: {
    200: jsonContent(listEnvelope(QueueEntrySchema), 'A page of the queue, best first'),
    ...errorResponses(...commonErrors),
  },
});

const next = createRoute({
  method: 'get',
  path: '/dispatch/next',
  operationId: 'claimNext',
  tags,
  summary: 'Claim the next issue and get its prompt',
  description:
    'Atomically takes the top ready issue, moves it to `in_progress` and opens a lease (DISPATCH_LEASE_SECONDS, default 30 minutes). ' +
    'Report back by PATCHing the issue (`done` or `canceled` closes the claim, `todo`/`backlog` releases it) before the lease ends, ' +
    'then review the prompt as `meta.review` describes. Concurrent callers never receive the same issue.',
  request: { query: NextQuery },
  responses: {
    200: jsonContent(itemEnvelope(DispatchSchema), 'The claimed issue with its context, prompt and claim details'),
    204: { description: 'Nothing is ready' },
    ...errorResponses(...commonErrors),
  },
});

export const dispatchRoutes = createRouter()
  .openapi(queue, async (c) => {
    const { projectId, limit, offset } = c.req.valid('query');
    const page = { limit, offset };
    const { items, total } = await listQueue(c.var.db, { projectId, now: c.var.clock.now() }, page);
    return c.json({ data: items, total, ...page }, 200, noStore);
  })
  .openapi(next, async (c) => {
    const { projectId } = c.req.valid('query');
    const dispatch = await dispatchNext(c.var.db, {
      projectId,
      now: c.var.clock.now(),
      leaseSeconds: c.var.env.DISPATCH_LEASE_SECONDS,
      loopUrl: c.var.env.LOOP_URL ?? new URL(c.req.url).origin,
    });
    if (!dispatch) return c.body(null, 204, noStore);
    return c.json({ data: dispatch }, 200, noStore);
  });
