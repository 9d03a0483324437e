import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { comments, issues } from '../../db/schema';
import { type CursorInput, cursorTimeSql, decodeCursor, pageRows } from '../cursor';
import { type Fence, requireOpenClaim } from '../dispatch/fence';
import { invalidReference, notFound } from '../errors';
import { type IssueRef, issueRefCondition, requireIssueId } from '../issues/reference';
import { iso } from '../time';
import type { Comment, CommentThread, CreateCommentInput } from './schemas';

type CommentRow = typeof comments.$inferSelect;

const present = (row: CommentRow): Comment => ({
  id: row.id,
  issueId: row.issueId,
  parentId: row.parentId,
  body: row.body,
  authorName: row.authorName,
  authorType: row.authorType,
  createdAt: iso(row.createdAt),
});

const cursorList = 'comments';

/**
 * An issue's comments as threads: a page of top-level comments, oldest first (ties by id, read in
 * `comments_thread_idx` order), each with all its replies. A cursor is the last thread's (created_at, id).
 */
export async function listCommentThreads(db: DB, issueRef: IssueRef, page: CursorInput & { limit: number }) {
  const cursor = decodeCursor(page, cursorList, ['time', 'text']);
  const issueId = await requireIssueId(db, issueRef);
  const topLevel = and(eq(comments.issueId, issueId), isNull(comments.parentId));
  const after =
    cursor === null ? undefined : sql`(${comments.createdAt}, ${comments.id}) > (${cursor[0]}::timestamptz, ${cursor[1]}::text)`;
  const [rows, [totals]] = await Promise.all([
    db.query.comments.findMany({
      where: and(topLevel, after),
      orderBy: [asc(comments.createdAt), asc(comments.id)],
      limit: page.limit + 1,
      offset: page.offset,
      extras: (comment) => ({ cursorAt: cursorTimeSql(sql`${comment.createdAt}`).as('cursor_at') }),
      with: { replies: { orderBy: (reply) => [asc(reply.createdAt), asc(reply.id)] } },
    }),
    db.select({ total: count() }).from(comments).where(topLevel),
  ]);
  const { items: threads, nextCursor } = pageRows(rows, page.limit, (row) => [row.cursorAt, row.id], cursorList);
  const items: CommentThread[] = threads.map(({ replies, ...comment }) => ({
    ...present(comment),
    replies: replies.map(present),
  }));
  return { items, total: totals?.total ?? 0, nextCursor };
}

/**
 * Adds a comment, or a reply when `parentId` names a comment of the same issue. Threads are one level
 * deep: a reply to a reply is attached to that reply's top-level comment, so no answer is lost.
 * With `fence.dispatchId` (an agent's report) the comment is written only while that dispatch is the
 * issue's open claim (`lease_lost` otherwise): the issue row is share-locked first, which a claim's
 * `FOR UPDATE` cannot pass, so the claim cannot change between the check and the insert.
 */
export async function createComment(db: DB, issueRef: IssueRef, input: CreateCommentInput, now: Date, fence: Fence = {}): Promise<Comment> {
  const { dispatchId } = fence;
  if (dispatchId === undefined) return insertComment(db, await requireIssueId(db, issueRef), input, now);
  return db.transaction(async (tx) => {
    const [issue] = await tx.select({ id: issues.id }).from(issues).where(issueRefCondition(issueRef)).for('share');
    if (!issue) throw notFound('Issue', issueRef);
    await requireOpenClaim(tx, { dispatchId, issueId: issue.id, now });
    return insertComment(tx, issue.id, input, now);
  });
}

async function insertComment(db: DB, issueId: string, input: CreateCommentInput, now: Date): Promise<Comment> {
  let parentId: string | null = null;
  if (input.parentId) {
    const [parent] = await db
      .select({ id: comments.id, parentId: comments.parentId })
      .from(comments)
      .where(and(eq(comments.id, input.parentId), eq(comments.issueId, issueId)))
      .limit(1);
    if (!parent) throw invalidReference('parentId', 'comment on this issue', input.parentId);
    parentId = parent.parentId ?? parent.id;
  }
  const [row] = await db
    .insert(comments)
    .values({
      issueId,
      parentId,
      body: input.body,
      authorName: input.authorName,
      authorType: input.authorType,
      createdAt: now,
    })
    .returning();
  return present(row!);
}
