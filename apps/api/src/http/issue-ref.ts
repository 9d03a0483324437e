import { z } from '@hono/zod-openapi';

/** An issue reference in a body: its id, its number, or its number as a numeric string. */
export const IssueRefSchema = z
  .union([z.string().min(1), z.number().int().positive()])
  .openapi({ description: 'An issue id, or its number', example: 42 });

/** `/issues/{idOrNumber}…`: the issue's id or its number. */
export const IssueRefParams = z.object({
  idOrNumber: z
    .string()
    .min(1)
    .openapi({ param: { name: 'idOrNumber', in: 'path' }, description: 'Issue id or number', example: '42' }),
});
