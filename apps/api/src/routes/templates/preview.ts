import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { previewPrompt } from '../../domain/prompts/preview';
import { PreviewSchema } from '../../domain/prompts/schemas';
import type { AppEnv } from '../../http/app-env';
import { IssueRefParams } from '../../http/issue-ref';
import { createRouter } from '../../http/router';
import { commonErrors, errorResponses, itemEnvelope, jsonContent } from '../../http/schemas';
import { tags } from './params';

const responses = { 200: jsonContent(itemEnvelope(PreviewSchema), 'The preview'), ...errorResponses(...commonErrors, 404) };

const preview = createRoute({
  method: 'get',
  path: '/issues/{idOrNumber}/prompt-preview',
  operationId: 'previewPrompt',
  tags,
  summary: 'The template, version and prompt the issue would get, without claiming it',
  request: { params: IssueRefParams },
  responses,
});

/**
 * The first home of the preview, kept for the clients that call it. It is left out of the document:
 * beside `/templates/{idOrSlug}/…` it is ambiguous there (at run time the reserved slug `preview`
 * settles it). Answers carry `Deprecation` and a `Link` to the successor (RFC 9745, RFC 8288).
 */
const deprecatedPreview = createRoute({
  method: 'get',
  path: '/templates/preview/{issueIdOrNumber}',
  hide: true,
  request: {
    params: z.object({ issueIdOrNumber: z.string().min(1).openapi({ param: { name: 'issueIdOrNumber', in: 'path' } }) }),
  },
  responses,
});

async function answer(c: Context<AppEnv>, ref: string) {
  const loopUrl = c.var.env.LOOP_URL ?? new URL(c.req.url).origin;
  return c.json({ data: await previewPrompt(c.var.db, ref, { loopUrl }) }, 200);
}

export const previewRoutes = createRouter()
  .openapi(preview, (c) => answer(c, c.req.valid('param').idOrNumber))
  .openapi(deprecatedPreview, (c) => {
    const ref = c.req.valid('param').issueIdOrNumber;
    c.header('Deprecation', 'true');
    c.header('Link', `</api/v1/issues/${encodeURIComponent(ref)}/prompt-preview>; rel="successor-version"`);
    return answer(c, ref);
  });
