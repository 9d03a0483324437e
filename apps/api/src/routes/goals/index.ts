import { createRoute } from '@hono/zod-openapi';
import { CreateGoalBody, GoalListQuery, GoalSchema, UpdateGoalBody } from '../../domain/goals/schemas';
import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from '../../domain/goals/service';
import { createRouter } from '../../http/router';
import {
  commonErrors,
  errorResponses,
  idParam,
  itemEnvelope,
  jsonBody,
  jsonContent,
  listEnvelope,
} from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.goals];

const listGoalsRoute = createRoute({
  method: 'get',
  path: '/goals',
  operationId: 'listGoals',
  tags,
  summary: 'List goals, newest first',
  request: { query: GoalListQuery },
  responses: { 200: jsonContent(listEnvelope(GoalSchema), 'A page of goals'), ...errorResponses(...commonErrors) },
});

const createGoalRoute = createRoute({
  method: 'post',
  path: '/goals',
  operationId: 'createGoal',
  tags,
  summary: 'Create a goal (link it to a project with PATCH /projects/{id})',
  request: { body: jsonBody(CreateGoalBody) },
  responses: { 201: jsonContent(itemEnvelope(GoalSchema), 'The new goal'), ...errorResponses(...commonErrors) },
});

const getGoalRoute = createRoute({
  method: 'get',
  path: '/goals/{id}',
  operationId: 'getGoal',
  tags,
  summary: 'A goal, with the id of the project that links it',
  request: { params: idParam },
  responses: { 200: jsonContent(itemEnvelope(GoalSchema), 'The goal'), ...errorResponses(...commonErrors, 404) },
});

const updateGoalRoute = createRoute({
  method: 'patch',
  path: '/goals/{id}',
  operationId: 'updateGoal',
  tags,
  summary: 'Change a goal: report progress (`currentValue`) or move its `status`',
  description:
    'Only the fields sent change. Loop never changes `status` on its own: reaching `targetValue` (from below for `increase`, from above for `decrease`) shows as `percent` 100 but does not mark the goal achieved.',
  request: { params: idParam, body: jsonBody(UpdateGoalBody) },
  responses: { 200: jsonContent(itemEnvelope(GoalSchema), 'The updated goal'), ...errorResponses(...commonErrors, 404) },
});

const deleteGoalRoute = createRoute({
  method: 'delete',
  path: '/goals/{id}',
  operationId: 'deleteGoal',
  tags,
  summary: 'Soft-delete a goal; the project that linked it is unlinked',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(...commonErrors, 404) },
});

export const goalsRoutes = createRouter()
  .openapi(listGoalsRoute, async (c) => {
    const { limit, offset, ...filters } = c.req.valid('query');
    const { items, total } = await listGoals(c.var.db, filters, { limit, offset });
    return c.json({ data: items, total, limit, offset }, 200);
  })
  .openapi(createGoalRoute, async (c) => {
    const goal = await createGoal(c.var.db, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: goal }, 201);
  })
  .openapi(getGoalRoute, async (c) => {
    const goal = await getGoal(c.var.db, c.req.valid('param').id);
    return c.json({ data: goal }, 200);
  })
  .openapi(updateGoalRoute, async (c) => {
    const goal = await updateGoal(c.var.db, c.req.valid('param').id, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: goal }, 200);
  })
  .openapi(deleteGoalRoute, async (c) => {
    await deleteGoal(c.var.db, c.req.valid('param').id, c.var.clock.now());
    return c.body(null, 204);
  });
