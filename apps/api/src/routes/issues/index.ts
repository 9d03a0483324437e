import { createRoute } from '@hono/zod-openapi';
import { getIssueDetail } from '../../domain/issues/detail';
import { listIssues } from '../../domain/issues/list';
import {
  CreateIssueBody,
  IssueDetailSchema,
  IssueSchema,
  ListIssuesQuery,
  UpdateIssueBody,
} from '../../domain/issues/schemas';
import { createIssue, deleteIssue, updateIssue } from '../../domain/issues/write';
import { ReportHeaders } from '../../http/claim-headers';
import { IssueRefParams } from '../../http/issue-ref';
import { createRouter } from '../../http/router';
import { cursorListEnvelope, errorResponses, itemEnvelope, jsonBody, jsonContent } from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.issues];
/** Errors of routes that read no body. */
const readErrors = [401, 422, 500, 503] as const;
/** Errors of routes that take a JSON body. */
const writeErrors = [400, 401, 413, 415, 422, 500, 503] as const;

const listIssuesRoute = createRoute({
  method: 'get',
  path: '/issues',
  operationId: 'listIssues',
  tags,
  summary: 'List issues',
  description:
    'Filters combine with AND. A filter naming a row that does not exist (or is deleted) matches nothing. ' +
    'Default order: newest first (`-createdAt`), ties broken by id.',
  request: { query: ListIssuesQuery },
  responses: { 200: jsonContent(cursorListEnvelope(IssueSchema), 'A page of issues'), ...errorResponses(...readErrors) },
});

const createIssueRoute = createRoute({
  method: 'post',
  path: '/issues',
  operationId: 'createIssue',
  tags,
  summary: 'Create an issue',
  description:
    'Enforces the hierarchy rule (one level deep: the parent must be a root) and checks that the parent, ' +
    'project and labels exist (422 `invalid_reference` naming the field otherwise).',
  request: { body: jsonBody(CreateIssueBody) },
  responses: { 201: jsonContent(itemEnvelope(IssueSchema), 'The new issue'), ...errorResponses(...writeErrors) },
});

const getIssueRoute = createRoute({
  method: 'get',
  path: '/issues/{idOrNumber}',
  operationId: 'getIssue',
  tags,
  summary: 'Get an issue with its parent, children, project, labels and relations',
  request: { params: IssueRefParams },
  responses: {
    200: jsonContent(itemEnvelope(IssueDetailSchema), 'The issue'),
    ...errorResponses(401, 404, 500, 503),
  },
});

const updateIssueRoute = createRoute({
  method: 'patch',
  path: '/issues/{idOrNumber}',
  operationId: 'updateIssue',
  tags,
  summary: 'Update an issue',
  description:
    'Changes only the fields sent; `null` clears a nullable field; read-only fields are rejected (422). ' +
    'A status change sets `statusChangedAt`; `completedAt` is set on done/canceled and cleared on reopening. ' +
    'An agent reporting on its claim sends `Loop-Dispatch-Id`: if that claim is no longer open the answer is 409 `lease_lost` ' +
    'and nothing changes. `agentSummary`, `agentSessionId`, `commits` and `pullRequests` are also kept on the open claim.',
  request: { params: IssueRefParams, headers: ReportHeaders, body: jsonBody(UpdateIssueBody) },
  responses: {
    200: jsonContent(itemEnvelope(IssueSchema), 'The updated issue'),
    ...errorResponses(...writeErrors, 404, 409),
  },
});

const deleteIssueRoute = createRoute({
  method: 'delete',
  path: '/issues/{idOrNumber}',
  operationId: 'deleteIssue',
  tags,
  summary: 'Delete an issue (soft delete)',
  description:
    'The issue answers 404 from then on and disappears from every list, count and relation; its children become roots. ' +
    'An open claim on it closes as `canceled` (the version metrics count it), in the same statement.',
  request: { params: IssueRefParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404, 500, 503) },
});

export const issuesRoutes = createRouter()
  .openapi(listIssuesRoute, async (c) => {
    const query = c.req.valid('query');
    const { items, total, nextCursor } = await listIssues(c.var.db, query);
    return c.json({ data: items, total, limit: query.limit, offset: query.offset, nextCursor }, 200);
  })
  .openapi(createIssueRoute, async (c) => {
    const issue = await createIssue(c.var.db, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: issue }, 201);
  })
  .openapi(getIssueRoute, async (c) => {
    const issue = await getIssueDetail(c.var.db, c.req.valid('param').idOrNumber);
    return c.json({ data: issue }, 200);
  })
  .openapi(updateIssueRoute, async (c) => {
    const { idOrNumber } = c.req.valid('param');
    const fence = { dispatchId: c.req.valid('header')['loop-dispatch-id'] };
    const issue = await updateIssue(c.var.db, idOrNumber, c.req.valid('json'), c.var.clock.now(), fence);
    return c.json({ data: issue }, 200);
  })
  .openapi(deleteIssueRoute, async (c) => {
    await deleteIssue(c.var.db, c.req.valid('param').idOrNumber, c.var.clock.now());
    return c.body(null, 204);
  });
