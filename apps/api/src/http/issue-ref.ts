import { z } from '@hono/zod-openapi';

/** `/issues/{idOrNumber}…`: the issue's id or its number. */
export const IssueRefParams = z.object({
  idOrNumber: z
    .string()
    .min(1)
    .openapi({ param: { name: 'idOrNumber', in: 'path' }, description: 'Issue id or number', example: '42' }),
});
