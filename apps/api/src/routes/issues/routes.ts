import { createRoute } from '@hono/zod-openapi';
import { ReportHeaders } from '../../http/claim-headers';
import { IssueRefParams } from '../../http/issue-ref';
import { cursorListEnvelope, errorResponses, itemEnvelope, jsonBody, jsonContent } from '../../http/schemas';
import {
  CreateIssueBody,
  IssueDetailSchema,
  IssueSchema,
  ListIssuesQuery,
  UpdateIssueBody,
} from '../../domain/issues/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.issues];
/** Errors of routes that read no body. */
const readErrors = [401, 422, 500, 503] as const;
/** Errors of routes that take a JSON body. */
const writeErrors = [400, 401, 413, 415, 422, 500, 503] as const;

export const listIssuesRoute = createRoute({
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

export const createIssueRoute = createRoute({
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

export const getIssueRoute = createRoute({
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

export const updateIssueRoute = createRoute({
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

export const deleteIssueRoute = createRoute({
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
