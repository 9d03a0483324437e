import { createRoute } from '@hono/zod-openapi';
import { CreateRelationBody, IssueRelationSchema } from '../../domain/relations/schemas';
import { createRelation, deleteRelation } from '../../domain/relations/service';
import { IssueRefParams } from '../../http/issue-ref';
import { createRouter } from '../../http/router';
import { errorResponses, idParam, itemEnvelope, jsonBody, jsonContent } from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.relations];

const create = createRoute({
  method: 'post',
  path: '/issues/{idOrNumber}/relations',
  operationId: 'createRelation',
  tags,
  summary: 'Relate an issue to another',
  description:
    'The answer is seen from the issue in the path. One fact is stored once: "A blocked_by B" equals "B blocks A", ' +
    'and `related`/`duplicate` read the same from both sides, so writing a fact that exists (from either side) is a 409. ' +
    'So is blocking an issue that already blocks this one.',
  request: { params: IssueRefParams, body: jsonBody(CreateRelationBody) },
  responses: {
    201: jsonContent(itemEnvelope(IssueRelationSchema), 'The relation, seen from the path issue'),
    ...errorResponses(400, 401, 404, 409, 413, 415, 422, 500, 503),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/relations/{id}',
  operationId: 'deleteRelation',
  tags,
  summary: 'Delete a relation (hard delete)',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404, 500, 503) },
});

export const relationsRoutes = createRouter()
  .openapi(create, async (c) => {
    const relation = await createRelation(c.var.db, c.req.valid('param').idOrNumber, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: relation }, 201);
  })
  .openapi(remove, async (c) => {
    await deleteRelation(c.var.db, c.req.valid('param').id);
    return c.body(null, 204);
  });
