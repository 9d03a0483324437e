import { createProject, deleteProject, getProject, listProjects, updateProject } from '../../domain/projects/service';
import { createRouter } from '../../http/router';
import {
  createProjectRoute,
  deleteProjectRoute,
  getProjectRoute,
  listProjectsRoute,
  updateProjectRoute,
} from './routes';

export const projectsRoutes = createRouter()
  .openapi(listProjectsRoute, async (c) => {
    const { limit, offset, ...filters } = c.req.valid('query');
    const { items, total } = await listProjects(c.var.db, filters, { limit, offset });
    return c.json({ data: items, total, limit, offset }, 200);
  })
  .openapi(createProjectRoute, async (c) => {
    const project = await createProject(c.var.db, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: project }, 201);
  })
  .openapi(getProjectRoute, async (c) => {
    const project = await getProject(c.var.db, c.req.valid('param').id);
    return c.json({ data: project }, 200);
  })
  .openapi(updateProjectRoute, async (c) => {
    const project = await updateProject(c.var.db, c.req.valid('param').id, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: project }, 200);
  })
  .openapi(deleteProjectRoute, async (c) => {
    await deleteProject(c.var.db, c.req.valid('param').id, c.var.clock.now());
    return c.body(null, 204);
  });
