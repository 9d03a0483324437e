import { z } from '@hono/zod-openapi';
import { authorTypes } from '../../db/schema';
import { isoTimestamp } from '../common-schemas';

export const CommentSchema = z
  .object({
    id: z.string(),
    issueId: z.string(),
    parentId: z.string().nullable().openapi({ description: 'The top-level comment this one replies to, or null' }),
    body: z.string(),
    authorName: z.string(),
    authorType: z.enum(authorTypes),
    createdAt: isoTimestamp,
  })
  .openapi('Comment');

/** A top-level comment with its replies, oldest first. */
export const CommentThreadSchema = CommentSchema.extend({ replies: z.array(CommentSchema) }).openapi('CommentThread');

export const CreateCommentBody = z
  .strictObject({
    body: z.string().trim().min(1).max(100_000).openapi({ description: 'Markdown' }),
    authorName: z.string().trim().min(1).max(200),
    authorType: z.enum(authorTypes),
    parentId: z
      .string()
      .min(1)
      .nullable()
      .optional()
      .openapi({ description: 'Reply to this comment of the same issue. A reply to a reply joins the same thread.' }),
  })
  .openapi('CreateComment', {
    example: { body: 'Reproduced on staging; the null check is missing.', authorName: 'claude', authorType: 'agent' },
  });

export type Comment = z.infer<typeof CommentSchema>;
export type CommentThread = z.infer<typeof CommentThreadSchema>;
export type CreateCommentInput = z.infer<typeof CreateCommentBody>;
