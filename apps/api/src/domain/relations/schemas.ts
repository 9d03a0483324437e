import { z } from '@hono/zod-openapi';
import { IssueRefSchema } from '../common-schemas';
import { IssueRelationSchema, RelationTypeSchema } from '../issues/schemas';

/** A relation is read as `{id, type, issue}` from one issue's side; the shape lives with the issue schemas. */
export { IssueRelationSchema, RelationTypeSchema };

export const CreateRelationBody = z
  .strictObject({
    type: RelationTypeSchema,
    relatedIssueId: IssueRefSchema,
  })
  .openapi('CreateRelation', {
    description: 'Relates the issue in the path to another: `{type: "blocked_by", relatedIssueId: 7}` reads "this issue is blocked by #7"',
    example: { type: 'blocks', relatedIssueId: 43 },
  });

export type CreateRelationInput = z.infer<typeof CreateRelationBody>;
