import { createRoute } from '@hono/zod-openapi';
import { listActivity } from '../../domain/dashboard/activity';
import { listPromptHealth } from '../../domain/dashboard/prompts';
import {
  ActivityQuery,
  ActivitySchema,
  DashboardStatsSchema,
  PromptHealthQuery,
  PromptHealthSchema,
} from '../../domain/dashboard/schemas';
import { dashboardStats } from '../../domain/dashboard/stats';
import { createRouter } from '../../http/router';
import { commonErrors, cursorListEnvelope, errorResponses, itemEnvelope, jsonContent, listEnvelope } from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.dashboard];

const stats = createRoute({
  method: 'get',
  path: '/dashboard/stats',
  operationId: 'getDashboardStats',
  tags,
  summary: 'Headline numbers: issues by status and type, goal progress, queue depth, the last seven days',
  responses: {
    200: jsonContent(itemEnvelope(DashboardStatsSchema), 'The numbers as of now'),
    ...errorResponses(...commonErrors),
  },
});

const activity = createRoute({
  method: 'get',
  path: '/dashboard/activity',
  operationId: 'getDashboardActivity',
  tags,
  summary: 'Recent loop events, newest first: signals in, issues created and closed, claims, reviews',
  request: { query: ActivityQuery },
  responses: {
    200: jsonContent(cursorListEnvelope(ActivitySchema), 'A page of events'),
    ...errorResponses(...commonErrors),
  },
});

const prompts = createRoute({
  method: 'get',
  path: '/dashboard/prompts',
  operationId: 'getDashboardPrompts',
  tags,
  summary: 'Prompt health per live template (by slug): active version, usage, completion, reviews, attention',
  request: { query: PromptHealthQuery },
  responses: {
    200: jsonContent(listEnvelope(PromptHealthSchema), 'A page of templates'),
    ...errorResponses(...commonErrors),
  },
});

export const dashboardRoutes = createRouter()
  .openapi(stats, async (c) => {
    return c.json({ data: await dashboardStats(c.var.db, c.var.clock.now()) }, 200);
  })
  .openapi(activity, async (c) => {
    const { cursor, ...page } = c.req.valid('query');
    const { items, total, nextCursor } = await listActivity(c.var.db, { ...page, cursor });
    return c.json({ data: items, total, ...page, nextCursor }, 200);
  })
  .openapi(prompts, async (c) => {
    const page = c.req.valid('query');
    const thresholds = { threshold: c.var.env.PROMPT_REVIEW_THRESHOLD, minCount: c.var.env.PROMPT_REVIEW_MIN_COUNT };
    const { items, total } = await listPromptHealth(c.var.db, thresholds, page);
    return c.json({ data: items, total, ...page }, 200);
  });
