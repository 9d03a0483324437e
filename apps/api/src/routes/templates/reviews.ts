import { createRoute, z } from '@hono/zod-openapi';
import { listTemplateReviews } from '../../domain/prompts/reviews';
import { ReviewAveragesSchema, ReviewSchema } from '../../domain/prompts/schemas';
import { createRouter } from '../../http/router';
import { commonErrors, errorResponses, jsonContent, listEnvelope } from '../../http/schemas';
import { paginationQuery } from '../../domain/common-schemas';
import { tags, templateParams } from './params';

const ReviewListSchema = listEnvelope(ReviewSchema)
  .extend({
    averages: ReviewAveragesSchema,
    count: z.number().int().openapi({ description: 'How many reviews the averages cover (all versions)' }),
  })
  .openapi('PromptReviewList');

const list = createRoute({
  method: 'get',
  path: '/templates/{idOrSlug}/reviews',
  operationId: 'listTemplateReviews',
  tags,
  summary: "A template's reviews (all versions, newest first) with their averages",
  request: { params: templateParams, query: z.object(paginationQuery) },
  responses: { 200: jsonContent(ReviewListSchema, 'A page of reviews'), ...errorResponses(...commonErrors, 404) },
});

export const templateReviewRoutes = createRouter().openapi(list, async (c) => {
  const page = c.req.valid('query');
  const { items, total, count, averages } = await listTemplateReviews(c.var.db, c.req.valid('param').idOrSlug, page);
  return c.json({ data: items, total, ...page, averages, count }, 200);
});
