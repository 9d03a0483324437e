import { z } from '@hono/zod-openapi';
import { CreateCommentBody } from '../../../domain/comments/schemas';
import { createComment, listCommentThreads } from '../../../domain/comments/service';
import { getIssueDetail } from '../../../domain/issues/detail';
import { listIssues } from '../../../domain/issues/list';
import { CreateIssueBody, IssueRefSchema, ListIssuesQuery, UpdateIssueBody } from '../../../domain/issues/schemas';
import { createIssue, updateIssue } from '../../../domain/issues/write';
import { CreateRelationBody } from '../../../domain/relations/schemas';
import { createRelation } from '../../../domain/relations/service';
import { ReportHeaders } from '../../../http/claim-headers';
import { additive, defineTool, overwriting, readOnly } from '../tool';

const issue = IssueRefSchema.openapi({ description: 'The issue: its id, or its number (42)', example: 42 });
/** The claim a write belongs to, as the REST routes take it in `Loop-Dispatch-Id`. */
const dispatchId = ReportHeaders.shape['loop-dispatch-id'];

/** Comments shown with an issue: the first page of threads at the REST maximum. */
const commentPage = { limit: 200, offset: 0 };

const getIssue = defineTool({
  name: 'get_issue',
  title: 'Read an issue',
  description:
    'One issue by id or number, with its parent, children, project, labels, relations (blocks / blocked_by / ' +
    'related / duplicate) and comment threads (oldest first).',
  input: z.strictObject({ issue }),
  annotations: readOnly,
  async run(ctx, input) {
    const detail = await getIssueDetail(ctx.db, input.issue);
    const comments = await listCommentThreads(ctx.db, detail.id, commentPage);
    return { data: { ...detail, comments: comments.items, commentsTotal: comments.total } };
  },
});

const listIssuesTool = defineTool({
  name: 'list_issues',
  title: 'List and search issues',
  description:
    'Issues matching every filter given (status, type, priority as comma-separated lists; projectId, labelId, ' +
    'parentId; q for a prefix search of title and description; created before/after), newest first by default. ' +
    'Answers {data, total, limit, offset, nextCursor}; page with limit (1–200) and cursor (the nextCursor of the page before).',
  input: z.strictObject({ ...ListIssuesQuery.shape }),
  queryInput: true,
  annotations: readOnly,
  async run(ctx, filters) {
    const { items, total, nextCursor } = await listIssues(ctx.db, filters);
    return { data: items, total, limit: filters.limit, offset: filters.offset, nextCursor };
  },
});

const createIssueTool = defineTool({
  name: 'create_issue',
  title: 'Create an issue',
  description:
    'Files a new issue (a signal, hypothesis, plan, task or monitor). Status defaults to triage; set todo to make it ' +
    'ready for an agent. A parent must be a root issue (one level of nesting).',
  input: z.strictObject({ ...CreateIssueBody.shape }),
  annotations: additive(false),
  async run(ctx, input) {
    return { data: await createIssue(ctx.db, input, ctx.clock.now()) };
  },
});

const updateIssueTool = defineTool({
  name: 'update_issue',
  title: 'Update an issue',
  description:
    'Changes only the fields given; null clears a nullable field; labelIds replaces the whole set. On the issue you ' +
    'claimed, send your dispatchId: once your claim is gone the change is refused (lease_lost). To finish a claim ' +
    'use report_outcome.',
  input: z.strictObject({ issue, dispatchId, ...UpdateIssueBody.shape }),
  annotations: overwriting,
  async run(ctx, { issue: ref, dispatchId: claim, ...patch }) {
    return { data: await updateIssue(ctx.db, ref, patch, ctx.clock.now(), { dispatchId: claim }) };
  },
});

const addComment = defineTool({
  name: 'add_comment',
  title: 'Comment on an issue',
  description:
    'Adds a markdown comment to an issue, or a reply when parentId names one of its comments. Use it to leave ' +
    'progress notes and findings on the issue you are working on (authorType agent), with your dispatchId: once ' +
    'your claim is gone the comment is refused (lease_lost).',
  input: z.strictObject({ issue, dispatchId, ...CreateCommentBody.shape }),
  annotations: additive(false),
  async run(ctx, { issue: ref, dispatchId: claim, ...input }) {
    return { data: await createComment(ctx.db, ref, input, ctx.clock.now(), { dispatchId: claim }) };
  },
});

const relateIssues = defineTool({
  name: 'relate_issues',
  title: 'Relate two issues',
  description:
    'Records a relation seen from `issue`: {type: "blocked_by", relatedIssueId: 7} reads "issue is blocked by #7". ' +
    'A blocked issue is not handed out until its blockers are done. A relation that already exists is a conflict.',
  input: z.strictObject({ issue, ...CreateRelationBody.shape }),
  annotations: additive(true),
  async run(ctx, { issue: ref, ...input }) {
    return { data: await createRelation(ctx.db, ref, input, ctx.clock.now()) };
  },
});

export const issueTools = [getIssue, listIssuesTool, createIssueTool, updateIssueTool, addComment, relateIssues];
