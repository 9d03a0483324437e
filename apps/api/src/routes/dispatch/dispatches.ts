import { createRoute } from '@hono/zod-openapi';
import { renewLease } from '../../domain/dispatch/heartbeat';
import { getDispatch } from '../../domain/dispatch/read';
import { DispatchIdParams, DispatchRecordSchema, LeaseSchema } from '../../domain/dispatch/schemas';
import { createRouter } from '../../http/router';
import { errorResponses, itemEnvelope, jsonContent } from '../../http/schemas';
import { noStore, tags } from './shared';

const read = createRoute({
  method: 'get',
  path: '/dispatches/{dispatchId}',
  operationId: 'getDispatch',
  tags,
  summary: 'Read a claim: its issue, prompt version, status, lease and report',
  description:
    '`status` is `open` while the lease runs and `expired` once it has run out, even before another claim closes it.',
  request: { params: DispatchIdParams },
  responses: {
    200: jsonContent(itemEnvelope(DispatchRecordSchema), 'The claim'),
    ...errorResponses(401, 404, 422, 500, 503),
  },
});

const heartbeat = createRoute({
  method: 'post',
  path: '/dispatches/{dispatchId}/heartbeat',
  operationId: 'renewLease',
  tags,
  summary: "Extend an open claim's lease",
  description:
    'Sets the lease to now + DISPATCH_LEASE_SECONDS. Send it while a long task runs (e.g. every third of the lease). ' +
    '409 `lease_lost` once the claim is expired or closed: stop, the issue may already be someone else\'s.',
  request: { params: DispatchIdParams },
  responses: {
    200: jsonContent(itemEnvelope(LeaseSchema), 'The new lease'),
    ...errorResponses(401, 404, 409, 413, 415, 422, 500, 503),
  },
});

export const dispatchesRoutes = createRouter()
  .openapi(read, async (c) => {
    const dispatch = await getDispatch(c.var.db, c.req.valid('param').dispatchId, c.var.clock.now());
    return c.json({ data: dispatch }, 200, noStore);
  })
  .openapi(heartbeat, async (c) => {
    const lease = await renewLease(c.var.db, {
      dispatchId: c.req.valid('param').dispatchId,
      now: c.var.clock.now(),
      leaseSeconds: c.var.env.DISPATCH_LEASE_SECONDS,
    });
    return c.json({ data: lease }, 200, noStore);
  });
