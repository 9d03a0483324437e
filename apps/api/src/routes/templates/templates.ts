import { createRoute, z } from '@hono/zod-openapi';
import { CreateTemplateBody, TemplateSchema, UpdateTemplateBody } from '../../domain/prompts/schemas';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from '../../domain/prompts/templates';
import { createRouter } from '../../http/router';
import {
  commonErrors,
  errorResponses,
  itemEnvelope,
  jsonBody,
  jsonContent,
  listEnvelope,
} from '../../http/schemas';
import { paginationQuery } from '../../domain/common-schemas';
import { tags, templateParams } from './params';

const list = createRoute({
  method: 'get',
  path: '/templates',
  operationId: 'listTemplates',
  tags,
  summary: 'List templates, each with its active version',
  request: { query: z.object(paginationQuery) },
  responses: { 200: jsonContent(listEnvelope(TemplateSchema), 'A page of templates'), ...errorResponses(...commonErrors) },
});

const create = createRoute({
  method: 'post',
  path: '/templates',
  operationId: 'createTemplate',
  tags,
  summary: 'Create a template (with `content`, its version 1 is created active)',
  request: { body: jsonBody(CreateTemplateBody) },
  responses: {
    201: jsonContent(itemEnvelope(TemplateSchema), 'The new template'),
    ...errorResponses(...commonErrors, 409),
  },
});

const get = createRoute({
  method: 'get',
  path: '/templates/{idOrSlug}',
  operationId: 'getTemplate',
  tags,
  summary: 'Get a template by id or slug',
  request: { params: templateParams },
  responses: { 200: jsonContent(itemEnvelope(TemplateSchema), 'The template'), ...errorResponses(...commonErrors, 404) },
});

const update = createRoute({
  method: 'patch',
  path: '/templates/{idOrSlug}',
  operationId: 'updateTemplate',
  tags,
  summary: 'Update a template (content changes are new versions)',
  request: { params: templateParams, body: jsonBody(UpdateTemplateBody) },
  responses: {
    200: jsonContent(itemEnvelope(TemplateSchema), 'The updated template'),
    ...errorResponses(...commonErrors, 404, 409),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/templates/{idOrSlug}',
  operationId: 'deleteTemplate',
  tags,
  summary: 'Delete a template (soft delete)',
  request: { params: templateParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(...commonErrors, 404) },
});

export const templateRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = c.req.valid('query');
    const { items, total } = await listTemplates(c.var.db, page);
    return c.json({ data: items, total, ...page }, 200);
  })
  .openapi(create, async (c) => {
    const template = await createTemplate(c.var.db, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: template }, 201);
  })
  .openapi(get, async (c) => {
    const template = await getTemplate(c.var.db, c.req.valid('param').idOrSlug);
    return c.json({ data: template }, 200);
  })
  .openapi(update, async (c) => {
    const template = await updateTemplate(c.var.db, c.req.valid('param').idOrSlug, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: template }, 200);
  })
  .openapi(remove, async (c) => {
    await deleteTemplate(c.var.db, c.req.valid('param').idOrSlug, c.var.clock.now());
    return c.body(null, 204);
  });
