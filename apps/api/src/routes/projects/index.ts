import { createRoute } from '@hono/zod-openapi';
import {
  CreateProjectBody,
  ProjectDetailSchema,
  ProjectListQuery,
  ProjectSchema,
  UpdateProjectBody,
} from '../../domain/projects/schemas';
import { createProject, deleteProject, getProject, listProjects, updateProject } from '../../domain/projects/service';
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

const tags = [Tag.projects];

const listProjectsRoute = createRoute({
  method: 'get',
  path: '/projects',
  operationId: 'listProjects',
  tags,
  summary: 'List projects, newest first',
  request: { query: ProjectListQuery },
  responses: { 200: jsonContent(listEnvelope(ProjectSchema), 'A page of projects'), ...errorResponses(...commonErrors) },
});

const createProjectRoute = createRoute({
  method: 'post',
  path: '/projects',
  operationId: 'createProject',
  tags,
  summary: 'Create a project, optionally linking a goal',
  request: { body: jsonBody(CreateProjectBody) },
  responses: {
    201: jsonContent(itemEnvelope(ProjectDetailSchema), 'The new project'),
    ...errorResponses(...commonErrors, 409),
  },
});

const getProjectRoute = createRoute({
  method: 'get',
  path: '/projects/{id}',
  operationId: 'getProject',
  tags,
  summary: 'A project with its goal and the count of its live issues by status',
  request: { params: idParam },
  responses: {
    200: jsonContent(itemEnvelope(ProjectDetailSchema), 'The project'),
    ...errorResponses(...commonErrors, 404),
  },
});

const updateProjectRoute = createRoute({
  method: 'patch',
  path: '/projects/{id}',
  operationId: 'updateProject',
  tags,
  summary: 'Change a project; `goalId` links or (null) unlinks its goal',
  description:
    'Only the fields sent change. A goal belongs to at most one live project: linking a goal another project holds is a 409; a missing or deleted goal is a 422 naming `goalId`.',
  request: { params: idParam, body: jsonBody(UpdateProjectBody) },
  responses: {
    200: jsonContent(itemEnvelope(ProjectDetailSchema), 'The updated project'),
    ...errorResponses(...commonErrors, 404, 409),
  },
});

const deleteProjectRoute = createRoute({
  method: 'delete',
  path: '/projects/{id}',
  operationId: 'deleteProject',
  tags,
  summary: 'Soft-delete a project (its issues stay; its goal is freed)',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(...commonErrors, 404) },
});

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
