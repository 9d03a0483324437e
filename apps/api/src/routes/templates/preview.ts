import { createRoute, z } from '@hono/zod-openapi';
import { previewPrompt } from '../../domain/prompts/preview';
import { PreviewSchema } from '../../domain/prompts/schemas';
import { createRouter } from '../../http/router';
import { commonErrors, errorResponses, itemEnvelope, jsonContent } from '../../http/schemas';
import { tags } from './params';

const previewParams = z.object({
  issueIdOrNumber: z
    .string()
    .min(1)
    .openapi({ param: { name: 'issueIdOrNumber', in: 'path' }, description: 'Issue id or number', example: '42' }),
});

const preview = createRoute({
  method: 'get',
  path: '/templates/preview/{issueIdOrNumber}',
  tags,
  summary: 'The template, version and prompt the issue would get, without claiming it',
  request: { params: previewParams },
  responses: { 200: jsonContent(itemEnvelope(PreviewSchema), 'The preview'), ...errorResponses(...commonErrors, 404) },
});

export const previewRoutes = createRouter().openapi(preview, async (c) => {
  const loopUrl = c.var.env.LOOP_URL ?? new URL(c.req.url).origin;
  const result = await previewPrompt(c.var.db, c.req.valid('param').issueIdOrNumber, { loopUrl });
  return c.json({ data: result }, 200);
});
