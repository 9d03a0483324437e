import { z } from '@hono/zod-openapi';
import { Tag } from '../../openapi/tag-names';

export const tags = [Tag.templates];

export const templateParams = z.object({
  idOrSlug: z
    .string()
    .min(1)
    .openapi({ param: { name: 'idOrSlug', in: 'path' }, description: 'Template id or slug', example: 'task-execute' }),
});

export const versionParams = templateParams.extend({
  versionId: z.string().min(1).openapi({ param: { name: 'versionId', in: 'path' }, example: 'k3v9q2w8x7c6b5n4m3l2j1h0' }),
});
