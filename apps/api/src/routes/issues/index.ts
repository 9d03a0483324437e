import { getIssueDetail } from '../../domain/issues/detail';
import { listIssues } from '../../domain/issues/list';
import { createIssue, deleteIssue, updateIssue } from '../../domain/issues/write';
import { createRouter } from '../../http/router';
import { createIssueRoute, deleteIssueRoute, getIssueRoute, listIssuesRoute, updateIssueRoute } from './routes';

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
