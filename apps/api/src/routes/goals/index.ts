import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from '../../domain/goals/service';
import { createRouter } from '../../http/router';
import { createGoalRoute, deleteGoalRoute, getGoalRoute, listGoalsRoute, updateGoalRoute } from './routes';

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
