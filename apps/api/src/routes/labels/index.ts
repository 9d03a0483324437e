import { createRoute, z } from '@hono/zod-openapi';
import { CreateLabelBody, LabelSchema, UpdateLabelBody } from '../../domain/labels/schemas';
import { createLabel, deleteLabel, listLabels, updateLabel } from '../../domain/labels/service';
import { createRouter } from '../../http/router';
import { errorResponses, idParam, itemEnvelope, jsonBody, jsonContent, listEnvelope } from '../../http/schemas';
import { paginationQuery } from '../../domain/common-schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.labels];
const writeErrors = [400, 401, 409, 413, 415, 422, 500, 503] as const;

const list = createRoute({
  method: 'get',
  path: '/labels',
  operationId: 'listLabels',
  tags,
  summary: 'List labels (newest first)',
  request: { query: z.object(paginationQuery) },
  responses: { 200: jsonContent(listEnvelope(LabelSchema), 'A page of labels'), ...errorResponses(401, 422, 500, 503) },
});

const create = createRoute({
  method: 'post',
  path: '/labels',
  operationId: 'createLabel',
  tags,
  summary: 'Create a label; 409 when a live label already has the name (ignoring case)',
  request: { body: jsonBody(CreateLabelBody) },
  responses: { 201: jsonContent(itemEnvelope(LabelSchema), 'The new label'), ...errorResponses(...writeErrors) },
});

const update = createRoute({
  method: 'patch',
  path: '/labels/{id}',
  operationId: 'updateLabel',
  tags,
  summary: 'Rename or recolour a label; 409 when the new name is taken (ignoring case)',
  request: { params: idParam, body: jsonBody(UpdateLabelBody) },
  responses: {
    200: jsonContent(itemEnvelope(LabelSchema), 'The updated label'),
    ...errorResponses(...writeErrors, 404),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/labels/{id}',
  operationId: 'deleteLabel',
  tags,
  summary: 'Delete a label (soft delete); it disappears from every issue',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404, 500, 503) },
});

export const labelsRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = c.req.valid('query');
    const { items, total } = await listLabels(c.var.db, page);
    return c.json({ data: items, total, ...page }, 200);
  })
  .openapi(create, async (c) => {
    const label = await createLabel(c.var.db, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: label }, 201);
  })
  .openapi(update, async (c) => {
    const label = await updateLabel(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ data: label }, 200);
  })
  .openapi(remove, async (c) => {
    await deleteLabel(c.var.db, c.req.valid('param').id, c.var.clock.now());
    return c.body(null, 204);
  });
