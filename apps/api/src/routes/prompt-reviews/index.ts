import { createRoute } from '@hono/zod-openapi';
import { createReview } from '../../domain/prompts/reviews';
import { CreateReviewBody, ReviewSchema } from '../../domain/prompts/schemas';
import { createRouter } from '../../http/router';
import { commonErrors, errorResponses, itemEnvelope, jsonBody, jsonContent } from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const create = createRoute({
  method: 'post',
  path: '/prompt-reviews',
  operationId: 'createPromptReview',
  tags: [Tag.templates],
  summary: 'Review the prompt an agent was given (may open a prompt-improvement issue)',
  request: { body: jsonBody(CreateReviewBody) },
  responses: { 201: jsonContent(itemEnvelope(ReviewSchema), 'The stored review'), ...errorResponses(...commonErrors) },
});

export const promptReviewsRoutes = createRouter().openapi(create, async (c) => {
  const { env } = c.var;
  const review = await createReview(
    c.var.db,
    c.req.valid('json'),
    {
      threshold: env.PROMPT_REVIEW_THRESHOLD,
      minCount: env.PROMPT_REVIEW_MIN_COUNT,
      refreshCount: env.PROMPT_REFRESH_REVIEW_COUNT,
    },
    c.var.clock.now(),
  );
  return c.json({ data: review }, 201);
});
