import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { dispatchNext } from '../../domain/dispatch/next';
import { DispatchSchema, NextQuery } from '../../domain/dispatch/schemas';
import type { AppEnv } from '../../http/app-env';
import { ClaimHeaders } from '../../http/claim-headers';
import { createRouter } from '../../http/router';
import { commonErrors, errorResponses, itemEnvelope, jsonContent } from '../../http/schemas';
import { noStore, tags } from './shared';

const claimPath = '/dispatch/next';

const claimDescription =
  'Atomically takes the top ready issue, moves it to `in_progress` and opens a lease (DISPATCH_LEASE_SECONDS, default 30 minutes). ' +
  'Send `Idempotency-Key` and retry only with it: a repeat with the same key while the claim is open answers the same claim ' +
  '(409 `lease_lost` once it is not). Report back by PATCHing the issue with the header `Loop-Dispatch-Id: <meta.dispatchId>` ' +
  '(`done` or `canceled` closes the claim, `todo`/`backlog` releases it) before the lease ends — extend it with ' +
  '`POST /dispatches/{dispatchId}/heartbeat` — then review the prompt as `meta.review` describes. ' +
  'Concurrent callers never receive the same issue.';

const responses = {
  200: jsonContent(itemEnvelope(DispatchSchema), 'The claimed issue with its context, prompt and claim details'),
  204: { description: 'Nothing is ready' },
  ...errorResponses(...commonErrors, 409),
};

const claimRoute = createRoute({
  method: 'post',
  path: claimPath,
  operationId: 'claimNext',
  tags,
  summary: 'Claim the next issue and get its prompt',
  description: claimDescription,
  request: { query: NextQuery, headers: ClaimHeaders },
  responses,
});

/** The claim was a GET before it was a POST; existing agents keep working, told where to go. */
const deprecatedClaimRoute = createRoute({
  method: 'get',
  path: claimPath,
  operationId: 'claimNextDeprecated',
  tags,
  deprecated: true,
  summary: 'Claim the next issue (deprecated: use POST)',
  description:
    'The same claim as `POST /dispatch/next`, kept for agents written before it; answers carry `Deprecation: true` and a ' +
    '`Link` to the POST. A GET that claims is unsafe to retry: HTTP clients and proxies repeat GETs freely.',
  request: { query: NextQuery, headers: ClaimHeaders },
  responses,
});

type ClaimRoute = typeof claimRoute | typeof deprecatedClaimRoute;

/** One handler for both methods, so the alias cannot drift from the claim. */
const claimHandler =
  (extraHeaders: Record<string, string> = {}): RouteHandler<ClaimRoute, AppEnv> =>
  async (c) => {
    const { projectId } = c.req.valid('query');
    const dispatch = await dispatchNext(c.var.db, {
      projectId,
      now: c.var.clock.now(),
      leaseSeconds: c.var.env.DISPATCH_LEASE_SECONDS,
      loopUrl: c.var.env.LOOP_URL ?? new URL(c.req.url).origin,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
      apiKeyId: c.var.apiKeyId,
    });
    const headers = { ...noStore, ...extraHeaders };
    if (!dispatch) return c.body(null, 204, headers);
    return c.json({ data: dispatch }, 200, headers);
  };

const deprecationHeaders = {
  Deprecation: 'true',
  Link: `</api/v1${claimPath}>; rel="successor-version"; title="POST claims"`,
};

export const claimRoutes = createRouter()
  .openapi(claimRoute, claimHandler())
  .openapi(deprecatedClaimRoute, claimHandler(deprecationHeaders));
