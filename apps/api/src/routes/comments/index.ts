import { createRoute, z } from '@hono/zod-openapi';
import { CommentSchema, CommentThreadSchema, CreateCommentBody } from '../../domain/comments/schemas';
import { createComment, listCommentThreads } from '../../domain/comments/service';
import { ReportHeaders } from '../../http/claim-headers';
import { IssueRefParams } from '../../http/issue-ref';
import { createRouter } from '../../http/router';
import { cursorListEnvelope, errorResponses, itemEnvelope, jsonBody, jsonContent } from '../../http/schemas';
import { cursorPaginationQuery } from '../../domain/common-schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.comments];

const list = createRoute({
  method: 'get',
  path: '/issues/{idOrNumber}/comments',
  operationId: 'listComments',
  tags,
  summary: "An issue's comments, threaded",
  description:
    'Top-level comments oldest first, each with its `replies` (oldest first). Pagination and `total` count top-level comments.',
  request: { params: IssueRefParams, query: z.object(cursorPaginationQuery) },
  responses: {
    200: jsonContent(cursorListEnvelope(CommentThreadSchema), 'A page of threads'),
    ...errorResponses(401, 404, 422, 500, 503),
  },
});

const create = createRoute({
  method: 'post',
  path: '/issues/{idOrNumber}/comments',
  operationId: 'createComment',
  tags,
  summary: 'Comment on an issue, or reply to a comment',
  description:
    '`parentId` must name a comment of the same issue (422 otherwise). Threads are one level deep: a reply to a reply ' +
    'is attached to the same top-level comment. An agent commenting on its claim sends `Loop-Dispatch-Id` ' +
    '(409 `lease_lost`, nothing written, once that claim is no longer open).',
  request: { params: IssueRefParams, headers: ReportHeaders, body: jsonBody(CreateCommentBody) },
  responses: {
    201: jsonContent(itemEnvelope(CommentSchema), 'The new comment'),
    ...errorResponses(400, 401, 404, 409, 413, 415, 422, 500, 503),
  },
});

export const commentsRoutes = createRouter()
  .openapi(list, async (c) => {
    const { cursor, ...page } = c.req.valid('query');
    const { items, total, nextCursor } = await listCommentThreads(c.var.db, c.req.valid('param').idOrNumber, { ...page, cursor });
    return c.json({ data: items, total, ...page, nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const fence = { dispatchId: c.req.valid('header')['loop-dispatch-id'] };
    const comment = await createComment(c.var.db, c.req.valid('param').idOrNumber, c.req.valid('json'), c.var.clock.now(), fence);
    return c.json({ data: comment }, 201);
  });
