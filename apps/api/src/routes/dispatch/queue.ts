import { createRoute } from '@hono/zod-openapi';
import { listQueue } from '../../domain/dispatch/queue';
import { QueueEntrySchema, QueueQuery } from '../../domain/dispatch/schemas';
import { createRouter } from '../../http/router';
import { commonErrors, cursorListEnvelope, errorResponses, jsonContent } from '../../http/schemas';
import { noStore, tags } from './shared';

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
    200: jsonContent(cursorListEnvelope(QueueEntrySchema), 'A page of the queue, best first'),
    ...errorResponses(...commonErrors),
  },
});

export const queueRoutes = createRouter()
  .openapi(queue, async (c) => {
    const { projectId, limit, offset, cursor } = c.req.valid('query');
    const { items, total, nextCursor } = await listQueue(c.var.db, { projectId, now: c.var.clock.now() }, { limit, offset, cursor });
    return c.json({ data: items, total, limit, offset, nextCursor }, 200, noStore);
  });
